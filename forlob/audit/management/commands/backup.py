# SPDX-License-Identifier: AGPL-3.0-or-later
from pathlib import Path

from django.core.management.base import BaseCommand

from forlob.audit.backup import backup


class Command(BaseCommand):
    help = "Tag en sikkerhedskopi af databasen (pg_dump for PostgreSQL, SQLite's online backup for SQLite)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="Filen, kopien skrives til.")

    def handle(self, *args, **options):
        backup(options["file"])
        self.stdout.write(f"Sikkerhedskopi skrevet til {options['file']}.")
