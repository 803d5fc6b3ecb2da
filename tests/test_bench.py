# SPDX-License-Identifier: AGPL-3.0-or-later
"""Small runs of the benchmarks, so they cannot rot: each builds its own throwaway database."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from forlob.common import bulk
from forlob.common.dates import today
from forlob.followup.models import FollowUp
from forlob.treatment.models import Course, Session

ROOT = Path(__file__).resolve().parent.parent


def run_bench(script: str, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    done = subprocess.run(  # noqa: S603 - our own benchmark
        [sys.executable, str(ROOT / "bench" / script), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_load_with_a_killed_worker_leaves_no_partial_write():
    out = run_bench("load_faults.py", "--users", "4", "--seconds", "6", "--citizens", "100")
    assert "worker replaced after" in out
    assert "partial writes: none" in out
    found = re.search(r"(\d+) answered, (\d+) in the database, (\d+) logged creations", out)
    assert found, out
    answered, stored, logged = (int(n) for n in found.groups())
    assert answered > 0
    assert answered == stored == logged


def test_national_benchmark_runs_small_and_each_report_runs_the_same_queries_at_every_size():
    # Two small steps, two scopes timed (every scope's counts are held against the baselines), one
    # round; without the import of history (its own tests) and the load test of the pages (it needs
    # the static files collected and compressed, 40 s); the pages are timed in the process.
    out = run_bench(
        "scale.py",
        *("--sqlite", "--courses", "600", "--fractions", "0.5", "1", "--runs", "1", "--scopes", "Enhed", "Danmark"),
        *("--load-seconds", "0", "--import-rows", "0"),
    )
    # Each baseline counted what Forløb's exact view counts, cell by cell, at each step and scope.
    assert out.count("same counts as the baselines, cell by cell: 7 reports × 5 scopes") == 2, out
    queries: dict[tuple[str, str], list[int]] = {}
    report_line = r"^(\w+)\s+(Enhed|Danmark)\s+(\d+)\s+\d+(?:\s+[\d.]+){7}\s+≤ [^:]+: (?:MET|NOT MET)$"
    for name, scope, count in re.findall(report_line, out, re.M):
        queries.setdefault((name, scope), []).append(int(count))
    reports = {
        "end_reasons_per_year",
        "started_and_completed",
        "treatment_guarantee",
        "follow_up_reach",
        "relatives_and_family_courses",
        "activity",
        "medical_treatment",
    }
    assert {name for name, _ in queries} == reports and len(queries) == 2 * len(reports), queries
    # The same queries at both sizes: one aggregate each, two for the guarantee (started or not)
    # and for the activity (sessions, and group attendance).
    expected = {name: [2 if name in ("treatment_guarantee", "activity") else 1] * 2 for name in reports}
    assert all(counts == expected[name] for (name, _scope), counts in queries.items()), queries
    pages: dict[str, list[int]] = {}
    for page, count in re.findall(r"^(\w[\w ]*\w)\s+(\d+)\s+[\d.]+$", out, re.M):
        pages.setdefault(page, []).append(int(count))
    assert set(pages) == {"Mit overblik", "Visitationskø", "Borgerside", "Forløbsside", "Opfølgning", "Statistik"}
    assert all(len(counts) == 2 and len(set(counts)) == 1 for counts in pages.values()), pages  # at every size
    assert out.count("generated ") == 2 and "growth exponent" in out and "× DuckDB" in out
    assert "goals met: " in out and "peak grew" in out
    assert "København 7 units, Aalborg 2, Læsø 1" in out  # units by inhabitants


# --- The national data set's bulk loader -------------------------------------------------------

sys.path.insert(0, str(ROOT / "bench"))
import national  # noqa: E402


def _schema() -> set[tuple[str, ...]]:
    """The indexes and (on PostgreSQL) the constraints of the tables the loader fills."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = ANY(%s::regclass[]) UNION SELECT tablename, indexname, indexdef FROM pg_indexes "
                "WHERE tablename = ANY(%s)",
                [national.LOADED_TABLES, national.LOADED_TABLES],
            )
        else:
            marks = ", ".join(["%s"] * len(national.LOADED_TABLES))
            cursor.execute(
                f"SELECT tbl_name, name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ({marks})",  # noqa: S608
                national.LOADED_TABLES,
            )
        return set(cursor.fetchall())


def _fingerprint() -> list[tuple[object, ...]]:
    """What a seed decides, without the database's ids, stamps and the CPR cipher's random IV."""
    return list(
        Course.objects.order_by("citizen__cpr_hash", "started_on", "offer_type").values_list(
            "citizen__cpr_hash",
            "citizen__municipality__code",
            "unit__institution_code",
            "offer_type",
            "started_on",
            "ended_on",
            "end_reason",
            "request__received_on",
            "request__deadline",
        )
    ) + list(
        Session.objects.order_by(
            "course__citizen__cpr_hash", "course__started_on", "held_on", "start_time", "kind"
        ).values_list("course__citizen__cpr_hash", "held_on", "start_time", "kind", "attendance")
    )


@pytest.mark.django_db
def test_the_national_loader_restores_every_index_and_constraint_and_repeats_itself_from_a_seed():
    world = national.setup_organisation(today())
    schema = _schema()
    runs = []
    for seed in (7, 7, 8):
        with transaction.atomic():
            national.add_courses(dict(world), 300, 0, seed)
            assert _schema() == schema  # dropped for the load, every one made again
            runs.append(_fingerprint())
            transaction.set_rollback(True)
    assert len(runs[0]) > 300 and runs[0] == runs[1]  # the same seed: the same courses and sessions
    assert runs[2] != runs[0]


@pytest.mark.django_db
def test_a_row_that_breaks_a_constraint_fails_the_load():
    world = national.setup_organisation(today())
    unit_id = world["units"][0][0]
    follow_up = {"unit_id": unit_id, "months": 3, "due_on": today(), "assigned_to_id": world["admin"]}
    follow_up |= {"status": "open", "max_attempts": 3, "created_at": timezone.now()}
    # Two follow-ups of one course and month, loaded while the unique index is away: the index
    # made again at the end of the load refuses them, and the load is rolled back whole.
    with pytest.raises(IntegrityError), transaction.atomic(), national.checked_after_load(national.LOADED_TABLES):
        national.add_courses(dict(world), 100, 0, 1)
        course_id, citizen_id = Course.objects.values_list("pk", "citizen_id").first()
        bulk.insert_rows(FollowUp, [follow_up | {"course_id": course_id, "citizen_id": citizen_id}] * 2)
    assert not Course.objects.exists()


def test_a_served_sqlite_database_moved_away_is_not_made_anew_and_readyz_says_so():
    out = run_bench("health_faults.py")
    assert "checks failed: 0" in out, out
    assert out.count("ok: ") == 8, out


def test_pages_keep_answering_while_an_import_commits_in_slices_on_sqlite():
    out = run_bench("import_slices.py", "--rows", "3000")
    assert "3000 rows imported" in out and "(3 slices)" in out, out
    found = re.search(r"pages during the import: (\d+), failed: (\d+)", out)
    assert found and found.group(2) == "0", out
