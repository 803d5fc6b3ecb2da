# SPDX-License-Identifier: AGPL-3.0-or-later
"""Small-number suppression: the one function every statistic passes through (screen, CSV, XLSX,
PDF and API alike), in one of two views. *Internal*: the exact counts, for a reader whose role
already lets them see every person counted (a unit's leader, for the unit's own production).
*Published*: suppressed, for everyone else and for every file meant to leave the unit.

Counts from 1 to the threshold minus one are hidden and shown as "<5"; 0 stays 0. Where a
published total lets a reader work a hidden count out, a second cell is hidden too (secondary
suppression, shown as "x"). A reader knows a "<5" cell lies in 1..4, and may combine every row
and column equation of the table; cells are hidden until no hidden cell is pinned to one value
that way. In a tiny table where only zeros and hidden counts remain to hide, the whole tied group
is shown as "x", zeros included."""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from django.conf import settings
from django.utils.translation import gettext as _
from scipy.optimize import Bounds, LinearConstraint, milp

Key = tuple[int, int]

# The two views of a report.
INTERNAL = "internal"
PUBLISHED = "published"
VIEWS = (INTERNAL, PUBLISHED)


@dataclass(frozen=True)
class Count:
    """A published count: ``value`` is None when the count is hidden."""

    value: int | None
    secondary: bool = False

    @property
    def hidden(self) -> bool:
        return self.value is None

    def __str__(self) -> str:
        if self.value is not None:
            return str(self.value)
        return "x" if self.secondary else f"<{threshold()}"


@dataclass(frozen=True)
class Table:
    """A suppressed table. ``cells[r][c]``; the margins are None when the table has none."""

    cells: list[list[Count]]
    row_totals: list[Count] | None
    column_totals: list[Count] | None
    grand_total: Count | None
    view: str = PUBLISHED

    @property
    def suppressed(self) -> bool:
        every = [c for row in self.cells for c in row] + (self.row_totals or []) + (self.column_totals or [])
        return any(c.hidden for c in every)

    def column_margin(self) -> list[Count]:
        """The column totals, of a table suppressed with them."""
        if self.column_totals is None:
            raise ValueError("the table was suppressed without column totals")
        return self.column_totals

    def margins(self) -> tuple[list[Count], list[Count], Count]:
        """The row totals, column totals and grand total, of a table suppressed with both margins."""
        if self.row_totals is None or self.column_totals is None or self.grand_total is None:
            raise ValueError("the table was suppressed without row and column totals")
        return self.row_totals, self.column_totals, self.grand_total


def threshold() -> int:
    return int(settings.SUPPRESSION_THRESHOLD)


def note() -> str:
    """The sentence every output carries below a suppressed table."""
    return _(
        "Counts from 1 to %(limit)s are shown as <%(threshold)s. A cell marked x is hidden so that a "
        "hidden count cannot be worked out from the totals."
    ) % {"limit": threshold() - 1, "threshold": threshold()}


def view_label(view: str) -> str:
    """How each view is labelled on screen and in every export."""
    if view == INTERNAL:
        return _("Internal figures: exact counts for the unit's own use. Not for publication.")
    return _("Published figures: small counts are hidden and may leave the unit.")


def share(part: Count, whole: Count) -> float | None:
    """A percentage; None when it would be computed from a hidden count, or when its base is
    below the threshold (a share of 2 of 3 says nothing and, published, would tell the counts)."""
    if part.value is None or whole.value is None or whole.value < threshold():
        return None
    return 100 * part.value / whole.value


def suppress_table(
    counts: Sequence[Sequence[int]], *, row_totals: bool = True, column_totals: bool = True, view: str = PUBLISHED
) -> Table:
    """Suppress a table of counts and, as asked, its row totals, column totals and grand total;
    in the internal view every count is shown exactly (the margins too)."""
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}")
    rows = tuple(tuple(int(v) for v in row) for row in counts)
    table = (
        _exact(rows, row_totals, column_totals)
        if view == INTERNAL
        else _suppressed(rows, row_totals, column_totals, threshold())
    )
    return Table(
        cells=[list(row) for row in table.cells],
        row_totals=list(table.row_totals) if table.row_totals is not None else None,
        column_totals=list(table.column_totals) if table.column_totals is not None else None,
        grand_total=table.grand_total,
        view=view,
    )


def _exact(counts: tuple[tuple[int, ...], ...], row_totals: bool, column_totals: bool) -> Table:
    n_cols = len(counts[0]) if counts else 0
    columns = [sum(row[c] for row in counts) for c in range(n_cols)]
    return Table(
        cells=[[Count(v) for v in row] for row in counts],
        row_totals=[Count(sum(row)) for row in counts] if row_totals else None,
        column_totals=[Count(v) for v in columns] if column_totals else None,
        grand_total=Count(sum(columns)) if row_totals and column_totals else None,
        view=INTERNAL,
    )


@lru_cache(maxsize=1024)
def _suppressed(counts: tuple[tuple[int, ...], ...], row_totals: bool, column_totals: bool, limit: int) -> Table:
    """The suppression of one table, remembered per process: the outcome depends on the counts
    alone, and the exact check behind it costs tens of milliseconds for a table with many small
    counts, which the same page, its exports and its other viewers would otherwise pay again."""
    n_rows, n_cols = len(counts), len(counts[0]) if counts else 0
    values: dict[Key, int] = {(r, c): int(v) for r, row in enumerate(counts) for c, v in enumerate(row)}
    if any(v < 0 for v in values.values()):
        raise ValueError("counts cannot be negative")
    lines: list[tuple[list[Key], Key]] = []
    if row_totals:
        for r in range(n_rows):
            values[(r, n_cols)] = sum(values[(r, c)] for c in range(n_cols))
            lines.append(([(r, c) for c in range(n_cols)], (r, n_cols)))
    if column_totals:
        for c in range(n_cols):
            values[(n_rows, c)] = sum(values[(r, c)] for r in range(n_rows))
            lines.append(([(r, c) for r in range(n_rows)], (n_rows, c)))
    if row_totals and column_totals:
        values[(n_rows, n_cols)] = sum(values[(r, c)] for r in range(n_rows) for c in range(n_cols))
        lines.append(([(r, n_cols) for r in range(n_rows)], (n_rows, n_cols)))
        lines.append(([(n_rows, c) for c in range(n_cols)], (n_rows, n_cols)))
    shown = suppress_counts(values, lines, limit)
    return Table(
        cells=[[shown[(r, c)] for c in range(n_cols)] for r in range(n_rows)],
        row_totals=[shown[(r, n_cols)] for r in range(n_rows)] if row_totals else None,
        column_totals=[shown[(n_rows, c)] for c in range(n_cols)] if column_totals else None,
        grand_total=shown[(n_rows, n_cols)] if row_totals and column_totals else None,
    )


def suppress_counts(
    values: dict[Key, int], lines: list[tuple[list[Key], Key]], limit: int | None = None
) -> dict[Key, Count]:
    """Suppress counts tied by ``lines`` (parts that add up to a total), primary then secondary,
    with the threshold ``limit`` (the configured one unless given)."""
    limit = limit or threshold()
    primary = {key for key, value in values.items() if 0 < value < limit}
    secondary: set[Key] = set()
    blanket: set[Key] = set()  # hidden as "x" whatever their value, zeros included
    while True:
        # Interval reasoning is quick and finds most; the exact integer search finds the rest.
        pinned = _pinned(values, lines, primary, secondary, blanket, limit) or _pinned_exactly(
            values, lines, primary, secondary, blanket, limit
        )
        if not pinned:
            break
        hidden = primary | secondary | blanket
        group = _group(lines, pinned[0], hidden)
        candidates = sorted((k for k in group - hidden if values[k] > 0), key=lambda k: (values[k], k))
        if candidates:
            # The smallest count whose hiding frees the pinned cell; failing that, the smallest.
            freeing = (
                c
                for c in candidates[:20]
                if pinned[0] not in _pinned(values, lines, primary, secondary | {c}, blanket, limit)
            )
            secondary.add(next(freeing, candidates[0]))
        elif group <= blanket:
            break  # cannot happen: a group hidden whole pins nothing
        else:
            # Only zeros and hidden counts are tied to it (a tiny table): hide the whole group as x,
            # so that not even "between 1 and 4" is told about its cells.
            blanket |= group
    return {
        key: Count(None, secondary=key in secondary | blanket) if key in primary | secondary | blanket else Count(value)
        for key, value in values.items()
    }


def _pinned(
    values: dict[Key, int],
    lines: list[tuple[list[Key], Key]],
    primary: set[Key],
    secondary: set[Key],
    blanket: set[Key],
    limit: int,
) -> list[Key]:
    """The hidden cells whose value follows from the published cells and the table's equations by
    narrowing each cell's range, line by line."""
    bounds = _reader_bounds(values, primary, secondary, blanket, limit)
    # Each line again only when a range on it narrowed, until none narrows any more.
    touching: dict[Key, list[int]] = {}
    for n, (parts, total) in enumerate(lines):
        for key in (*parts, total):
            touching.setdefault(key, []).append(n)
    waiting = deque(range(len(lines)))
    queued = set(waiting)
    while waiting:
        n = waiting.popleft()
        queued.discard(n)
        for key in _tighten(bounds, *lines[n]):
            for line in touching[key]:
                if line not in queued:
                    waiting.append(line)
                    queued.add(line)
    return [key for key in sorted(primary | secondary | blanket) if bounds[key][0] == bounds[key][1]]


def _reader_bounds(
    values: dict[Key, int], primary: set[Key], secondary: set[Key], blanket: set[Key], limit: int
) -> dict[Key, tuple[float, float]]:
    """What a reader knows of each cell: a published count exactly, a "<5" cell is 1-4, an "x"
    chosen as a second cell is at least 5 (assumed known, to be safe), an "x" of a group hidden
    whole can be anything."""
    bounds: dict[Key, tuple[float, float]] = {key: (float(v), float(v)) for key, v in values.items()}
    bounds.update({key: (1.0, float(limit - 1)) for key in primary})
    bounds.update({key: (float(limit), math.inf) for key in secondary})
    bounds.update({key: (0.0, math.inf) for key in blanket})
    return bounds


def _pinned_exactly(
    values: dict[Key, int],
    lines: list[tuple[list[Key], Key]],
    primary: set[Key],
    secondary: set[Key],
    blanket: set[Key],
    limit: int,
) -> list[Key]:
    """The first hidden cell with only one possible whole-number value, found by minimising and
    maximising each over every table consistent with what is published (integer programming)."""
    hidden = sorted(primary | secondary | blanket)
    index = {key: i for i, key in enumerate(hidden)}
    bounds = _reader_bounds(values, primary, secondary, blanket, limit)
    rows, sums = [], []
    for parts, total in lines:
        row, known = np.zeros(len(hidden)), 0
        for key, sign in [*((p, 1) for p in parts), (total, -1)]:
            if key in index:
                row[index[key]] += sign
            else:
                known += sign * values[key]
        if row.any():
            rows.append(row)
            sums.append(-known)
    if not rows:
        return []
    equations = LinearConstraint(np.array(rows), sums, sums)
    box = Bounds([bounds[k][0] for k in hidden], [bounds[k][1] for k in hidden])
    # Every solution is a whole-number table a reader cannot rule out: a cell seen with two
    # values in them is not pinned and needs no programs of its own.
    seen: list[set[int]] = [set() for _ in hidden]
    for i, key in enumerate(hidden):
        if len(seen[i]) > 1:
            continue
        objective = np.zeros(len(hidden))
        objective[i] = 1
        low = milp(objective, constraints=equations, integrality=np.ones(len(hidden)), bounds=box)
        high = milp(-objective, constraints=equations, integrality=np.ones(len(hidden)), bounds=box)
        if low.status != 0 or high.status != 0:
            continue
        for solution in (low.x, high.x):
            for j, value in enumerate(np.round(solution)):
                seen[j].add(int(value))
        if round(low.fun) == round(-high.fun):
            return [key]  # the caller frees one cell at a time, then asks again
    return []


def _tighten(bounds: dict[Key, tuple[float, float]], parts: list[Key], total: Key) -> list[Key]:
    """Narrow each cell's range using ``sum(parts) == total``; the cells whose range narrowed.
    The sums of the other parts' bounds are kept as running totals (an unbounded high counted
    apart), so a line of n cells costs n steps rather than n²."""
    changed: list[Key] = []
    low_sum = sum(bounds[p][0] for p in parts)  # lows are always finite
    unbounded = sum(1 for p in parts if bounds[p][1] == math.inf)
    high_sum = sum(bounds[p][1] for p in parts if bounds[p][1] != math.inf)
    t_low, t_high = bounds[total]
    new_total = (max(t_low, low_sum), min(t_high, math.inf if unbounded else high_sum))
    if new_total != (t_low, t_high):
        bounds[total] = new_total
        changed.append(total)
    t_low, t_high = new_total
    for p in parts:
        low, high = bounds[p]
        others_low = low_sum - low
        if high == math.inf:
            others_high = math.inf if unbounded > 1 else high_sum
        else:
            others_high = math.inf if unbounded else high_sum - high
        new = (max(low, t_low - others_high), min(high, t_high - others_low))
        if new != (low, high):
            bounds[p] = new
            changed.append(p)
            low_sum += new[0] - low
            if high == math.inf and new[1] != math.inf:
                unbounded -= 1
                high_sum += new[1]
            elif high != math.inf:
                high_sum += new[1] - high
    return changed


def _group(lines: list[tuple[list[Key], Key]], pinned: Key, hidden: set[Key]) -> set[Key]:
    """The cells on the lines that tie the pinned cell to others, directly or through other
    hidden cells."""
    reached = {pinned}
    while True:
        cells = {key for parts, total in lines if reached & {*parts, total} for key in [*parts, total]}
        if cells & hidden <= reached:
            return cells
        reached |= cells & hidden
