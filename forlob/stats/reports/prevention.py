# SPDX-License-Identifier: AGPL-3.0-or-later
"""Prevention: the activities held and their participants, by focus area and level."""

from __future__ import annotations

from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from forlob.prevention.models import FocusArea, Level
from forlob.stats.report import Report
from forlob.stats.scopes import Filters
from forlob.stats.suppression import suppress_table


def _prevention(filters: Filters, value: Count | Sum, title: str, description: str) -> Report:
    held = filters.scope.activities().filter(held_on__gte=filters.start, held_on__lte=filters.end)
    counts = {
        (row["focus_area"], row["level"]): row["n"] or 0
        for row in held.values("focus_area", "level").annotate(n=value).order_by()
    }
    grid = [[counts.get((area, level), 0) for level in Level.values] for area in FocusArea.values]
    return Report(
        title=title,
        description=description,
        row_header=_("Focus area"),
        row_labels=[str(label) for label in FocusArea.labels],
        column_labels=[str(label) for label in Level.labels],
        table=suppress_table(grid, view=filters.view),
        row_total_label=_("Total"),
    )


def prevention_activities(filters: Filters) -> Report:
    """Prevention activities held in the period by focus area (seed 002) and level (the triangle)."""
    return _prevention(
        filters,
        Count("pk"),
        _("Prevention activities"),
        _("Activities held in the period, by focus area and level of the prevention triangle."),
    )


def prevention_participants(filters: Filters) -> Report:
    """The participants of those activities, by focus area and level."""
    return _prevention(
        filters,
        Sum("participants"),
        _("Participants in prevention activities"),
        _("Participants registered on the activities held in the period, by focus area and level."),
    )
