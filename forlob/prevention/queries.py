# SPDX-License-Identifier: AGPL-3.0-or-later
"""Reading prevention activities: those of the units where the user works with prevention. No
person data, so nothing here is written to the access log."""

from datetime import date

from django.db.models import QuerySet

from forlob.organisations.access import PREVENTION, Actor
from forlob.organisations.models import Unit
from forlob.prevention.models import Activity


def prevention_units(actor: Actor) -> QuerySet[Unit]:
    return Unit.objects.filter(pk__in=actor.unit_ids(PREVENTION)).order_by("name")


def activities(
    actor: Actor,
    *,
    first: date | None = None,
    last: date | None = None,
    level: str = "",
    focus_area: str = "",
    term: str = "",
) -> QuerySet[Activity]:
    qs = Activity.objects.filter(unit_id__in=actor.unit_ids(PREVENTION)).select_related("unit", "created_by")
    if first:
        qs = qs.filter(held_on__gte=first)
    if last:
        qs = qs.filter(held_on__lte=last)
    if level:
        qs = qs.filter(level=level)
    if focus_area:
        qs = qs.filter(focus_area=focus_area)
    if term.strip():
        qs = qs.filter(title__icontains=term.strip())
    return qs
