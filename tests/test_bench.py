# SPDX-License-Identifier: AGPL-3.0-or-later
"""Small runs of the benchmarks, so they cannot rot: each builds its own throwaway database."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_bench(script: str, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    done = subprocess.run(  # noqa: S603 - our own benchmark
        [sys.executable, str(ROOT / "bench" / script), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_load_with_a_killed_worker_leaves_no_partial_write():
    out = run_bench("load_faults.py", "--users", "4", "--seconds", "6", "--citizens", "100")
    assert "worker replaced after" in out
    assert "partial writes: none" in out
    found = re.search(r"(\d+) answered, (\d+) in the database, (\d+) logged creations", out)
    assert found, out
    answered, stored, logged = (int(n) for n in found.groups())
    assert answered > 0
    assert answered == stored == logged


def test_national_benchmark_runs_small_and_each_report_runs_the_same_queries_at_every_size():
    # Without the page load test: it needs the static files collected and compressed (40 s).
    out = run_bench("scale.py", "--sqlite", "--courses", "1000", "--runs", "1", "--load-seconds", "0")
    queries: dict[tuple[str, str], set[int]] = {}
    for name, scope, count in re.findall(r"^(\w+)\s+(Aalborg|Danmark)\s+(\d+)\s+[\d.]+\s+[\d.]+\s+[\d.]+$", out, re.M):
        queries.setdefault((name, scope), set()).add(int(count))
    reports = {"end_reasons_per_year", "started_and_completed", "treatment_guarantee", "follow_up_reach"}
    assert {name for name, _ in queries} == reports
    # The same queries at 10, 30 and 100 %: one aggregate each, two for the guarantee (started or not).
    expected = {name: {2 if name == "treatment_guarantee" else 1} for name in reports}
    assert all(counts == expected[name] for (name, _scope), counts in queries.items()), queries
    assert out.count("generated ") == 3 and "growth exponent" in out and "× DuckDB" in out
