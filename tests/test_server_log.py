# SPDX-License-Identifier: AGPL-3.0-or-later
"""CPR numbers never reach the server's log: a CPR number in the address, in any notation, is
refused (forlob/accounts/middleware.py), and gunicorn's access log masks every value in query
strings and referrers (forlob/common/serverlog.py) whatever the application answered."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import quote

import pytest
from django.db import connection
from gunicorn.config import Config

from forlob.accounts.middleware import CPR_LIKE
from forlob.audit.backup import backup
from forlob.audit.models import SecurityEvent
from forlob.citizens import cpr
from forlob.common.serverlog import MaskedQueryLogger, masked_query
from tests.test_api import api
from tests.test_views import client_for

ROOT = Path(__file__).resolve().parent.parent

# CPR_1 of tests/conftest.py in every notation people use.
NOTATIONS = [
    "0101801234",
    "010180-1234",
    "010180 1234",
    "010180 - 1234",
    "010180/1234",
    "01.01.80-1234",
    "01.01.80 1234",
    "01.01.801234",
    "01 01 80 1234",
    "01-01-80-1234",
    "01/01/80-1234",
    "cpr: 010180-1234",
    "tlf. 12 34 010180 1234",  # digits just before do not hide it
]


def holds_cpr(text: str) -> bool:
    return any(cpr.normalise_or_none("".join(m.groups())) for m in CPR_LIKE.finditer(text))


# --- Refused in the address, in every notation --------------------------------------------------


@pytest.mark.parametrize("number", NOTATIONS)
def test_a_cpr_number_in_any_notation_in_the_address_is_refused(world, number):
    for client, path in ((client_for(world.behandler), "/borgere/"), (api(world.behandler), "/api/v1/citizens")):
        # As a browser sends it: spaces as + or %20, the rest percent-encoded where needed.
        for query in (f"q={quote(number)}", f"q={quote(number).replace('%20', '+')}", quote(number)):
            response = client.get(f"{path}?{query}")
            assert response.status_code == 400, query
            assert "må ikke sendes i adressen" in response.content.decode()
    logged = SecurityEvent.objects.filter(kind=SecurityEvent.Kind.SECRET_IN_URL)
    assert logged.count() == 6
    assert not any(holds_cpr(event.path) or "?" in event.path for event in logged)


@pytest.mark.parametrize(
    "value",
    [
        "12345678",  # a phone number
        "+45 12 34 56 78",
        "12 34 56 78 90",  # ten digits, but no date
        "1234567890",
        "3213801234",  # day 32
        "0113801234",  # month 13
        "01.01.2024",  # a date
        "2024-01-01 12:00",
        "01.01.80-12345",  # one digit too many
        "3502",  # an institution code
    ],
)
def test_digits_that_are_not_a_cpr_number_pass(world, value):
    assert client_for(world.behandler).get("/borgere/", {"q": value}).status_code == 200
    assert not SecurityEvent.objects.exists()


# --- gunicorn's access log -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "masked"),
    [
        ("", ""),
        ("q=010180-1234", "q=*"),
        ("side=2&q=01.01.80+1234", "side=*&q=*"),
        ("0101801234", "*"),
        ("debug", "debug"),
        ("a1=x&%30101801234=", "*=*&*=*"),
    ],
)
def test_query_values_are_masked_and_plain_names_kept(query, masked):
    assert masked_query(query) == masked


def test_the_access_log_line_shows_no_query_value_in_any_field(tmp_path):
    log = tmp_path / "access.log"
    config = Config()
    config.set("accesslog", str(log))
    # The default line and every field that holds an address, from the request, environment or headers.
    fields = '"%(r)s" "%(f)s" %(q)s %({referer}i)s %({raw_uri}e)s %({query_string}e)s %({http_referer}e)s'
    referrer = "https://forlob.kommune.dk/borgere/?q=01.01.80-1234&side=2"
    request = SimpleNamespace(headers=[("HOST", "forlob.kommune.dk"), ("REFERER", referrer)])
    response = SimpleNamespace(status="400 Bad Request", sent=88, headers=[])
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/borgere/?q=010180-1234",
        "PATH_INFO": "/borgere/",
        "QUERY_STRING": "q=010180-1234",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": referrer,
        "REMOTE_ADDR": "10.0.0.1",
    }
    logger = MaskedQueryLogger(config)
    for access_log_format in (config.access_log_format, fields):
        config.set("access_log_format", access_log_format)
        logger.access(response, request, environ, timedelta(milliseconds=12))
    for handler in logger.access_log.handlers:
        handler.close()
    default, every_field = log.read_text().splitlines()
    assert '"GET /borgere/?q=* HTTP/1.1" 400 88 "https://forlob.kommune.dk/borgere/?q=*&side=*"' in default
    assert every_field.count("q=*") == 7
    assert not any(holds_cpr(line) or "1234" in line for line in (default, every_field))


def _database_for_the_server(tmp_path: Path) -> str:
    """The test database, for a server in another process: a copy of SQLite's (it lives in this
    process's memory), PostgreSQL's own."""
    if connection.vendor == "sqlite":
        backup(tmp_path / "db.sqlite3")
        return f"sqlite:///{tmp_path / 'db.sqlite3'}"
    s = connection.settings_dict
    user = quote(s["USER"] or "", safe="") + (f":{quote(s['PASSWORD'], safe='')}" if s["PASSWORD"] else "")
    return f"postgres://{user}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{s['NAME']}"


def _get(url: str, **headers: str) -> int:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as answer:  # noqa: S310 - our own server
            return answer.status
    except urllib.error.HTTPError as refused:
        return refused.code


# The server writes to the test database from its own connection: a transactional test, so the
# flush at the end removes what it wrote.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_gunicorn_as_served_logs_no_cpr_number(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}} | {
        "DATABASE_URL": _database_for_the_server(tmp_path),
        "FORLOB_VAR_DIR": str(tmp_path),
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "WEB_CONCURRENCY": "1",
    }
    output = tmp_path / "server.log"
    with output.open("w") as out:
        server = subprocess.Popen(  # noqa: S603 - our own serve script
            ["sh", str(ROOT / "scripts" / "serve.sh"), sys.prefix],  # noqa: S607
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):  # until the worker answers
            assert server.poll() is None, output.read_text()
            try:
                if _get(f"{base}/healthz") == 200:
                    break
            except OSError:
                time.sleep(0.1)
        referrer = f"{base}/borgere/?q=01.01.80%201234"
        assert _get(f"{base}/borgere/?q=010180-1234", Referer=referrer) == 400
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    logged = output.read_text()
    assert '"GET /borgere/?q=* HTTP/1.1" 400' in logged and f'"{base}/borgere/?q=*"' in logged, logged
    assert not holds_cpr(logged), logged
