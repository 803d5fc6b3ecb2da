# SPDX-License-Identifier: AGPL-3.0-or-later
import os

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand

from forlob.demo.organisations import STAFF
from forlob.demo.world import DEMO_PASSWORD

PENDING = " (afventer lederens godkendelse)"


class Command(BaseCommand):
    help = "Skriv demo-logins ud."

    def handle(self, *args: object, **options: object) -> None:
        users = User.objects.filter(username__in=[s[0] for s in STAFF]).prefetch_related("memberships__unit")
        by_name = {u.username: u for u in users}
        url = f"http://{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}/"
        if not by_name:
            self.stdout.write(f"Ingen demo-brugere i databasen. Forløb: {url}")
            return
        self.stdout.write(f"\nForløb: {url}\nDemo-logins (adgangskode for alle: {DEMO_PASSWORD})\n")
        self.stdout.write(f"  {'brugernavn':<22}{'rolle og enhed'}")
        for username, *_ in STAFF:
            user = by_name.get(username)
            if user is None:
                continue
            roles = ", ".join(
                f"{m.get_role_display().lower()} – {m.unit.name}{'' if m.in_force else PENDING}"
                for m in user.memberships.all()
            )
            self.stdout.write(f"  {username:<22}{roles}")
        self.stdout.write("")
