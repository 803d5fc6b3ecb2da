# SPDX-License-Identifier: AGPL-3.0-or-later
"""Benchmark: page views while a large import commits on SQLite.

Builds the demo world in a throwaway SQLite database, writes a CSV of new citizens' courses and
imports it with commit in a process of its own, while this process asks for pages as a unit's
leader, one after the other (every page view writes the access log, so it needs SQLite's one
write lock). It prints
how long the import took and the longest a page waited, and how many pages failed. With
``--one-transaction`` the import is written in one transaction, as before slices: the pages
then wait for the whole import, and fail after the busy timeout of five seconds.

    .venv/bin/python bench/import_slices.py [--rows 60000] [--one-transaction]
"""

import argparse
import multiprocessing
import os
import statistics
import sys
import time
from datetime import date, timedelta
from typing import Any

from common import demo_world, page_urls


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=60000)
    parser.add_argument("--one-transaction", action="store_true")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "sqlite").startswith("sqlite"):
        sys.exit("This benchmark is about SQLite's one writer; leave DATABASE_URL unset.")

    demo_world(50)
    from django.test import override_settings

    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # no collectstatic needed
    # Settings are the process's: overridden here, for the browsing thread too.
    with override_settings(FORLOB_REQUIRE_2FA=False, STORAGES={"default": plain, "staticfiles": plain}):
        measure(args.rows, args.one_transaction)
    return 0


def measure(rows: int, one_transaction: bool) -> None:
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client

    from forlob.organisations.access import Actor
    from forlob.organisations.models import Unit
    from forlob.treatment.actions import import_courses
    from forlob.treatment.models import Course

    leader = User.objects.get(username="leder")
    unit = Unit.objects.exclude(institution_code="").order_by("pk").first()
    assert unit is not None
    course = Course.objects.filter(unit=unit).first()
    assert course is not None
    pages = list(page_urls(unit.pk, course.citizen_id, course.pk).values())

    header = "institutionskode;cpr;tilbud;hovedrusmiddel;startdato;slutdato;afslutningsaarsag\n"
    lines, day = [], date(1940, 1, 1)
    while len(lines) < rows:  # CPR numbers none of the demo world has (serials 9001-9040)
        lines += [f"{unit.institution_code};{day:%d%m%y}{s};ambulant;Alkohol;01.02.2015;;" for s in range(9001, 9041)]
        day += timedelta(days=1)
    content = (header + "\n".join(lines[:rows])).encode()

    waits: list[float] = []
    failed: list[int] = []

    def run_import(out: Any) -> None:
        # In a process of its own, as the command or another server worker would be: pages and
        # import share the database, not Python's interpreter lock.
        connection.close()
        start = time.perf_counter()
        actor = Actor.for_user(leader)
        result = import_courses(actor, "bench.csv", content, commit=True, slice_rows=rows if one_transaction else None)
        out.send((result.committed, result.created, result.slices, time.perf_counter() - start))

    client = Client(raise_request_exception=False)
    client.force_login(leader)
    for path in pages:  # the first view of each page warms up
        client.get(path)
    connection.close()
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    importer = context.Process(target=run_import, args=(send,))
    importer.start()
    n = 0
    while importer.is_alive() and not receive.poll():
        start = time.perf_counter()
        response = client.get(pages[n % len(pages)])
        waits.append(time.perf_counter() - start)
        if response.status_code != 200:
            failed.append(response.status_code)
        n += 1
    committed, created, slices, seconds = receive.recv()
    importer.join()
    assert committed and created == rows, (committed, created)

    how = "one transaction" if one_transaction else f"{slices} slices"
    print(f"sqlite, {rows} rows imported in {seconds:.1f} s ({how})")
    print(f"pages during the import: {len(waits)}, failed: {len(failed)}")
    longest, median = max(waits, default=0) * 1000, statistics.median(waits or [0]) * 1000
    print(f"longest page wait: {longest:.0f} ms, median {median:.0f} ms")


if __name__ == "__main__":
    sys.exit(main())
