# SPDX-License-Identifier: AGPL-3.0-or-later
"""The busiest pages under load, from cold processes: locust (headless, as a library) against
gunicorn on 127.0.0.1, started afresh for each level of 1, 10 and 50 concurrent users (its
processes remember nothing: no chart drawn, no suppression worked out), for a bounded time each,
each user pausing 1-3 seconds between pages (--no-think: none, to find the saturation point).

The users are the leaders of several units (Aalborg's two, København's, Aarhus', Odense's,
Esbjerg's, Vejle's and Læsø's first, in turn; one user is Aalborg's first leader), each clicking
Mit overblik, the visitation queue, a citizen page, a course page, the follow-up worklist and a
statistics page of their unit, at a citizen and course drawn from up to 500 of the unit's. Signing
in is not timed and shows no page; there is no warm-up unless --warm-up asks for one.

Prints p50/p95/p99 and errors per page and level, and the goals: p95 below 150 ms at 10 users and
below 400 ms at 50 users (set for PostgreSQL), no errors at any level: MET or NOT MET.

    DATABASE_URL=... .venv/bin/python bench/pages_load.py [--seconds 20] [--users 1 10 50]

The database must hold the national data set (``make bench`` runs this on it; see scale.py). Run
alone, give it the FORLOB_VAR_DIR the data set was made with: the CPR numbers are encrypted with the
key kept there, and a course page that cannot read them answers 500.
"""

import argparse
import itertools
import os
import random
import sys
import tempfile

import gevent
from common import gunicorn, page_urls
from locust import HttpUser, between, constant, events, task
from locust.env import Environment
from locust.stats import RequestStats

PASSWORD = "forlob-bench-2026"
# The leaders of Aalborg's two units, then of the first unit of København, Aarhus, Odense,
# Esbjerg, Vejle and Læsø (bench/national.py names staff by the unit's institution code).
LEADERS = ["9851-0", "98512-0", "9101-0", "9751-0", "9461-0", "9561-0", "9630-0", "9825-0"]
ACCOUNTS: list[dict[str, object]] = []  # a leader's username, unit, courses and their citizens
NEXT: list[itertools.count] = [itertools.count()]
SIGNED_IN: list[object] = []
GO: list[bool] = [False]  # set once every user is signed in: no page queues behind a sign-in
GOALS = {10: 150, 50: 400}  # users: p95 below this many ms


class Leader(HttpUser):
    wait_time = between(1, 3)  # reading the page before the next click; --no-think: none

    def on_start(self) -> None:
        self.account = ACCOUNTS[next(NEXT[0]) % len(ACCOUNTS)]
        self.client.get("/log-ind/", name="log ind")
        token = self.client.cookies.get("csrftoken", "")
        self.client.post(
            "/log-ind/",
            {"username": self.account["username"], "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": f"{self.host}/log-ind/"},
            name="log ind",
            allow_redirects=False,  # the home page after signing in would be a page shown untimed
        )
        SIGNED_IN.append(self)

    def get(self, path: str, name: str) -> None:
        with self.client.get(path, name=name, catch_response=True, allow_redirects=False) as response:
            if response.status_code != 200:
                response.failure(response.error or f"status {response.status_code}")

    @task
    def page(self) -> None:
        while not GO[0]:
            gevent.sleep(0.05)
        courses, citizens = self.account["courses"], self.account["citizens"]
        at = random.randrange(len(courses))  # type: ignore[arg-type]
        urls = page_urls(self.account["unit"], citizens[at], courses[at])  # type: ignore[arg-type, index]
        name = random.choice(list(urls))
        self.get(urls[name], name)


def load(host: str, users: int, seconds: float) -> RequestStats:
    """This many users, each signed in, clicking for this many seconds; their statistics."""
    environment = Environment(user_classes=[Leader], events=events, host=host)
    runner = environment.create_local_runner()
    SIGNED_IN.clear()
    NEXT[0], GO[0] = itertools.count(), False
    runner.start(users, spawn_rate=users)
    while len(SIGNED_IN) < users:  # signing in hashes the password on purpose slowly: not timed
        gevent.sleep(0.2)
    environment.stats.reset_all()
    GO[0] = True  # and only now does anyone open a page
    gevent.sleep(seconds)
    runner.quit()
    return environment.stats


def accounts(usernames: list[str], per_unit: int) -> list[dict[str, object]]:
    """Each leader's unit and up to ``per_unit`` of its courses (drawn with a fixed seed) with their
    citizens; leaders the data set lacks are left out."""
    from django.contrib.auth.models import User

    from forlob.treatment.models import Course

    found = []
    draw = random.Random(2026)
    for username in usernames:
        user = User.objects.filter(username=username).first()
        if user is None:
            continue
        unit = user.memberships.first().unit_id  # type: ignore[attr-defined]
        courses = list(Course.objects.filter(unit_id=unit).order_by("pk").values_list("pk", "citizen_id"))
        chosen = draw.sample(courses, min(per_unit, len(courses)))
        if chosen:
            found.append(
                {
                    "username": username,
                    "unit": unit,
                    "courses": [pk for pk, _ in chosen],
                    "citizens": [citizen for _, citizen in chosen],
                }
            )
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--username", nargs="+", default=LEADERS, help="the leaders the users sign in as, in turn")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--users", type=int, nargs="+", default=[1, 10, 50])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--courses-per-unit", type=int, default=500)
    parser.add_argument(
        "--warm-up", type=float, default=0, help="seconds of untimed clicking before each level (default none)"
    )
    parser.add_argument("--no-think", action="store_true", help="no pause between pages: the saturation point")
    args = parser.parse_args()
    if args.no_think:
        Leader.wait_time = constant(0)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forlob.settings")
    os.environ["FORLOB_REQUIRE_2FA"] = "0"
    os.environ.setdefault("FORLOB_VAR_DIR", tempfile.mkdtemp(prefix="forlob-pages-"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("collectstatic", interactive=False, verbosity=0)  # the pages link the hashed files
    ACCOUNTS[:] = accounts(args.username, args.courses_per_unit)
    if not ACCOUNTS:
        sys.exit("none of the leaders is in the database")
    vendor = connection.vendor
    connection.close()
    print(
        f"{vendor}; users sign in as {', '.join(str(a['username']) for a in ACCOUNTS)} in turn, each at up "
        f"to {args.courses_per_unit} courses of the unit; gunicorn started afresh for each level, no warm-up"
    )
    print(f"{'users':>5} {'page':<16}{'requests':>9}{'errors':>7}{'req/s':>7}{'p50':>7}{'p95':>7}{'p99':>7} ms")
    failed, p95 = 0, {}  # errors, and each level's p95 in ms
    for users in args.users:
        with gunicorn(args.workers) as (host, _master):  # cold processes: nothing remembered
            if args.warm_up:
                think, Leader.wait_time = Leader.wait_time, constant(0)
                warm = load(host, 4 * args.workers, args.warm_up).total
                print(f"warm-up: {warm.num_requests} requests, {warm.num_failures} errors (not timed)")
                failed += warm.num_failures
                Leader.wait_time = think
            stats = load(host, users, args.seconds)
        entries = sorted(stats.entries.values(), key=lambda e: e.name)
        for entry in [*(e for e in entries if e.num_requests), stats.total]:
            print(
                f"{users:>5} {entry.name:<16}{entry.num_requests:>9}{entry.num_failures:>7}"
                f"{entry.total_rps:>7.1f}"
                + "".join(f"{entry.get_response_time_percentile(q):>7.0f}" for q in (0.5, 0.95, 0.99))
            )
        for error in stats.errors.values():
            print(f"      error: {error.occurrences} × {error.name}: {error.error}")
        failed += stats.total.num_failures
        p95[users] = stats.total.get_response_time_percentile(0.95)
    print(f"goals (set for PostgreSQL; this run: {vendor}):")
    for users, limit in GOALS.items():
        if users in p95:
            ms = p95[users]
            met = "MET" if ms < limit else "NOT MET"
            print(f"  p95 below {limit} ms at {users} users: {ms:.0f} ms: {met}")
    print(f"  no errors at any level: {failed} errors: {'MET' if not failed else 'NOT MET'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
