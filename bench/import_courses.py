# SPDX-License-Identifier: AGPL-3.0-or-later
"""Benchmark: importing historical courses, against plain SQL inserting the same rows.

Builds the demo world in a throwaway database (SQLite unless DATABASE_URL is set), writes a CSV
of new citizens' courses, and times
- the check of the file (every row parsed and checked, nothing written),
- the import with commit (citizens, history rows, registrations, courses, access log),
- a baseline: the same citizens and courses inserted with executemany in hand-written SQL.
It prints rows per second and the ratio to the baseline. The issue asks for at least 10,000
rows per second for the import. It also prints how far the process's peak memory grew during
the import.

    .venv/bin/python bench/import_courses.py [--rows 20000]
"""

import argparse
import resource
import time
from datetime import date, timedelta

from common import demo_world


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20000)
    args = parser.parse_args()

    demo_world(50)
    from django.contrib.auth.models import User
    from django.db import connection, transaction

    from forlob.citizens import cpr
    from forlob.organisations.access import Actor
    from forlob.organisations.models import Unit
    from forlob.treatment.importer import import_courses

    admin = User.objects.get(username="admin")
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

    header = "institutionskode;cpr;tilbud;hovedrusmiddel;startdato;slutdato;afslutningsaarsag\n"
    lines = [
        f"{unit.institution_code};{number};ambulant;Alkohol;0{1 + n % 9}.02.2015;0{1 + n % 9}.09.2015;Færdigbehandlet"
        for n, number in enumerate(numbers(0))
    ]
    content = (header + "\n".join(lines)).encode()

    start = time.perf_counter()
    checked = import_courses(actor, "bench.csv", content)
    check_s = time.perf_counter() - start
    assert checked.problem_count == 0, checked.lines()[:5]
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    imported = import_courses(actor, "bench.csv", content, commit=True)
    import_s = time.perf_counter() - start
    peak_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024
    assert imported.committed and imported.created == args.rows

    # Baseline: the same number of citizens and courses, straight into the tables.
    others = numbers(args.rows // 40 + 1)  # the days after those of the import
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO citizens_citizen (cpr_hash, cpr_encrypted, is_anonymous, alias, first_name, last_name,"
            " birth_date, birth_year, sex, municipality_id, address, address_protected, phone, email, created_at,"
            " version) VALUES (%s, %s, false, '', '', '', %s, %s, %s, %s, '', false, '', '', CURRENT_TIMESTAMP, 1)",
            [
                (
                    cpr.lookup_hash(n),
                    cpr.encrypt(n),
                    cpr.birth_date(n),
                    cpr.birth_date(n).year,
                    cpr.sex(n),
                    unit.municipality_id,
                )
                for n in others
            ],
        )
        cursor.execute("SELECT id FROM citizens_citizen ORDER BY id DESC LIMIT %s", [args.rows])
        ids = [row[0] for row in cursor.fetchall()]
        cursor.executemany(
            "INSERT INTO treatment_course (citizen_id, unit_id, offer_type, legal_basis, main_substance, started_on,"
            " responsible_id, plan, ended_on, end_reason, closed_by_id, discharge_note, created_at, version)"
            " VALUES (%s, %s, 'ambulant', 'sul_141', 'alcohol', %s, %s, '', %s, 'completed', %s, '',"
            " CURRENT_TIMESTAMP, 1)",
            [(cid, unit.pk, date(2015, 2, 1), admin.pk, date(2015, 9, 1), admin.pk) for cid in ids],
        )
    baseline_s = time.perf_counter() - start

    print(f"{connection.vendor}, {args.rows} rows")
    print(f"check only      {args.rows / check_s:>10,.0f} rows/s")
    print(f"import, commit  {args.rows / import_s:>10,.0f} rows/s   {import_s / baseline_s:.1f}x the SQL baseline")
    print(f"SQL baseline    {args.rows / baseline_s:>10,.0f} rows/s")
    print(f"memory          peak grew {peak_mb:.0f} MB during the import ({len(content) / 2**20:.1f} MB file)")


if __name__ == "__main__":
    main()
