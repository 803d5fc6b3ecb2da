# SPDX-License-Identifier: AGPL-3.0-or-later
"""Backup and restore of the whole database: pg_dump and pg_restore for PostgreSQL, SQLite's
online backup API for SQLite. The keys (CPR HMAC and encryption keys, SECRET_KEY) are not in
the backup: keep them apart, as docs/security.md says; without them the CPR numbers in a
backup cannot be read."""

import hashlib
import os
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection


def _pg_env() -> dict[str, str]:
    s = connection.settings_dict
    env = {**os.environ, "PGDATABASE": s["NAME"], "PGUSER": s.get("USER") or "", "PGHOST": s.get("HOST") or ""}
    if s.get("PORT"):
        env["PGPORT"] = str(s["PORT"])
    if s.get("PASSWORD"):
        env["PGPASSWORD"] = s["PASSWORD"]
    return env


def _run(command: list[str]) -> None:
    done = subprocess.run(command, env=_pg_env(), capture_output=True, text=True, check=False)  # noqa: S603 - fixed programs
    if done.returncode != 0:
        raise RuntimeError(f"{command[0]} failed: {done.stderr.strip()}")


def _sqlite() -> sqlite3.Connection:
    connection.ensure_connection()
    return connection.connection


def backup(path: Path) -> None:
    """Write a consistent copy of the database to ``path`` while the application runs."""
    if connection.vendor == "postgresql":
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={path}"])
        return
    target = sqlite3.connect(path)
    try:
        _sqlite().backup(target)
    finally:
        target.close()


def restore(path: Path) -> None:
    """Replace the database's contents with the backup at ``path``."""
    if not path.exists():
        raise FileNotFoundError(path)
    if connection.vendor == "postgresql":
        connection.close()
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                f"--dbname={connection.settings_dict['NAME']}",
                str(path),
            ]
        )
        return
    source = sqlite3.connect(path)
    try:
        source.backup(_sqlite())
    finally:
        source.close()


def fingerprint() -> dict[str, tuple[int, str]]:
    """Every table's row count and a checksum of its rows (sorted, so the order the database
    returns them in does not matter)."""
    found = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {quoted}")  # noqa: S608 - table names from the catalogue
            rows = sorted(repr(row) for row in cursor.fetchall())
            found[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return found
