# SPDX-License-Identifier: AGPL-3.0-or-later
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from forlob.citizens.queries import any_citizens
from forlob.demo.build import build_world


class Command(BaseCommand):
    help = "Indlæs syntetiske demodata: enheder, medarbejdere, borgere, henvendelser, forløb og grupper."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--if-empty", action="store_true", help="Gør intet, hvis der allerede er borgere.")
        parser.add_argument("--seed", type=int, default=2026, help="Samme seed giver de samme data.")
        parser.add_argument("--citizens", type=int, default=400, help="Antal borgere (standard 400).")

    def handle(self, *args: object, if_empty: bool, seed: int, citizens: int, **options: object) -> None:
        if any_citizens():
            if if_empty:
                self.stdout.write("Databasen har allerede borgere; demodata indlæses ikke.")
                return
            self.stderr.write("Databasen har allerede borgere. Brug en tom database til demodata.")
            raise SystemExit(1)
        with transaction.atomic():
            s = build_world(seed, citizens)
        self.stdout.write(
            f"Demodata indlæst: {s.citizens} borgere, {s.requests} henvendelser, {s.courses} forløb "
            f"({s.discharged} afsluttede), {s.sessions} samtaler, {s.measurements} målinger, {s.groups} grupper, "
            f"{s.activities} forebyggelsesaktiviteter."
        )
