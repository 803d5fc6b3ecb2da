# SPDX-License-Identifier: AGPL-3.0-or-later
"""Writes to training and competences: one transaction each, checked and refused in Danish."""

from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from forlob.common.errors import not_in_future, refuse, require_choice
from forlob.competences.models import (
    Competence,
    Participation,
    PlannedSeats,
    StaffCompetence,
    TrainingCourse,
    TrainingKind,
)
from forlob.organisations.access import TRAINING, Actor
from forlob.organisations.models import Membership, Municipality, Unit

MAX_PARTICIPANTS = 10_000


@dataclass
class TrainingData:
    kind: str
    title: str
    starts_on: date
    days: int = 1
    notes: str = ""
    participants: dict[str, int] = field(default_factory=dict)  # department → number


def training_municipalities(actor: Actor) -> list[Municipality]:
    units = Unit.objects.filter(pk__in=actor.unit_ids(TRAINING)).select_related("municipality")
    return sorted({u.municipality for u in units}, key=lambda m: m.name)


@transaction.atomic
def register_training(actor: Actor, municipality: Municipality, data: TrainingData) -> TrainingCourse:
    if municipality not in training_municipalities(actor):
        raise refuse("municipality", _("You can only register training in your own municipality."), "not_allowed")
    require_choice("kind", data.kind, TrainingKind)
    if not data.title.strip():
        raise refuse("title", _("Enter a title."), "required")
    if not 1 <= data.days <= 30:
        raise refuse("days", _("Enter a number from %(min)s to %(max)s.") % {"min": 1, "max": 30}, "range")
    departments: dict[str, int] = {}
    for name, count in data.participants.items():
        name = " ".join(name.split())
        if not name:
            continue
        if name.lower() in {d.lower() for d in departments}:
            raise refuse("participants", _("%(department)s is there twice.") % {"department": name}, "twice")
        if count is None or not 0 <= count <= MAX_PARTICIPANTS:
            raise refuse("participants", _("Enter a number from 0 to %(max)s.") % {"max": MAX_PARTICIPANTS}, "range")
        departments[name] = count
    if not departments:
        raise refuse("participants", _("Enter at least one department and its participants."), "required")
    course = TrainingCourse.objects.create(
        municipality=municipality,
        kind=data.kind,
        title=data.title.strip(),
        starts_on=data.starts_on,
        days=data.days,
        notes=data.notes.strip(),
        created_by=actor.user,
    )
    bulk_create_with_history(
        [Participation(course=course, department=name, participants=count) for name, count in departments.items()],
        Participation,
        default_user=actor.user,
    )
    return course


def _require_leader_of(actor: Actor, user: User) -> None:
    units = set(Membership.objects.filter(user=user).values_list("unit_id", flat=True))
    if not units & actor.unit_ids(TRAINING):
        raise refuse("user", _("You can only register competences for staff at your own units."), "not_allowed")


@transaction.atomic
def register_competence(
    actor: Actor, user: User, competence: Competence, since: date, can_supervise: bool = False
) -> StaffCompetence:
    _require_leader_of(actor, user)
    not_in_future("since", since)
    found, _created = StaffCompetence.objects.update_or_create(
        user=user,
        competence=competence,
        defaults={"since": since, "can_supervise": can_supervise, "registered_by": actor.user},
    )
    return found


@transaction.atomic
def remove_competence(actor: Actor, held: StaffCompetence) -> None:
    _require_leader_of(actor, held.user)
    held.delete()


@transaction.atomic
def plan_seats(actor: Actor, unit: Unit, competence: Competence, year: int, seats: int) -> PlannedSeats:
    actor.require(unit.pk, TRAINING)
    if not 2000 <= year <= 2100:
        raise refuse("year", _("Enter a year from %(min)s to %(max)s.") % {"min": 2000, "max": 2100}, "range")
    if not 0 <= seats <= 500:
        raise refuse("seats", _("Enter a number from %(min)s to %(max)s.") % {"min": 0, "max": 500}, "range")
    plan, _created = PlannedSeats.objects.update_or_create(
        unit=unit, competence=competence, year=year, defaults={"seats": seats}
    )
    return plan
