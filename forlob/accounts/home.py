# SPDX-License-Identifier: AGPL-3.0-or-later
"""The home pages of the roles that keep no caseload. "Mit overblik" (treatment) draws the sections
the apps above it add through ``treatment.hooks.overview_sections``; accounts, above them all,
registers them (``register``), so each role's home is composed here and no layer imports upwards.

An administrator's home is the organisation set-up: their municipalities' units, the users who
work there, and the roles that await a leader's approval. Counts and links only, no case data."""

from datetime import date

from django.contrib.auth.models import User
from django.db.models import Exists, OuterRef

from forlob.accounts.actions import administered_units
from forlob.common.sections import Section
from forlob.organisations.access import ADMINISTER, Actor
from forlob.organisations.models import APPROVED_ROLES, Membership, Unit


def organisation_setup(actor: Actor, day: date) -> Section | None:
    if not actor.unit_ids(ADMINISTER):
        return None
    units = administered_units(actor)
    roles = Membership.objects.filter(unit_id__in=units)
    context = {
        "units": Unit.objects.filter(pk__in=units, active=True).count(),
        "users": User.objects.filter(is_active=True).filter(Exists(roles.filter(user=OuterRef("pk")))).count(),
        "awaiting": roles.filter(role__in=APPROVED_ROLES, approved_at__isnull=True).count(),
    }
    return Section("accounts/home_setup.html", context, order=0)


def register() -> None:
    """Add the home-page sections of the apps above treatment (called once, at start-up)."""
    from forlob.kl12.sections import round_status
    from forlob.stats.home import statistics_shortcuts, unit_key_figures
    from forlob.treatment import hooks

    for section in (organisation_setup, unit_key_figures, statistics_shortcuts, round_status):
        if section not in hooks.overview_sections:
            hooks.overview_sections.append(section)
