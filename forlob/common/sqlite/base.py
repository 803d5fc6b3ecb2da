# SPDX-License-Identifier: AGPL-3.0-or-later
"""Django's SQLite backend, except that it never creates the database file at run time.

SQLite makes an empty database when asked to open a file that is not there. While Forløb runs,
that means a database file that was moved, deleted or not mounted is silently replaced by an
empty one: pages fail on missing tables, and whatever is written lands beside the real data.
So a connection opens the file read-write but never creates it (``mode=rw``), and a kept
connection whose file has gone is not usable (checked at each request, CONN_HEALTH_CHECKS).
Only ``migrate`` (forlob/audit/management/commands/migrate.py) creates the file; the test
runner's in-memory database is created as always."""

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.db.backends.sqlite3 import base

_creating = False


@contextmanager
def file_may_be_created() -> Iterator[None]:
    """Within this block a connection may create a missing database file (``migrate``)."""
    global _creating  # one switch for the process, set only by a management command
    before, _creating = _creating, True
    try:
        yield
    finally:
        _creating = before


class DatabaseWrapper(base.DatabaseWrapper):
    def database_file(self) -> Path | None:
        """The database file; None for an in-memory database."""
        return None if self.is_in_memory_db() else Path(self.settings_dict["NAME"]).resolve()

    def get_connection_params(self) -> dict[str, Any]:
        params = super().get_connection_params()
        path = self.database_file()
        if path is not None and not _creating:
            params["database"] = f"{path.as_uri()}?mode=rw"  # uri=True is set by Django
        return params

    def get_new_connection(self, conn_params: dict[str, Any]) -> Any:
        path = self.database_file()
        if path is not None and not _creating and not path.exists():
            raise sqlite3.OperationalError(
                f"The database file {path} does not exist. Only `manage.py migrate` creates it: "
                "restore it, or check the path in DATABASE_URL."
            )
        return super().get_new_connection(conn_params)

    def is_usable(self) -> bool:
        path = self.database_file()
        return path is None or path.exists()
