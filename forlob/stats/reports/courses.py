# SPDX-License-Identifier: AGPL-3.0-or-later
"""Courses: how they end, how many start and complete, and the courses for relatives and families."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from forlob.common.dates import Year
from forlob.stats.report import Measure, Report, shares
from forlob.stats.reports.breakdown import once_a_year
from forlob.stats.scopes import CITIZENS, Filters
from forlob.stats.suppression import share, suppress_table
from forlob.treatment.models import EndReason, OfferType


def end_reasons_per_year(filters: Filters) -> Report:
    """Seed 001's table: rows are NAB's nine end reasons, columns the years the courses ended,
    with the yearly totals."""
    ended = filters.courses().filter(ended_on__year__gte=filters.first_year, ended_on__year__lte=filters.last_year)
    counts = {
        (row["end_reason"], row["year"]): row["n"]
        for row in ended.annotate(year=Year("ended_on")).values("end_reason", "year").annotate(n=Count("pk"))
    }
    grid = [[counts.get((reason, year), 0) for year in filters.years] for reason in EndReason.values]
    return Report(
        title=_("End reasons per year"),
        description=_(
            "Courses ended each year, by the end reason reported to the national alcohol treatment register (NAB)."
        ),
        row_header=_("End reason"),
        row_labels=[str(label) for label in EndReason.labels],
        column_labels=[str(year) for year in filters.years],
        table=suppress_table(grid, row_totals=False, column_totals=True, view=filters.view),
    )


def started_and_completed(filters: Filters) -> Report:
    """Seed 000 ("in 2013, 95 citizens started alcohol treatment, of whom 38 have completed"): the
    courses started each year, and how they stand now: completed, ended otherwise, still open."""
    started = filters.courses().filter(
        started_on__year__gte=filters.first_year, started_on__year__lte=filters.last_year
    )
    citizens = filters.counting == CITIZENS
    if citizens:  # each citizen once a year, as their first course that year stands
        started = once_a_year(started, "started_on")
    counts = {
        row["year"]: row
        for row in started.annotate(year=Year("started_on"))
        .values("year")
        .annotate(
            completed=Count("pk", filter=Q(end_reason=EndReason.COMPLETED)),
            other=Count("pk", filter=Q(ended_on__isnull=False) & ~Q(end_reason=EndReason.COMPLETED)),
            still_open=Count("pk", filter=Q(ended_on__isnull=True)),
        )
    }
    columns = ("completed", "other", "still_open")
    grid = [[counts.get(year, {}).get(column, 0) for column in columns] for year in filters.years]
    table = suppress_table(grid, view=filters.view)
    row_totals, column_totals, grand_total = table.margins()
    once = _(" Each citizen is counted once a year, as their first course that year stands.") if citizens else ""
    return Report(
        title=_("Citizens who started a course, and completion") if citizens else _("Courses started and completed"),
        description=_("Courses started each year and how they stand now. Completion share = completed of started.")
        + once,
        row_header=_("Year started"),
        row_labels=[str(year) for year in filters.years],
        column_labels=[_("Completed treatment"), _("Ended otherwise"), _("Still in treatment")],
        table=table,
        row_total_label=_("Started"),
        measures=[
            Measure(
                _("Completion share (%)"),
                shares([cells[0] for cells in table.cells], [*row_totals]),
                share(column_totals[0], grand_total),
            )
        ],
    )


def relatives_and_family_courses(filters: Filters) -> Report:
    """Seed 001's second table: courses for relatives and family courses started per year."""
    offers = (OfferType.RELATIVES, OfferType.FAMILY)
    started = filters.courses().filter(
        offer_type__in=offers, started_on__year__gte=filters.first_year, started_on__year__lte=filters.last_year
    )
    counts = {
        (row["offer_type"], row["year"]): row["n"]
        for row in started.annotate(year=Year("started_on")).values("offer_type", "year").annotate(n=Count("pk"))
    }
    grid = [[counts.get((offer, year), 0) for year in filters.years] for offer in offers]
    return Report(
        title=_("Courses for relatives and families"),
        description=_(
            "Courses for relatives and family courses started each year, linked to an index person's course."
        ),
        row_header=_("Offer"),
        row_labels=[str(offer.label) for offer in offers],
        column_labels=[str(year) for year in filters.years],
        table=suppress_table(grid, row_totals=False, column_totals=True, view=filters.view),
    )
