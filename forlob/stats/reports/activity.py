# SPDX-License-Identifier: AGPL-3.0-or-later
"""Activity: the sessions held, by kind and attendance."""

from __future__ import annotations

from django.db.models import Count
from django.utils.translation import gettext as _

from forlob.stats.report import Measure, Report, added
from forlob.stats.scopes import Filters
from forlob.stats.suppression import Count as Shown
from forlob.stats.suppression import share, suppress_table
from forlob.treatment.models import Attendance, GroupAttendance, Session, SessionKind

ACTIVITY_COLUMNS = (Attendance.ATTENDED, Attendance.NO_SHOW, Attendance.CANCELLED)


def activity(filters: Filters) -> Report:
    """Sessions held in the period by kind and attendance. A group session counts once for each
    member it was registered for, so the group row is the group attendance."""
    by_kind = {
        (row["kind"], row["attendance"]): row["n"]
        for row in Session.objects.filter(
            filters.course_where("course__"), held_on__gte=filters.start, held_on__lte=filters.end
        )
        .values("kind", "attendance")
        .annotate(n=Count("pk"))
    }
    for row in (
        GroupAttendance.objects.filter(
            filters.course_where("course__"), session__held_on__gte=filters.start, session__held_on__lte=filters.end
        )
        .values("attendance")
        .annotate(n=Count("pk"))
    ):
        by_kind[(SessionKind.GROUP, row["attendance"])] = row["n"]
    grid = [[by_kind.get((kind, a), 0) for a in ACTIVITY_COLUMNS] for kind in SessionKind.values]
    table = suppress_table(grid, row_totals=True, column_totals=True, view=filters.view)
    column_totals = table.column_margin()

    def attended_or_not(cells: list[Shown]) -> Shown:
        return added(cells[:2])

    return Report(
        title=_("Activity"),
        description=_(
            "Sessions in the period by kind: attended, did not turn up, cancelled. Group sessions are "
            "counted per participant. No-show rate = did not turn up, of those attended or not turned up."
        ),
        row_header=_("Kind of session"),
        row_labels=[str(label) for label in SessionKind.labels],
        column_labels=[str(Attendance(a).label) for a in ACTIVITY_COLUMNS],
        table=table,
        row_total_label=_("Sessions"),
        measures=[
            Measure(
                _("No-show rate (%)"),
                [share(cells[1], attended_or_not(cells)) for cells in table.cells],
                share(column_totals[1], attended_or_not(column_totals)),
            )
        ],
    )
