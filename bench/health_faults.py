# SPDX-License-Identifier: AGPL-3.0-or-later
"""Faults against a served Forløb on a SQLite file (gunicorn on 127.0.0.1, a scratch database):
the database file is moved away while the server runs, then put back; the disk threshold is set
above the free space; a probe carries a session cookie. Prints one line per check and exits
non-zero when one fails.

    .venv/bin/python bench/health_faults.py

Checks: /readyz is 200; with the file moved, /readyz answers 503 naming the missing file, a page
that writes answers the Danish 503 page, and no new empty database file appears; with the file
back, /readyz is 200 again; /healthz with a session cookie sets no cookie; with
FORLOB_MIN_FREE_DISK_MB above the free space, /readyz answers 503 "disk": "low".
"""

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from common import ROOT

FAILED: list[str] = []


def get(url: str, data: bytes | None = None, **headers: str) -> tuple[int, bytes, dict[str, str]]:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=data, headers=headers), timeout=30) as answer:  # noqa: S310 - our own server
            return answer.status, answer.read(), dict(answer.headers)
    except urllib.error.HTTPError as refused:
        return refused.code, refused.read(), dict(refused.headers)


@contextmanager
def served(env: dict[str, str]) -> Iterator[str]:
    """scripts/serve.sh with one worker on a free port, until /healthz answers; yields the address."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(  # noqa: S603 - our own serve script
        ["sh", str(ROOT / "scripts" / "serve.sh"), sys.prefix],  # noqa: S607
        env={**env, "HOST": "127.0.0.1", "PORT": str(port), "WEB_CONCURRENCY": "1"},
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    host = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                if get(f"{host}/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        yield host
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)


def check(name: str, passed: bool, seen: object = "") -> None:
    print(f"{'ok' if passed else 'FAILED'}: {name}" + ("" if passed else f" ({seen})"))
    if not passed:
        FAILED.append(name)


def main() -> int:
    scratch = Path(tempfile.mkdtemp(prefix="forlob-health-"))
    database = scratch / "forlob.sqlite3"
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL"}},
        "DATABASE_URL": f"sqlite:///{database}",
        "FORLOB_VAR_DIR": str(scratch),
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([*manage, *command], env=env, cwd=ROOT, check=True)  # noqa: S603 - our own manage.py
    check("migrate creates the database file", database.exists())

    with served(env) as host:
        status, body, _ = get(f"{host}/readyz")
        check("/readyz is 200", status == 200, body)
        database.rename(scratch / "moved.sqlite3")
        status, body, _ = get(f"{host}/readyz")
        check("/readyz names the missing file", status == 503 and json.loads(body)["database"] == "missing", body)
        status, body, _ = get(f"{host}/log-ind/", data=b"username=x&password=y")
        check("a page that writes gets the Danish 503 page", status == 503 and "Forløb" in body.decode(), status)
        check("no new empty database file", not database.exists())
        (scratch / "moved.sqlite3").rename(database)
        status, body, _ = get(f"{host}/readyz")
        check("/readyz is 200 with the file back", status == 200, body)
        status, body, headers = get(f"{host}/healthz", Cookie="sessionid=abcdefghijklmnopqrstuvwxyz123456")
        check("/healthz with a session cookie sets no cookie", status == 200 and "Set-Cookie" not in headers, headers)

    with served({**env, "FORLOB_MIN_FREE_DISK_MB": str(2**40)}) as host:
        status, body, _ = get(f"{host}/readyz")
        check("/readyz answers 503 when the disk is below the threshold", status == 503 and b'"low"' in body, body)

    print(f"checks failed: {len(FAILED)}")
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
