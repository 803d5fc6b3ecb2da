# SPDX-License-Identifier: AGPL-3.0-or-later
"""Django's ``migrate``, which is the one command allowed to create the SQLite database file
(forlob/common/sqlite/base.py): at run time a missing file is an error, not a fresh start."""

from typing import Any

from django.core.management.commands import migrate

from forlob.common.sqlite.base import file_may_be_created


class Command(migrate.Command):
    def execute(self, *args: Any, **options: Any) -> str | None:
        with file_may_be_created():
            return super().execute(*args, **options)
