# SPDX-License-Identifier: AGPL-3.0-or-later
"""Load with a fault: locust (headless, as a library) against gunicorn on 127.0.0.1 with the demo
world, while one worker is killed with SIGKILL a third of the way in. Reports requests, errors,
p50/p95/p99, how long the master took to replace the worker, and checks that no request left a
partial write: every request registered through the API has its logged creation, and the rows
created match the answers given.

    .venv/bin/python bench/load_faults.py [--users 10] [--seconds 30] [--citizens 100]

SQLite unless DATABASE_URL points at an empty scratch PostgreSQL database. Exits non-zero on a
partial write or when the killed worker is not replaced.
"""

import argparse
import os
import signal
import sys
import tempfile
import time
from datetime import date, timedelta

import gevent
from common import demo_world, gunicorn, workers
from locust import HttpUser, between, events, task
from locust.env import Environment

STATE: dict[str, object] = {}
FAILED_AT: list[float] = []


@events.request.add_listener
def _note_failure(exception: object = None, **kwargs: object) -> None:
    if exception is not None:
        FAILED_AT.append(time.perf_counter())


class Caseworker(HttpUser):
    wait_time = between(0.01, 0.05)

    @task(4)
    def queue(self) -> None:
        self.client.get("/api/v1/requests", headers=STATE["headers"], name="GET /requests")

    @task(1)
    def register(self) -> None:
        citizen = STATE["citizens"][int(time.time() * 1000) % len(STATE["citizens"])]  # type: ignore[index]
        body = {
            "citizen_id": citizen,
            "unit_id": STATE["unit"],
            "received_on": (date.today() - timedelta(days=1)).isoformat(),
            "channel": "self",
            "main_substance": "alcohol",
            "legal_basis": "sul_141",
        }
        self.client.post("/api/v1/requests", json=body, headers=STATE["headers"], name="POST /requests")

    @task(1)
    def health(self) -> None:
        self.client.get("/healthz", name="GET /healthz")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--citizens", type=int, default=100)
    args = parser.parse_args()

    os.environ.setdefault("FORLOB_VAR_DIR", tempfile.mkdtemp(prefix="forlob-load-"))
    seconds = demo_world(args.citizens)
    print(f"seed_demo --citizens {args.citizens}: {seconds:.1f} s")
    from django.contrib.auth.models import User

    from forlob.api.actions import issue_token
    from forlob.audit.models import AccessLogEntry
    from forlob.citizens.models import Citizen
    from forlob.organisations.models import Unit
    from forlob.treatment.models import Request

    user = User.objects.get(username="visitator")
    _row, token = issue_token(user, "load")
    unit = Unit.objects.get(institution_code="3502")
    STATE.update(
        headers={"Authorization": f"Bearer {token}"},
        unit=unit.pk,
        citizens=list(
            Citizen.objects.filter(registrations__unit=unit, is_anonymous=False).values_list("pk", flat=True)[:50]
        ),
    )
    requests_before = Request.objects.count()
    created_before = AccessLogEntry.objects.filter(via="register_request").count()

    with gunicorn(2) as (host, master):
        environment = Environment(user_classes=[Caseworker], events=events, host=host)
        runner = environment.create_local_runner()
        runner.start(args.users, spawn_rate=args.users)
        gevent.sleep(args.seconds / 3)
        victim = workers(master)[0]
        killed_at = time.perf_counter()
        os.kill(victim, signal.SIGKILL)
        replaced = None
        while time.perf_counter() - killed_at < args.seconds:
            current = workers(master)
            if len(current) == 2 and victim not in current:
                replaced = time.perf_counter() - killed_at
                break
            gevent.sleep(0.05)
        gevent.sleep(max(0.0, args.seconds * 2 / 3 - (time.perf_counter() - killed_at)))
        runner.quit()

    stats = environment.stats
    total = stats.total
    print(f"{args.users} users, {args.seconds:.0f} s, one of two workers killed at {args.seconds / 3:.0f} s")
    for entry in sorted(stats.entries.values(), key=lambda e: e.name):
        print(
            f"  {entry.name:16} {entry.num_requests:6} requests {entry.num_failures:4} errors  "
            + "  ".join(f"p{q:.0f} {entry.get_response_time_percentile(q / 100):5.0f} ms" for q in (50, 95, 99))
        )
    rate = total.num_failures / total.num_requests if total.num_requests else 0
    print(
        f"  total {total.num_requests} requests, {total.num_failures} errors ({100 * rate:.2f} %), "
        f"{total.total_rps:.0f}/s"
    )
    print(f"  worker replaced after {replaced:.2f} s" if replaced is not None else "  worker NOT replaced")
    for error in stats.errors.values():
        print(f"  error: {error.occurrences} × {error.method} {error.name}: {error.error}")
    if FAILED_AT:
        first, last = FAILED_AT[0] - killed_at, FAILED_AT[-1] - killed_at
        print(
            f"  errors from {first:+.2f} s to {last:+.2f} s after the kill; recovered {max(0.0, last):.2f} s after it"
        )

    posts = stats.get("POST /requests", "POST")
    answered = posts.num_requests - posts.num_failures
    created = Request.objects.count() - requests_before
    logged = AccessLogEntry.objects.filter(via="register_request").count() - created_before
    partial = created != logged or not answered <= created <= posts.num_requests
    print(f"  requests registered: {answered} answered, {created} in the database, {logged} logged creations")
    print("  partial writes: " + ("FOUND" if partial else "none"))
    return 1 if partial or replaced is None else 0


if __name__ == "__main__":
    sys.exit(main())
