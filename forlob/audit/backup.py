# SPDX-License-Identifier: AGPL-3.0-or-later
"""Backup and restore of the whole database: pg_dump and pg_restore for PostgreSQL, SQLite's
online backup API for SQLite. The keys (CPR HMAC and encryption keys, SECRET_KEY) are not in
the backup: keep them apart, as docs/security.md says; without them the CPR numbers in a
backup cannot be read.

A backup is written to a temporary file next to the target, checked, and only then renamed over
the target, so a failed backup never costs the previous one. A restore reads only a file that
holds Forløb's tables and migrations, and replaces a database that holds anything only when told
to. Every failure is a ``BackupError`` with a Danish message, for the commands to print."""

import hashlib
import os
import re
import sqlite3
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils.translation import gettext as _

# Tables every Forløb database has had since its first migration: a file without them is not a
# backup of Forløb, whatever else it holds.
REQUIRED_TABLES = frozenset(
    {"django_migrations", "django_content_type", "auth_user", "organisations_unit", "citizens_citizen"}
)
SQLITE_MAGIC = b"SQLite format 3\x00"
PG_CUSTOM_MAGIC = b"PGDMP"
# A table in `pg_restore --list`: "<id>; <oid> <oid> TABLE <schema> <name> <owner>".
PG_LISTED_TABLE = re.compile(r"^\d+; \d+ \d+ TABLE (\S+) (\S+) ", re.MULTILINE)
PG_LISTED_MIGRATIONS = re.compile(r"^\d+; \d+ \d+ TABLE DATA \S+ django_migrations ", re.MULTILINE)


class BackupError(Exception):
    """A backup or restore that could not be done; the message is Danish and says why."""


def _pg_env(settings: dict[str, Any]) -> dict[str, str]:
    env = {**os.environ, "PGDATABASE": settings["NAME"], "PGUSER": settings.get("USER") or ""}
    env["PGHOST"] = settings.get("HOST") or ""
    if settings.get("PORT"):
        env["PGPORT"] = str(settings["PORT"])
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = settings["PASSWORD"]
    return env


def run_pg_tool(command: list[str], settings: dict[str, Any]) -> str:
    """Run one of PostgreSQL's programs against the database of ``settings``; its output."""
    try:
        done = subprocess.run(  # noqa: S603 - fixed programs, arguments from settings
            command, env=_pg_env(settings), capture_output=True, text=True, check=False
        )
    except OSError as error:
        raise BackupError(
            _("%(program)s could not be started: %(error)s") % {"program": command[0], "error": error}
        ) from None
    if done.returncode != 0:
        raise BackupError(_("%(program)s failed: %(error)s") % {"program": command[0], "error": done.stderr.strip()})
    return done.stdout


def _sqlite_file(wrapper: BaseDatabaseWrapper) -> Path | None:
    """The file of a SQLite database; None for one in memory (the tests')."""
    if wrapper.is_in_memory_db():  # type: ignore[attr-defined]
        return None
    return Path(wrapper.settings_dict["NAME"])


def _refuse_missing_file(wrapper: BaseDatabaseWrapper) -> None:
    """Never open a SQLite file that is not there: connecting would make a new, empty one."""
    path = _sqlite_file(wrapper)
    if path is not None and not path.is_file():
        raise BackupError(_("The database does not exist: %(file)s") % {"file": path})


def _tables(wrapper: BaseDatabaseWrapper) -> set[str]:
    try:
        with wrapper.cursor() as cursor:
            return set(wrapper.introspection.table_names(cursor))
    except DatabaseError as error:
        raise BackupError(_("The database cannot be reached: %(error)s") % {"error": error}) from None


def _sqlite_tables(path: Path) -> set[str]:
    """The tables of a SQLite file after its integrity check, refusing a file with no migrations."""
    try:
        with path.open("rb") as file:
            if file.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
                raise BackupError(_("The file is not a SQLite database: %(file)s") % {"file": path.name})
        source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            checked = source.execute("PRAGMA integrity_check").fetchall()
            if checked != [("ok",)]:
                raise BackupError(_("The copy is damaged: %(problem)s") % {"problem": checked[0][0]})
            tables = {row[0] for row in source.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if "django_migrations" in tables and not source.execute("SELECT 1 FROM django_migrations").fetchone():
                tables.discard("django_migrations")  # a table of no migrations says no more than none
        finally:
            source.close()
    except (sqlite3.Error, OSError) as error:
        raise BackupError(_("The file cannot be read as a SQLite database: %(error)s") % {"error": error}) from None
    return tables


def _pg_tables(path: Path, settings: dict[str, Any]) -> set[str]:
    """The tables listed in a pg_dump file, refusing a file without the rows of django_migrations."""
    try:
        with path.open("rb") as file:
            if file.read(len(PG_CUSTOM_MAGIC)) != PG_CUSTOM_MAGIC:
                raise BackupError(_("The file is not a pg_dump file in custom format: %(file)s") % {"file": path.name})
    except OSError as error:
        raise BackupError(_("The file cannot be read: %(error)s") % {"error": error}) from None
    listing = run_pg_tool(["pg_restore", "--list", str(path)], settings)
    tables = {name for _schema, name in PG_LISTED_TABLE.findall(listing)}
    if not PG_LISTED_MIGRATIONS.search(listing):
        tables.discard("django_migrations")
    return tables


def _file_tables(path: Path, wrapper: BaseDatabaseWrapper) -> set[str]:
    if not path.is_file() or path.stat().st_size == 0:
        raise BackupError(_("The file does not exist or is empty: %(file)s") % {"file": path})
    if wrapper.vendor == "postgresql":
        return _pg_tables(path, wrapper.settings_dict)
    return _sqlite_tables(path)


def _default(database: BaseDatabaseWrapper | None) -> BaseDatabaseWrapper:
    return database if database is not None else connections[DEFAULT_DB_ALIAS]


def backup_tables(path: Path, database: BaseDatabaseWrapper | None = None) -> set[str]:
    """The tables of the backup file at ``path`` for ``database`` (the default one unless given);
    a ``BackupError`` if the file is not a whole, readable backup of Forløb with its migrations."""
    tables = _file_tables(path, _default(database))
    missing = REQUIRED_TABLES - tables
    if missing:
        raise BackupError(
            _("The file is not a backup of Forløb: it lacks the tables %(tables)s.")
            % {"tables": ", ".join(sorted(missing))}
        )
    return tables


def _write(target: Path, wrapper: BaseDatabaseWrapper) -> None:
    if wrapper.vendor == "postgresql":
        run_pg_tool(
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={target}"], wrapper.settings_dict
        )
        return
    _refuse_missing_file(wrapper)
    copy = sqlite3.connect(target)
    try:
        wrapper.ensure_connection()
        wrapper.connection.backup(copy)
        # One self-contained file: the copy takes the live database's WAL mode along otherwise.
        copy.execute("PRAGMA journal_mode=DELETE")
    except (sqlite3.Error, DatabaseError) as error:
        raise BackupError(_("The database cannot be copied: %(error)s") % {"error": error}) from None
    finally:
        copy.close()


def _sync(path: Path) -> None:
    """Put the file on disk before it replaces the old backup (a crash leaves one or the other)."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def backup(path: Path) -> None:
    """Write a consistent, checked copy of the database to ``path`` while the application runs.
    On any failure the file at ``path`` is as it was and no temporary file is left."""
    wrapper = _default(None)
    if not path.parent.is_dir():
        raise BackupError(_("The folder does not exist: %(folder)s") % {"folder": path.parent})
    try:
        descriptor, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise BackupError(_("The backup cannot be written: %(error)s") % {"error": error}) from None
    os.close(descriptor)
    temporary = Path(name)
    try:
        _write(temporary, wrapper)
        missing = (REQUIRED_TABLES | _tables(wrapper)) - _file_tables(temporary, wrapper)
        if missing:
            raise BackupError(
                _("The copy lacks the tables %(tables)s; it was not kept.") % {"tables": ", ".join(sorted(missing))}
            )
        _sync(temporary)
        os.replace(temporary, path)
    except OSError as error:
        raise BackupError(_("The backup cannot be written: %(error)s") % {"error": error}) from None
    finally:
        temporary.unlink(missing_ok=True)


def restore(path: Path, database: BaseDatabaseWrapper | None = None, *, replace: bool = False) -> None:
    """Replace the contents of ``database`` (the default one unless given) with the backup at
    ``path``. A database that holds any table is replaced only with ``replace``."""
    wrapper = _default(database)
    backup_tables(path, wrapper)
    if wrapper.vendor == "sqlite":
        _refuse_missing_file(wrapper)
    present = _tables(wrapper)
    if present and not replace:
        raise BackupError(
            _("The database is not empty; nothing was changed. Use --replace to replace it with the backup.")
        )
    if wrapper.vendor == "postgresql":
        wrapper.close()
        run_pg_tool(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                f"--dbname={wrapper.settings_dict['NAME']}",
                str(path),
            ],
            wrapper.settings_dict,
        )
        return
    try:
        source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            wrapper.ensure_connection()
            source.backup(wrapper.connection)
        finally:
            source.close()
    except (sqlite3.Error, DatabaseError) as error:
        raise BackupError(_("The database cannot be restored: %(error)s") % {"error": error}) from None


def fingerprint(database: BaseDatabaseWrapper | None = None) -> dict[str, tuple[int, str]]:
    """Every table's row count and a checksum of its rows (sorted, so the order the database
    returns them in does not matter)."""
    wrapper = _default(database)
    found = {}
    with wrapper.cursor() as cursor:
        for table in sorted(wrapper.introspection.table_names(cursor)):
            quoted = wrapper.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {quoted}")  # noqa: S608 - table names from the catalogue
            rows = sorted(repr(row) for row in cursor.fetchall())
            found[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return found
