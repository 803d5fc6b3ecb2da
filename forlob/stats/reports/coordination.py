# SPDX-License-Identifier: AGPL-3.0-or-later
"""Coordinated action plans for citizens with mental illness and substance use (seed 003: "the
coordinated action plans are made"; seed 004, KL recommendation 11: psychiatric treatment at the
same time as the treatment for substance use): per year, the plans made, the plans in force, the
plans in force with the region's psychiatry as a party, and the reviews held and held on time."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils.translation import gettext as _

from forlob.coordination.models import ActionPlan, PartyKind, PlanParty, PlanReview
from forlob.stats.report import Measure, Report, shares
from forlob.stats.scopes import Filters
from forlob.stats.suppression import suppress_table


def in_force_in(year: int) -> Q:
    """The plan was in force on some day of ``year``: agreed by its end, not closed before its start."""
    return Q(agreed_on__lte=date(year, 12, 31)) & (Q(closed_on__isnull=True) | Q(closed_on__gte=date(year, 1, 1)))


def action_plans(filters: Filters) -> Report:
    """Per year: plans agreed, plans in force, of those with regional psychiatry as a party, and
    the reviews held in the year and how many were held by the day they were due. A plan in
    force over several years counts in each, so the columns have no total."""
    plans = ActionPlan.objects.filter(course__in=filters.courses())
    psychiatry = Q(Exists(PlanParty.objects.filter(plan=OuterRef("pk"), kind=PartyKind.REGIONAL_PSYCHIATRY)))
    reviews = PlanReview.objects.filter(plan__in=plans)
    plan_counts = plans.aggregate(
        **{f"made_{y}": Count("pk", filter=Q(agreed_on__year=y)) for y in filters.years},
        **{f"force_{y}": Count("pk", filter=in_force_in(y)) for y in filters.years},
        **{f"psychiatry_{y}": Count("pk", filter=in_force_in(y) & psychiatry) for y in filters.years},
    )
    review_counts = reviews.aggregate(
        **{f"held_{y}": Count("pk", filter=Q(held_on__year=y)) for y in filters.years},
        **{f"on_time_{y}": Count("pk", filter=Q(held_on__year=y, held_on__lte=F("due_on"))) for y in filters.years},
    )
    counts = plan_counts | review_counts
    columns = ("made", "force", "psychiatry", "held", "on_time")
    grid = [[counts[f"{column}_{year}"] for column in columns] for year in filters.years]
    table = suppress_table(grid, row_totals=False, column_totals=False, view=filters.view)
    return Report(
        title=_("Coordinated action plans"),
        description=_(
            "Coordinated action plans for citizens with mental illness and substance use on the courses: plans "
            "agreed in the year, plans in force at some time in the year, of those with the region's psychiatry "
            "as a party, and the reviews held in the year, of those held by the day they were due. A plan in "
            "force over several years counts in each year."
        ),
        row_header=_("Year"),
        row_labels=[str(year) for year in filters.years],
        column_labels=[
            _("Plans agreed"),
            _("Plans in force"),
            _("With regional psychiatry as party"),
            _("Reviews held"),
            _("Reviews held on time"),
        ],
        table=table,
        measures=[
            Measure(
                _("Reviews on time (%)"),
                shares([cells[4] for cells in table.cells], [cells[3] for cells in table.cells]),
            )
        ],
    )
