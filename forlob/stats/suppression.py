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
is shown as "x", zeros included.

The outcome depends on the counts alone, so it is remembered: in the process (a memo) and in the
database, shared by every worker and kept over restarts (``SuppressedTable``, filled at night by
``manage.py precompute_statistics``). The exact check has a time budget on the request path; a
table it cannot finish in time is shown with every non-zero count hidden, and not remembered."""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from forlob.stats.secondary import Key, OutOfTime, hidden_cells

__all__ = ["INTERNAL", "PUBLISHED", "Count", "Key", "OutOfTime", "Table"]

logger = logging.getLogger(__name__)

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
        else _published(rows, row_totals, column_totals, threshold())
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


# The version of the suppression's outcome, part of every stored table's digest: raise it when a
# change to the rules or the search gives another outcome for the same counts, and the tables
# stored by the old one are no longer looked up.
ALGORITHM = 1


@dataclass
class Tally:
    """How this process has answered published tables since it started (or since ``reset``):
    ``plain`` had no small count and needed no suppression, ``stored`` came from the store,
    ``solved`` were worked out here, ``fallbacks`` ran out of time; the rest came from the memo."""

    asked: int = 0
    plain: int = 0
    stored: int = 0
    solved: int = 0
    fallbacks: int = 0

    def reset(self) -> None:
        self.asked = self.plain = self.stored = self.solved = self.fallbacks = 0

    @property
    def remembered(self) -> int:
        return self.asked - self.plain - self.stored - self.solved - self.fallbacks


tally = Tally()
_tally_lock = threading.Lock()


def _count(name: str) -> None:
    with _tally_lock:
        setattr(tally, name, getattr(tally, name) + 1)


_SETTING = "setting"
_budget: ContextVar[float | str | None] = ContextVar("suppression_budget", default=_SETTING)


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Solve the tables suppressed inside the block with this time budget each (None: no limit),
    instead of ``FORLOB_SUPPRESSION_SECONDS``."""
    token = _budget.set(seconds)
    try:
        yield
    finally:
        _budget.reset(token)


def budget() -> float | None:
    """The time budget of one table's exact check here: the block's, else the setting (0 or less:
    no limit)."""
    chosen = _budget.get()
    if chosen == _SETTING:
        configured = float(getattr(settings, "FORLOB_SUPPRESSION_SECONDS", 1.0))
        return configured if configured > 0 else None
    return None if chosen is None else float(chosen)


def _published(counts: tuple[tuple[int, ...], ...], row_totals: bool, column_totals: bool, limit: int) -> Table:
    """The published view: nothing to do without a small count; else remembered, stored or solved;
    the safe fallback when the solution would take longer than the budget."""
    _count("asked")
    if not any(0 < v < limit for row in counts for v in row):
        # A margin of whole counts from 1 to limit - 1 has such a count among its parts: nothing hides.
        _count("plain")
        return _exact(counts, row_totals, column_totals)
    try:
        return _suppressed(counts, row_totals, column_totals, limit)
    except OutOfTime:
        _count("fallbacks")
        logger.warning(
            "Suppression of a %sx%s table ran out of its %s s: every non-zero count is hidden. "
            "The nightly precompute_statistics solves it.",
            len(counts),
            len(counts[0]) if counts else 0,
            budget(),
        )
        return fallback(counts, row_totals, column_totals)


def fallback(counts: tuple[tuple[int, ...], ...], row_totals: bool, column_totals: bool) -> Table:
    """Every non-zero count hidden as "x", margins included. A reader learns which counts are 0
    (a zero margin only says that its parts are 0, which they see) and that the rest are at least
    1: any hidden cell may be one more, with its totals, so no hidden count can be worked out."""
    exact = _exact(counts, row_totals, column_totals)

    def hide(count: Count) -> Count:
        return Count(None, secondary=True) if count.value else count

    return Table(
        cells=[[hide(c) for c in row] for row in exact.cells],
        row_totals=[hide(c) for c in exact.row_totals] if exact.row_totals is not None else None,
        column_totals=[hide(c) for c in exact.column_totals] if exact.column_totals is not None else None,
        grand_total=hide(exact.grand_total) if exact.grand_total is not None else None,
    )


def digest(counts: tuple[tuple[int, ...], ...], row_totals: bool, column_totals: bool, limit: int) -> str:
    """The key of a table in the store: the SHA-256 of its canonical JSON with the threshold and
    the algorithm's version."""
    canonical = json.dumps(
        {
            "algorithm": ALGORITHM,
            "column_totals": column_totals,
            "counts": [list(row) for row in counts],
            "limit": limit,
            "row_totals": row_totals,
        },
        separators=(",", ":"),
        sort_keys=True,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


@lru_cache(maxsize=1024)
def _suppressed(counts: tuple[tuple[int, ...], ...], row_totals: bool, column_totals: bool, limit: int) -> Table:
    """The suppression of one table, remembered per process (the memo) and in the shared store:
    the exact check behind it costs tens of milliseconds for a table with many small counts,
    which the same page, its exports, its other viewers and the other workers would otherwise pay
    again. A table that runs out of time raises ``OutOfTime``, which the memo does not keep."""
    key = digest(counts, row_totals, column_totals, limit)
    outline = _stored(key)
    if outline is not None:
        _count("stored")
        return rebuild(counts, row_totals, column_totals, outline)
    started = time.monotonic()
    table = solve(counts, row_totals, column_totals, limit, seconds=budget())
    _count("solved")
    _store(key, table, time.monotonic() - started)
    return table


def _stored(key: str) -> dict[str, object] | None:
    """The outline of a stored table, in one query on the primary database (which the store is
    written to, so a table just solved by another worker is found)."""
    from forlob.stats.models import SuppressedTable

    found = list(SuppressedTable.objects.using(DEFAULT_DB_ALIAS).filter(digest=key).values_list("shown", flat=True))
    return found[0] if found else None


def _store(key: str, table: Table, seconds: float) -> None:
    """Keep a solved table for every worker. Another worker storing the same table first is fine
    (the outcome is the same); a database that refuses the write (read-only, a replica) costs the
    next viewer a solution, never the page: the write has its own savepoint, so the caller's
    transaction goes on."""
    from forlob.stats.models import SuppressedTable

    row = SuppressedTable(digest=key, shown=outline(table), solved_at=timezone.now(), seconds=seconds)
    try:
        with transaction.atomic(using=DEFAULT_DB_ALIAS):
            SuppressedTable.objects.using(DEFAULT_DB_ALIAS).bulk_create([row], ignore_conflicts=True)
    except DatabaseError as error:
        logger.warning("A suppressed table could not be stored: %s", error)


def forget(*, store: bool = True) -> None:
    """Forget every suppression worked out: this process's memo and, unless ``store`` is False,
    the shared store (for a truly cold view in a benchmark; other processes keep their memos)."""
    from forlob.stats.models import SuppressedTable

    _suppressed.cache_clear()
    if store:
        SuppressedTable.objects.using(DEFAULT_DB_ALIAS).all().delete()


# How a stored outline marks each cell: shown, hidden as "<5", hidden as "x".
_SHOWN, _SMALL, _X = "0", "s", "x"


def outline(table: Table) -> dict[str, object]:
    """Which cells of a suppressed table are hidden, and how: one letter a cell, a string a row;
    the margins likewise (None where the table has none). No count is kept."""

    def mark(count: Count) -> str:
        return _SHOWN if not count.hidden else _X if count.secondary else _SMALL

    def line(counts: list[Count] | None) -> str | None:
        return None if counts is None else "".join(mark(c) for c in counts)

    return {
        "cells": [line(row) for row in table.cells],
        "rows": line(table.row_totals),
        "columns": line(table.column_totals),
        "grand": None if table.grand_total is None else mark(table.grand_total),
    }


def rebuild(
    counts: tuple[tuple[int, ...], ...], row_totals: bool, column_totals: bool, shown: dict[str, object]
) -> Table:
    """The suppressed table again, from its counts and its stored outline."""
    exact = _exact(counts, row_totals, column_totals)

    def apply(count: Count, letter: str) -> Count:
        return count if letter == _SHOWN else Count(None, secondary=letter == _X)

    def line(counts: list[Count] | None, letters: object) -> list[Count] | None:
        if counts is None:
            return None
        return [apply(c, letter) for c, letter in zip(counts, str(letters), strict=True)]

    cells = shown["cells"]
    assert isinstance(cells, list) and len(cells) == len(exact.cells)
    grand = shown["grand"]
    return Table(
        cells=[line(row, letters) or [] for row, letters in zip(exact.cells, cells, strict=True)],
        row_totals=line(exact.row_totals, shown["rows"]),
        column_totals=line(exact.column_totals, shown["columns"]),
        grand_total=apply(exact.grand_total, str(grand)) if exact.grand_total is not None else None,
    )


def solve(
    counts: tuple[tuple[int, ...], ...], row_totals: bool, column_totals: bool, limit: int, seconds: float | None = None
) -> Table:
    """Work the suppression of one table out, within ``seconds`` (None: no limit; ``OutOfTime``
    when the exact check takes longer)."""
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
    shown = suppress_counts(values, lines, limit, seconds=seconds)
    return Table(
        cells=[[shown[(r, c)] for c in range(n_cols)] for r in range(n_rows)],
        row_totals=[shown[(r, n_cols)] for r in range(n_rows)] if row_totals else None,
        column_totals=[shown[(n_rows, c)] for c in range(n_cols)] if column_totals else None,
        grand_total=shown[(n_rows, n_cols)] if row_totals and column_totals else None,
    )


def suppress_counts(
    values: dict[Key, int],
    lines: list[tuple[list[Key], Key]],
    limit: int | None = None,
    *,
    seconds: float | None = None,
) -> dict[Key, Count]:
    """Suppress counts tied by ``lines`` (parts that add up to a total), primary then secondary,
    with the threshold ``limit`` (the configured one unless given), within ``seconds`` (None: no
    limit; ``OutOfTime`` when the search takes longer)."""
    deadline = None if seconds is None else time.monotonic() + seconds
    primary, crossed = hidden_cells(values, lines, limit or threshold(), deadline)
    return {
        key: Count(None, secondary=key in crossed) if key in primary | crossed else Count(value)
        for key, value in values.items()
    }
