# SPDX-License-Identifier: AGPL-3.0-or-later
"""The reach rate of follow-ups: of the follow-ups that have come due, those where contact was
made, by month or by staff member, aggregated in the database and suppressed before it is shown."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from forlob.common.dates import Month, add_months
from forlob.followup.models import FollowUp, Status
from forlob.stats.report import Measure, Report, shares
from forlob.stats.suppression import PUBLISHED, share, suppress_table

COLUMNS = ("reached", "not_reached", "open")


def months_between(first: date, last: date) -> list[date]:
    """The first day of every month from ``first``'s to ``last``'s."""
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = add_months(month, 1)
    return months


def reach_rate(
    unit_ids: set[int], first: date, last: date, day: date, *, by: str = "month", view: str = PUBLISHED
) -> Report:
    """Reach rate = reached / due, where due are the follow-ups (not cancelled) whose due date has
    come by ``day``: per month of the due date (``by="month"``) or per assigned staff member
    (``by="assignee"``), for the months from ``first`` to ``last``. In the published view every
    count is suppressed, and so is a rate from a hidden count."""
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
        keys: list = months_between(first, last)
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
    table = suppress_table(grid, view=view)
    row_totals, column_totals, grand_total = table.margins()
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
                shares([cells[0] for cells in table.cells], [*row_totals]),
                share(column_totals[0], grand_total) if keys else None,
            )
        ],
    )
