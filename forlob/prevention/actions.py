# SPDX-License-Identifier: AGPL-3.0-or-later
"""Registering prevention activities: one transaction each, checked, at a unit where the user works."""

from dataclasses import dataclass, fields
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from forlob.common.errors import not_in_future, refuse, require_choice, require_version
from forlob.organisations.access import PREVENTION, Actor
from forlob.organisations.models import Unit
from forlob.prevention.models import Activity, FocusArea, Level, Setting, TargetGroup

# Participants or contacts above this in one registration are surely a typing error.
MAX_PEOPLE = 100_000


@dataclass
class ActivityData:
    held_on: date
    level: str
    focus_area: str
    target_group: str
    setting: str
    title: str
    participants: int = 0
    contacts: int = 0
    notes: str = ""


def _check(data: ActivityData) -> None:
    not_in_future("held_on", data.held_on)
    for name, choices in (
        ("level", Level),
        ("focus_area", FocusArea),
        ("target_group", TargetGroup),
        ("setting", Setting),
    ):
        require_choice(name, getattr(data, name), choices)
    data.title = data.title.strip()
    if not data.title:
        raise refuse("title", _("Enter a title."), "required")
    if len(data.title) > 200:
        raise refuse("title", _("Write at most %(n)s characters.") % {"n": 200}, "too_long")
    for name in ("participants", "contacts"):
        value = getattr(data, name)
        if value is None or not 0 <= value <= MAX_PEOPLE:
            raise refuse(name, _("Enter a number from 0 to %(max)s.") % {"max": f"{MAX_PEOPLE:,}".replace(",", ".")})
    if data.participants == 0 and data.contacts == 0:
        raise refuse("participants", _("Enter the participants or the contacts."), "empty")


@transaction.atomic
def register_activity(actor: Actor, unit: Unit, data: ActivityData) -> Activity:
    actor.require(unit.pk, PREVENTION)
    _check(data)
    return Activity.objects.create(
        unit=unit, created_by=actor.user, **{f.name: getattr(data, f.name) for f in fields(data)}
    )


@transaction.atomic
def change_activity(actor: Actor, activity: Activity, data: ActivityData, version: int | None) -> Activity:
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    actor.require(activity.unit_id, PREVENTION)
    require_version(activity.version, version, activity)
    _check(data)
    for f in fields(data):
        setattr(activity, f.name, getattr(data, f.name))
    activity.version += 1
    activity.save()
    return activity
