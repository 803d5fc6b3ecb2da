# SPDX-License-Identifier: AGPL-3.0-or-later
from django.core.management.base import BaseCommand

from forlob.oversight.retention import apply_retention


class Command(BaseCommand):
    help = "Anonymise inactive citizens and delete access-log, security and history rows past retention."

    def handle(self, *args, **options):
        run = apply_retention()
        self.stdout.write(
            f"Anonymised citizens: {run.citizens_anonymised}\n"
            f"Access-log rows deleted: {run.access_log_rows_deleted}\n"
            f"Security events deleted: {run.security_events_deleted}\n"
            f"History rows deleted: {run.history_rows_deleted}\n"
            f"Contact requests deleted: {run.contact_requests_deleted}"
        )
