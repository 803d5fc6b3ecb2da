# SPDX-License-Identifier: AGPL-3.0-or-later
"""The busiest pages under load: locust (headless, as a library) against gunicorn on 127.0.0.1,
signed in as a unit's leader, at 1, 10 and 50 concurrent users for a bounded time each, each
user pausing 1-3 seconds between pages (--no-think: none, to find the saturation point). Pages:
Mit overblik, the visitation queue, a citizen page, a course page, the follow-up worklist and a
statistics page. Prints throughput, p50/p95/p99 and errors per page and level, after a warm-up
of --warm-up seconds that is not timed.

    DATABASE_URL=... .venv/bin/python bench/pages_load.py --username 9851-0 [--seconds 20] [--users 1 10 50]

The database must hold data (``make bench`` runs this on the national data set; see scale.py);
the user is a leader at the unit whose pages are loaded.
"""

import argparse
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
STATE: dict[str, object] = {}
SIGNED_IN: list[object] = []


class Leader(HttpUser):
    wait_time = between(1, 3)  # reading the page before the next click; --no-think: none

    def on_start(self) -> None:
        self.client.get("/log-ind/", name="log ind")
        token = self.client.cookies.get("csrftoken", "")
        self.client.post(
            "/log-ind/",
            {"username": STATE["username"], "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": f"{self.host}/log-ind/"},
            name="log ind",
        )
        SIGNED_IN.append(self)

    def get(self, path: str, name: str) -> None:
        with self.client.get(path, name=name, catch_response=True, allow_redirects=False) as response:
            if response.status_code != 200:
                response.failure(response.error or f"status {response.status_code}")

    @task
    def page(self) -> None:
        at = random.randrange(len(STATE["courses"]))  # type: ignore[arg-type]
        urls = page_urls(STATE["unit"], STATE["citizens"][at], STATE["courses"][at])  # type: ignore[arg-type, index]
        name = random.choice(list(urls))
        self.get(urls[name], name)


def load(host: str, users: int, seconds: float) -> RequestStats:
    """This many users, each signed in, clicking for this many seconds; their statistics."""
    environment = Environment(user_classes=[Leader], events=events, host=host)
    runner = environment.create_local_runner()
    SIGNED_IN.clear()
    runner.start(users, spawn_rate=users)
    while len(SIGNED_IN) < users:  # signing in hashes the password on purpose slowly: not timed
        gevent.sleep(0.2)
    environment.stats.reset_all()
    gevent.sleep(seconds)
    runner.quit()
    return environment.stats


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--username", required=True)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--users", type=int, nargs="+", default=[1, 10, 50])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--warm-up", type=float, default=20, help="seconds of clicking before the levels")
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

    call_command("collectstatic", interactive=False, verbosity=0)  # the pages link the hashed files
    from django.contrib.auth.models import User

    from forlob.treatment.models import Course

    user = User.objects.get(username=args.username)
    unit = user.memberships.first().unit_id  # type: ignore[attr-defined]
    courses = Course.objects.filter(unit_id=unit).order_by("?").values_list("pk", "citizen_id")[:200]
    STATE.update(
        username=args.username,
        unit=unit,
        courses=[pk for pk, _ in courses],
        citizens=[citizen for _, citizen in courses],
    )
    failed = 0
    with gunicorn(args.workers) as (host, _master):
        # Not timed: every thread of every worker draws its first charts and works out its first
        # suppressions (each process remembers them), as it would have after its first minutes.
        think, Leader.wait_time = Leader.wait_time, constant(0)
        warm = load(host, 4 * args.workers, args.warm_up).total
        print(f"warm-up: {warm.num_requests} requests, {warm.num_failures} errors (not timed)")
        failed += warm.num_failures
        Leader.wait_time = think
        print(f"{'users':>5} {'page':<16}{'requests':>9}{'errors':>7}{'req/s':>7}{'p50':>7}{'p95':>7}{'p99':>7} ms")
        for users in args.users:
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
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
