# SPDX-License-Identifier: AGPL-3.0-or-later
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from forlob.stats import suppression
from forlob.stats.precompute import all_scopes, precompute, scopes_named


class Command(BaseCommand):
    help = (
        "Suppress the published tables of every statistics page for every scope (the country, every "
        "unit, municipality and cluster) for the period the pages open with, and keep them for every "
        "worker (run nightly). Reports are aggregates: no user, no access log."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scope",
            action="append",
            default=[],
            help="only this scope: country, unit:<id>, municipality:<id> or cluster:<id> (may be repeated)",
        )
        parser.add_argument(
            "--seconds",
            type=float,
            default=None,
            help="stop after this many seconds in all (default: no limit; each table is solved fully)",
        )

    def handle(self, *args, **options):
        try:
            scopes = scopes_named(options["scope"]) if options["scope"] else all_scopes()
        except ValueError as unknown:
            raise CommandError(_("Unknown scope: %(key)s") % {"key": unknown}) from None
        # Start from the store alone: a table this process remembers would not be counted or stored.
        suppression.forget(store=False)
        outcome = precompute(scopes, seconds=options["seconds"])
        self.stdout.write(_("%(n)s scopes.") % {"n": len(scopes)})
        for line in outcome.lines():
            self.stdout.write(line)
