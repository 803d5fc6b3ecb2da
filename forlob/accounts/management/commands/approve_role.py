# SPDX-License-Identifier: AGPL-3.0-or-later
from django.core.management.base import BaseCommand, CommandError

from forlob.accounts.actions import approve_by_operator
from forlob.organisations.models import Membership


class Command(BaseCommand):
    help = (
        "The operator approves a role that has no leader to approve it, such as the first leader of a "
        "new unit. The approval is a security event that the unit's leaders see."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("institution_code_or_unit_id", help="the unit's institution code or its id")
        parser.add_argument("role", help="e.g. leder")
        parser.add_argument("--note", required=True, help="why, e.g. the ticket that asked for it")

    def handle(self, username, institution_code_or_unit_id, role, note, **options):
        unit = institution_code_or_unit_id
        memberships = Membership.objects.filter(user__username=username, role=role)
        matches = list(memberships.filter(unit__institution_code=unit)) or (
            list(memberships.filter(unit_id=int(unit))) if unit.isdigit() else []
        )
        if len(matches) != 1:
            raise CommandError(f"Ingen entydig rolle '{role}' for {username} ved enhed {unit}.")
        approve_by_operator(matches[0], note)
        self.stdout.write(f"Godkendt: {matches[0]}")
