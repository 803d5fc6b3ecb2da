# SPDX-License-Identifier: AGPL-3.0-or-later
"""Faults: the database goes away mid-request, is read-only or full. The user gets a Danish 503
page, the action's writes are all or nothing, and the next request works again. An import
interrupted half-way leaves nothing imported. The health endpoints tell a load balancer. A backup
restores every table exactly, and the CPR numbers in it still decrypt."""

import io
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse

from forlob.audit.backup import fingerprint
from forlob.audit.models import AccessLogEntry
from forlob.citizens import cpr
from forlob.citizens.models import Citizen, Registration
from forlob.common.errors import today
from forlob.prevention.models import Activity
from forlob.treatment.models import Course, Request
from tests.conftest import new_citizen, password_login
from tests.test_import import GOOD, admin, run  # noqa: F401 - the admin fixture

# Without the test's own transaction around each test: as in production, every request stands alone,
# and a query failing after the action's transaction cannot poison the next request.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@contextmanager
def database_gone_after(first_write: str, message: str = "server closed the connection unexpectedly"):
    """Let queries through until one starting with ``first_write`` has run; every query after it
    fails as if the database had gone away."""
    state = {"written": False}

    def blocker(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        if state["written"]:
            raise OperationalError(message)
        result = execute(sql, params, many, context)
        if sql.lstrip().upper().startswith(first_write.upper()):
            state["written"] = True
        return result

    with connection.execute_wrapper(blocker):
        yield state


def test_health_endpoints():
    client = Client()
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").json() == {"status": "ok", "database": "ok", "migrations": 0}

    def down(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        raise OperationalError("could not connect to server")

    with connection.execute_wrapper(down):
        gone = client.get("/readyz")
    assert gone.status_code == 503 and gone.json()["database"] == "unreachable"
    assert client.get("/healthz").status_code == 200


@pytest.mark.parametrize(
    "message",
    [
        "server closed the connection unexpectedly",  # PostgreSQL went away
        "attempt to write a readonly database",  # SQLite file made read-only
        "database or disk is full",  # the disk filled up
    ],
)
def test_the_database_failing_mid_action_saves_nothing_and_says_so_in_danish(world, message):
    citizen = new_citizen(world)
    client = Client(raise_request_exception=False)
    assert password_login(client, world.visitator.username)
    url = reverse("request_create") + f"?borger={citizen.pk}"
    form = {
        "unit": world.faxe.pk,
        "received_on": (today() - timedelta(days=1)).isoformat(),
        "channel": "self",
        "main_substance": "alcohol",
        "legal_basis": "sul_141",
        "note": "Ringede selv",
    }
    created = AccessLogEntry.objects.filter(use="create")
    before = (Request.objects.count(), Registration.objects.count(), created.count())

    with database_gone_after('INSERT INTO "treatment_request"') as state:
        failed = client.post(url, form)

    assert state["written"]  # the request row was written before the database went
    assert failed.status_code == 503 and failed["Retry-After"] == "30"
    text = failed.content.decode()
    assert "Forløb kan ikke nå sin database lige nu" in text and "halvt" in text
    # The request, the registration at the unit and the logged creation went together; the log of
    # the citizen being viewed on the form, before the action, stays.
    assert (Request.objects.count(), Registration.objects.count(), created.count()) == before

    recovered = client.post(url, form)  # the database is back
    assert recovered.status_code == 302 and Request.objects.count() == before[0] + 1


def test_an_error_that_is_not_the_database_gets_the_danish_500_page(world, monkeypatch):
    client = Client(raise_request_exception=False)
    assert password_login(client, world.behandler.username)

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("a bug")

    monkeypatch.setattr("forlob.treatment.views.queries.course_list", broken)
    response = client.get(reverse("course_list"))
    assert response.status_code == 500 and "Der opstod en fejl" in response.content.decode()


def test_an_import_interrupted_half_way_leaves_nothing_imported(world, admin):  # noqa: F811
    # The citizens and their history rows are written (COPY on PostgreSQL), then the database goes.
    with database_gone_after('INSERT INTO "citizens_historicalcitizen"') as state, pytest.raises(OperationalError):
        run(admin, GOOD, commit=True)
    assert state["written"] and Course.objects.count() == 0 and Citizen.objects.count() == 0
    assert run(admin, GOOD, commit=True).created == 3  # and it goes through once the database is back


def test_backup_and_restore_round_trip_a_demo_database(tmp_path):
    call_command("seed_demo", citizens=20, seed=3, stdout=io.StringIO())
    before = fingerprint()
    known = Citizen.objects.exclude(cpr_encrypted="").order_by("pk").first()
    assert known is not None and len(before) > 40 and before["treatment_course"][0] > 0

    call_command("backup", str(tmp_path / "forlob.backup"), stdout=io.StringIO())
    Activity.objects.all().delete()
    Citizen.objects.filter(pk=known.pk).update(first_name="Ændret")
    assert fingerprint() != before

    out = io.StringIO()
    call_command("restore", str(tmp_path / "forlob.backup"), "--yes", stdout=out)
    assert "Databasen er genskabt" in out.getvalue()
    assert fingerprint() == before  # every table: the same rows, the same values
    restored = Citizen.objects.get(pk=known.pk)
    assert len(cpr.decrypt(restored.cpr_encrypted)) == 10
    assert cpr.lookup_hash(cpr.decrypt(restored.cpr_encrypted)) == restored.cpr_hash

    with pytest.raises(CommandError, match="Filen findes ikke"):
        call_command("restore", str(tmp_path / "mangler.backup"), "--yes")
