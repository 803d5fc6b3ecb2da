# SPDX-License-Identifier: AGPL-3.0-or-later
"""Faults: the database goes away mid-request, is read-only or full. The user gets a Danish 503
page, the action's writes are all or nothing, and the next request works again. An import
interrupted half-way leaves nothing imported. The health endpoints tell a load balancer. A backup
restores every table exactly, and the CPR numbers in it still decrypt."""

import io
import threading
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse

from forlob.audit.backup import fingerprint
from forlob.audit.models import AccessLogEntry
from forlob.citizens import cpr
from forlob.citizens.models import Citizen, Registration
from forlob.common.dates import today
from forlob.family import actions as family_actions
from forlob.family.models import Consent
from forlob.followup import actions as followup_actions
from forlob.followup.models import FollowUp
from forlob.prevention.models import Activity
from forlob.treatment import actions as treatment_actions
from forlob.treatment.actions.imports import ImportStopped
from forlob.treatment.models import Course, Request
from tests.conftest import new_citizen, new_course, password_login
from tests.test_import import GOOD, leader, run  # noqa: F401 - the leader fixture

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
    assert client.get("/readyz").json() == {"status": "ok", "database": "ok", "migrations": 0, "disk": "ok"}

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


def test_an_import_interrupted_half_way_leaves_nothing_imported(world, leader):  # noqa: F811
    # The citizens and their history rows are written (COPY on PostgreSQL), then the database goes.
    # The slice in progress is rolled back and the import stops with a Danish message.
    with database_gone_after('INSERT INTO "citizens_historicalcitizen"') as state, pytest.raises(ImportStopped) as stop:
        run(leader, GOOD, commit=True)
    assert "Importen stoppede efter 0 nye forløb" in str(stop.value)
    assert state["written"] and Course.objects.count() == 0 and Citizen.objects.count() == 0
    assert run(leader, GOOD, commit=True).created == 3  # and it goes through once the database is back


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
    call_command("restore", str(tmp_path / "forlob.backup"), "--replace", stdout=out)
    assert "Databasen er genskabt" in out.getvalue()
    assert fingerprint() == before  # every table: the same rows, the same values
    restored = Citizen.objects.get(pk=known.pk)
    assert len(cpr.decrypt(restored.cpr_encrypted)) == 10
    assert cpr.lookup_hash(cpr.decrypt(restored.cpr_encrypted)) == restored.cpr_hash

    with pytest.raises(CommandError, match="Filen findes ikke"):
        call_command("restore", str(tmp_path / "mangler.backup"), "--replace")


def _race(*calls):  # type: ignore[no-untyped-def]
    """Run the calls at the same moment, each in its own thread with its own database connection;
    what each returned or raised, in order."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[object] = [None] * len(calls)

    def run(n, call):  # type: ignore[no-untyped-def]
        try:
            barrier.wait()
            outcomes[n] = call()
        except (ValidationError, OperationalError) as error:
            outcomes[n] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n, call)) for n, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def _refused(outcome: object) -> bool:
    """Refused by the rules (a Danish message), or, on SQLite, which takes one writer at a time,
    by the lock: either way nothing was written."""
    return isinstance(outcome, ValidationError | OperationalError) and (
        isinstance(outcome, ValidationError) or connection.vendor == "sqlite"
    )


def test_concurrent_edits_lose_no_update_and_create_no_duplicates(world):
    """What was reported saved is what is in the database, and nothing twice. On PostgreSQL the
    row lock lets exactly one of two racing saves through; SQLite may refuse both (one writer)."""
    one_winner = connection.vendor == "postgresql"
    course = new_course(world)
    seen = course.version

    def save(user, text):  # type: ignore[no-untyped-def]
        return lambda: treatment_actions.update_plan(
            world.actor(user), Course.objects.get(pk=course.pk), text, [], [], seen
        )

    outcomes = _race(save(world.behandler, "Plan A"), save(world.leder, "Plan B"))
    saved = [o for o in outcomes if isinstance(o, Course)]
    assert all(isinstance(o, Course) or _refused(o) for o in outcomes)
    assert len(saved) == 1 if one_winner else len(saved) <= 1
    course.refresh_from_db()
    assert course.version == seen + len(saved) and course.plan == (saved[0].plan if saved else "")

    citizen = new_citizen(world, "1505920001", first_name="Ida")
    data = treatment_actions.CourseData(
        offer_type="day",
        started_on=today(),
        responsible=world.behandler,
        legal_basis="sul_141",
        main_substance="alcohol",
    )
    start = lambda: treatment_actions.start_course(world.actor(world.visitator), citizen, world.faxe, data)  # noqa: E731
    started = sum(isinstance(o, Course) for o in _race(start, start))
    assert Course.objects.filter(citizen=citizen, offer_type="day").count() == started  # the constraint holds
    assert started == 1 if one_winner else started <= 1

    consent = family_actions.ConsentData(kind="follow_up", given_on=course.started_on, phone="12345678")
    family_actions.give_consent(world.actor(world.behandler), course.citizen, consent)
    discharge = lambda: treatment_actions.discharge_course(  # noqa: E731
        world.actor(world.behandler), Course.objects.get(pk=course.pk), today(), "completed"
    )
    discharged = sum(isinstance(o, Course) for o in _race(discharge, discharge))
    assert discharged == 1 if one_winner else discharged <= 1
    assert FollowUp.objects.filter(course=course).count() == 2 * discharged  # 3 and 6 months, made once


def test_racing_follow_up_attempts_and_withdrawals_write_once(world):
    """The same page open in two tabs: two attempts saved from it at once count once, and so does
    a consent withdrawn twice at once."""
    one_winner = connection.vendor == "postgresql"
    course = new_course(world)
    consent = family_actions.give_consent(
        world.actor(world.behandler),
        course.citizen,
        family_actions.ConsentData(kind="follow_up", given_on=course.started_on, phone="12345678"),
    )
    treatment_actions.discharge_course(world.actor(world.behandler), course, today(), "completed")
    task = FollowUp.objects.filter(course=course).order_by("months").first()
    seen = task.version
    not_reached = followup_actions.AttemptData(attempted_on=today(), reached=False, version=seen)
    attempt = lambda: followup_actions.record_attempt(  # noqa: E731
        world.actor(world.behandler), FollowUp.objects.get(pk=task.pk), not_reached
    )
    outcomes = _race(attempt, attempt)
    assert all(isinstance(o, FollowUp) or _refused(o) for o in outcomes)
    saved = sum(isinstance(o, FollowUp) for o in outcomes)
    assert saved == 1 if one_winner else saved <= 1
    task.refresh_from_db()
    assert (task.attempts.count(), task.version) == (saved, seen + saved)

    withdraw = lambda: family_actions.withdraw_consent(  # noqa: E731
        world.actor(world.behandler), Consent.objects.get(pk=consent.pk), today(), consent.version
    )
    withdrawn = sum(isinstance(o, Consent) for o in _race(withdraw, withdraw))
    assert withdrawn == 1 if one_winner else withdrawn <= 1
    consent.refresh_from_db()
    assert consent.version == 1 + withdrawn
    assert consent.history.count() == 1 + withdrawn  # given, and withdrawn once
