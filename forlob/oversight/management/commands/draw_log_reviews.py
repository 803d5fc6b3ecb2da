# SPDX-License-Identifier: AGPL-3.0-or-later
from django.core.management.base import BaseCommand

from forlob.common.dates import today
from forlob.organisations.models import Unit
from forlob.oversight.actions import log_review, previous_month


class Command(BaseCommand):
    help = "Draw last month's access-log sample for every active unit's leaders (run monthly, e.g. from cron)."

    def handle(self, *args, **options):
        month = previous_month(today())
        for unit in Unit.objects.filter(active=True).order_by("name"):
            review = log_review(unit, month)
            self.stdout.write(f"{unit.name} {month:%Y-%m}: {review.items.count()}")
