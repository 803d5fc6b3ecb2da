# SPDX-License-Identifier: AGPL-3.0-or-later
"""What the public "Find behandling" pages show of the organisation: no person data."""

from django.db.models import Q, QuerySet

from forlob.organisations.models import Municipality, Unit


def public_units(municipality: Municipality) -> QuerySet[Unit]:
    """The active units marked to be shown that serve the municipality or are in it."""
    return (
        Unit.objects.filter(active=True, public=True)
        .filter(Q(serves=municipality) | Q(municipality=municipality))
        .select_related("municipality")
        .distinct()
        .order_by("name")
    )
