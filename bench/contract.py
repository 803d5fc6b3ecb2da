# SPDX-License-Identifier: AGPL-3.0-or-later
"""Benchmark-style run of the API contract: schemathesis's command line, with every check and every
phase (examples, coverage, fuzzing, stateful along the schema's links), against Forløb served by
gunicorn on a scratch database with the demo data, with a leader's token and a random seed. The
suite's contract test (tests/api/test_contract.py) runs a few fixed examples; this runs many, with a
new seed each time (printed, so a failure can be replayed with --seed). Positive data acceptance is
the suite's (tests/api/contract.py): a schema-valid request may be refused only by a documented
rule. Exits 1 when schemathesis finds a failure.

    .venv/bin/python bench/contract.py [--examples 15] [--seed N] [--citizens 60]
"""

import argparse
import os
import random
import subprocess
import sys
import tempfile
from datetime import timedelta

from common import ROOT, demo_world, gunicorn


def leader_token() -> str:
    from django.contrib.auth.models import User

    from forlob.api.actions import issue_token

    return issue_token(User.objects.get(username="leder"), "contract run", days=1)[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=15, help="test cases per operation and phase")
    parser.add_argument("--seed", type=int, default=random.randrange(2**31))
    parser.add_argument("--citizens", type=int, default=60)
    args = parser.parse_args()
    print(f"seed {args.seed}", flush=True)

    demo_world(args.citizens)
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)  # the error pages link the hashed files
    token = leader_token()
    # Refusals are what this run makes; the limit that stops a person guessing ids would hide the answers.
    with gunicorn(2, {"FORLOB_REFUSAL_LIMIT": str(10**6)}) as (host, _pid):
        env = {**os.environ, "SCHEMATHESIS_HOOKS": "contract_hooks", "PYTHONPATH": f"{ROOT / 'bench'}:{ROOT}"}
        command = [sys.executable, "-m", "schemathesis.cli", "run", f"{host}/api/v1/openapi.json"]
        command += ["--checks", "all", "--exclude-checks", "positive_data_acceptance"]
        command += ["--header", f"Authorization: Bearer {token}", "--max-examples", str(args.examples)]
        command += ["--seed", str(args.seed), "--workers", "2", "--no-color", "--request-timeout", "60"]
        # In a scratch folder: schemathesis keeps its cache of failures in the current one.
        scratch = tempfile.mkdtemp(prefix="forlob-contract-")
        run = subprocess.run(command, env=env, cwd=scratch, check=False, timeout=timedelta(hours=1).seconds)  # noqa: S603
    sys.exit(0 if run.returncode == 0 else 1)


if __name__ == "__main__":
    main()
