# SPDX-License-Identifier: AGPL-3.0-or-later
"""Shared by the benchmarks: Django on a throwaway database with the demo world, and the median
time of repeated runs."""

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def median_ms(call: Callable[[], object], runs: int) -> float:
    call()  # warm up caches and connections
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


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
