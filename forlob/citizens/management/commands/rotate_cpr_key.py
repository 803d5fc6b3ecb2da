# SPDX-License-Identifier: AGPL-3.0-or-later
"""Re-encrypt every stored CPR number with the newest key, without downtime:

1. Put a new key first in FORLOB_CPR_ENCRYPTION_KEY, the old one after it ("new,old"), and
   restart: new values use the new key, old values are still read with the old one.
2. Run this command: every value is re-encrypted with the new key, in batches.
3. Remove the old key from the setting and restart.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from forlob.citizens import cpr
from forlob.citizens.models import Citizen

BATCH = 500


class Command(BaseCommand):
    help = "Re-encrypt every stored CPR number with the first key of FORLOB_CPR_ENCRYPTION_KEY."

    def handle(self, *args, **options):
        done, last = 0, 0
        while True:
            with transaction.atomic():
                batch = list(
                    Citizen.objects.select_for_update()
                    .filter(pk__gt=last)
                    .exclude(cpr_encrypted="")
                    .order_by("pk")
                    .only("pk", "cpr_encrypted")[:BATCH]
                )
                if not batch:
                    break
                for citizen in batch:
                    citizen.cpr_encrypted = cpr.reencrypt(citizen.cpr_encrypted)
                Citizen.objects.bulk_update(batch, ["cpr_encrypted"])
            done += len(batch)
            last = batch[-1].pk
        self.stdout.write(f"Re-encrypted CPR numbers: {done}")
