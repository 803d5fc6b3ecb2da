# SPDX-License-Identifier: AGPL-3.0-or-later
"""The idle timeout without a session write on every request (forlob.common.sessions.RefreshIdleSessions)."""

from datetime import timedelta

import time_machine
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import TEST_DAY, password_login

SIGNED_IN = TEST_DAY.replace(hour=9)


def session_writes(client: Client, url: str) -> int:
    """Inserts and updates of the session table while the client opens the page."""
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    table = Session._meta.db_table
    return sum(
        1
        for query in ctx.captured_queries
        if table in query["sql"] and query["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))
    )


def expires(client: Client):  # type: ignore[no-untyped-def]
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_requests_within_a_minute_write_the_session_once_and_later_ones_move_its_end(world, settings):
    assert settings.SESSION_SAVE_EVERY_REQUEST is False and settings.SESSION_COOKIE_AGE == 30 * 60
    client = Client()
    overview = reverse("overview")
    with time_machine.travel(SIGNED_IN, tick=False):
        assert password_login(client, world.behandler.username)
        assert expires(client) == SIGNED_IN + timedelta(minutes=30)
        assert session_writes(client, overview) == 0  # signing in just saved it
    with time_machine.travel(SIGNED_IN + timedelta(minutes=2), tick=False):
        assert session_writes(client, overview) == 1  # two minutes on: the end moves
    with time_machine.travel(SIGNED_IN + timedelta(minutes=2, seconds=30), tick=False):
        assert session_writes(client, overview) == 0  # 30 seconds later: not again
    assert expires(client) == SIGNED_IN + timedelta(minutes=32)
    with time_machine.travel(SIGNED_IN + timedelta(minutes=3, seconds=1), tick=False):
        assert session_writes(client, overview) == 1  # 61 seconds after the last save
    assert expires(client) == SIGNED_IN + timedelta(minutes=33, seconds=1)


def test_an_idle_session_still_ends_after_30_minutes(world):
    client = Client()
    overview = reverse("overview")
    with time_machine.travel(SIGNED_IN, tick=False):
        assert password_login(client, world.behandler.username)
    with time_machine.travel(SIGNED_IN + timedelta(minutes=20), tick=False):
        assert client.get(overview).status_code == 200  # saved: ends at 9:50
    with time_machine.travel(SIGNED_IN + timedelta(minutes=20, seconds=50), tick=False):
        assert client.get(overview).status_code == 200  # not saved: still ends at 9:50
    with time_machine.travel(SIGNED_IN + timedelta(minutes=50, seconds=1), tick=False):
        response = client.get(overview)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_visitor_without_a_session_gets_none(db):
    response = Client().get(reverse("login"))
    assert response.status_code == 200
    assert Session.objects.count() == 0
