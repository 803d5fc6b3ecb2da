# SPDX-License-Identifier: AGPL-3.0-or-later
"""Statistics read from the replica (forlob/common/replica.py), writes always on default.

The suite has one database alias. ``test_statistics_read_from_the_replica`` runs the tests
marked ``two_aliases`` below in a pytest of their own with DATABASE_REPLICA_URL set, so settings
really have a ``replica`` alias (a test mirror of default, as Django makes for tests: another
connection to the same database), and each query is captured on the connection it ran on."""

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.contrib.sessions.models import Session
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forlob.audit.models import AccessLogEntry
from forlob.common import replica
from forlob.common.dates import today
from forlob.common.replica import REPLICA, ReplicaRouter, reading_from_replica
from forlob.organisations.models import Membership, Unit
from forlob.treatment.models import Request
from tests.conftest import CPR_2, new_citizen, new_course, new_request, password_login

TWO_ALIASES = "DATABASE_REPLICA_URL" in os.environ
two_aliases = pytest.mark.skipif(not TWO_ALIASES, reason="run by test_statistics_read_from_the_replica")
TREATMENT_REQUEST = Request._meta.db_table
ACCESS_LOG = AccessLogEntry._meta.db_table


@pytest.mark.skipif(TWO_ALIASES, reason="this is the run with two aliases")
def test_statistics_read_from_the_replica():
    root = Path(__file__).resolve().parent.parent
    # A database of its own: on PostgreSQL the outer run's test database is in use, and a second
    # pytest would try to create it again. On SQLite both runs test in memory.
    outer = urlsplit(os.environ.get("DATABASE_URL") or "sqlite:///replica-mirror.sqlite3")
    default = urlunsplit(outer._replace(path=f"{outer.path}_replica")) if outer.scheme != "sqlite" else outer.geturl()
    env = {**os.environ, "DATABASE_URL": default, "DATABASE_REPLICA_URL": default}
    run = subprocess.run(  # noqa: S603 - this interpreter, this file
        [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", "-p", "no:cacheprovider", __file__],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert "4 passed, 1 skipped" in run.stdout, run.stdout[-2000:]


def _queries(alias: str, ctx: CaptureQueriesContext, table: str, verb: str = "SELECT") -> list[str]:
    return [q["sql"] for q in ctx.captured_queries if table in q["sql"] and q["sql"].lstrip().startswith(verb)]


@two_aliases
@pytest.mark.django_db(databases=["default", "replica"], transaction=True)
def test_a_statistics_page_counts_on_the_replica_and_logs_on_default(world):
    # A request waiting past its deadline: the leader's guarantee page lists it, and logs that.
    new_request(world, new_citizen(world), received_on=today() - timedelta(days=30))
    new_course(world, new_citizen(world, cpr=CPR_2))
    client = Client()
    assert password_login(client, world.leder.username)
    year = today().year
    url = reverse("stats_guarantee") + f"?scope=unit:{world.faxe.pk}&first_year={year - 1}&last_year={year}"
    before = AccessLogEntry.objects.count()
    with (
        CaptureQueriesContext(connections["default"]) as on_default,
        CaptureQueriesContext(connections[REPLICA]) as on_replica,
    ):
        response = client.get(url)
    assert response.status_code == 200
    # The counts and the list of breaches were read on the replica, none of them on default.
    assert len(_queries(REPLICA, on_replica, TREATMENT_REQUEST)) >= 2
    assert _queries("default", on_default, TREATMENT_REQUEST) == []
    # The access log row of the listed citizen was written on default, nothing on the replica.
    assert len(_queries("default", on_default, ACCESS_LOG, "INSERT")) == 1
    assert AccessLogEntry.objects.count() == before + 1
    assert not [q for q in on_replica.captured_queries if not q["sql"].lstrip().startswith("SELECT")]
    # Who is signed in and what they may see was read on default.
    assert _queries("default", on_default, "django_session")
    assert _queries("default", on_default, "organisations_membership")
    assert not _queries(REPLICA, on_replica, "django_session")
    assert not _queries(REPLICA, on_replica, "organisations_membership")

    # Any other page, and a POST under /statistik/, reads on default.
    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        assert client.get(reverse("course_list")).status_code == 200
        assert client.post(reverse("stats_extract"), {}).status_code == 200  # the form, with its errors
    assert on_replica.captured_queries == []


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
    assert REPLICA not in settings.DATABASES or TWO_ALIASES
    with reading_from_replica():
        assert router.db_for_read(Request) == (REPLICA if TWO_ALIASES else "default")
    assert router.db_for_read(Request) == "default"


def test_writes_and_migrations_only_on_default():
    router = ReplicaRouter()
    with reading_from_replica():
        assert router.db_for_write(AccessLogEntry) == "default"
    assert router.allow_migrate("default", "audit") is True
    assert router.allow_migrate(REPLICA, "audit") is False
