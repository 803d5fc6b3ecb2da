# SPDX-License-Identifier: AGPL-3.0-or-later
"""Writes to the household and network. Each action is one transaction, checks the actor's role
at the unit through which they see the citizen, and is logged."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from forlob.audit.log import log_access
from forlob.audit.models import Use
from forlob.citizens.models import Citizen
from forlob.citizens.queries import granting_unit_id
from forlob.common.errors import not_in_future, refuse, require_choice, today
from forlob.family.models import ChildrenAssessment, Relation, RelationKind
from forlob.organisations.access import WORK_WITH_COURSE, Actor

FIELDS = ("kind", "name", "birth_date", "birth_year", "in_household", "involved")


@dataclass
class RelationData:
    kind: str
    name: str
    birth_date: date | None = None
    birth_year: int | None = None
    in_household: bool = False
    involved: bool = False


def _allowed_unit(actor: Actor, citizen: Citizen) -> int:
    unit_id = granting_unit_id(actor, citizen)
    actor.require(unit_id, WORK_WITH_COURSE)
    return unit_id


def _check(data: RelationData) -> RelationData:
    require_choice("kind", data.kind, RelationKind)
    if not data.name.strip():
        raise refuse("name", _("Enter the name."), "required")
    if data.birth_date is not None:
        not_in_future("birth_date", data.birth_date)
        if data.birth_year is not None and data.birth_year != data.birth_date.year:
            raise refuse("birth_year", _("The birth year does not match the birth date."), "mismatch")
        data.birth_year = data.birth_date.year
    elif data.birth_year is not None and not 1900 <= data.birth_year <= today().year:
        raise refuse("birth_year", _("Enter a birth year between 1900 and this year."), "range")
    if data.kind == RelationKind.CHILD and data.birth_year is None:
        raise refuse("birth_date", _("Enter the child's birth date or birth year."), "required")
    data.name = data.name.strip()
    return data


@transaction.atomic
def add_relation(actor: Actor, citizen: Citizen, data: RelationData) -> Relation:
    unit_id = _allowed_unit(actor, citizen)
    data = _check(data)
    relation = Relation.objects.create(citizen=citizen, created_by=actor.user, **{f: getattr(data, f) for f in FIELDS})
    log_access(actor, Use.CHANGE, citizen_id=citizen.pk, unit_id=unit_id, via="add_relation")
    return relation


@transaction.atomic
def change_relation(actor: Actor, relation: Relation, data: RelationData) -> Relation:
    unit_id = _allowed_unit(actor, relation.citizen)
    data = _check(data)
    for name in FIELDS:
        setattr(relation, name, getattr(data, name))
    relation.save()
    log_access(actor, Use.CHANGE, citizen_id=relation.citizen_id, unit_id=unit_id, via="change_relation")
    return relation


@transaction.atomic
def remove_relation(actor: Actor, relation: Relation) -> None:
    unit_id = _allowed_unit(actor, relation.citizen)
    log_access(actor, Use.CHANGE, citizen_id=relation.citizen_id, unit_id=unit_id, via="remove_relation")
    relation.delete()


@transaction.atomic
def assess_children(actor: Actor, citizen: Citizen, assessed_on: date | None, note: str = "") -> ChildrenAssessment:
    """Record that the children's situation and needs were assessed."""
    unit_id = _allowed_unit(actor, citizen)
    if assessed_on is None:
        raise refuse("assessed_on", _("Enter the date of the assessment."), "required")
    not_in_future("assessed_on", assessed_on)
    assessment = ChildrenAssessment.objects.create(
        citizen=citizen, assessed_on=assessed_on, assessed_by=actor.user, note=note.strip()
    )
    log_access(actor, Use.CHANGE, citizen_id=citizen.pk, unit_id=unit_id, via="assess_children")
    return assessment
