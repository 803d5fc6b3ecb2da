# SPDX-License-Identifier: AGPL-3.0-or-later
"""The search behind small-number suppression (``forlob.stats.suppression``): which counts to
hide, primary and secondary, so that no hidden count is pinned to one value by the published
cells and the table's equations. Interval reasoning first, then integer programming."""

from __future__ import annotations

import math
import time
from collections import deque

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

Key = tuple[int, int]


class OutOfTime(Exception):
    """The exact check did not finish within its time budget."""


def hidden_cells(
    values: dict[Key, int], lines: list[tuple[list[Key], Key]], limit: int, deadline: float | None = None
) -> tuple[set[Key], set[Key]]:
    """The counts to hide: those below ``limit`` (shown as "<5"), and those hidden as "x" (second
    cells, and the groups of a tiny table hidden whole). ``OutOfTime`` past ``deadline`` (a
    ``time.monotonic()`` value; None: no limit)."""
    primary = {key for key, value in values.items() if 0 < value < limit}
    secondary: set[Key] = set()
    blanket: set[Key] = set()  # hidden as "x" whatever their value, zeros included
    while True:
        if deadline is not None and time.monotonic() > deadline:
            raise OutOfTime
        # Interval reasoning is quick and finds most; the exact integer search finds the rest.
        pinned = _pinned(values, lines, primary, secondary, blanket, limit) or _pinned_exactly(
            values, lines, primary, secondary, blanket, limit, deadline
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
    return primary, secondary | blanket


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
    deadline: float | None = None,
) -> list[Key]:
    """The first hidden cell with only one possible whole-number value, found by minimising and
    maximising each over every table consistent with what is published (integer programming).
    ``OutOfTime`` when the search passes ``deadline`` (a ``time.monotonic()`` value)."""
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
        whole = np.ones(len(hidden))
        low = milp(objective, constraints=equations, integrality=whole, bounds=box, options=_left(deadline))
        high = milp(-objective, constraints=equations, integrality=whole, bounds=box, options=_left(deadline))
        if low.status == 1 or high.status == 1:
            raise OutOfTime  # stopped by the time limit: the cell may be pinned, so nothing is known
        if low.status != 0 or high.status != 0:
            continue  # no maximum: the cell is not pinned
        for solution in (low.x, high.x):
            for j, value in enumerate(np.round(solution)):
                seen[j].add(int(value))
        if round(low.fun) == round(-high.fun):
            return [key]  # the caller frees one cell at a time, then asks again
    return []


def _left(deadline: float | None) -> dict[str, float]:
    """The options of one integer program: the time left before ``deadline``, if any."""
    if deadline is None:
        return {}
    left = deadline - time.monotonic()
    if left <= 0:
        raise OutOfTime
    return {"time_limit": left}


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
