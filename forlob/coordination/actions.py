# SPDX-License-Identifier: AGPL-3.0-or-later
"""Every write of coordinated action plans and case managers. Each checks the actor's role at the
course's unit, validates, writes in one transaction with history, and is logged."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from forlob.audit.log import log_access
from forlob.audit.models import Use
from forlob.common.errors import not_in_future, refuse, require_choice, require_version
from forlob.coordination.models import (
    ActionPlan,
    ActionStatus,
    CaseManager,
    PartyKind,
    PlanAction,
    PlanParty,
    PlanReview,
)
from forlob.family import actions as family_actions
from forlob.family.models import ConsentKind
from forlob.organisations.access import ACTION_PLAN, Actor, require_staff
from forlob.treatment.models import Course


def _logged(actor: Actor, course: Course, via: str) -> None:
    log_access(actor, Use.CHANGE, citizen_id=course.citizen_id, unit_id=course.unit_id, via=via)


def _required_text(field: str, value: str, message: str) -> str:
    if not value.strip():
        raise refuse(field, message, "required")
    return value.strip()


def _locked(plan: ActionPlan, actor: Actor) -> ActionPlan:
    """The plan as it is now, locked for the change, after the permission check."""
    actor.require(plan.unit_id, ACTION_PLAN)
    return ActionPlan.objects.select_for_update().select_related("course").get(pk=plan.pk)


def _open(plan: ActionPlan) -> None:
    if not plan.is_open:
        raise refuse(None, _("The action plan is closed."), "closed")


def _check_review(field: str, next_review_on: date | None, after: date) -> None:
    if next_review_on is not None and next_review_on <= after:
        raise refuse(field, _("The next review must be after %(day)s.") % {"day": f"{after:%d.%m.%Y}"}, "too_early")


@dataclass
class PlanData:
    citizen_goals: str
    agreed_on: date | None
    coordinator_name: str
    next_review_on: date | None = None
    coordinator_party_id: int | None = None  # None: the treatment unit coordinates


def _check_plan(course: Course, data: PlanData) -> date:
    """The agreed date, once the plan's data has passed its checks."""
    data.citizen_goals = _required_text(
        "citizen_goals", data.citizen_goals, _("Write the citizen's own goals, in the citizen's words.")
    )
    data.coordinator_name = _required_text("coordinator_name", data.coordinator_name, _("Enter the coordinator."))
    if data.agreed_on is None:
        raise refuse("agreed_on", _("Enter the date the plan was agreed."), "required")
    not_in_future("agreed_on", data.agreed_on)
    if data.agreed_on < course.started_on:
        raise refuse("agreed_on", _("The plan cannot be agreed before the course started."), "before_start")
    _check_review("next_review_on", data.next_review_on, data.agreed_on)
    return data.agreed_on


@transaction.atomic
def create_plan(actor: Actor, course: Course, data: PlanData) -> ActionPlan:
    """Agree a plan on an open course; the treatment unit coordinates until a party is chosen."""
    actor.require(course.unit_id, ACTION_PLAN)
    course = Course.objects.select_for_update().get(pk=course.pk)
    if not course.is_open:
        raise refuse(None, _("The course has ended."), "course_ended")
    if course.action_plans.filter(closed_on__isnull=True).exists():
        raise refuse(None, _("The course already has an open action plan."), "plan_exists")
    data.coordinator_party_id = None
    agreed_on = _check_plan(course, data)
    plan = ActionPlan.objects.create(
        course=course,
        citizen_id=course.citizen_id,
        unit_id=course.unit_id,
        citizen_goals=data.citizen_goals,
        agreed_on=agreed_on,
        coordinator_name=data.coordinator_name,
        next_review_on=data.next_review_on,
        created_by=actor.user,
    )
    _logged(actor, course, "create_action_plan")
    return plan


@transaction.atomic
def change_plan(actor: Actor, plan: ActionPlan, data: PlanData, expected_version: int | None = None) -> ActionPlan:
    """Change the goals, the coordinator (one of the plan's parties, or the unit), the agreed date
    or the next review."""
    plan = _locked(plan, actor)
    require_version(plan.version, expected_version, plan)
    _open(plan)
    _check_plan(plan.course, data)
    if data.coordinator_party_id is not None and not plan.parties.filter(pk=data.coordinator_party_id).exists():
        raise refuse("coordinator_party", _("Choose one of the plan's parties."), "not_a_party")
    if plan.actions.filter(due_on__lt=data.agreed_on).exists():
        raise refuse("agreed_on", _("An agreed action is due before this date."), "actions_before")
    if plan.reviews.filter(held_on__lt=data.agreed_on).exists():
        raise refuse("agreed_on", _("A review was held before this date."), "reviews_before")
    for name in ("citizen_goals", "agreed_on", "coordinator_name", "next_review_on", "coordinator_party_id"):
        setattr(plan, name, getattr(data, name))
    plan.version += 1
    plan.save()
    _logged(actor, plan.course, "change_action_plan")
    return plan


@dataclass
class PartyData:
    kind: str
    name: str
    contact: str = ""


@transaction.atomic
def add_party(actor: Actor, plan: ActionPlan, data: PartyData) -> PlanParty:
    plan = _locked(plan, actor)
    _open(plan)
    require_choice("kind", data.kind, PartyKind)
    name = _required_text("name", data.name, _("Enter the name of the party."))
    party = PlanParty.objects.create(plan=plan, kind=data.kind, name=name, contact=data.contact.strip())
    _logged(actor, plan.course, "add_plan_party")
    return party


@transaction.atomic
def record_party_consent(actor: Actor, party: PlanParty, given_on: date | None) -> PlanParty:
    """The citizen's consent to share the plan with the party: recorded as the citizen's consent
    (family's PLAN_PARTY, withdrawn on the citizen page like any other) and linked to the party."""
    plan = _locked(party.plan, actor)
    party = PlanParty.objects.select_for_update(of=("self",)).select_related("consent").get(pk=party.pk, plan=plan)
    if party.consent is not None and party.consent.withdrawn_on is None:
        raise refuse("given_on", _("The party already has the citizen's consent."), "consent_exists")
    consent = family_actions.give_consent(
        actor, plan.citizen, family_actions.ConsentData(kind=ConsentKind.PLAN_PARTY, given_on=given_on)
    )
    party.consent = consent
    party.save()
    _logged(actor, plan.course, "plan_party_consent")
    return party


@dataclass
class ActionData:
    what: str
    owner_name: str
    due_on: date | None
    owner_party_id: int | None = None  # None: the treatment unit


@transaction.atomic
def add_action(actor: Actor, plan: ActionPlan, data: ActionData) -> PlanAction:
    plan = _locked(plan, actor)
    _open(plan)
    what = _required_text("what", data.what, _("Describe the action."))
    owner_name = _required_text("owner_name", data.owner_name, _("Enter who is responsible."))
    if data.owner_party_id is not None and not plan.parties.filter(pk=data.owner_party_id).exists():
        raise refuse("owner_party", _("Choose one of the plan's parties."), "not_a_party")
    if data.due_on is None:
        raise refuse("due_on", _("Enter the date the action is due."), "required")
    if data.due_on < plan.agreed_on:
        raise refuse("due_on", _("The action cannot be due before the plan was agreed."), "before_agreed")
    action = PlanAction.objects.create(
        plan=plan, what=what, owner_party_id=data.owner_party_id, owner_name=owner_name, due_on=data.due_on
    )
    _logged(actor, plan.course, "add_plan_action")
    return action


@transaction.atomic
def set_action_status(actor: Actor, action: PlanAction, status: str, expected_version: int | None = None) -> PlanAction:
    """Mark an agreed action done or cancelled (or open again)."""
    plan = _locked(action.plan, actor)
    _open(plan)
    action = PlanAction.objects.select_for_update().get(pk=action.pk, plan=plan)
    require_version(action.version, expected_version, action)
    require_choice("status", status, ActionStatus)
    action.status = status
    action.version += 1
    action.save()
    _logged(actor, plan.course, "plan_action_status")
    return action


@transaction.atomic
def hold_review(
    actor: Actor,
    plan: ActionPlan,
    held_on: date | None,
    next_review_on: date | None,
    note: str = "",
    expected_version: int | None = None,
) -> PlanReview:
    """The review due on the plan's next review date was held; the next one is set (or none)."""
    plan = _locked(plan, actor)
    require_version(plan.version, expected_version, plan)
    _open(plan)
    if plan.next_review_on is None:
        raise refuse(None, _("No review is due on the plan: set the next review first."), "no_review_due")
    if held_on is None:
        raise refuse("held_on", _("Enter the date the review was held."), "required")
    not_in_future("held_on", held_on)
    if held_on < plan.agreed_on:
        raise refuse("held_on", _("The review cannot be before the plan was agreed."), "before_agreed")
    _check_review("next_review_on", next_review_on, held_on)
    review = PlanReview.objects.create(
        plan=plan, due_on=plan.next_review_on, held_on=held_on, note=note.strip(), held_by=actor.user
    )
    plan.next_review_on = next_review_on
    plan.version += 1
    plan.save()
    _logged(actor, plan.course, "hold_plan_review")
    return review


@transaction.atomic
def close_plan(
    actor: Actor, plan: ActionPlan, closed_on: date | None, note: str = "", expected_version: int | None = None
) -> ActionPlan:
    plan = _locked(plan, actor)
    require_version(plan.version, expected_version, plan)
    _open(plan)
    if closed_on is None:
        raise refuse("closed_on", _("Enter the date the plan was closed."), "required")
    not_in_future("closed_on", closed_on)
    if closed_on < plan.agreed_on:
        raise refuse("closed_on", _("The plan cannot be closed before it was agreed."), "before_agreed")
    plan.closed_on, plan.close_note, plan.next_review_on = closed_on, note.strip(), None
    plan.version += 1
    plan.save()
    _logged(actor, plan.course, "close_action_plan")
    return plan


@dataclass
class CaseManagerData:
    from_on: date | None
    staff: User | None = None
    external_name: str = ""
    party_kind: str = ""
    to_on: date | None = None


@transaction.atomic
def add_case_manager(actor: Actor, course: Course, data: CaseManagerData) -> CaseManager:
    """The course's case manager from a date: a staff member of the unit, or a named person at a
    party. The case manager before (without an end) ends the day before."""
    actor.require(course.unit_id, ACTION_PLAN)
    course = Course.objects.select_for_update().select_related("unit").get(pk=course.pk)
    if data.staff is not None:
        if data.external_name.strip():
            raise refuse("external_name", _("Choose a staff member or enter a name, not both."), "both")
        require_staff(course.unit, [data.staff], "staff")
        data.external_name, data.party_kind = "", ""
    else:
        data.external_name = _required_text(
            "external_name", data.external_name, _("Choose a staff member or enter the name of the case manager.")
        )
        if not data.party_kind:
            raise refuse("party_kind", _("Choose the party the case manager works at."), "required")
        require_choice("party_kind", data.party_kind, PartyKind)
    if data.from_on is None:
        raise refuse("from_on", _("Enter the date the case manager starts."), "required")
    if data.from_on < course.started_on:
        raise refuse("from_on", _("The case manager cannot start before the course."), "before_start")
    if data.to_on is not None and data.to_on < data.from_on:
        raise refuse("to_on", _("The end cannot be before the start."), "before_start")
    current = course.case_managers.select_for_update().filter(to_on__isnull=True).first()
    if current is not None:
        if data.from_on <= current.from_on:
            raise refuse("from_on", _("The new case manager must start after the current one started."), "overlap")
        current.to_on = data.from_on - timedelta(days=1)
        current.version += 1
        current.save()
    manager = CaseManager.objects.create(
        course=course,
        staff=data.staff,
        external_name=data.external_name,
        party_kind=data.party_kind,
        from_on=data.from_on,
        to_on=data.to_on,
        recorded_by=actor.user,
    )
    _logged(actor, course, "add_case_manager")
    return manager


@transaction.atomic
def end_case_manager(
    actor: Actor, manager: CaseManager, to_on: date | None, expected_version: int | None = None
) -> CaseManager:
    actor.require(manager.course.unit_id, ACTION_PLAN)
    manager = CaseManager.objects.select_for_update().select_related("course").get(pk=manager.pk)
    require_version(manager.version, expected_version, manager)
    if to_on is None:
        raise refuse("to_on", _("Enter the last day."), "required")
    if to_on < manager.from_on:
        raise refuse("to_on", _("The end cannot be before the start."), "before_start")
    manager.to_on = to_on
    manager.version += 1
    manager.save()
    _logged(actor, manager.course, "end_case_manager")
    return manager
