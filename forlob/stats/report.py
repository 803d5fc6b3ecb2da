# SPDX-License-Identifier: AGPL-3.0-or-later
"""The report machinery: a report is one suppressed table with its labels and the measures worked
out from its counts (shares, medians), ready for screen, chart, CSV, XLSX, PDF and API. The
reports themselves are in ``forlob.stats.reports``, a module per family."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from forlob.stats.suppression import Count as Shown
from forlob.stats.suppression import Table, share


@dataclass(frozen=True)
class Measure:
    """A column worked out from the counts, such as a share or a median wait: a value per row and
    one for the totals row, None where it would rest on a hidden count or on too few people."""

    label: str
    values: list[float | None]
    total: float | None = None


@dataclass(frozen=True)
class Row:
    label: str
    cells: list[Shown]
    total: Shown | None
    measures: list[float | None]


@dataclass
class Report:
    """One suppressed table with its labels, ready for screen, chart, CSV, XLSX, PDF and API. A
    report may have a row-total column (``row_total_label``) and measures worked out per row."""

    title: str
    description: str
    row_header: str
    row_labels: list[str]
    column_labels: list[str]
    table: Table
    row_total_label: str = ""
    measures: list[Measure] = field(default_factory=list)

    @property
    def view(self) -> str:
        """Internal (exact) or published (suppressed): the view the table was built in."""
        return self.table.view

    @property
    def rows(self) -> list[Row]:
        n = len(self.row_labels)
        totals: list[Shown | None] = [*self.table.row_totals] if self.table.row_totals is not None else [None] * n
        return [
            Row(label, cells, total, [m.values[i] for m in self.measures])
            for i, (label, cells, total) in enumerate(zip(self.row_labels, self.table.cells, totals, strict=True))
        ]

    @property
    def totals(self) -> Row | None:
        if self.table.column_totals is None or not self.row_labels:
            return None
        return Row(_("Total"), self.table.column_totals, self.table.grand_total, [m.total for m in self.measures])

    @property
    def header(self) -> list[str]:
        extra = [self.row_total_label] if self.row_total_label else []
        return [self.row_header, *self.column_labels, *extra, *(m.label for m in self.measures)]

    def lines(self) -> list[list[object]]:
        """The table as rows of cells, the totals row last: what CSV, XLSX and PDF write."""
        rows = self.rows + ([self.totals] if self.totals else [])
        return [[row.label, *row.cells, *([row.total] if self.row_total_label else []), *row.measures] for row in rows]


def added(counts: list[Shown]) -> Shown:
    """The sum of published counts; hidden when any of them is."""
    if any(c.hidden for c in counts):
        return Shown(None)
    return Shown(sum(c.value or 0 for c in counts))


def shares(parts: list[Shown], wholes: list[Shown | None]) -> list[float | None]:
    return [share(part, whole) if whole is not None else None for part, whole in zip(parts, wholes, strict=True)]
