# SPDX-License-Identifier: AGPL-3.0-or-later
"""Benchmark: the statistics reports on a large unit, against the same aggregate in hand-written SQL.

Builds the demo world in a throwaway database (SQLite unless DATABASE_URL is set), imports
--courses historical courses into one unit (2015-2024, every end reason), then times
- the end-reason table in hand-written SQL (the baseline),
- each report built through the scoped ORM aggregates and the suppression function,
- the end-reason page through Django (table and chart), and its CSV, XLSX and PDF.
It prints milliseconds (median of the runs) and ratios to the SQL baseline.

    .venv/bin/python bench/reports.py [--courses 50000] [--runs 10]
"""

import argparse
from datetime import date, timedelta

from common import demo_world, median_ms


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--courses", type=int, default=50000)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()

    demo_world(50)
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client, override_settings

    from forlob.organisations.access import Actor
    from forlob.organisations.models import Unit
    from forlob.stats import reports
    from forlob.treatment.actions import import_courses
    from forlob.treatment.models import Course, EndReason

    unit = Unit.objects.exclude(institution_code="").order_by("pk").first()
    assert unit is not None
    reasons = list(EndReason.values)
    lines, day = [], date(1940, 1, 1)
    for n in range(args.courses):
        if n % 40 == 0:
            day += timedelta(days=1)
        start = date(2015 + n % 10, 1 + n % 12, 1 + n % 28)
        end = f"{start + timedelta(days=30 + n % 300):%d.%m.%Y};{reasons[n % len(reasons)]}" if n % 7 else ";"
        lines.append(f"{unit.institution_code};{day:%d%m%y}{9001 + n % 40};ambulant;Alkohol;{start:%d.%m.%Y};{end}")
    header = "institutionskode;cpr;tilbud;hovedrusmiddel;startdato;slutdato;afslutningsaarsag\n"
    admin = Actor.for_user(User.objects.get(username="admin"))
    result = import_courses(admin, "bench.csv", (header + "\n".join(lines)).encode(), commit=True)
    assert result.committed, result.lines()[:5]
    print(f"{connection.vendor}, {Course.objects.filter(unit=unit).count()} courses at {unit.name}")

    leader = User.objects.get(username="leder")
    actor = Actor.for_user(leader)
    scope = reports.scope_for(actor, f"unit:{unit.pk}")
    filters = reports.Filters(scope, 2015, 2024)
    year = "strftime('%%Y', ended_on)" if connection.vendor == "sqlite" else "EXTRACT(YEAR FROM ended_on)"
    # The table name comes from the model and the values are parameters: nothing here is user input.
    sql = (
        f"SELECT end_reason, {year}, COUNT(*) FROM {Course._meta.db_table} "
        "WHERE unit_id = %s AND ended_on BETWEEN %s AND %s GROUP BY end_reason, 2"
    )

    def plain_sql() -> list:
        with connection.cursor() as cursor:
            cursor.execute(sql, [unit.pk, date(2015, 1, 1), date(2024, 12, 31)])
            return cursor.fetchall()

    ended = sum(row[2] for row in plain_sql())
    totals = reports.end_reasons_per_year(filters).table.column_totals or []
    assert sum(c.value or 0 for c in totals) == ended, "the baseline must count the same courses"

    baseline = median_ms(plain_sql, args.runs)
    print(f"{'report':<40}{'ms':>9}{'× SQL':>9}")
    print(f"{'end reasons, hand-written SQL':<40}{baseline:>9.2f}{1:>9.1f}")
    for name in (
        "end_reasons_per_year",
        "started_and_completed",
        "relatives_and_family_courses",
        "treatment_guarantee",
        "children_affected",
        "activity",
    ):
        build = getattr(reports, name)
        ms = median_ms(lambda build=build: build(filters), args.runs)
        print(f"{name:<40}{ms:>9.2f}{ms / baseline:>9.1f}")

    client = Client()
    client.force_login(leader)
    url = f"/statistik/afslutningsaarsager/?scope=unit:{unit.pk}&first_year=2015&last_year=2024"
    static = {"staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    with override_settings(STORAGES={"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}, **static}):
        for label, suffix in [("page (table and chart)", ""), ("CSV", "&format=csv"), ("XLSX", "&format=xlsx")]:
            assert client.get(url + suffix).status_code == 200, suffix
            ms = median_ms(lambda suffix=suffix: client.get(url + suffix), args.runs)
            print(f"{'end reasons ' + label:<40}{ms:>9.2f}{ms / baseline:>9.1f}")
        ms = median_ms(lambda: client.get(url + "&format=pdf"), max(1, args.runs // 5))
        print(f"{'end reasons PDF':<40}{ms:>9.2f}{ms / baseline:>9.1f}")


if __name__ == "__main__":
    main()
