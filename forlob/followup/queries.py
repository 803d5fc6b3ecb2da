# SPDX-License-Identifier: AGPL-3.0-or-later
"""Reads of follow-ups: the worklists (scoped to the actor's units, logged) and the reach rate
(aggregated in the database, suppressed before it is shown)."""

from datetime import date, timedelta

from django.db.models import CharField, Count, F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from forlob.audit.log import log_access, log_many
from forlob.audit.models import Use
from forlob.audit.refusals import NotVisible
from forlob.common.dates import Month
from forlob.common.errors import add_months
from forlob.family.models import Consent, ConsentKind
from forlob.followup.models import Attempt, FollowUp, Status
from forlob.organisations.access import Actor
from forlob.stats.reports import Measure, Report, shares
from forlob.stats.suppression import share, suppress_table


class Section:
    """The tabs of a worklist."""

    CURRENT = "aktuelle"  # overdue and due this week
    LATER = "senere"
    DONE = "afsluttede"
    ALL = (CURRENT, LATER, DONE)


def visible_follow_ups(actor: Actor) -> QuerySet[FollowUp]:
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
    qs = visible_follow_ups(actor)
    return qs.filter(unit_id=unit_id) if unit_id is not None else qs.filter(assigned_to=actor.user)


def worklist(actor: Actor, day: date, section: str, *, unit_id: int | None = None) -> QuerySet[FollowUp]:
    """One tab of the actor's worklist, or (``unit_id``) of one of their units'. Callers log the
    rows they show with ``log_rows``."""
    qs = _contact(_mine_or_units(actor, unit_id).select_related("citizen", "course", "assigned_to", "unit"))
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


def log_rows(actor: Actor, rows: list[FollowUp], *, via: str) -> None:
    for unit_id in {row.unit_id for row in rows}:
        citizens = sorted({row.citizen_id for row in rows if row.unit_id == unit_id})
        log_many(actor, Use.LIST, citizens, unit_id=unit_id, via=via)


def get_follow_up(actor: Actor, pk: int, *, via: str) -> FollowUp:
    task = (
        _contact(visible_follow_ups(actor))
        .select_related("citizen", "course", "course__closed_by", "assigned_to", "unit")
        .filter(pk=pk)
        .first()
    )
    if task is None:
        raise NotVisible(FollowUp, pk, _("The follow-up is not found in your units."))
    log_access(actor, Use.VIEW, citizen_id=task.citizen_id, unit_id=task.unit_id, via=via)
    return task


def course_follow_ups(course_id: int) -> list[FollowUp]:
    """A course's follow-ups, for its page. The course was read, and logged, by the page through
    ``treatment.queries.get_course``."""
    return list(FollowUp.objects.filter(course_id=course_id).select_related("assigned_to").order_by("due_on"))


# --- Reach rate --------------------------------------------------------------------------------

COLUMNS = ("reached", "not_reached", "open")


def months_between(first: date, last: date) -> list[date]:
    """The first day of every month from ``first``'s to ``last``'s."""
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = add_months(month, 1)
    return months


def reach_rate(unit_ids: set[int], first: date, last: date, day: date, *, by: str = "month") -> Report:
    """Reach rate = reached / due, where due are the follow-ups (not cancelled) whose due date has
    come by ``day``: per month of the due date (``by="month"``) or per assigned staff member
    (``by="assignee"``), for the months from ``first`` to ``last``. Every count is suppressed; so
    is a rate from a hidden count."""
    due = FollowUp.objects.filter(
        unit_id__in=unit_ids, due_on__gte=first.replace(day=1), due_on__lt=add_months(last.replace(day=1), 1)
    ).filter(due_on__lte=day)
    due = due.exclude(status=Status.CANCELLED)
    counts = {
        "reached": Count("pk", filter=Q(status=Status.REACHED)),
        "not_reached": Count("pk", filter=Q(status=Status.NOT_REACHED)),
        "open": Count("pk", filter=Q(status=Status.OPEN)),
    }
    if by == "month":
        found = {
            row["month"]: row
            for row in due.annotate(month=Month("due_on")).values("month").annotate(**counts).order_by()
        }
        keys: list = months_between(first, last)  # type: ignore[type-arg]
        labels = [date_format(month, "F Y") for month in keys]
    else:
        rows = (
            due.values("assigned_to", "assigned_to__first_name", "assigned_to__last_name", "assigned_to__username")
            .annotate(**counts)
            .order_by("assigned_to__first_name", "assigned_to__last_name", "assigned_to")
        )
        found = {row["assigned_to"]: row for row in rows}
        keys = list(found)
        labels = [
            f"{row['assigned_to__first_name']} {row['assigned_to__last_name']}".strip() or row["assigned_to__username"]
            for row in found.values()
        ]
    grid = [[found.get(key, {}).get(column, 0) for column in COLUMNS] for key in keys]
    table = suppress_table(grid)
    assert table.row_totals is not None and table.column_totals is not None and table.grand_total is not None
    return Report(
        title=_("Reach rate by month of the due date") if by == "month" else _("Reach rate by staff member"),
        description=_(
            "Follow-ups where contact was made, of the follow-ups that have come due. Cancelled "
            "follow-ups (consent withdrawn) are not counted."
        ),
        row_header=_("Month") if by == "month" else _("Staff member"),
        row_labels=labels,
        column_labels=[_("Contact made"), _("No contact made"), _("Still open")],
        table=table,
        row_total_label=_("Due"),
        measures=[
            Measure(
                _("Reach rate (%)"),
                shares([cells[0] for cells in table.cells], [*table.row_totals]),
                share(table.column_totals[0], table.grand_total) if keys else None,
            )
        ],
    )
