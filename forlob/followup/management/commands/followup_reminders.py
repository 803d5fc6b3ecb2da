# SPDX-License-Identifier: AGPL-3.0-or-later
from django.core.management.base import BaseCommand

from forlob.common.dates import today
from forlob.followup.actions import send_reminders


class Command(BaseCommand):
    help = "E-mail each staff member the number of follow-ups due this week or overdue (run daily)."

    def handle(self, *args, **options):
        sent = send_reminders(today())
        self.stdout.write(f"{sent} e-mails sent.")
