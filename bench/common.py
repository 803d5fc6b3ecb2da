# SPDX-License-Identifier: AGPL-3.0-or-later
"""Shared by the benchmarks: Django on a throwaway database with the demo world, and the median
time of repeated runs."""

import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def medians_ms(calls: Sequence[Callable[[], object]], runs: int) -> list[float]:
    """The median milliseconds of each call over ``runs`` rounds. The calls take turns within a
    round, so a change in the machine's pace during the measurement touches them alike."""
    for call in calls:
        call()  # warm up caches and connections
    timings: list[list[float]] = [[] for _ in calls]
    for _ in range(runs):
        for call, found in zip(calls, timings, strict=True):
            start = time.perf_counter()
            call()
            found.append((time.perf_counter() - start) * 1000)
    return [statistics.median(found) for found in timings]


def median_ms(call: Callable[[], object], runs: int) -> float:
    return medians_ms([call], runs)[0]


def peak_memory(call: Any) -> tuple[float, int]:
    """How far the resident memory of a fresh process (forked from this one) rose above where it
    started while running ``call``: the megabytes, and what ``call`` returned if it was a number."""
    import multiprocessing
    import resource

    from django.db import connection

    def probe(out: Any) -> None:
        import psutil

        connection.close()  # the child opens its own
        start = psutil.Process().memory_info().rss
        result = call()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        out.send(((peak - start) / 2**20, result if isinstance(result, int) else 0))

    connection.close()
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=probe, args=(send,))
    child.start()
    answer = receive.recv()
    child.join()
    return answer


def page_urls(unit: int, citizen: int, course: int) -> dict[str, str]:
    """The busiest pages for a leader of the unit: Mit overblik, the visitation queue, a citizen
    page, a course page, the follow-up worklist and a statistics page."""
    return {
        "Mit overblik": "/",
        "Visitationskø": "/visitation/",
        "Borgerside": f"/borgere/{citizen}/",
        "Forløbsside": f"/forloeb/{course}/",
        "Opfølgning": f"/opfoelgning/?enhed={unit}",
        "Statistik": f"/statistik/afslutningsaarsager/?scope=unit:{unit}&first_year=2016&last_year=2026",
    }


def demo_world(citizens: int) -> float:
    """Set Django up on a scratch database (SQLite unless DATABASE_URL is set), migrate it and load
    the demo world with this many citizens; returns the seconds the demo world took."""
    scratch = tempfile.mkdtemp(prefix="forlob-bench-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forlob.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from forlob.citizens.models import Citizen

    call_command("migrate", verbosity=0)
    if Citizen.objects.exists():
        sys.exit("Point DATABASE_URL at an empty scratch database, or leave it unset for SQLite.")
    start = time.perf_counter()
    with open(os.devnull, "w") as quiet:
        call_command("seed_demo", citizens=citizens, seed=1, stdout=quiet)
    return time.perf_counter() - start


ROOT = Path(__file__).resolve().parent.parent


def workers(master: int) -> list[int]:
    """The worker processes of a gunicorn master."""
    import psutil

    return [child.pid for child in psutil.Process(master).children()]


@contextmanager
def gunicorn(worker_count: int, env: dict[str, str] | None = None) -> Iterator[tuple[str, int]]:
    """Forløb served by scripts/serve.sh on a free port of 127.0.0.1 with this many workers, for
    the database in the environment; yields the address and the master's process id, and stops
    the server afterwards."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings = {**os.environ, **(env or {}), "HOST": "127.0.0.1", "PORT": str(port)}
    settings["WEB_CONCURRENCY"] = str(worker_count)
    server = subprocess.Popen(  # noqa: S603 - our own serve script
        ["sh", str(ROOT / "scripts" / "serve.sh"), str(ROOT / ".venv")],  # noqa: S607
        env=settings,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        host = f"http://127.0.0.1:{port}"
        for _ in range(300):  # until a worker answers
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    pass
                if len(workers(server.pid)) == worker_count:
                    break
            except OSError:
                pass
            time.sleep(0.1)
        time.sleep(1.5)  # the workers import Django
        yield host, server.pid
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
