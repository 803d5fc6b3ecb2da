# SPDX-License-Identifier: AGPL-3.0-or-later
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from forlob.audit.backup import restore


class Command(BaseCommand):
    help = "Genskab databasen fra en sikkerhedskopi taget med manage.py backup. Alt i databasen erstattes."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="Sikkerhedskopien.")
        parser.add_argument("--yes", action="store_true", help="Spørg ikke, før databasen erstattes.")

    def handle(self, *args, **options):
        path = options["file"]
        if not path.exists():
            raise CommandError(f"Filen findes ikke: {path}")
        if not options["yes"] and input("Alt i databasen erstattes af kopien. Skriv ja for at fortsætte: ") != "ja":
            raise CommandError("Afbrudt; intet er ændret.")
        restore(path)
        self.stdout.write(f"Databasen er genskabt fra {path}.")
