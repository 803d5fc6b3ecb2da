# SPDX-License-Identifier: AGPL-3.0-or-later
"""Benchmark: importing historical courses, against plain SQL inserting the same rows.

Builds the demo world in a throwaway database (SQLite unless DATABASE_URL is set), writes a CSV
of new citizens' courses, and times
- the check of the file (every row parsed and checked, nothing written),
- the import with commit (citizens, history rows, registrations, courses, access log),
- two baselines by hand-written SQL (COPY on PostgreSQL, executemany on SQLite), without the
  import's checks: the plain one inserts the same number of citizens and courses; the full one
  also every other row the import writes (a history row of each citizen and course, a
  registration and an access-log entry of each citizen), which is the fair comparison.
It prints rows per second and the ratio to both baselines. The issue asks for at least 10,000
rows per second for the import. It also prints how far a fresh process's peak memory grew during
the check and during an import.

    .venv/bin/python bench/import_courses.py [--rows 20000]
"""

import argparse
import time
from datetime import date, timedelta
from typing import Any

from common import demo_world, peak_memory


def load(cursor: Any, table: str, columns: str, rows: list[tuple[Any, ...]]) -> None:
    """The rows inserted by hand: COPY on PostgreSQL, executemany on SQLite."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    else:
        marks = ", ".join(["%s"] * len(columns.split(",")))
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20000)
    args = parser.parse_args()

    demo_world(50)
    from django.contrib.auth.models import User
    from django.db import connection, transaction
    from django.utils import timezone

    from forlob.citizens import cpr
    from forlob.organisations.access import Actor
    from forlob.organisations.models import Unit
    from forlob.treatment.actions import import_courses

    admin = User.objects.get(username="leder")
    unit = Unit.objects.exclude(institution_code="").order_by("pk").first()
    assert unit is not None
    actor = Actor.for_user(admin)

    def numbers(offset: int) -> list[str]:
        """Distinct CPR numbers born 1940-1999, none of them in the demo world."""
        out, day = [], date(1940, 1, 1) + timedelta(days=offset)
        while len(out) < args.rows:
            for serial in range(9001, 9001 + 40):
                out.append(f"{day:%d%m%y}{serial}")
            day += timedelta(days=1)
        return out[: args.rows]

    def csv_file(cprs: list[str]) -> bytes:
        header = "institutionskode;cpr;tilbud;hovedrusmiddel;startdato;slutdato;afslutningsaarsag\n"
        course = "ambulant;Alkohol;0{day}.02.2015;0{day}.09.2015;Færdigbehandlet"
        lines = [f"{unit.institution_code};{number};{course.format(day=1 + n % 9)}" for n, number in enumerate(cprs)]
        return (header + "\n".join(lines)).encode()

    days = args.rows // 40 + 1  # of birth dates each set of CPR numbers takes
    content = csv_file(numbers(0))

    start = time.perf_counter()
    checked = import_courses(actor, "bench.csv", content)
    check_s = time.perf_counter() - start
    assert checked.problem_count == 0, checked.lines()[:5]
    check_mb, _ = peak_memory(lambda: import_courses(actor, "bench.csv", content))
    start = time.perf_counter()
    imported = import_courses(actor, "bench.csv", content, commit=True)
    import_s = time.perf_counter() - start
    assert imported.committed and imported.created == args.rows
    # As many other citizens, imported in a fresh process to measure its memory.
    again = csv_file(numbers(2 * days))
    import_mb, created = peak_memory(lambda: import_courses(actor, "bench.csv", again, commit=True).created)
    assert created == args.rows

    # Baselines: the same number of citizens and courses, straight into the tables by hand. The
    # plain one writes citizens and courses only; the full one also every row the import must
    # write with them: a history row of each citizen and course, a registration of each citizen
    # at the unit and an access-log entry of each citizen. Each in one transaction, commit and
    # its deferred foreign-key checks included.
    def baseline(cprs: list[str], full: bool) -> float:
        start = time.perf_counter()
        now = timezone.now()
        with transaction.atomic(), connection.cursor() as cursor:
            citizen_columns = (
                "unit_id, cpr_hash, cpr_encrypted, is_anonymous, alias, first_name, last_name, birth_date, birth_year,"
                " sex, municipality_id, address, address_protected, phone, email, created_at, version"
            )
            citizens = [
                (
                    unit.pk,
                    cpr.lookup_hash(n),
                    cpr.encrypt(n),
                    False,
                    "",
                    "",
                    "",
                    born,
                    born.year,
                    cpr.sex(n),
                    unit.municipality_id,
                    "",
                    False,
                    "",
                    "",
                    now,
                    1,
                )
                for n, born in ((n, cpr.birth_date(n)) for n in cprs)
            ]
            load(cursor, "citizens_citizen", citizen_columns, citizens)
            cursor.execute("SELECT id FROM citizens_citizen ORDER BY id DESC LIMIT %s", [args.rows])
            ids = [row[0] for row in cursor.fetchall()][::-1]
            course_columns = (
                "citizen_id, unit_id, offer_type, legal_basis, main_substance, started_on, responsible_id, plan,"
                " ended_on, end_reason, closed_by_id, discharge_note, created_at, version, expected_end_reason"
            )
            course = ("ambulant", "sul_141", "alcohol", date(2015, 2, 1), admin.pk, "", date(2015, 9, 1))
            course_tail = ("completed", admin.pk, "", now, 1, "")
            courses = [(cid, unit.pk, *course, *course_tail) for cid in ids]
            load(cursor, "treatment_course", course_columns, courses)
            if full:
                cursor.execute("SELECT id FROM treatment_course ORDER BY id DESC LIMIT %s", [args.rows])
                course_ids = [row[0] for row in cursor.fetchall()][::-1]
                load(
                    cursor,
                    "citizens_historicalcitizen",
                    "id, "
                    + citizen_columns.replace("cpr_hash, cpr_encrypted, ", "")
                    + ", history_date, history_type, history_user_id",
                    [(cid, c[0], *c[3:], now, "+", admin.pk) for cid, c in zip(ids, citizens, strict=True)],
                )
                load(
                    cursor,
                    "treatment_historicalcourse",
                    "id, " + course_columns + ", history_date, history_type, history_user_id",
                    [(pk, *c, now, "+", admin.pk) for pk, c in zip(course_ids, courses, strict=True)],
                )
                load(
                    cursor,
                    "citizens_registration",
                    "citizen_id, unit_id, registered_by_id, registered_at",
                    [(cid, unit.pk, admin.pk, now) for cid in ids],
                )
                load(
                    cursor,
                    "audit_accesslogentry",
                    "at, user_id, unit_id, use, citizen_id, search_term, purpose, via",
                    [(now, admin.pk, unit.pk, "create", cid, "", "", "baseline") for cid in ids],
                )
        return time.perf_counter() - start

    plain_s = baseline(numbers(days), full=False)  # the days after those of the import
    baseline_s = baseline(numbers(3 * days), full=True)

    print(f"{connection.vendor}, {args.rows} rows")
    print(f"check only      {args.rows / check_s:>10,.0f} rows/s")
    print(
        f"import, commit  {args.rows / import_s:>10,.0f} rows/s   {import_s / baseline_s:.2f}x the full SQL baseline,"
        f" {import_s / plain_s:.2f}x the plain one   (check, citizens, history, registrations, courses, log)"
    )
    print(f"full baseline   {args.rows / baseline_s:>10,.0f} rows/s   (citizens, history, registrations, courses, log)")
    print(f"plain baseline  {args.rows / plain_s:>10,.0f} rows/s   (citizens and courses only)")
    print(f"memory          peak grew {check_mb:.0f} MB during the check, {import_mb:.0f} MB during the import")
    print(f"                ({len(content) / 2**20:.1f} MB file, read into memory before either)")


if __name__ == "__main__":
    main()
