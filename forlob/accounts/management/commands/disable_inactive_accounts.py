# SPDX-License-Identifier: AGPL-3.0-or-later
from django.conf import settings
from django.core.management.base import BaseCommand

from forlob.accounts.actions import disable_inactive_accounts


class Command(BaseCommand):
    help = "Disable accounts unused for FORLOB_ACCOUNT_INACTIVE_DAYS days (run daily, e.g. from cron)."

    def handle(self, *args, **options):
        count = disable_inactive_accounts()
        days = settings.FORLOB_ACCOUNT_INACTIVE_DAYS
        self.stdout.write(f"Deaktiverede konti: {count} (ubrugt i {days} dage)" if days else "Slået fra (0 dage)")
