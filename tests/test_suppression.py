# SPDX-License-Identifier: AGPL-3.0-or-later
"""Small-number suppression: counts 1-4 hidden, zeros kept, and no hidden count recoverable from
what is published (cells, row and column totals)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forlob.stats.suppression import INTERNAL, Count, Table, share, suppress_table

# A published table is looked up in, and written to, the shared store of suppressed tables.
pytestmark = pytest.mark.django_db


def published(table: Table) -> list[list[str]]:
    """The table as a reader sees it, margins included: the last column and row are the totals
    (where the table has them; the grand total where it has both)."""
    rows = [[str(c) for c in cells] for cells in table.cells]
    if table.row_totals is not None:
        rows = [[*row, str(t)] for row, t in zip(rows, table.row_totals, strict=True)]
    if table.column_totals is not None:
        grand = [str(table.grand_total)] if table.grand_total is not None else []
        rows.append([*(str(c) for c in table.column_totals), *grand])
    return rows


def test_counts_one_to_four_are_hidden_and_zero_stays_zero():
    table = suppress_table([[0, 3, 12]], column_totals=False)
    assert [str(c) for c in table.cells[0]] == ["0", "<5", "x"]
    assert (table.cells[0][1].value, table.cells[0][2].value) == (None, None)
    # The row total 15 is published; with 12 shown the 3 would follow, so the 12 is hidden too.
    assert str(table.row_totals[0]) == "15"


def test_no_margins_means_no_secondary_suppression():
    table = suppress_table([[0, 3, 12], [5, 6, 7]], row_totals=False, column_totals=False)
    assert published_cells(table) == [["0", "<5", "12"], ["5", "6", "7"]]


def published_cells(table: Table) -> list[list[str]]:
    return [[str(c) for c in row] for row in table.cells]


def test_a_table_worked_out_by_hand():
    # 6 3 | 9       The 3 is hidden. Its row total 9 and column total 10 would give it away,
    # 7 8 | 15      so a second cell in its row (6) and in its column (7) is hidden, and the
    # ----+---      8 closes the rectangle: every hidden cell has a partner in each line.
    # 13 11 | 24
    table = suppress_table([[6, 3], [7, 8]])
    assert published(table) == [["x", "<5", "9"], ["x", "x", "15"], ["13", "11", "24"]]


def test_a_tiny_table_is_hidden_whole():
    # 0 0 1 | 1    Every count is below 5. Shown as "<5", the margins would still pin the cells:
    # 1 1 1 | 3    the grand total must be 4, so the first row's 1 follows. The whole table is x.
    table = suppress_table([[0, 0, 1], [1, 1, 1]])
    assert {text for row in published(table) for text in row} == {"x"}


def test_shares_from_hidden_counts_are_hidden():
    table = suppress_table([[6, 3], [7, 8]])
    assert share(table.row_totals[0], table.grand_total) == 100 * 9 / 24
    assert share(table.cells[0][1], table.row_totals[0]) is None
    assert share(table.column_totals[0], suppress_table([[0]]).cells[0][0]) is None  # never divide by 0


def recoverable(table: Table, truth: list[list[int]], window: int = 3) -> list[tuple[int, int]]:
    """The hidden cells a reader can work out: those for which no table consistent with what is
    published gives them another value. A reader knows that "<5" is 1-4 and nothing of an "x"
    (searched near the true value). Depth-first, checking each row and column as it fills up.
    Lines are the rows (with a row total) and the columns (with a column total)."""
    grid = published(table)
    rows, columns = table.row_totals is not None, table.column_totals is not None
    full = [[*row, sum(row)] if rows else list(row) for row in truth]
    if columns:
        full.append([sum(col) for col in zip(*full, strict=True)])
    height, width = len(grid), len(grid[0])
    lines = [[(r, c) for c in range(width)] for r in range(height)] if rows else []
    lines += [[(r, c) for r in range(height)] for c in range(width)] if columns else []
    hidden = [(r, c) for r, row in enumerate(grid) for c, text in enumerate(row) if not text.isdigit()]
    options = {
        (r, c): range(1, 5) if grid[r][c].startswith("<") else range(max(0, full[r][c] - window), full[r][c] + window)
        for r, c in hidden
    }
    trial = {(r, c): int(text) for r, row in enumerate(grid) for c, text in enumerate(row) if text.isdigit()}

    def holds(line: list[tuple[int, int]]) -> bool:
        """The line's parts add up to its total, or, while some are open, do not exceed it."""
        if line[-1] not in trial:
            return True
        filled = sum(trial[cell] for cell in line[:-1] if cell in trial)
        if any(cell not in trial for cell in line[:-1]):
            return filled <= trial[line[-1]]
        return filled == trial[line[-1]]

    def another(order: list[tuple[int, int]], i: int = 0) -> bool:
        if i == len(order):
            return True
        cell = order[i]
        values = [v for v in options[cell] if i > 0 or v != full[cell[0]][cell[1]]]
        for value in values:
            trial[cell] = value
            if all(holds(line) for line in lines if cell in line) and another(order, i + 1):
                del trial[cell]
                return True
        del trial[cell]
        return False

    return [cell for cell in hidden if not another([cell, *(c for c in hidden if c != cell)])]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.integers(0, 12), min_size=2, max_size=3), min_size=2, max_size=3))
def test_no_hidden_count_can_be_worked_out_from_the_published_table(rows):
    width = min(len(r) for r in rows)
    truth = [r[:width] for r in rows]
    table = suppress_table(truth)
    for text_row, true_row in zip(published(table), [[*r, sum(r)] for r in truth], strict=False):
        for text, value in zip(text_row, true_row, strict=False):
            assert text == str(value) or not text.isdigit()  # what is shown is true
            if 0 < value < 5:
                assert not text.isdigit()  # every small count is hidden
    assert recoverable(table, truth) == [], (truth, published(table))


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.lists(st.integers(0, 9), min_size=3, max_size=3), min_size=2, max_size=4),
    st.sampled_from([(True, False), (False, True)]),
)
def test_with_one_margin_no_hidden_count_can_be_worked_out_either(rows, margins):
    """Most reports publish yearly totals only (column totals) or row totals only."""
    table = suppress_table(rows, row_totals=margins[0], column_totals=margins[1])
    assert recoverable(table, rows) == [], (rows, margins, published(table))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(st.integers(0, 12), min_size=2, max_size=3), min_size=2, max_size=3))
def test_no_published_share_tells_a_hidden_count(rows):
    """A share is published only from two published counts with a base of at least 5: a share of
    a hidden part of a published whole would give the part away (1 of 20 is 5 %)."""
    width = min(len(r) for r in rows)
    table = suppress_table([r[:width] for r in rows])
    for cells, total in zip(table.cells, table.row_totals or [], strict=True):
        for cell in cells:
            shown = share(cell, total)
            assert shown is None or (not cell.hidden and not total.hidden and (total.value or 0) >= 5)


def test_the_internal_view_is_exact_with_every_margin():
    table = suppress_table([[6, 3], [0, 1]], view=INTERNAL)
    assert published(table) == [["6", "3", "9"], ["0", "1", "1"], ["6", "4", "10"]]
    assert table.view == INTERNAL and not table.suppressed
    # A share is still hidden below a base of 5: 1 of 1 says nothing.
    assert share(table.cells[1][1], table.row_totals[1]) is None
    assert share(table.cells[0][0], table.row_totals[0]) == 100 * 6 / 9


def test_a_remembered_suppression_is_a_fresh_copy_and_follows_the_threshold(settings):
    first = suppress_table([[1, 7], [8, 9]])
    first.cells[0][0] = Count(99)  # a caller changing its copy
    again = suppress_table([[1, 7], [8, 9]])
    assert again.cells[0][0].hidden and again.cells[0][1].hidden  # 1 is <5, and 7 hides with it
    settings.SUPPRESSION_THRESHOLD = 10
    assert all(c.hidden for row in suppress_table([[1, 7], [8, 9]]).cells for c in row)
