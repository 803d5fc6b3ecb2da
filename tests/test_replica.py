# SPDX-License-Identifier: AGPL-3.0-or-later
"""Statistics read from the replica (forlob/common/replica.py), writes always on default.

The suite has one database alias. ``test_statistics_read_from_the_replica`` runs
tests/replica_cases.py in a pytest of its own with DATABASE_REPLICA_URL set, so settings
really have a ``replica`` alias (a test mirror of default, as Django makes for tests: another
connection to the same database), and each query is captured on the connection it ran on."""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.contrib.sessions.models import Session
from django.db import connections

from forlob.audit.models import AccessLogEntry
from forlob.common import replica
from forlob.common.replica import REPLICA, ReplicaRouter, reading_from_replica
from forlob.organisations.models import Membership, Unit
from forlob.treatment.models import Request

# The cases that need two aliases: not a test_ file, so the suite's own run does not collect them.
CASES = Path(__file__).resolve().parent / "replica_cases.py"


def test_statistics_read_from_the_replica():
    root = Path(__file__).resolve().parent.parent
    # A database of its own: on PostgreSQL the outer run's test database is in use, and a second
    # pytest would try to create it again. On SQLite both runs test in memory.
    outer = urlsplit(os.environ.get("DATABASE_URL") or "sqlite:///replica-mirror.sqlite3")
    default = urlunsplit(outer._replace(path=f"{outer.path}_replica")) if outer.scheme != "sqlite" else outer.geturl()
    env = {**os.environ, "DATABASE_URL": default, "DATABASE_REPLICA_URL": default}
    run = subprocess.run(  # noqa: S603 - this interpreter, this file
        [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", "-p", "no:cacheprovider", str(CASES)],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert "1 passed" in run.stdout and "skipped" not in run.stdout, run.stdout[-2000:]


# --- In the suite's own run, with one alias -----------------------------------------------------


def test_reads_inside_a_transaction_stay_on_default(monkeypatch):
    monkeypatch.setattr(replica, "replica_configured", lambda: True)  # the router only names it
    router = ReplicaRouter()
    with reading_from_replica():
        assert router.db_for_read(Request) == REPLICA
        monkeypatch.setattr(connections["default"], "in_atomic_block", True)  # as transaction.atomic() does
        assert router.db_for_read(Request) == "default"  # an action reads what it is about to change
        monkeypatch.setattr(connections["default"], "in_atomic_block", False)
        assert router.db_for_read(Session) == "default"  # who is signed in: always the primary
        assert router.db_for_read(Membership) == "default"  # and what they may see
        assert router.db_for_read(Unit) == REPLICA


def test_without_a_replica_everything_is_read_on_default(settings):
    router = ReplicaRouter()
    assert REPLICA not in settings.DATABASES
    with reading_from_replica():
        assert router.db_for_read(Request) == "default"
    assert router.db_for_read(Request) == "default"


def test_writes_and_migrations_only_on_default():
    router = ReplicaRouter()
    with reading_from_replica():
        assert router.db_for_write(AccessLogEntry) == "default"
    assert router.allow_migrate("default", "audit") is True
    assert router.allow_migrate(REPLICA, "audit") is False
