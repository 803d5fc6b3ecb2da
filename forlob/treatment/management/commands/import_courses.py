# SPDX-License-Identifier: AGPL-3.0-or-later
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from forlob.organisations.access import Actor
from forlob.treatment.actions import ImportStopped, import_courses
from forlob.treatment.import_file import ImportFileError


class Command(BaseCommand):
    help = (
        "Import historical courses from a CSV or XLSX file (columns in docs/import.md). Checks every "
        "row and imports nothing unless --commit is given and no row has a problem."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", required=True, help="the leader of the unit who imports (username)")
        parser.add_argument("--commit", action="store_true", help="import; without it the file is only checked")

    def handle(self, *args, **options):
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(_("Unknown user: %(name)s") % {"name": options["user"]})
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(_("The file does not exist: %(name)s") % {"name": path.name})
        try:
            result = import_courses(
                Actor.for_user(user),
                path.name,
                path.read_bytes(),
                commit=options["commit"],
                progress=lambda rows: tqdm(rows, unit=" rækker", disable=None),
            )
        except (ImportFileError, ImportStopped) as error:
            raise CommandError(str(error)) from None
        for line in result.lines():
            self.stdout.write(line)
        if result.problem_count:
            raise CommandError(_("The file has problems."))
