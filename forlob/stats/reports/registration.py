# SPDX-License-Identifier: AGPL-3.0-or-later
"""National registration in the statistics (KL's recommendations 7 and 8): how completely each
unit's courses are registered for the national registers, month by month; and the
municipality's own copy of what it reported, counted by any coded question of a register's
specification, in the same reports as the rest of its figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import ExtractYear
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from forlob.common.dates import add_months, today
from forlob.organisations.models import Unit
from forlob.registers.models import Register, Submission, SubmittedRecord
from forlob.registers.queries import REPORTED_BASES, active_in, check_many, completeness_by_month
from forlob.registers.specification import INTAKE, Field, in_force
from forlob.stats import suppression
from forlob.stats.report import Measure, Report
from forlob.stats.scopes import Filters, Scope
from forlob.stats.suppression import Count as Shown
from forlob.stats.suppression import Table, share, suppress_table
from forlob.treatment.models import Course

# The completeness report covers the last twelve finished months and the current one.
FINISHED_MONTHS = 12
NOT_STATED = ""


def months_shown(day: date | None = None) -> list[date]:
    """The first days of the last twelve finished months and of the current one, oldest first."""
    current = (day or today()).replace(day=1)
    return [add_months(current, n) for n in range(-FINISHED_MONTHS, 1)]


def exact_or_published_share(part: Shown, whole: Shown, view: str) -> float | None:
    """The share in per cent: exact in the internal view (the leader's own figures, whatever the
    base), through the suppression function's rule in the published view."""
    if view == suppression.INTERNAL:
        if part.value is None or not whole.value:
            return None
        return 100 * part.value / whole.value
    return share(part, whole)


def percent(value: float | None) -> str:
    return "" if value is None else f"{value:.1f} %".replace(".", ",")


def units_of(scope: Scope) -> list[Unit]:
    """The units whose registration a scope covers: the unit, or the units of the municipality or
    of the cluster's municipalities (a unit reports its own courses, whoever the citizen is)."""
    units = Unit.objects.filter(active=True)
    if scope.kind == "unit":
        units = units.filter(pk=scope.pk)
    elif scope.kind == "cluster":
        units = units.filter(municipality__clusters=scope.pk)
    elif scope.kind == "municipality":
        units = units.filter(municipality_id=scope.pk)
    return list(units.order_by("name"))


@dataclass(frozen=True)
class Cell:
    complete: Shown
    incomplete: Shown
    total: Shown
    share: float | None

    def __str__(self) -> str:
        shown = f"{self.complete} / {self.total}"
        return f"{shown} ({percent(self.share)})" if self.share is not None else shown


@dataclass
class Completeness:
    """Units by month: of the courses open some day in the month that a register takes, how many
    are fully registered, as ``complete / all (share)``; the totals row when there are more units."""

    heading: str
    units: list[str]
    months: list[date]
    rows: list[tuple[str, list[Cell]]]
    view: str

    @property
    def month_labels(self) -> list[str]:
        return [date_format(m, "M Y") for m in self.months]

    def report(self) -> Report:
        """The same figures a line per unit and month, as counts: what CSV, XLSX, PDF and API write."""
        labels, cells, totals, shares = [], [], [], []
        for label, row in self.rows:
            for month, cell in zip(self.month_labels, row, strict=True):
                labels.append(f"{label}, {month}")
                cells.append([cell.complete, cell.incomplete])
                totals.append(cell.total)
                shares.append(cell.share)
        return Report(
            title=_("Registration for the national registers"),
            description=completeness_description(),
            row_header=_("Unit and month"),
            row_labels=labels,
            column_labels=[_("Fully registered"), _("Not fully registered")],
            table=Table(cells, totals, None, None, self.view),
            row_total_label=_("Courses reported"),
            measures=[Measure(_("Share fully registered (%)"), shares)],
        )


def completeness_description() -> str:
    return _(
        "Of each unit's courses open some day in the month that a national register takes (not assessment "
        "before a course, not courses for relatives, not anonymous courses the register leaves out), how many "
        "are fully registered: every question answered and no problem, as checked today."
    )


def completeness(scope: Scope, view: str, day: date | None = None) -> Completeness:
    """The registration completeness of the scope's units for the last twelve finished months and
    the current one. Each month is suppressed as its own table (units × fully registered or not,
    with the margins), so a hidden count cannot be worked out from the totals."""
    months = months_shown(day)
    units = units_of(scope)
    counts = completeness_by_month({u.pk for u in units}, months)
    shown_units = [u for u in units if any(counts[(u.pk, m)][0] for m in months)]
    rows: list[tuple[str, list[Cell]]] = [(u.name, []) for u in shown_units]
    totals: list[Cell] = []
    for month in months:
        grid = [[counts[(u.pk, month)][1], counts[(u.pk, month)][0] - counts[(u.pk, month)][1]] for u in shown_units]
        if not grid:
            continue
        table = suppress_table(grid, view=view)
        row_totals, column_totals, grand = table.margins()
        for (_label, cells), shown, total in zip(rows, table.cells, row_totals, strict=True):
            cells.append(Cell(shown[0], shown[1], total, exact_or_published_share(shown[0], total, view)))
        share_of_all = exact_or_published_share(column_totals[0], grand, view)
        totals.append(Cell(column_totals[0], column_totals[1], grand, share_of_all))
    if len(shown_units) > 1:
        rows.append((_("Total"), totals))
    return Completeness(scope.label, [u.name for u in shown_units], months, rows, view)


def registration_share(unit_ids: set[int], start: date, end: date) -> float | None:
    """Of the courses of the units open some day from ``start`` to ``end`` that a register takes,
    the share fully registered, as published (None when a count is hidden or too few)."""
    courses = Course.objects.filter(
        unit_id__in=unit_ids, legal_basis__in=REPORTED_BASES, index_course__isnull=True
    ).filter(active_in(start, end))
    checked = [c for c in check_many(courses) if c.reported]
    complete = sum(1 for c in checked if c.complete)
    # As the other live shares (``live._share_of_index_courses``): the two counts suppressed.
    cells = suppress_table([[len(checked), complete]], row_totals=False, column_totals=False).cells[0]
    return share(cells[1], cells[0])


def coded_fields(register: str) -> list[Field]:
    """The intake questions of the register's specification in force today that have a code list:
    what the municipality's own copy can be counted by."""
    spec = in_force(register, today())
    return [f for f in spec.stage_fields(INTAKE) if f.codes] if spec else []


def _in_force(submissions: Q) -> Q:
    """A submission in force: none newer for the same unit, register and month."""
    newer = Submission.objects.filter(
        unit=OuterRef("unit"), register=OuterRef("register"), month=OuterRef("month")
    ).filter(Q(made_at__gt=OuterRef("made_at")) | Q(made_at=OuterRef("made_at"), pk__gt=OuterRef("pk")))
    return submissions & ~Q(Exists(newer))


def _submissions_of(scope: Scope) -> Q:
    if scope.kind == "unit":
        return Q(unit_id=scope.pk)
    if scope.kind == "cluster":
        return Q(unit__municipality__clusters=scope.pk)
    if scope.kind == "municipality":
        return Q(unit__municipality_id=scope.pk)
    return Q()


def submitted_values(filters: Filters, register: str, field: Field) -> Report:
    """The municipality's own copy: the intake records of the submissions in force (the newest of
    each unit, register and month), by the answer to one question and the year of the month
    submitted."""
    submissions = Submission.objects.filter(
        _in_force(_submissions_of(filters.scope)),
        register=register,
        month__gte=filters.start,
        month__lte=filters.end,
    )
    found = (
        SubmittedRecord.objects.filter(submission__in=submissions, kind=INTAKE)
        .annotate(year=ExtractYear("submission__month"), value=KeyTextTransform(field.code, "values"))
        .order_by()
        .values_list("year", "value")
        .annotate(n=Count("pk"))
    )
    codes = [code for code, _label in field.codes]
    grid = {code: dict.fromkeys(filters.years, 0) for code in [*codes, NOT_STATED]}
    for year, value, n in found:
        code = str(value) if value is not None and str(value) in grid else NOT_STATED
        grid[code][year] += n
    table = suppress_table([[grid[code][y] for y in filters.years] for code in grid], view=filters.view)
    return Report(
        title=_("Reported to %(register)s: %(field)s") % {"register": Register(register).label, "field": field.label},
        description=_(
            "The municipality's own copy of what its units reported: the intake records of the submissions in "
            "force (the newest submission of each unit and month), by the answer given and the year of the month "
            "submitted."
        ),
        row_header=field.label,
        row_labels=[*(f"{code} {label}" for code, label in field.codes), _("Not stated")],
        column_labels=[str(y) for y in filters.years],
        table=table,
        row_total_label=_("Records"),
    )
