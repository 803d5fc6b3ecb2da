# SPDX-License-Identifier: AGPL-3.0-or-later
from argparse import ArgumentParser, ArgumentTypeError
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand

from forlob.oversight.retention import apply_retention


def iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


class Command(BaseCommand):
    help = "Anonymise inactive citizens and delete access-log, security and history rows past retention."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Count what would be removed; change nothing.")
        parser.add_argument("--today", type=iso_date, help="Run as of this day (YYYY-MM-DD) instead of today.")

    def handle(self, *args: Any, **options: Any) -> None:
        run = apply_retention(today=options["today"], dry_run=options["dry_run"])
        if run.dry_run:
            self.stdout.write("Dry run: nothing was changed. A real run would give:")
        for cleared in run.cleared:
            self.stdout.write(f"Emptied in {cleared.label}: {cleared.values} values in {cleared.rows} rows")
        self.stdout.write(
            f"Anonymised citizens: {run.citizens_anonymised}\n"
            f"Access-log rows deleted: {run.access_log_rows_deleted}\n"
            f"Security events deleted: {run.security_events_deleted}\n"
            f"History rows deleted: {run.history_rows_deleted}\n"
            f"Contact requests deleted: {run.contact_requests_deleted}"
        )
