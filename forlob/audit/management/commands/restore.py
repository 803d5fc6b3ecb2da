# SPDX-License-Identifier: AGPL-3.0-or-later
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from forlob.audit.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Genskab databasen fra en sikkerhedskopi taget med manage.py backup. En database, der ikke er tom, "
        "erstattes kun med --replace."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="Sikkerhedskopien.")
        parser.add_argument(
            "--replace", action="store_true", help="Erstat alt i databasen med kopien, også når den ikke er tom."
        )

    def handle(self, *args, **options):
        try:
            restore(options["file"], replace=options["replace"])
        except BackupError as error:
            raise CommandError(_("The database was not restored. %(reason)s") % {"reason": error}) from None
        self.stdout.write(_("The database has been restored from %(file)s.") % {"file": options["file"]})
