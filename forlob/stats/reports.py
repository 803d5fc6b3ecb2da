# SPDX-License-Identifier: AGPL-3.0-or-later
"""Report definitions: each aggregates in the database for a scope the user may see, and returns
its tables already suppressed. Screen, CSV and API all render these tables."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _

from forlob.organisations.access import STATISTICS, Actor
from forlob.organisations.models import Unit
from forlob.stats.suppression import Count as Shown
from forlob.stats.suppression import Table, share, suppress_table
from forlob.treatment.models import Course, EndReason, OfferType


@dataclass(frozen=True)
class Scope:
    """Whose figures: a unit's own production (``unit:<id>``), or the courses of the citizens who
    live in a municipality, wherever they were treated (``municipality:<id>``; the buying
    municipality sees its own citizens treated at another municipality's centre)."""

    kind: str
    pk: int
    label: str

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.pk}"

    def courses(self) -> QuerySet[Course]:
        if self.kind == "unit":
            return Course.objects.filter(unit_id=self.pk)
        return Course.objects.filter(citizen__municipality_id=self.pk)


def scopes_for(actor: Actor) -> list[Scope]:
    """The scopes the actor may pull statistics for: the units where they hold a statistics role,
    and those units' municipalities."""
    units = list(Unit.objects.filter(pk__in=actor.unit_ids(STATISTICS)).select_related("municipality"))
    municipalities = sorted({u.municipality for u in units}, key=lambda m: m.name)
    return [Scope("unit", u.pk, u.name) for u in sorted(units, key=lambda u: u.name)] + [
        Scope("municipality", m.pk, _("Citizens of %(municipality)s") % {"municipality": m.name})
        for m in municipalities
    ]


def scope_for(actor: Actor, key: str) -> Scope:
    """The scope named by ``key``, if the actor may see it; otherwise refused (403)."""
    for scope in scopes_for(actor):
        if scope.key == key:
            return scope
    raise PermissionDenied(_("Your roles do not give access to statistics for this unit or municipality."))


@dataclass(frozen=True)
class Filters:
    scope: Scope
    first_year: int
    last_year: int
    offer_type: str = ""
    substance: str = ""

    @property
    def years(self) -> list[int]:
        return list(range(self.first_year, self.last_year + 1))

    def courses(self) -> QuerySet[Course]:
        qs = self.scope.courses()
        if self.offer_type:
            qs = qs.filter(offer_type=self.offer_type)
        if self.substance:
            qs = qs.filter(main_substance=self.substance)
        return qs


@dataclass
class Report:
    """One suppressed table with its labels, ready for screen, CSV and API. A report may have a
    row-total column (``row_total_label``) and a share column computed from two of its counts."""

    title: str
    description: str
    row_header: str
    row_labels: list[str]
    column_labels: list[str]
    table: Table
    row_total_label: str = ""
    share_label: str = ""
    shares: list[float | None] = field(default_factory=list)
    total_share: float | None = None

    @property
    def rows(self) -> list[tuple[str, list[Shown], Shown | None, float | None]]:
        n = len(self.row_labels)
        totals: list[Shown | None] = [*self.table.row_totals] if self.table.row_totals is not None else [None] * n
        shares: list[float | None] = self.shares or [None] * n
        return list(zip(self.row_labels, self.table.cells, totals, shares, strict=True))

    @property
    def header(self) -> list[str]:
        extra = [label for label in (self.row_total_label, self.share_label) if label]
        return [self.row_header, *self.column_labels, *extra]

    def lines(self) -> list[list[object]]:
        """The table as rows of cells, the totals row last: what CSV and XLSX write."""

        def line(label: str, cells: list[Shown], total: Shown | None, rate: float | None) -> list[object]:
            extra: list[object] = [total] if self.row_total_label else []
            return [label, *cells, *extra, *([rate] if self.share_label else [])]

        out = [line(*row) for row in self.rows]
        if self.table.column_totals is not None:
            out.append(line(_("Total"), self.table.column_totals, self.table.grand_total, self.total_share))
        return out


def end_reasons_per_year(filters: Filters) -> Report:
    """Seed 001's table: rows are NAB's nine end reasons, columns the years the courses ended,
    with the yearly totals."""
    ended = filters.courses().filter(ended_on__year__gte=filters.first_year, ended_on__year__lte=filters.last_year)
    counts = {
        (row["end_reason"], row["year"]): row["n"]
        for row in ended.annotate(year=ExtractYear("ended_on")).values("end_reason", "year").annotate(n=Count("pk"))
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
        table=suppress_table(grid, row_totals=False, column_totals=True),
    )


def started_and_completed(filters: Filters) -> Report:
    """Seed 000 ("in 2013, 95 citizens started alcohol treatment, of whom 38 have completed"): the
    courses started each year, and how they stand now: completed, ended otherwise, still open."""
    started = filters.courses().filter(
        started_on__year__gte=filters.first_year, started_on__year__lte=filters.last_year
    )
    counts = {
        row["year"]: row
        for row in started.annotate(year=ExtractYear("started_on"))
        .values("year")
        .annotate(
            completed=Count("pk", filter=Q(end_reason=EndReason.COMPLETED)),
            other=Count("pk", filter=Q(ended_on__isnull=False) & ~Q(end_reason=EndReason.COMPLETED)),
            still_open=Count("pk", filter=Q(ended_on__isnull=True)),
        )
    }
    columns = ("completed", "other", "still_open")
    grid = [[counts.get(year, {}).get(column, 0) for column in columns] for year in filters.years]
    table = suppress_table(grid)
    assert table.row_totals is not None and table.column_totals is not None and table.grand_total is not None
    return Report(
        title=_("Courses started and completed"),
        description=_("Courses started each year and how they stand now. Completion share = completed of started."),
        row_header=_("Year started"),
        row_labels=[str(year) for year in filters.years],
        column_labels=[_("Completed treatment"), _("Ended otherwise"), _("Still in treatment")],
        table=table,
        row_total_label=_("Started"),
        share_label=_("Completion share (%)"),
        shares=[share(cells[0], total) for cells, total in zip(table.cells, table.row_totals, strict=True)],
        total_share=share(table.column_totals[0], table.grand_total),
    )


def relatives_and_family_courses(filters: Filters) -> Report:
    """Seed 001's second table: courses for relatives and family courses started per year."""
    offers = (OfferType.RELATIVES, OfferType.FAMILY)
    started = filters.courses().filter(
        offer_type__in=offers, started_on__year__gte=filters.first_year, started_on__year__lte=filters.last_year
    )
    counts = {
        (row["offer_type"], row["year"]): row["n"]
        for row in started.annotate(year=ExtractYear("started_on")).values("offer_type", "year").annotate(n=Count("pk"))
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
        table=suppress_table(grid, row_totals=False, column_totals=True),
    )
