# SPDX-License-Identifier: AGPL-3.0-or-later
"""Reads of action plans and case managers, scoped to the actor's units and logged; the reviews
due on "Mit overblik"; the copy of the plan for a party (only with the citizen's consent); and the
plans' entries in the course journal."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from forlob.audit.log import log_access, log_many
from forlob.audit.models import Use
from forlob.audit.refusals import NotVisible
from forlob.common.errors import refuse
from forlob.coordination.models import ActionPlan, CaseManager, PlanAction, PlanParty, PlanReview
from forlob.organisations.access import ACTION_PLAN, Actor
from forlob.treatment.journal import Described, Scope, Source, journal_rows

# A review shows on "Mit overblik" from this many days before it is due (and while overdue).
REVIEW_NOTICE_DAYS = 14


def _plans(actor: Actor) -> QuerySet[ActionPlan]:
    return ActionPlan.objects.filter(unit_id__in=actor.unit_ids(ACTION_PLAN))


def get_plan(actor: Actor, pk: int, *, via: str) -> ActionPlan:
    """One plan with its course, parties, actions and reviews; 404 outside the actor's units."""
    plan = (
        _plans(actor)
        .select_related("course", "citizen", "unit", "coordinator_party", "course__responsible")
        .prefetch_related("parties__consent", "actions__owner_party", "reviews__held_by")
        .filter(pk=pk)
        .first()
    )
    if plan is None:
        raise NotVisible(ActionPlan, pk, _("The action plan is not found in your units."))
    log_access(actor, Use.VIEW, citizen_id=plan.citizen_id, unit_id=plan.unit_id, via=via)
    return plan


def get_party(actor: Actor, pk: int, *, via: str) -> PlanParty:
    party = PlanParty.objects.filter(plan__in=_plans(actor), pk=pk).select_related("plan", "consent").first()
    if party is None:
        raise NotVisible(PlanParty, pk, _("The party is not found in your units."), citizen_field="plan__citizen_id")
    log_access(actor, Use.VIEW, citizen_id=party.plan.citizen_id, unit_id=party.plan.unit_id, via=via)
    return party


def get_action(actor: Actor, pk: int, *, via: str) -> PlanAction:
    action = PlanAction.objects.filter(plan__in=_plans(actor), pk=pk).select_related("plan").first()
    if action is None:
        raise NotVisible(PlanAction, pk, _("The action is not found in your units."), citizen_field="plan__citizen_id")
    log_access(actor, Use.VIEW, citizen_id=action.plan.citizen_id, unit_id=action.plan.unit_id, via=via)
    return action


def get_case_manager(actor: Actor, pk: int, *, via: str) -> CaseManager:
    manager = (
        CaseManager.objects.filter(course__unit_id__in=actor.unit_ids(ACTION_PLAN), pk=pk)
        .select_related("course")
        .first()
    )
    if manager is None:
        raise NotVisible(
            CaseManager, pk, _("The case manager is not found in your units."), citizen_field="course__citizen_id"
        )
    log_access(actor, Use.VIEW, citizen_id=manager.course.citizen_id, unit_id=manager.course.unit_id, via=via)
    return manager


def reviews_due(actor: Actor, day: date, limit: int = 50) -> list[ActionPlan]:
    """The open plans whose next review is due within ``REVIEW_NOTICE_DAYS`` of ``day`` or overdue,
    on the courses the actor is responsible for or is the case manager of on ``day``: the
    reminders on "Mit overblik", soonest first, each citizen logged as listed."""
    managing = CaseManager.objects.filter(course=OuterRef("course"), staff=actor.user, from_on__lte=day).filter(
        Q(to_on__isnull=True) | Q(to_on__gte=day)
    )
    plans = list(
        _plans(actor)
        .filter(closed_on__isnull=True, next_review_on__lte=day + timedelta(days=REVIEW_NOTICE_DAYS))
        .filter(Q(course__responsible=actor.user) | Q(Exists(managing)))
        .select_related("citizen", "course")
        .order_by("next_review_on", "pk")[:limit]
    )
    for unit_id in {plan.unit_id for plan in plans}:
        log_many(
            actor,
            Use.LIST,
            sorted({p.citizen_id for p in plans if p.unit_id == unit_id}),
            unit_id=unit_id,
            via="overview_plan_reviews",
        )
    return plans


@dataclass(frozen=True)
class PartyCopy:
    """What the copy for one party holds: the plan, the party it is for, and the day it was made."""

    plan: ActionPlan
    party: PlanParty
    day: date


def party_copy(actor: Actor, party: PlanParty, purpose: str, day: date, *, via: str) -> PartyCopy:
    """The plan as the party is given it: refused unless the citizen's consent to share the plan
    with the party is in force on ``day``; logged as an export with its purpose."""
    if not purpose.strip():
        raise refuse("purpose", _("State the purpose of the print."), "required")
    plan = get_plan(actor, party.plan_id, via=via)
    consent = party.consent
    if consent is None or not consent.in_force_on(day):
        raise refuse(
            "party",
            _("%(party)s may not receive the plan: the citizen's consent to share it with them is not in force.")
            % {"party": party.name},
            "no_consent",
        )
    log_access(actor, Use.EXPORT, citizen_id=plan.citizen_id, unit_id=plan.unit_id, purpose=purpose.strip(), via=via)
    return PartyCopy(plan=plan, party=party, day=day)


# The plans in the course journal; read only through treatment's logged journal queries.


def _agreed_rows(scope: Scope) -> QuerySet:
    return journal_rows(
        ActionPlan.objects.filter(course_id__in=scope.course_ids),
        scope,
        kind="action_plan_agreed",
        day=F("agreed_on"),
        at=F("created_at"),
        author=F("created_by_id"),
        course=F("course_id"),
        ref=F("pk"),
    )


def _review_rows(scope: Scope) -> QuerySet:
    return journal_rows(
        PlanReview.objects.filter(plan__course_id__in=scope.course_ids),
        scope,
        kind="action_plan_review",
        day=F("held_on"),
        at=F("created_at"),
        author=F("held_by_id"),
        course=F("plan__course_id"),
        ref=F("pk"),
    )


def _describe_plans(ids: Sequence[int], actor: Actor) -> dict[int, Described]:
    return {
        plan.pk: Described(
            _("Coordinated action plan agreed"),
            plan.citizen_goals,
            reverse("action_plan_detail", args=[plan.pk]),
            _("See the action plan"),
        )
        for plan in ActionPlan.objects.filter(pk__in=ids)
    }


def _describe_reviews(ids: Sequence[int], actor: Actor) -> dict[int, Described]:
    described = {}
    for review in PlanReview.objects.filter(pk__in=ids):
        late = "" if review.on_time else " " + _("(due %(day)s)") % {"day": f"{review.due_on:%d.%m.%Y}"}
        described[review.pk] = Described(
            _("Coordinated action plan reviewed") + late,
            review.note,
            reverse("action_plan_detail", args=[review.plan_id]),
            _("See the action plan"),
        )
    return described


JOURNAL_PLANS = (
    Source("action_plan_agreed", _agreed_rows, _describe_plans),
    Source("action_plan_review", _review_rows, _describe_reviews),
)
