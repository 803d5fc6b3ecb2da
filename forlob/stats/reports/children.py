# SPDX-License-Identifier: AGPL-3.0-or-later
"""Children under 18 living with citizens in treatment."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from forlob.citizens.models import Citizen
from forlob.common.dates import today
from forlob.family.queries import children_at_home
from forlob.stats.report import Report
from forlob.stats.scopes import Filters
from forlob.stats.suppression import suppress_table


def children_affected(filters: Filters) -> Report:
    """Children under 18 living with citizens in treatment: for each year, the citizens with a
    course open at some time in the year, those with children under 18 in the household, and the
    children, counted on the last day of the year (today for this year)."""
    day = today()
    grid = []
    for year in filters.years:
        reference = min(date(year, 12, 31), day)
        in_treatment = (
            filters.courses()
            .filter(started_on__lte=reference)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=date(year, 1, 1)))
            .values("citizen_id")
        )
        counts = (
            Citizen.objects.filter(pk__in=in_treatment)
            .annotate(children=children_at_home(reference))
            .aggregate(citizens=Count("pk"), parents=Count("pk", filter=Q(children__gt=0)), total=Sum("children"))
        )
        grid.append([counts["citizens"], counts["parents"], counts["total"] or 0])
    return Report(
        title=_("Children affected"),
        description=_(
            "Citizens in treatment at some time in the year, those of them with children under 18 "
            "living in the household, and the number of those children, on the last day of the year. "
            "A child registered with two parents in treatment is counted with each."
        ),
        row_header=_("Year"),
        row_labels=[str(year) for year in filters.years],
        column_labels=[
            _("Citizens in treatment"),
            _("With children under 18 at home"),
            _("Children under 18 at home"),
        ],
        table=suppress_table(grid, row_totals=False, column_totals=False, view=filters.view),
    )
