# SPDX-License-Identifier: AGPL-3.0-or-later
"""The restore drill: back up the database, restore the copy into a scratch database (a file in a
temporary folder for SQLite, a database of its own on the same PostgreSQL server), and compare
every table's row count and checksum. The live database is only read."""

import copy
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.utils import load_backend
from django.utils.translation import gettext as _

from forlob.audit.backup import BackupError, backup, fingerprint, restore, run_pg_tool

SCRATCH = "restore_drill"


@dataclass(frozen=True)
class TableCheck:
    table: str
    live: tuple[int, str] | None  # rows and checksum in the live database; None: no such table
    restored: tuple[int, str] | None

    @property
    def same(self) -> bool:
        return self.live == self.restored


@contextmanager
def _scratch_database(folder: Path) -> Iterator[BaseDatabaseWrapper]:
    """An empty database beside the live one, and a connection to it; gone afterwards. The
    connection stays out of ``connections``: nothing else is to find it there."""
    settings = copy.deepcopy(connection.settings_dict)
    postgres = connection.vendor == "postgresql"
    if postgres:
        settings["NAME"] = f"{settings['NAME']}_{SCRATCH}"
        run_pg_tool(["dropdb", "--if-exists", settings["NAME"]], settings)
        run_pg_tool(["createdb", settings["NAME"]], settings)
    else:
        settings["NAME"] = str(folder / "scratch.sqlite3")
        sqlite3.connect(settings["NAME"]).close()  # the empty file: restore creates no database file
    scratch = load_backend(settings["ENGINE"]).DatabaseWrapper(settings, SCRATCH)
    try:
        yield scratch
    finally:
        scratch.close()
        if postgres:
            run_pg_tool(["dropdb", "--if-exists", settings["NAME"]], settings)


def restore_drill() -> list[TableCheck]:
    """Back up, restore into a scratch database and compare, table by table."""
    before = fingerprint()
    with tempfile.TemporaryDirectory(prefix="forlob-drill-") as folder:
        path = Path(folder) / "drill.backup"
        backup(path)
        if fingerprint() != before:
            raise BackupError(
                _("The database changed while the backup was taken; run the drill again at a quieter time.")
            )
        with _scratch_database(Path(folder)) as scratch:
            restore(path, scratch)
            after = fingerprint(scratch)
    return [TableCheck(table, before.get(table), after.get(table)) for table in sorted(before.keys() | after.keys())]
