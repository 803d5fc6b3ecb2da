# SPDX-License-Identifier: AGPL-3.0-or-later
"""Health and faults (issue 25): /readyz tells a load balancer when the database cannot be
written, its file is gone or its disk is nearly full; the health endpoints need no session; a
database that cannot be written gives the Danish 503 page (JSON under /api/), never an English
400; SQLite never makes a new empty database file at run time; a kept connection the database
server closed is replaced before a request uses it."""

import io
import wsgiref.util
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import get_commands
from django.db import OperationalError, connection
from django.db.backends.sqlite3.base import DatabaseWrapper as DjangoSqlite
from django.test import Client
from django.utils import timezone

from forlob.common.sqlite.base import DatabaseWrapper, file_may_be_created
from tests.api.clients import api_client
from tests.conftest import new_citizen, password_login

# Each request stands alone, as in production: a read-only switch or a killed connection must not
# be undone by the test's own transaction.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@contextmanager
def read_only() -> Iterator[None]:
    """The database refuses every write from now on, as a read-only SQLite file or a PostgreSQL
    standby does."""
    on, off = (
        ("PRAGMA query_only = ON", "PRAGMA query_only = OFF")
        if connection.vendor == "sqlite"
        else ("SET default_transaction_read_only = on", "SET default_transaction_read_only = off")
    )
    with connection.cursor() as cursor:
        cursor.execute(on)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(off)


def signed_in(world) -> Client:  # type: ignore[no-untyped-def]
    client = Client(raise_request_exception=False)
    assert password_login(client, world.behandler.username)
    return client


def test_readyz_is_ok_when_the_database_can_be_written_and_the_disk_has_room(client):
    answer = client.get("/readyz")
    assert answer.status_code == 200
    assert answer.json() == {"status": "ok", "database": "ok", "migrations": 0, "disk": "ok"}


def test_readyz_answers_503_when_the_database_cannot_be_written(client):
    with read_only():
        answer = client.get("/readyz")
    assert answer.status_code == 503
    assert answer.json()["database"] == "not_writable" and answer.json()["detail"]
    assert client.get("/readyz").status_code == 200  # writable again


def test_the_write_probe_leaves_nothing_behind(client):
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM django_migrations")
        before = cursor.fetchone()[0]
        assert client.get("/readyz").status_code == 200
        cursor.execute("SELECT COUNT(*) FROM django_migrations")
        assert cursor.fetchone()[0] == before


def test_readyz_answers_503_when_the_disk_is_nearly_full(client, settings):
    settings.FORLOB_MIN_FREE_DISK_MB = 2**40  # a million terabytes: more than any disk has free
    answer = client.get("/readyz")
    assert answer.status_code == 503
    assert answer.json()["disk"] == "low" and answer.json()["database"] == "ok"
    settings.FORLOB_MIN_FREE_DISK_MB = 0
    assert client.get("/readyz").status_code == 200


def test_readyz_names_a_missing_database_file(client, monkeypatch, tmp_path):
    monkeypatch.setattr(connection, "database_file", lambda: tmp_path / "moved.sqlite3", raising=False)
    answer = client.get("/readyz")
    assert answer.status_code == 503 and answer.json()["database"] == "missing"
    assert not (tmp_path / "moved.sqlite3").exists()


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_the_health_endpoints_neither_read_nor_save_a_session(world, path, django_assert_max_num_queries):
    client = signed_in(world)
    with django_assert_max_num_queries(0 if path == "/healthz" else 20) as queries:
        answer = client.get(path)
    assert answer.status_code == 200 and answer.cookies == {}
    assert not [q for q in queries.captured_queries if "django_session" in q["sql"]]


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_a_session_cookie_cannot_break_the_health_endpoints_of_a_read_only_database(world, path):
    client = signed_in(world)
    with read_only():
        answer = client.get(path)
    assert answer["Content-Type"] == "application/json" and answer.cookies == {}
    assert answer.status_code == (200 if path == "/healthz" else 503)


def test_a_session_that_cannot_be_saved_gets_the_danish_503_page_not_an_english_400(world):
    client = signed_in(world)
    # Two minutes on, the request moves the session's idle end (forlob.common.sessions).
    with time_machine.travel(timezone.now() + timedelta(minutes=2)), read_only():
        answer = client.get("/api-noegler/")  # writes nothing but the session
    assert answer.status_code == 503 and answer["Retry-After"] == "30"
    assert "Forløb kan ikke nå sin database lige nu" in answer.content.decode()


def test_a_page_of_a_read_only_database_gets_the_danish_503_page(world):
    citizen = new_citizen(world)
    client = signed_in(world)
    with read_only():
        answer = client.get(f"/borgere/{citizen.pk}/")  # the read is logged: a write
    assert answer.status_code == 503 and "Forløb kan ikke nå sin database lige nu" in answer.content.decode()


def test_the_api_answers_json_when_the_database_cannot_be_written(world):
    client = api_client(world.behandler)
    client.raise_request_exception = False
    with read_only():
        answer = client.get("/api/v1/requests")
    assert answer.status_code == 503 and answer["Content-Type"] == "application/json"
    assert set(answer.json()) == {"detail"}


def test_the_api_answers_json_when_the_database_is_gone(world):
    client = api_client(world.behandler)
    client.raise_request_exception = False

    def gone(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        raise OperationalError("server closed the connection unexpectedly")

    with connection.execute_wrapper(gone):
        answer = client.get("/api/v1/requests")
    assert answer.status_code == 503 and answer.json() == {"detail": "Tjenesten er utilgængelig et øjeblik. Prøv igen."}


def sqlite_file(path: Path) -> DatabaseWrapper:
    """A connection of Forløb's SQLite backend to the file at ``path``."""
    settings_dict = {**connection.settings_dict, "ENGINE": "forlob.common.sqlite", "NAME": str(path)}
    return DatabaseWrapper({**settings_dict, "OPTIONS": {}, "TEST": {}}, alias="probe")


def test_sqlite_refuses_to_create_a_missing_database_file(tmp_path):
    missing = tmp_path / "forlob.sqlite3"
    wrapper = sqlite_file(missing)
    with pytest.raises(OperationalError, match="does not exist"):
        wrapper.ensure_connection()
    assert not missing.exists()
    # Django's own backend makes a new, empty database: what Forløb did before.
    assert issubclass(DatabaseWrapper, DjangoSqlite)


def test_only_migrate_may_create_the_database_file(tmp_path):
    created = tmp_path / "forlob.sqlite3"
    wrapper = sqlite_file(created)
    with file_may_be_created():
        wrapper.ensure_connection()
    wrapper.close()
    assert created.exists()
    assert get_commands()["migrate"] == "forlob.audit"  # the migrate that allows it


def test_a_kept_sqlite_connection_to_a_moved_file_is_not_usable(tmp_path):
    path = tmp_path / "forlob.sqlite3"
    wrapper = sqlite_file(path)
    with file_may_be_created():
        wrapper.ensure_connection()
    assert wrapper.is_usable()
    path.rename(tmp_path / "elsewhere.sqlite3")
    assert not wrapper.is_usable()  # so CONN_HEALTH_CHECKS drops it at the next request
    wrapper.close()
    with pytest.raises(OperationalError, match="does not exist"):
        wrapper.ensure_connection()
    assert not path.exists()


def test_kept_connections_are_checked_before_each_request(settings):
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_a_connection_the_database_server_ended_is_replaced_before_the_next_request():
    """Between two requests the server ends the kept connection (as a restart does); the second
    request gets a new one instead of a 503. Through the WSGI handler, whose request signals run
    the check (the test client skips them)."""
    application = WSGIHandler()

    def get(path: str) -> str:
        environ = {"PATH_INFO": path, "REQUEST_METHOD": "GET", "wsgi.input": io.BytesIO()}
        wsgiref.util.setup_testing_defaults(environ)
        status: list[str] = []
        response = application(environ, lambda s, headers: status.append(s))
        b"".join(response)
        response.close()  # request_finished
        return status[0]

    assert get("/readyz").startswith("200")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    other = connection.get_new_connection(connection.get_connection_params())
    try:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
    finally:
        other.close()
    assert get("/readyz").startswith("200")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != pid


def test_sqlite_writers_wait_out_a_sliced_import_commit():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's busy timeout")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] == 20000
