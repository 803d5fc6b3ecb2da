# SPDX-License-Identifier: AGPL-3.0-or-later
"""Benchmark at national scale (``make bench``): builds the synthetic national data set
(bench/national.py, every municipality's share of the courses by its inhabitants) in a scratch
database in three steps, 10 %, 30 % and 100 % of --courses, and at each step times the statistics
reports for five scopes: Aalborg's first unit, the citizens of Aalborg, of København (the largest
municipality) and of Læsø (the smallest), and the whole country:

- through Forløb (the scoped ORM aggregates and the suppression function, as the pages call
  them), cold, at a new process's first view and warm (see ``forget_suppression``),
- against the same aggregate written by hand in SQL on the same database, as a competent engineer
  would for the scope (the baseline; each is first asserted to count exactly what Forløb's internal
  view counts, cell by cell). The goals: a unit's or municipality's first view ≤ 1.5× the SQL
  + 10 ms, the country's ≤ 1.2×; each line says MET or NOT MET,
- and, at 100 %, against DuckDB scanning the same rows exported to Parquet (the analytical limit).

It prints rows per second for the generator, milliseconds and ratios for the reports, the
number of queries each report runs (the same at every size), and the growth exponent of each
report's time against the data (≤ 1: time grows no faster than the data). Then it imports
--import-rows rows of history (bench/import_courses.py) and migrates as many into the
data-controller boundary (bench/boundary_migration.py), each in a database of its own.

    .venv/bin/python bench/scale.py [--courses 300000] [--runs 5] [--sqlite] [--seed 2026]

PostgreSQL by default: the database named by BENCH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/forlob_bench) is dropped and created. --sqlite uses a scratch
SQLite file instead.
"""

from __future__ import annotations

import argparse
import math
import os
import subprocess
import sys
import tempfile
import time
import warnings
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import median_ms, medians_ms, page_urls, peak_memory

FRACTIONS = (0.1, 0.3, 1.0)
FIRST_YEAR, LAST_YEAR = 2016, 2026


def scratch_database(use_sqlite: bool, name: str = "") -> str:
    """A new empty database: a SQLite file, or the PostgreSQL database of BENCH_DATABASE_URL (or
    ``name`` on the same server), dropped and created."""
    if use_sqlite:
        return f"sqlite:///{tempfile.mkdtemp(prefix='forlob-scale-')}/scale.sqlite3"
    import psycopg

    url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/forlob_bench")
    base, own = url.rsplit("/", 1)
    name = name or own
    url = f"{base}/{name}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return url


def own_queries(queries: Any) -> int:
    """The report's own queries: not the suppression store's look-ups and writes, which depend on
    whether a table holds small counts, not on the size of the data."""
    from forlob.stats.models import SuppressedTable

    store = SuppressedTable._meta.db_table
    control = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")
    own = [q["sql"] for q in queries.captured_queries if store not in q["sql"]]
    if os.environ.get("BENCH_SHOW_QUERIES"):
        print(own)
    return sum(1 for sql in own if not sql.lstrip().upper().startswith(control))


def forget_suppression(store: bool) -> None:
    """Forget the suppressions worked out so far: always this process's memo; with ``store`` also
    the store shared by every process (precomputed suppressions). The three modes of a report's
    timing: *cold*, nothing remembered (both forgotten); *first view*, a new process or worker
    after the precompute (the memo forgotten, the store filled); *warm*, the same process again
    (nothing forgotten)."""
    from forlob.stats import suppression

    suppression.forget(store=store)


# The reports' aggregates written by hand, as a competent engineer would for each scope. ``{year}(x)``
# is the dialect's year of a date, ``{month}(x)`` its month, ``{days}(a, b)`` the days from b to a;
# ``{scope}`` joins and filters the main table ``c`` to the scope, ``{unit_scope}`` the follow-ups
# to the scope's units. Parameters by name: start, end, day (today), first (a year ago), scope.
PERIOD = "BETWEEN %(start)s AND %(end)s"
GUARANTEE = (
    "SELECT {year}(c.received_on) AS y, CASE "
    "WHEN c.first IS NOT NULL AND c.first <= c.deadline THEN 'in_time' "
    "WHEN c.first IS NOT NULL THEN 'late' WHEN c.status <> 'open' THEN 'not_started' "
    "WHEN c.deadline < %(day)s THEN 'waiting_late' ELSE 'waiting' END AS state, "
    "{days}(c.first, c.received_on) AS wait, COUNT(*) FROM ({requests}) c GROUP BY y, state, wait"
)
BASELINES: dict[str, str | dict[str, str]] = {
    "end_reasons_per_year": (
        "SELECT c.end_reason, {year}(c.ended_on) AS y, COUNT(*) FROM treatment_course c {scope} "
        f"AND c.ended_on {PERIOD} GROUP BY c.end_reason, y"
    ),
    "started_and_completed": (
        "SELECT {year}(c.started_on) AS y, "
        "SUM(CASE WHEN c.end_reason = 'completed' THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN c.ended_on IS NOT NULL AND c.end_reason <> 'completed' THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN c.ended_on IS NULL THEN 1 ELSE 0 END) "
        f"FROM treatment_course c {{scope}} AND c.started_on {PERIOD} GROUP BY y"
    ),
    "treatment_guarantee": {
        # The whole country: every request's first start, grouped once, then joined.
        "country": GUARANTEE.replace(
            "{requests}",
            "SELECT c.received_on, c.deadline, c.status, s.first FROM treatment_request c LEFT JOIN "
            "(SELECT request_id, MIN(started_on) AS first FROM treatment_course GROUP BY request_id) s "
            f"ON s.request_id = c.id {{scope}} AND c.received_on {PERIOD}",
        ),
        # A unit or a municipality: the scope's requests, each with its first start by the index.
        "scoped": GUARANTEE.replace(
            "{requests}",
            "SELECT c.received_on, c.deadline, c.status, (SELECT MIN(f.started_on) FROM treatment_course f "
            f"WHERE f.request_id = c.id) AS first FROM treatment_request c {{scope}} AND c.received_on {PERIOD}",
        ),
    },
    "follow_up_reach": (
        "SELECT {month}(c.due_on) AS m, "
        "SUM(CASE WHEN c.status = 'reached' THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN c.status = 'not_reached' THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN c.status = 'open' THEN 1 ELSE 0 END) "
        "FROM followup_followup c {unit_scope} AND c.due_on BETWEEN %(first)s AND %(day)s "
        "AND c.status <> 'cancelled' GROUP BY m"
    ),
    "relatives_and_family_courses": (
        "SELECT c.offer_type, {year}(c.started_on) AS y, COUNT(*) FROM treatment_course c {scope} "
        f"AND c.offer_type IN ('relatives', 'family') AND c.started_on {PERIOD} GROUP BY c.offer_type, y"
    ),
    "activity": (
        "SELECT s.kind, s.attendance, COUNT(*) FROM treatment_session s JOIN treatment_course c "
        f"ON c.id = s.course_id {{scope}} AND s.held_on {PERIOD} GROUP BY s.kind, s.attendance "
        "UNION ALL SELECT 'group', g.attendance, COUNT(*) FROM treatment_groupattendance g "
        "JOIN treatment_session s ON s.id = g.session_id JOIN treatment_course c ON c.id = g.course_id "
        f"{{scope}} AND s.held_on {PERIOD} GROUP BY g.attendance"
    ),
    "medical_treatment": (
        "SELECT c.main_substance, COUNT(*), SUM(c.medication), SUM(c.detox), "
        "SUM(CASE WHEN c.medication + c.detox > 0 THEN 1 ELSE 0 END) FROM (SELECT c.main_substance, "
        "CASE WHEN EXISTS (SELECT 1 FROM medical_medication m WHERE m.course_id = c.id "
        "AND m.started_on <= %(end)s AND (m.stopped_on IS NULL OR m.stopped_on >= %(start)s)) "
        "THEN 1 ELSE 0 END AS medication, "
        "CASE WHEN EXISTS (SELECT 1 FROM medical_detoxepisode d WHERE d.course_id = c.id "
        "AND d.started_on <= %(end)s AND (d.ended_on IS NULL OR d.ended_on >= %(start)s)) THEN 1 ELSE 0 END AS detox "
        "FROM treatment_course c {scope} AND c.started_on <= %(end)s "
        "AND (c.ended_on IS NULL OR c.ended_on >= %(start)s)) c GROUP BY c.main_substance"
    ),
}
# The reports of forlob/stats/reports/ without a hand-written baseline here.
WITHOUT_BASELINE = [
    "children_affected",
    "outcome_change",
    "breakdown (age, sex, target group, referral)",
    "family",
    "method_place",
    "screening",
    "psychiatry",
    "coordination",
    "registration",
    "prevention",
    "training",
]
DUCKDB_REPORTS = ["end_reasons_per_year", "started_and_completed", "treatment_guarantee", "follow_up_reach"]


DIALECTS = {
    "sqlite": {
        "year": "CAST(strftime('%%Y', {}) AS INTEGER)",
        "month": "strftime('%%Y-%%m', {})",
        "days": "CAST(julianday({}) - julianday({}) AS INTEGER)",
    },
    "postgresql": {"year": "EXTRACT(YEAR FROM {})", "month": "date_trunc('month', {})", "days": "({} - {})"},
    "duckdb": {"year": "year({})", "month": "date_trunc('month', {})", "days": "date_diff('day', {1}, {0})"},
}


def render(template: str, dialect: str, scope: str, unit_scope: str) -> str:
    """Fill the dialect's functions into a baseline: ``{year}(x)`` becomes the dialect's year of x."""
    import re

    forms = DIALECTS[dialect]
    text = template.replace("{scope}", scope).replace("{unit_scope}", unit_scope)
    for name, form in forms.items():
        pattern = re.compile(r"\{" + name + r"\}\(([^(),]+(?:,\s*[^(),]+)?)\)")
        text = pattern.sub(lambda m, form=form: form.format(*[a.strip() for a in m.group(1).split(",")]), text)
    if dialect == "duckdb":
        text = re.sub(r"%\((\w+)\)s", r"$\1", text.replace("%%", "%"))
    return text


def exact_grid(name: str, rows: list[tuple[Any, ...]], years: list[int], months: list[date]) -> list[list[int]]:
    """A baseline's rows laid out as the cells of the report's table, to hold against Forløb's
    exact (internal) view."""
    from forlob.stats.reports.activity import ACTIVITY_COLUMNS
    from forlob.stats.reports.follow_up import COLUMNS
    from forlob.stats.reports.guarantee import GUARANTEE_COLUMNS
    from forlob.treatment.models import EndReason, OfferType, SessionKind
    from forlob.treatment.models import Substance as Substances

    found: dict[Any, int] = {}

    def add(key: Any, n: Any) -> None:
        found[key] = found.get(key, 0) + int(n or 0)

    if name in ("end_reasons_per_year", "relatives_and_family_courses"):
        for what, year, n in rows:
            add((what, int(year)), n)
        kinds = EndReason.values if name == "end_reasons_per_year" else [OfferType.RELATIVES, OfferType.FAMILY]
        return [[found.get((kind, year), 0) for year in years] for kind in kinds]
    if name == "treatment_guarantee":
        for year, state, _wait, n in rows:
            add((int(year), state), n)
        return [[found.get((year, state), 0) for state in GUARANTEE_COLUMNS] for year in years]
    if name == "activity":
        groups = {}
        for kind, attendance, n in rows:
            if kind == "group":
                groups[attendance] = int(n)
            else:
                add((kind, attendance), n)
        found |= {("group", a): n for a, n in groups.items()}  # a group's row is its attendance
        return [[found.get((kind, a), 0) for a in ACTIVITY_COLUMNS] for kind in SessionKind.values]
    if name == "medical_treatment":
        by = {row[0]: [int(v or 0) for v in row[1:]] for row in rows}
        return [by.get(s, [0, 0, 0, 0]) for s in [*Substances.values, ""]]
    columns = 3
    by_key = {}
    for key, *values in rows:  # started_and_completed by year, follow_up_reach by month
        by_key[int(key) if name == "started_and_completed" else str(key)[:7]] = [int(v or 0) for v in values]
    keys: list[Any] = years if name == "started_and_completed" else [f"{m:%Y-%m}" for m in months]
    assert len(COLUMNS) == columns
    return [by_key.get(key, [0] * columns) for key in keys]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--courses", type=int, default=300_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--sqlite", action="store_true")
    parser.add_argument("--no-duckdb", action="store_true")
    parser.add_argument("--load-seconds", type=float, default=20, help="per level of users; 0: no load test")
    parser.add_argument("--users", type=int, nargs="+", default=[1, 10, 50])
    parser.add_argument("--import-rows", type=int, default=100_000, help="rows of history to import; 0: none")
    parser.add_argument(
        "--fractions", type=float, nargs="+", default=list(FRACTIONS), help="the steps, as fractions of --courses"
    )
    parser.add_argument("--reports", nargs="+", default=list(BASELINES), help="the reports to time")
    parser.add_argument(
        "--scopes",
        nargs="+",
        default=["Enhed", "Aalborg", "København", "Læsø", "Danmark"],
        help="the scopes to time (every scope's counts are checked against the baselines)",
    )
    args = parser.parse_args()
    fractions = tuple(args.fractions)

    os.environ["DATABASE_URL"] = scratch_database(args.sqlite)
    os.environ.setdefault("FORLOB_VAR_DIR", tempfile.mkdtemp(prefix="forlob-scale-var-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forlob.settings")
    import django

    django.setup()
    import national
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from tqdm import tqdm

    from forlob.common.dates import today
    from forlob.organisations.models import Municipality, Unit
    from forlob.stats.reports.activity import activity
    from forlob.stats.reports.courses import end_reasons_per_year, relatives_and_family_courses, started_and_completed
    from forlob.stats.reports.follow_up import months_between, reach_rate
    from forlob.stats.reports.guarantee import treatment_guarantee
    from forlob.stats.reports.medical import medical_treatment
    from forlob.stats.scopes import Filters, Scope
    from forlob.stats.suppression import INTERNAL, PUBLISHED
    from forlob.treatment.models import Course

    call_command("migrate", verbosity=0)
    vendor = connection.vendor
    print(f"{vendor}, seed {args.seed}, {args.courses} courses at 100 %")
    world = national.setup_organisation(today(), args.courses)
    municipalities = {m.code: m for m in Municipality.objects.filter(code__in=["851", "101", "825"])}
    aalborg = municipalities["851"]
    first_unit = Unit.objects.get(institution_code="9851")  # Aalborg's first unit, its leader 9851-0
    units_in = {
        m.pk: set(Unit.objects.filter(municipality=m).values_list("pk", flat=True)) for m in municipalities.values()
    }
    all_units = set(Unit.objects.values_list("pk", flat=True))
    print(
        f"{len(all_units)} units, {sum(len(s) for s in world['staff'].values())} staff; København "
        f"{len(units_in[municipalities['101'].pk])} units, Aalborg {len(units_in[aalborg.pk])}, Læsø "
        f"{len(units_in[municipalities['825'].pk])}; Aalborg's first unit {len(world['staff'][first_unit.pk])} staff"
    )
    scopes = {
        "Enhed": Scope("unit", first_unit.pk, first_unit.name, "Aalborg"),  # Aalborg's first unit
        "Aalborg": Scope("municipality", aalborg.pk, "Aalborg", "Aalborg"),
        "København": Scope("municipality", municipalities["101"].pk, "København", "København"),
        "Læsø": Scope("municipality", municipalities["825"].pk, "Læsø", "Læsø"),
        "Danmark": Scope("country", 0, "Danmark", "Danmark"),
    }
    start, end, day = date(FIRST_YEAR, 1, 1), date(LAST_YEAR, 12, 31), today()
    first = date(LAST_YEAR - 1, day.month, 1)  # the reach of the last twelve months
    years = list(range(FIRST_YEAR, LAST_YEAR + 1))
    by_name = {
        build.__name__: build
        for build in (
            end_reasons_per_year,
            started_and_completed,
            treatment_guarantee,
            relatives_and_family_courses,
            activity,
            medical_treatment,
        )
    }

    def units_of(scope: Scope) -> set[int]:
        """The units whose follow-ups reach_rate is asked for."""
        if scope.kind == "unit":
            return {scope.pk}
        return units_in[scope.pk] if scope.kind == "municipality" else all_units

    def forlob_report(name: str, scope: Scope, view: str = PUBLISHED) -> Any:
        if name == "follow_up_reach":
            return reach_rate(units_of(scope), first, day, day, view=view)
        return by_name[name](Filters(scope, FIRST_YEAR, LAST_YEAR, view=view))

    def timed_report(name: str, scope: Scope, mode: str) -> Any:
        """The published report, in one of the three modes of ``forget_suppression``."""
        if mode != "warm":
            forget_suppression(store=mode == "cold")
        return forlob_report(name, scope)

    def baseline(name: str, scope: Scope, dialect: str = vendor) -> tuple[str, dict[str, object]]:
        template = BASELINES[name]
        if isinstance(template, dict):
            template = template["country" if scope.kind == "country" else "scoped"]
        unit_where = f"WHERE c.unit_id IN ({','.join(map(str, sorted(units_of(scope))))})"
        where = {
            "country": "WHERE 1 = 1",
            "unit": "WHERE c.unit_id = %(scope)s",
            "municipality": "JOIN citizens_citizen p ON p.id = c.citizen_id WHERE p.municipality_id = %(scope)s",
        }[scope.kind]
        sql = render(template, dialect, where, unit_where)
        params = {"start": start, "end": end, "day": day, "first": first, "scope": scope.pk}
        return sql, {k: v for k, v in params.items() if f"%({k})s" in sql or f"${k}" in sql}

    def run_sql(sql: str, params: dict[str, object]) -> list[tuple[object, ...]]:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def same_counts(name: str, scope: Scope, label: str) -> int:
        """Assert the baseline counts what Forløb's exact view counts, cell by cell; the total."""
        report = forlob_report(name, scope, INTERNAL)
        ours = [[cell.value for cell in row] for row in report.table.cells]
        theirs = exact_grid(name, run_sql(*baseline(name, scope)), years, months_between(first, day))
        assert ours == theirs, f"{name} for {label}: Forløb {ours} against the baseline {theirs}"
        return sum(map(sum, ours))

    def goal(scope: Scope, first_view: float, sql: float) -> tuple[str, bool]:
        if scope.kind == "country":
            return "≤ 1.2× SQL", first_view <= 1.2 * sql
        return "≤ 1.5× SQL + 10 ms", first_view <= 1.5 * sql + 10

    names = [n for n in args.reports if n in BASELINES]
    print("reports without a hand-written baseline (not timed here): " + ", ".join(WITHOUT_BASELINE))
    print(
        "modes: cold = nothing remembered (the process memo and the shared store of suppressions emptied); "
        "first = a new process after the precompute (memo emptied, store filled); warm = the same process again"
    )
    aalborg_leader = "9851-0"
    pages: dict[str, str] = {}  # filled once the first batch is in: the same rows are shown at every size
    timings: dict[tuple[str, str], list[tuple[int, float]]] = {}  # Forløb's first view, at each size
    sql_timings: dict[tuple[str, str], list[tuple[int, float]]] = {}  # the hand-written SQL's
    checks: list[str] = []
    for batch, courses in national.batches(args.courses, fractions):
        with tqdm(total=courses, unit=" courses", desc=f"batch {batch + 1}/{len(fractions)}", leave=False) as bar:
            written, seconds = national.timed(
                lambda c=courses, b=batch: national.add_courses(world, c, b, args.seed, bar.update)
            )
        rows = sum(written.values())
        print(f"generated {rows:,} rows in {seconds:.1f} s: {rows / seconds:,.0f} rows/s ({dict(written)})")
        if vendor == "postgresql":  # as after a night's autovacuum: no vacuum of the new rows during the load test
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        total_courses = Course.objects.count()
        per_scope = {
            label: Course.objects.filter(scope.where()).count() if scope.kind != "country" else total_courses
            for label, scope in scopes.items()
        }
        pages = pages or busiest_pages(aalborg_leader)
        print(f"\n{total_courses:,} courses ({round(100 * total_courses / args.courses)} %): {per_scope}")
        columns = ["queries", "total", "cold ms", "first ms", "warm ms", "SQL ms", "×cold", "×first", "×warm"]
        print(f"{'report':<29}{'scope':<11}" + "".join(f"{c:>9}" for c in columns) + "  goal (first view)")
        checks = []
        totals = {(name, label): same_counts(name, scope, label) for name in names for label, scope in scopes.items()}
        print(f"same counts as the baselines, cell by cell: {len(names)} reports × {len(scopes)} scopes")
        for name in names:
            for label, scope in scopes.items():
                if label not in args.scopes:
                    continue
                total = totals[(name, label)]
                with CaptureQueriesContext(connection) as queries:
                    timed_report(name, scope, "cold")
                sql, params = baseline(name, scope)
                cold, first_view, warm, base = medians_ms(
                    [
                        lambda n=name, s=scope: timed_report(n, s, "cold"),
                        lambda n=name, s=scope: timed_report(n, s, "first"),
                        lambda n=name, s=scope: timed_report(n, s, "warm"),
                        lambda q=sql, p=params: run_sql(q, p),
                    ],
                    args.runs,
                )
                timings.setdefault((name, label), []).append((total_courses, first_view))
                sql_timings.setdefault((name, label), []).append((total_courses, base))
                rule, met = goal(scope, first_view, base)
                ratios = [f"{v / base:.2f}" for v in (cold, first_view, warm)]
                figures = [own_queries(queries), total, *(f"{v:.1f}" for v in (cold, first_view, warm, base)), *ratios]
                verdict = f"{rule}: {'MET' if met else 'NOT MET'}"
                print(f"{name:<29}{label:<11}" + "".join(f"{v:>9}" for v in figures) + f"  {verdict}")
                checks.append(f"{name:<29}{label:<11}{first_view:>8.1f} ms against SQL {base:>8.1f} ms  {verdict}")
        print(f"\n{'page, for Aalborg’s leader':<34}{'queries':>9}{'ms':>9}")
        for page, (count, ms) in page_timings(aalborg_leader, pages, args.runs).items():
            timings.setdefault((page, "Enhed"), []).append((total_courses, ms))
            print(f"{page:<34}{count:>9}{ms:>9.1f}")
        national_report = lambda: [forlob_report(n, scopes["Danmark"]) for n in names]  # noqa: E731
        extract = lambda: pseudonymised_file(aalborg.pk)  # noqa: E731
        for label, call in [("national report", national_report), ("Aalborg's pseudonymised extract", extract)]:
            grown, lines = peak_memory(call)
            print(f"memory: {label}: peak grew {grown:.1f} MB{f' for {lines:,} lines' if lines else ''}")

    def exponent(points: list[tuple[int, float]]) -> str:
        (n0, t0), (n1, t1) = points[0], points[-1]
        if n1 == n0:
            return ""
        return f"{math.log(t1 / t0) / math.log(n1 / n0):.2f}"

    print(
        "\ngrowth exponent (time ~ data^k, first step to last; 0: flat), Forløb's first view and the hand-written SQL"
    )
    for key, points in timings.items():
        sql = exponent(sql_timings[key]) if key in sql_timings else ""
        print(f"{key[0]:<29}{key[1]:<11}{exponent(points):>8}{sql:>8}")
    print("\ngoal checks at the last step (first view; unit and municipality ≤ 1.5× SQL + 10 ms, country ≤ 1.2×)")
    for line in checks:
        print(line)
    print(f"goals met: {sum('NOT MET' not in c for c in checks)} of {len(checks)}")

    # The nightly precompute of every published table of every scope, from an empty store.
    forget_suppression(store=True)
    seconds = time.perf_counter()
    call_command("precompute_statistics")
    print(f"precompute_statistics, every scope from an empty store: {time.perf_counter() - seconds:.1f} s")

    if not args.no_duckdb:
        duck_names = [n for n in names if n in DUCKDB_REPORTS]
        timed = {label: scope for label, scope in scopes.items() if label in args.scopes}
        duckdb_ratios(connection, duck_names, timed, baseline, lambda n, s: timed_report(n, s, "first"), args.runs)
    if args.import_rows:
        print(f"\nimport of history, {args.import_rows:,} rows (bench/import_courses.py)", flush=True)
        command = [sys.executable, str(Path(__file__).parent / "import_courses.py"), "--rows", str(args.import_rows)]
        environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}  # SQLite: a scratch file
        if not args.sqlite:
            environment["DATABASE_URL"] = scratch_database(False, "forlob_bench_import")
        subprocess.run(command, check=True, env=environment)  # noqa: S603 - our own benchmark
        print(f"\nexisting data into the boundary, {args.import_rows:,} imported rows (bench/boundary_migration.py)")
        cross = max(5, min(500, args.import_rows // 100))
        script = str(Path(__file__).parent / "boundary_migration.py")
        command = [sys.executable, script, "--rows", str(args.import_rows), "--cross", str(cross)]
        if not args.sqlite:
            environment["DATABASE_URL"] = scratch_database(False, "forlob_bench_boundary")
        subprocess.run(command, check=True, env=environment)  # noqa: S603 - our own benchmark

    if args.load_seconds:
        print("\nthe busiest pages under load, from cold processes (bench/pages_load.py)", flush=True)
        # In its own process: locust patches the standard library.
        script = str(Path(__file__).parent / "pages_load.py")
        users = [str(n) for n in args.users]
        command = [sys.executable, script, "--seconds", str(args.load_seconds)]
        command += ["--users", *users]
        loaded = subprocess.run(command, check=False)  # noqa: S603 - our own benchmark
        if loaded.returncode:
            sys.exit("pages answered with errors under load")


def pseudonymised_file(municipality_id: int) -> int:
    """Aalborg's pseudonymised extract of every year, as the CSV response sends it; its lines."""
    from django.contrib.auth.models import User

    from forlob.common.exports import csv_response
    from forlob.organisations.access import Actor
    from forlob.stats import extracts
    from forlob.stats.scopes import Filters, Scope

    actor = Actor.for_user(User.objects.get(username="9851-0"))
    scope = Scope("municipality", municipality_id, "Aalborg", "Aalborg")
    found = extracts.pseudonymised(actor, Filters(scope, FIRST_YEAR, LAST_YEAR))
    return sum(1 for _ in csv_response(found.filename, found.header, found.rows, []).streaming_content)


def busiest_pages(username: str) -> dict[str, str]:
    """The pages of the load test for the leader's unit, at a citizen and a course of the first
    batch."""
    from django.contrib.auth.models import User

    from forlob.treatment.models import Course

    unit = User.objects.get(username=username).memberships.get().unit_id  # type: ignore[attr-defined]
    course = Course.objects.filter(unit_id=unit).order_by("pk").first()
    assert course is not None
    return page_urls(unit, course.citizen_id, course.pk)


def page_timings(username: str, pages: dict[str, str], runs: int) -> dict[str, tuple[int, float]]:
    """Each page's queries and median time for one signed-in user, in this process (Django's test
    client: the view, middleware and templates, without the network)."""
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # no collectstatic needed
    warnings.filterwarnings("ignore", "No directory at", UserWarning)  # whitenoise: nothing collected
    client = Client()
    client.force_login(User.objects.get(username=username))
    found = {}
    with override_settings(FORLOB_REQUIRE_2FA=False, STORAGES={"default": plain, "staticfiles": plain}):
        for page, url in pages.items():
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200, url
            count = len(queries)  # read now: the next request empties the log
            found[page] = (count, median_ms(lambda u=url: client.get(u), runs))
    return found


def duckdb_ratios(connection, names, scopes, baseline, forlob_report, runs) -> None:  # type: ignore[no-untyped-def]
    """Export the tables the reports read to Parquet and time the same aggregates in DuckDB."""
    import csv

    import duckdb

    folder = Path(tempfile.mkdtemp(prefix="forlob-parquet-"))
    tables = {
        "treatment_course": "id, citizen_id, unit_id, request_id, started_on, ended_on, end_reason",
        "treatment_request": "id, citizen_id, unit_id, received_on, deadline, status",
        "citizens_citizen": "id, municipality_id",
        "followup_followup": "id, unit_id, due_on, status",
    }
    db = duckdb.connect()
    start = time.perf_counter()
    for table, columns in tables.items():
        path = folder / f"{table}.csv"
        with connection.cursor() as cursor, path.open("w", newline="") as out:
            cursor.execute(f"SELECT {columns} FROM {table}")
            writer = csv.writer(out)
            writer.writerow([c.strip() for c in columns.split(",")])
            while chunk := cursor.fetchmany(50_000):
                writer.writerows(chunk)
        db.execute(f"COPY (SELECT * FROM read_csv_auto('{path}')) TO '{folder / table}.parquet' (FORMAT parquet)")
        db.execute(f"CREATE VIEW {table} AS SELECT * FROM '{folder / table}.parquet'")
    print(f"\nexported to Parquet in {time.perf_counter() - start:.1f} s")
    print(f"{'report':<29}{'scope':<11}{'Forløb ms':>11}{'DuckDB ms':>11}{'× DuckDB':>10}")
    for name in names:
        for label, scope in scopes.items():
            query, params = baseline(name, scope, "duckdb")
            ms, duck = medians_ms(
                [lambda n=name, s=scope: forlob_report(n, s), lambda q=query, p=params: db.execute(q, p).fetchall()],
                runs,
            )
            print(f"{name:<29}{label:<11} {ms:>10.1f} {duck:>10.1f} {ms / duck:>9.1f}")


if __name__ == "__main__":
    main()
