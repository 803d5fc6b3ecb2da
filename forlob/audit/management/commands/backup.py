# SPDX-License-Identifier: AGPL-3.0-or-later
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from forlob.audit.backup import BackupError, backup


class Command(BaseCommand):
    help = "Tag en sikkerhedskopi af databasen (pg_dump for PostgreSQL, SQLite's online backup for SQLite)."
    # The checks would open the database before the backup sees whether it is there at all.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="Filen, kopien skrives til.")

    def handle(self, *args, **options):
        try:
            backup(options["file"])
        except BackupError as error:
            raise CommandError(
                _("No backup was made; the previous file is unchanged. %(reason)s") % {"reason": error}
            ) from None
        self.stdout.write(_("Backup written to %(file)s.") % {"file": options["file"]})
