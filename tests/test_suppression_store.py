# SPDX-License-Identifier: AGPL-3.0-or-later
"""The shared store of suppressed tables: a second worker reads a table in one query and solves
nothing; a table stored twice, or a store that refuses the write, still answers; what the store
gives back is what was solved; a search out of time answers with a fallback that hides every
non-zero count and is not stored; the nightly precompute fills the store and a second run solves
nothing."""

import json
import logging
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from forlob.audit.models import AccessLogEntry
from forlob.common.dates import today
from forlob.organisations.models import Unit
from forlob.stats import suppression
from forlob.stats.models import SuppressedTable
from forlob.stats.precompute import after_import, all_scopes
from forlob.stats.suppression import digest, fallback, outline, rebuild, solve, suppress_table, time_budget
from forlob.treatment.actions import import_courses
from forlob.treatment.hooks import courses_imported
from forlob.treatment.models import Course, EndReason
from tests.conftest import CPR_2, new_citizen, new_course
from tests.test_suppression import published, recoverable

# 3 is below 5: hidden, and the margins would give it away, so a second cell in its row and column
# is hidden too (tests/test_suppression.py works this table out by hand).
SMALL = [[6, 3], [7, 8]]
SMALL_PUBLISHED = [["x", "<5", "9"], ["x", "x", "15"], ["13", "11", "24"]]


@pytest.fixture
def cold(db):
    """No table remembered by this process (the memo outlives a test's rolled-back store)."""
    suppression.forget(store=False)
    suppression.tally.reset()
    yield
    suppression.forget(store=False)


def key(counts, row_totals=True, column_totals=True):
    return digest(tuple(tuple(row) for row in counts), row_totals, column_totals, 5)


def test_a_second_worker_reads_the_stored_table_in_one_query_and_solves_nothing(cold):
    first = suppress_table(SMALL)
    assert published(first) == SMALL_PUBLISHED
    assert suppression.tally.solved == 1 and SuppressedTable.objects.count() == 1
    stored = SuppressedTable.objects.get()
    assert stored.digest == key(SMALL) and len(stored.digest) == 64
    # Only which cells are hidden is kept, never a count.
    assert stored.shown == {"cells": ["xs", "xx"], "rows": "00", "columns": "00", "grand": "0"}

    suppression.forget(store=False)  # another worker, or this one after a restart
    with CaptureQueriesContext(connection) as queries:
        again = suppress_table(SMALL)
    assert len(queries) == 1 and "stats_suppressedtable" in queries[0]["sql"]
    assert suppression.tally.solved == 1 and suppression.tally.stored == 1
    assert again == first

    with CaptureQueriesContext(connection) as queries:  # and then from the process's memo
        assert suppress_table(SMALL) == first
    assert len(queries) == 0 and suppression.tally.remembered == 1


def test_a_table_without_small_counts_needs_neither_the_store_nor_a_solution(cold):
    with CaptureQueriesContext(connection) as queries:
        table = suppress_table([[0, 5], [12, 7]])
    assert published(table) == [["0", "5", "5"], ["12", "7", "19"], ["12", "12", "24"]]
    assert len(queries) == 0 and suppression.tally.plain == 1 and SuppressedTable.objects.count() == 0


def test_a_table_another_worker_stored_first_is_not_stored_twice(cold):
    # The other worker's row is there already (it won the race): this worker's insert is ignored.
    solved = solve(((6, 3), (7, 8)), True, True, 5)
    SuppressedTable.objects.create(digest=key(SMALL), shown=outline(solved), solved_at=timezone.now(), seconds=0.25)
    suppression._store(key(SMALL), solved, 0.5)
    suppression._store(key(SMALL), solved, 0.75)
    assert list(SuppressedTable.objects.values_list("seconds", flat=True)) == [0.25]
    suppression.forget(store=False)
    assert published(suppress_table(SMALL)) == SMALL_PUBLISHED and suppression.tally.stored == 1


REFUSE = {
    "sqlite": [
        "CREATE TRIGGER stats_store_read_only BEFORE INSERT ON stats_suppressedtable "
        "BEGIN SELECT RAISE(ABORT, 'read-only'); END"
    ],
    "postgresql": [
        "CREATE FUNCTION stats_store_read_only() RETURNS trigger AS $$ "
        "BEGIN RAISE EXCEPTION 'read-only'; END $$ LANGUAGE plpgsql",
        "CREATE TRIGGER stats_store_read_only BEFORE INSERT ON stats_suppressedtable "
        "FOR EACH ROW EXECUTE FUNCTION stats_store_read_only()",
    ],
}


def test_a_store_that_refuses_the_write_still_answers_and_the_transaction_goes_on(cold, world, caplog):
    with connection.cursor() as cursor:
        for statement in REFUSE[connection.vendor]:
            cursor.execute(statement)
    with caplog.at_level(logging.WARNING, logger="forlob.stats.suppression"):
        table = suppress_table(SMALL)
    assert published(table) == SMALL_PUBLISHED
    assert "could not be stored" in caplog.text
    # The refused write was rolled back to its own savepoint: the caller's transaction still works.
    assert SuppressedTable.objects.count() == 0 and Unit.objects.count() == 2


tables = st.integers(1, 4).flatmap(
    lambda width: st.lists(st.lists(st.integers(0, 12), min_size=width, max_size=width), min_size=1, max_size=4)
)


@settings(max_examples=150, deadline=None)
@given(tables, st.booleans(), st.booleans())
def test_a_table_rebuilt_from_its_stored_outline_is_the_table_solved(rows, row_totals, column_totals):
    counts = tuple(tuple(row) for row in rows)
    solved = solve(counts, row_totals, column_totals, 5)
    kept = json.loads(json.dumps(outline(solved)))  # as the JSON column gives it back
    assert rebuild(counts, row_totals, column_totals, kept) == solved


@pytest.mark.django_db
@settings(max_examples=40, deadline=None)
@given(tables, st.booleans(), st.booleans())
def test_a_table_read_from_the_store_is_the_table_solved(rows, row_totals, column_totals):
    suppression.forget(store=False)
    solved = suppress_table(rows, row_totals=row_totals, column_totals=column_totals)
    suppression.forget(store=False)
    before = suppression.tally.solved
    assert suppress_table(rows, row_totals=row_totals, column_totals=column_totals) == solved
    assert suppression.tally.solved == before  # read, not solved again


def test_out_of_time_every_non_zero_count_is_hidden_and_nothing_is_stored(cold, caplog):
    rows = [[6, 3, 0], [0, 0, 0], [7, 8, 1]]
    with time_budget(0.0), caplog.at_level(logging.WARNING, logger="forlob.stats.suppression"):
        table = suppress_table(rows)
    assert published(table) == [["x", "x", "0", "x"], ["0", "0", "0", "0"], ["x", "x", "x", "x"], ["x", "x", "x", "x"]]
    assert "ran out of its 0.0 s" in caplog.text
    assert suppression.tally.fallbacks == 1 and SuppressedTable.objects.count() == 0
    assert recoverable(table, rows) == []
    # Not remembered either: with time, the same table is solved and stored.
    assert suppress_table(rows).cells[0][0].hidden and suppression.tally.solved == 1
    assert SuppressedTable.objects.count() == 1


def test_the_setting_is_the_budget_on_a_page(cold, settings):
    settings.FORLOB_SUPPRESSION_SECONDS = 1e-9
    assert suppression.budget() == 1e-9
    assert published(suppress_table(SMALL)) == [["x", "x", "x"], ["x", "x", "x"], ["x", "x", "x"]]
    assert suppression.tally.fallbacks == 1 and SuppressedTable.objects.count() == 0
    settings.FORLOB_SUPPRESSION_SECONDS = 0  # no limit
    assert suppression.budget() is None
    with time_budget(None):
        assert suppression.budget() is None


# As small as tests/test_suppression.py's: the brute-force reader tries every value near each x.
small_tables = st.integers(1, 3).flatmap(
    lambda width: st.lists(st.lists(st.integers(0, 12), min_size=width, max_size=width), min_size=1, max_size=3)
)


@settings(max_examples=40, deadline=None)
@given(small_tables, st.booleans(), st.booleans())
def test_the_fallback_lets_no_hidden_count_be_worked_out(rows, row_totals, column_totals):
    counts = tuple(tuple(row) for row in rows)
    table = fallback(counts, row_totals, column_totals)
    for cells, truth in zip(table.cells, rows, strict=True):
        assert all(cell.hidden == (value > 0) for cell, value in zip(cells, truth, strict=True))
    assert recoverable(table, rows) == [], (rows, published(table))


def with_small_counts(world) -> None:
    """Three courses at Faxe this year, two of them ended: every count of them is below 5."""
    for n, cpr in enumerate(["0101801234", CPR_2, "0202021234"]):
        course = new_course(world, new_citizen(world, cpr=cpr), started_on=today() - timedelta(days=40 + n))
        if n < 2:
            Course.objects.filter(pk=course.pk).update(
                ended_on=today() - timedelta(days=5), end_reason=EndReason.values[n]
            )


def lines_of(**options) -> list[str]:
    out = StringIO()
    call_command("precompute_statistics", stdout=out, **options)
    return out.getvalue().splitlines()


def numbers(lines: list[str]) -> list[int]:
    """The whole numbers in the command's output (its words are translated)."""
    return [int(word.strip(".,:")) for line in lines for word in line.split() if word.strip(".,:").isdigit()]


def test_the_nightly_run_fills_the_store_and_a_second_run_solves_nothing(cold, world):
    with_small_counts(world)
    logged = AccessLogEntry.objects.count()
    first = lines_of()
    solved = suppression.tally.solved
    assert solved > 0 and SuppressedTable.objects.count() == solved
    # Scopes; tables and reports (and seconds); solved, stored, plain, the same again, out of time.
    # No third line: no report was skipped.
    assert len(first) == 3, first
    t = suppression.tally
    assert numbers([first[0]]) == [len(all_scopes())] and numbers([first[1]])[0] == t.asked
    assert numbers([first[2]]) == [solved, 0, t.plain, t.remembered, 0]

    suppression.tally.reset()
    second = lines_of()
    assert suppression.tally.solved == 0 and suppression.tally.stored == solved
    assert numbers([second[2]])[:2] == [0, solved]
    assert SuppressedTable.objects.count() == solved
    # Aggregates only: no person was looked at.
    assert AccessLogEntry.objects.count() == logged


def test_one_scope_at_a_time_and_an_unknown_scope_is_refused(cold, world):
    with_small_counts(world)
    assert lines_of(scope=[f"unit:{world.aalborg.pk}"])[0].startswith("1 ")
    assert SuppressedTable.objects.count() == 0  # Aalborg has nothing to hide
    lines_of(scope=[f"unit:{world.faxe.pk}", "country"])
    assert SuppressedTable.objects.count() > 0
    with pytest.raises(CommandError):
        lines_of(scope=["unit:999999"])


def test_an_import_committed_sends_its_units_and_stats_precomputes_them(
    cold, world, django_capture_on_commit_callbacks
):
    world.faxe.institution_code = "3502"
    world.faxe.save()
    sent: list[list[int]] = []

    def listen(sender, unit_ids, **kwargs):
        sent.append(unit_ids)

    courses_imported.connect(listen)
    try:
        text = f"institutionskode;cpr;tilbud;hovedrusmiddel;startdato\n3502;0101801234;ambulant;alkohol;{today()}"
        with django_capture_on_commit_callbacks(execute=True):
            result = import_courses(world.actor(world.leder), "forloeb.csv", text.encode(), commit=True)
    finally:
        courses_imported.disconnect(listen)
    assert result.committed and sent == [[world.faxe.pk]]
    # The receiver stats connected has suppressed Faxe's, its municipalities' and the country's
    # tables: one course this year is a count below 5.
    assert SuppressedTable.objects.count() > 0
    suppression.forget()
    after_import(Course, unit_ids=[world.faxe.pk])
    assert SuppressedTable.objects.count() > 0
