# SPDX-License-Identifier: AGPL-3.0-or-later
"""The national bodies' return tables beside Forløb's own figures: for each month and measure of
a table, the count the register sent back, the count of the courses of the municipality's units
that the register takes, and the difference, said in words. Read by the leaders of the
municipality's units (exact: the municipality's own figures) and its analysts (published)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, timedelta

import xlsxwriter
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from forlob.common.dates import add_months
from forlob.organisations.access import REGISTER_EXTRACT, Actor
from forlob.organisations.models import Municipality, Role, Unit
from forlob.registers.models import Register, ReturnTable
from forlob.registers.specification import in_force
from forlob.stats import suppression
from forlob.stats.suppression import Count as Shown
from forlob.stats.suppression import suppress_table
from forlob.treatment.models import PRE_COURSE_OFFERS, Course, LegalBasis

# Who reads a municipality's return tables: its units' leaders (who import them) and analysts.
READ_RETURNS = (*REGISTER_EXTRACT, Role.ANALYTIKER)
# The courses each register takes, by legal basis (``registers.specification.register_of``).
REGISTER_BASES = {
    Register.NAB: (LegalBasis.SUL_141,),
    Register.DRUGS: (LegalBasis.SEL_101, LegalBasis.SEL_101A),
}
MEASURE_LABELS = {
    "started": gettext_lazy("Courses started in the month"),
    "ended": gettext_lazy("Courses ended in the month"),
    "active": gettext_lazy("Courses open at the end of the month"),
}


def _municipality_ids(actor: Actor, roles: tuple[str, ...]) -> set[int]:
    return set(Unit.objects.filter(pk__in=actor.unit_ids(roles), active=True).values_list("municipality_id", flat=True))


def readable_municipalities(actor: Actor) -> QuerySet[Municipality]:
    return Municipality.objects.filter(pk__in=_municipality_ids(actor, READ_RETURNS)).order_by("name")


def leads_in(actor: Actor, municipality_id: int) -> bool:
    """Whether the actor leads a unit of the municipality: they see its figures exactly."""
    return municipality_id in _municipality_ids(actor, REGISTER_EXTRACT)


def return_tables(actor: Actor) -> QuerySet[ReturnTable]:
    """The return tables of the municipalities where the actor leads a unit or is its analyst."""
    municipalities = _municipality_ids(actor, READ_RETURNS)
    if not municipalities:
        raise PermissionDenied(_("Your roles do not give access to the registers' return tables."))
    return ReturnTable.objects.filter(municipality_id__in=municipalities).select_related("municipality", "imported_by")


def return_table(actor: Actor, table_id: int) -> ReturnTable:
    """One return table the actor may read; another is not found (nothing tells it exists)."""
    table = return_tables(actor).filter(pk=table_id).first()
    if table is None:
        raise Http404
    return table


def _month_end(month: date) -> date:
    return add_months(month, 1) - timedelta(days=1)


def own_figures(municipality_id: int, register: str, months: list[date]) -> dict[tuple[date, str], int]:
    """Forløb's count for each month and measure: the courses of the municipality's units that the
    register takes (not assessment before a course, not relatives' courses, not the anonymous
    courses it leaves out) that started in the month, ended in it, or were open at its end. One
    query, counted in the database."""
    courses = Course.objects.filter(
        unit__municipality_id=municipality_id,
        legal_basis__in=REGISTER_BASES[Register(register)],
        index_course__isnull=True,
    ).exclude(offer_type__in=PRE_COURSE_OFFERS)
    spec = in_force(register, max(months)) if months else None
    if spec is not None and spec.anonymous == "not_reported":
        courses = courses.exclude(citizen__is_anonymous=True)
    counts = {}
    for n, month in enumerate(months):
        end = _month_end(month)
        counts[f"started_{n}"] = Count("pk", filter=Q(started_on__gte=month, started_on__lte=end))
        counts[f"ended_{n}"] = Count("pk", filter=Q(ended_on__gte=month, ended_on__lte=end))
        counts[f"active_{n}"] = Count(
            "pk", filter=Q(started_on__lte=end) & (Q(ended_on__isnull=True) | Q(ended_on__gt=end))
        )
    found = courses.aggregate(**counts) if counts else {}
    return {(month, measure): found[f"{measure}_{n}"] for n, month in enumerate(months) for measure in MEASURE_LABELS}


@dataclass(frozen=True)
class Line:
    month: date
    measure: str
    theirs: Shown
    ours: Shown

    @property
    def measure_label(self) -> str:
        return str(MEASURE_LABELS[self.measure])

    @property
    def difference(self) -> int | None:
        """Forløb's count less the register's; None when either is hidden."""
        if self.theirs.value is None or self.ours.value is None:
            return None
        return self.ours.value - self.theirs.value

    @property
    def differs(self) -> bool:
        return bool(self.difference)

    @property
    def remark(self) -> str:
        """The difference in words, so it is never told by colour alone."""
        difference = self.difference
        if difference is None:
            return _("Cannot be compared: a count is hidden")
        if difference == 0:
            return _("Same")
        if difference > 0:
            return _("Differs: Forløb has %(n)s more") % {"n": difference}
        return _("Differs: Forløb has %(n)s fewer") % {"n": -difference}


@dataclass
class Comparison:
    table: ReturnTable
    lines: list[Line]
    view: str

    @property
    def differences(self) -> int:
        return sum(1 for line in self.lines if line.differs)

    @property
    def header(self) -> list[str]:
        return [_("Month"), _("Measure"), _("The register's count"), _("Forløb's count"), _("Difference"), _("Remark")]

    def export_lines(self) -> list[list[object]]:
        return [
            [f"{line.month:%m.%Y}", line.measure_label, str(line.theirs), str(line.ours), line.difference, line.remark]
            for line in self.lines
        ]


def comparison_xlsx(found: Comparison, notes: list[str]) -> bytes:
    """The comparison as a sheet: the title, the view, the header, a row per line with the counts
    and the difference as numbers (a hidden count as its text), then the notes."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    bold = book.add_format({"bold": True})
    number = book.add_format({"num_format": "0", "align": "right"})
    sheet = book.add_worksheet(_("Comparison"))
    sheet.write_string(0, 0, found.table.title, bold)
    sheet.write_string(1, 0, suppression.view_label(found.view), bold)
    sheet.write_row(3, 0, found.header, bold)
    for r, line in enumerate(found.lines, start=4):
        sheet.write_string(r, 0, f"{line.month:%m.%Y}")
        sheet.write_string(r, 1, line.measure_label)
        for c, count in ((2, line.theirs), (3, line.ours)):
            if count.value is None:
                sheet.write_string(r, c, str(count), number)
            else:
                sheet.write_number(r, c, count.value, number)
        if line.difference is not None:
            sheet.write_number(r, 4, line.difference, number)
        sheet.write_string(r, 5, line.remark)
    for n, note in enumerate(notes, start=5 + len(found.lines)):
        sheet.write_string(n, 0, note)
    sheet.set_column(0, 0, 10)
    sheet.set_column(1, 1, 36)
    sheet.set_column(2, 4, 14)
    sheet.set_column(5, 5, 36)
    book.close()
    return out.getvalue()


def comparison(actor: Actor, table: ReturnTable) -> Comparison:
    """The table's rows beside Forløb's own figures: exact for the leaders of the municipality's
    units, through the suppression function for everyone else."""
    view = suppression.INTERNAL if leads_in(actor, table.municipality_id) else suppression.PUBLISHED
    rows = [(date.fromisoformat(str(r["month"])), str(r["measure"]), int(r["count"])) for r in table.rows]
    ours = own_figures(table.municipality_id, table.register, sorted({month for month, _m, _c in rows}))
    grid = [[count, ours[(month, measure)]] for month, measure, count in rows]
    shown = suppress_table(grid, row_totals=False, column_totals=False, view=view).cells if grid else []
    lines = [
        Line(month, measure, cells[0], cells[1]) for (month, measure, _count), cells in zip(rows, shown, strict=True)
    ]
    return Comparison(table, lines, view)
