# SPDX-License-Identifier: AGPL-3.0-or-later
"""Benchmark: the demo world's build time, and the main reads against hand-written SQL.

Builds the demo world in a throwaway database (SQLite unless DATABASE_URL is set), then times
- the visitation queue's rows through the scoped ORM query against the same rows in plain SQL,
- the visitation queue, "Mit overblik" and a citizen page rendered through Django (the whole
  request: session, permissions, access log, template) against the plain SQL of the queue.
It prints milliseconds (median of the runs) and ratios to the SQL baseline.

    .venv/bin/python bench/pages.py [--citizens 400] [--runs 30]
"""

import argparse
import os
import sys

from common import demo_world, median_ms


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--citizens", type=int, default=400)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()

    if not os.environ.get("DATABASE_URL", "sqlite").startswith("sqlite"):
        sys.exit("This benchmark compares against SQLite's plain SQL; leave DATABASE_URL unset.")
    seconds = demo_world(args.citizens)
    from django.db import connection
    from django.test import Client, override_settings

    from forlob.organisations.access import Actor
    from forlob.treatment import queries
    from forlob.treatment.models import Request

    print(f"seed_demo --citizens {args.citizens}: {seconds:.1f} s")

    from django.contrib.auth.models import User

    user = User.objects.get(username="visitator")
    actor = Actor.for_user(user)
    units = sorted(actor.case_unit_ids)
    request_table = Request._meta.db_table
    citizen_table = Request._meta.get_field("citizen").related_model._meta.db_table
    unit_table = Request._meta.get_field("unit").related_model._meta.db_table
    marks = ",".join(["%s"] * len(units))
    # Table names come from the models and the values are parameters: nothing here is user input.
    sql = (
        f"SELECT r.id, r.received_on, r.deadline, r.main_substance, r.channel, c.first_name, c.last_name, c.alias, "
        f"u.name FROM {request_table} r JOIN {citizen_table} c ON c.id = r.citizen_id "
        f"JOIN {unit_table} u ON u.id = r.unit_id WHERE r.status = 'open' AND r.unit_id IN ({marks}) "
        f"ORDER BY r.deadline, r.received_on, r.id LIMIT 25"
    )

    def plain_sql() -> list:
        with connection.cursor() as cursor:
            cursor.execute(sql, units)
            return cursor.fetchall()

    def orm_rows() -> list:
        return list(queries.visitation_queue(actor)[:25])

    assert [row[0] for row in plain_sql()] == [r.pk for r in orm_rows()], "the baseline must read the same rows"

    baseline = median_ms(plain_sql, args.runs)
    print(f"{'read':<36}{'ms':>8}{'× SQL':>9}")
    print(f"{'queue rows, hand-written SQL':<36}{baseline:>8.2f}{1:>9.1f}")
    orm = median_ms(orm_rows, args.runs)
    print(f"{'queue rows, scoped ORM query':<36}{orm:>8.2f}{orm / baseline:>9.1f}")

    client = Client()
    client.force_login(user)
    citizen_id = Request.objects.filter(unit_id__in=units).values_list("citizen_id", flat=True).first()
    static = {"staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    with override_settings(STORAGES={"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}, **static}):
        for label, url in [
            ("visitation queue page", "/visitation/"),
            ("Mit overblik page", "/"),
            ("citizen page", f"/borgere/{citizen_id}/"),
        ]:
            assert client.get(url).status_code == 200, url
            page = median_ms(lambda url=url: client.get(url), args.runs)
            print(f"{label:<36}{page:>8.2f}{page / baseline:>9.1f}")


if __name__ == "__main__":
    main()
