# SPDX-License-Identifier: AGPL-3.0-or-later
"""Benchmark at national scale (``make bench``): builds the synthetic national data set
(bench/national.py) in a scratch database in three steps, 10 %, 30 % and 100 % of --courses, and
at each step times the statistics reports for one municipality and for the whole country:

- through Forløb (the scoped ORM aggregates and the suppression function, as the pages call them),
- against the same aggregate written by hand in SQL on the same database (the baseline; goal
  ≤ 1.2×),
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


# The reports' aggregates by hand. ``{year}(x)`` is the dialect's year of a date, ``{days}(a, b)``
# the days from b to a; ``{scope}`` joins and filters to the scope.
BASELINES = {
    "end_reasons_per_year": (
        "SELECT c.end_reason, {year}(c.ended_on) AS y, COUNT(*) FROM treatment_course c {scope} "
        "AND c.ended_on BETWEEN %s AND %s GROUP BY c.end_reason, y"
    ),
    "started_and_completed": (
        "SELECT {year}(c.started_on) AS y, "
        "SUM(CASE WHEN c.end_reason = 'completed' THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN c.ended_on IS NOT NULL AND c.end_reason <> 'completed' THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN c.ended_on IS NULL THEN 1 ELSE 0 END) "
        "FROM treatment_course c {scope} AND c.started_on BETWEEN %s AND %s GROUP BY y"
    ),
    "treatment_guarantee": (
        "SELECT {year}(c.received_on) AS y, CASE "
        "WHEN s.first IS NOT NULL AND s.first <= c.deadline THEN 'in_time' "
        "WHEN s.first IS NOT NULL THEN 'late' WHEN c.status <> 'open' THEN 'not_started' "
        "WHEN c.deadline < %s THEN 'waiting_late' ELSE 'waiting' END AS state, "
        "{days}(s.first, c.received_on) AS wait, COUNT(*) "
        "FROM treatment_request c LEFT JOIN (SELECT request_id, MIN(started_on) AS first "
        "FROM treatment_course GROUP BY request_id) s ON s.request_id = c.id {scope} "
        "AND c.received_on BETWEEN %s AND %s GROUP BY y, state, wait"
    ),
    "follow_up_reach": (
        "SELECT {month}(c.due_on) AS m, "
        "SUM(CASE WHEN c.status = 'reached' THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN c.status = 'not_reached' THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN c.status = 'open' THEN 1 ELSE 0 END) "
        "FROM followup_followup c {unit_scope} AND c.due_on BETWEEN %s AND %s "
        "AND c.due_on <= %s AND c.status <> 'cancelled' GROUP BY m"
    ),
}


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
        text = text.replace("%%", "%").replace("%s", "?")
    return text


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
    args = parser.parse_args()

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
    from forlob.stats.reports.courses import end_reasons_per_year, started_and_completed
    from forlob.stats.reports.follow_up import reach_rate
    from forlob.stats.reports.guarantee import treatment_guarantee
    from forlob.stats.scopes import Filters, Scope
    from forlob.stats.suppression import _suppressed
    from forlob.treatment.models import Course

    call_command("migrate", verbosity=0)
    vendor = connection.vendor
    print(f"{vendor}, seed {args.seed}, {args.courses} courses at 100 %")
    world = national.setup_organisation(today())
    aalborg = Municipality.objects.get(code="851")
    aalborg_units = set(Unit.objects.filter(municipality=aalborg).values_list("pk", flat=True))
    all_units = set(Unit.objects.values_list("pk", flat=True))
    scopes = {
        "Aalborg": Scope("municipality", aalborg.pk, "Aalborg", "Aalborg"),
        "Danmark": Scope("country", 0, "Danmark", "Danmark"),
    }
    start, end, day = date(FIRST_YEAR, 1, 1), date(LAST_YEAR, 12, 31), today()
    by_name = {build.__name__: build for build in (end_reasons_per_year, started_and_completed, treatment_guarantee)}

    def units_of(scope: Scope) -> set[int]:
        """The units whose follow-ups reach_rate is asked for: Aalborg's, or every one."""
        return aalborg_units if scope.kind == "municipality" else all_units

    def forlob_report(name: str, scope: Scope, cold: bool = True) -> Any:
        if cold:  # as the first viewer after a change sees it; warm: suppression remembered
            _suppressed.cache_clear()
        if name == "follow_up_reach":
            return reach_rate(units_of(scope), date(LAST_YEAR - 1, day.month, 1), day, day)  # the last twelve months
        return by_name[name](Filters(scope, FIRST_YEAR, LAST_YEAR))

    def baseline(name: str, scope: Scope, dialect: str = vendor) -> tuple[str, list[object]]:
        unit_where = f"WHERE c.unit_id IN ({','.join(map(str, sorted(units_of(scope))))})"
        where, scope_params = "WHERE 1 = 1", []
        if scope.kind == "municipality":
            where, scope_params = (
                "JOIN citizens_citizen p ON p.id = c.citizen_id WHERE p.municipality_id = %s",
                [aalborg.pk],
            )
        sql = render(BASELINES[name], dialect, where, unit_where)
        if name == "treatment_guarantee":
            return sql, [day, *scope_params, start, end]
        if name == "follow_up_reach":
            return sql, [date(LAST_YEAR - 1, day.month, 1), day, day]
        return sql, [*scope_params, start, end]

    def run_sql(sql: str, params: list[object]) -> list[tuple[object, ...]]:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    names = ["end_reasons_per_year", "started_and_completed", "treatment_guarantee", "follow_up_reach"]
    aalborg_leader = "9851-0"
    pages: dict[str, str] = {}  # filled once the first batch is in: the same rows are shown at every size
    timings: dict[tuple[str, str], list[tuple[int, float]]] = {}  # Forløb's, at each size
    sql_timings: dict[tuple[str, str], list[tuple[int, float]]] = {}  # the hand-written SQL's
    for batch, courses in national.batches(args.courses, FRACTIONS):
        with tqdm(total=courses, unit=" courses", desc=f"batch {batch + 1}/{len(FRACTIONS)}", leave=False) as bar:
            written, seconds = national.timed(
                lambda c=courses, b=batch: national.add_courses(world, c, b, args.seed, bar.update)
            )
        rows = sum(written.values())
        print(f"generated {rows:,} rows in {seconds:.1f} s: {rows / seconds:,.0f} rows/s ({dict(written)})")
        if vendor == "postgresql":  # as after a night's autovacuum: no vacuum of the new rows during the load test
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        total_courses = Course.objects.count()
        pages = pages or busiest_pages(aalborg_leader)
        print(f"\n{total_courses:,} courses ({round(100 * total_courses / args.courses)} %)")
        columns = ["queries", "cold ms", "warm ms", "SQL ms", "× SQL", "warm"]
        print(f"{'report':<24}{'scope':<10}" + "".join(f"{c:>9}" for c in columns))
        for name in names:
            for label, scope in scopes.items():
                with CaptureQueriesContext(connection) as queries:
                    forlob_report(name, scope)
                sql, params = baseline(name, scope)
                ms, warm, base = medians_ms(
                    [
                        lambda n=name, s=scope: forlob_report(n, s),
                        lambda n=name, s=scope: forlob_report(n, s, cold=False),
                        lambda q=sql, p=params: run_sql(q, p),
                    ],
                    args.runs,
                )
                timings.setdefault((name, label), []).append((total_courses, ms))
                sql_timings.setdefault((name, label), []).append((total_courses, base))
                figures = [len(queries), *(f"{v:.1f}" for v in (ms, warm, base)), f"{ms / base:.2f}"]
                print(f"{name:<24}{label:<10}" + "".join(f"{v:>9}" for v in [*figures, f"{warm / base:.2f}"]))
        print(f"\n{'page, for Aalborg’s leader':<34}{'queries':>9}{'ms':>9}")
        for page, (count, ms) in page_timings(aalborg_leader, pages, args.runs).items():
            timings.setdefault((page, "Aalborg"), []).append((total_courses, ms))
            print(f"{page:<34}{count:>9}{ms:>9.1f}")
        national_report = lambda: [forlob_report(n, scopes["Danmark"]) for n in names]  # noqa: E731
        extract = lambda: pseudonymised_file(aalborg.pk)  # noqa: E731
        for label, call in [("national report", national_report), ("Aalborg's pseudonymised extract", extract)]:
            grown, lines = peak_memory(call)
            print(f"memory: {label}: peak grew {grown:.1f} MB{f' for {lines:,} lines' if lines else ''}")

    def exponent(points: list[tuple[int, float]]) -> str:
        (n0, t0), (n1, t1) = points[0], points[-1]
        return f"{math.log(t1 / t0) / math.log(n1 / n0):.2f}"

    print("\ngrowth exponent (time ~ data^k, from 10 % to 100 %; 0: flat), Forløb and the hand-written SQL")
    for key, points in timings.items():
        sql = exponent(sql_timings[key]) if key in sql_timings else ""
        print(f"{key[0]:<24}{key[1]:<10}{exponent(points):>8}{sql:>8}")

    if not args.no_duckdb:
        duckdb_ratios(connection, names, scopes, baseline, forlob_report, args.runs)
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
        print("\nthe busiest pages under load, signed in as Aalborg's leader (bench/pages_load.py)", flush=True)
        # In its own process: locust patches the standard library.
        script = str(Path(__file__).parent / "pages_load.py")
        users = [str(n) for n in args.users]
        command = [sys.executable, script, "--username", "9851-0", "--seconds", str(args.load_seconds)]
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
    print(f"{'report':<24}{'scope':<10}{'Forløb ms':>11}{'DuckDB ms':>11}{'× DuckDB':>10}")
    for name in names:
        for label, scope in scopes.items():
            query, params = baseline(name, scope, "duckdb")
            ms, duck = medians_ms(
                [lambda n=name, s=scope: forlob_report(n, s), lambda q=query, p=params: db.execute(q, p).fetchall()],
                runs,
            )
            print(f"{name:<24}{label:<10} {ms:>10.1f} {duck:>10.1f} {ms / duck:>9.1f}")


if __name__ == "__main__":
    main()
