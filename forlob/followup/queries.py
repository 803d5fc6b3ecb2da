# SPDX-License-Identifier: AGPL-3.0-or-later
"""Reads of follow-ups: the worklists (scoped to the actor's units, logged). The reach rate, a
statistic, is in ``forlob.stats.reports.follow_up``."""

from collections.abc import Sequence
from datetime import date, timedelta

from django.db.models import CharField, Count, F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, NullIf
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from forlob.audit.log import log_access, log_many
from forlob.audit.models import Use
from forlob.audit.refusals import NotVisible
from forlob.common.paging import Rows, Window
from forlob.family.models import Consent, ConsentKind
from forlob.followup.models import Attempt, FollowUp, Status
from forlob.organisations.access import Actor
from forlob.treatment.journal import Described, Scope, Source, journal_rows


class Section:
    """The tabs of a worklist."""

    CURRENT = "aktuelle"  # overdue and due this week
    LATER = "senere"
    DONE = "afsluttede"
    ALL = (CURRENT, LATER, DONE)


def _visible_follow_ups(actor: Actor) -> QuerySet[FollowUp]:
    return FollowUp.objects.filter(unit_id__in=actor.case_unit_ids)


def week_end(day: date) -> date:
    """The Sunday of ``day``'s week."""
    return day + timedelta(days=6 - day.weekday())


def _contact(qs: QuerySet[FollowUp]) -> QuerySet[FollowUp]:
    """Annotate the phone and preferred time from the consent in force (else the citizen's phone)
    and the number of attempts, without a query per row."""
    consent = Consent.objects.filter(
        citizen=OuterRef("citizen_id"), kind=ConsentKind.FOLLOW_UP, withdrawn_on__isnull=True
    ).order_by("-given_on", "-pk")
    attempts = Attempt.objects.filter(follow_up=OuterRef("pk")).values("follow_up").annotate(n=Count("pk")).values("n")
    return qs.annotate(
        phone=Coalesce(
            NullIf(Subquery(consent.values("phone")[:1]), Value("")),
            NullIf(F("citizen__phone"), Value("")),
            output_field=CharField(),
        ),
        preferred_time=Subquery(consent.values("preferred_time")[:1]),
        attempts_made=Coalesce(Subquery(attempts), 0),
    )


def _mine_or_units(actor: Actor, unit_id: int | None) -> QuerySet[FollowUp]:
    """The actor's own follow-ups, or (``unit_id``) all of one of their units'."""
    qs = _visible_follow_ups(actor)
    return qs.filter(unit_id=unit_id) if unit_id is not None else qs.filter(assigned_to=actor.user)


def worklist(
    actor: Actor, day: date, section: str, window: Window, *, via: str, unit_id: int | None = None
) -> Rows[FollowUp]:
    """One tab of the actor's worklist, or (``unit_id``) of one of their units': the rows of
    ``window``, each citizen logged as listed under the unit that holds the follow-up."""
    shown = window.read(_section(_mine_or_units(actor, unit_id), day, section))
    for shown_unit_id in {row.unit_id for row in shown.rows}:
        citizens = sorted({row.citizen_id for row in shown.rows if row.unit_id == shown_unit_id})
        log_many(actor, Use.LIST, citizens, unit_id=shown_unit_id, via=via)
    return shown


def _section(qs: QuerySet[FollowUp], day: date, section: str) -> QuerySet[FollowUp]:
    qs = _contact(qs.select_related("citizen", "course", "assigned_to", "unit"))
    if section == Section.DONE:
        return qs.exclude(status=Status.OPEN).order_by("-closed_on", "-pk")
    qs = qs.filter(status=Status.OPEN)
    if section == Section.LATER:
        return qs.filter(due_on__gt=week_end(day)).order_by("due_on", "pk")
    return qs.filter(due_on__lte=week_end(day)).order_by("due_on", "pk")


def section_counts(actor: Actor, day: date, *, unit_id: int | None = None) -> dict[str, int]:
    """How many follow-ups each tab holds, and how many are overdue, in one query."""
    is_open = Q(status=Status.OPEN)
    return _mine_or_units(actor, unit_id).aggregate(
        **{
            Section.CURRENT: Count("pk", filter=is_open & Q(due_on__lte=week_end(day))),
            Section.LATER: Count("pk", filter=is_open & Q(due_on__gt=week_end(day))),
            Section.DONE: Count("pk", filter=~is_open),
            "overdue": Count("pk", filter=is_open & Q(due_on__lt=day)),
        }
    )


def get_follow_up(actor: Actor, pk: int, *, via: str) -> FollowUp:
    task = (
        _contact(_visible_follow_ups(actor))
        .select_related("citizen", "course", "course__closed_by", "assigned_to", "unit")
        .filter(pk=pk)
        .first()
    )
    if task is None:
        raise NotVisible(FollowUp, pk, _("The follow-up is not found in your units."))
    log_access(actor, Use.VIEW, citizen_id=task.citizen_id, unit_id=task.unit_id, via=via)
    return task


# The course journal's follow-up attempts; read only through treatment's logged journal queries.


def _journal_rows(scope: Scope) -> QuerySet:
    return journal_rows(
        Attempt.objects.filter(follow_up__course_id__in=scope.course_ids),
        scope,
        kind="follow_up_attempt",
        day=F("attempted_on"),
        at=F("created_at"),
        author=F("made_by_id"),
        course=F("follow_up__course_id"),
        ref=F("pk"),
    )


def _describe(ids: Sequence[int], actor: Actor) -> dict[int, Described]:
    described = {}
    for a in Attempt.objects.filter(pk__in=ids).select_related("follow_up"):
        months = a.follow_up.months
        title = ngettext(
            "Follow-up %(n)s month after discharge: attempt", "Follow-up %(n)s months after discharge: attempt", months
        ) % {"n": months}
        reached = _("Contact made.") if a.reached else _("No contact.")
        url = reverse("follow_up_detail", args=[a.follow_up_id])
        described[a.pk] = Described(title, f"{reached} {a.note}".strip(), url, _("See the follow-up"))
    return described


JOURNAL_ATTEMPTS = Source("follow_up_attempt", _journal_rows, _describe)
