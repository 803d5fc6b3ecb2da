# SPDX-License-Identifier: AGPL-3.0-or-later
"""The organisation in the API: who is asking, and the units, municipalities and staff a body names.
The other apps' routers find the actor and look up what a body refers to through these helpers."""

from collections.abc import Iterable

from django.contrib.auth.models import User
from django.db.models import Prefetch
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router

from forlob.common.api import ERRORS, Id, Paging, Schema, page
from forlob.common.errors import refuse
from forlob.organisations.access import APPROVE_ROLES, Actor
from forlob.organisations.models import APPROVED_ROLES, Membership, Municipality, Unit
from forlob.organisations.view_access import require_case_role

router = Router(tags=["Organisation"])


def request_actor(request: HttpRequest) -> Actor:
    """The signed-in user of the request (authenticated where the routers are mounted)."""
    return Actor.for_user(request.user)


def case_actor(request: HttpRequest) -> Actor:
    """The actor, refused outright unless they work with citizens."""
    actor = request_actor(request)
    require_case_role(actor)
    return actor


def active_unit(unit_id: int, field: str = "unit_id") -> Unit:
    unit = Unit.objects.filter(pk=unit_id, active=True).first()
    if unit is None:
        raise refuse(field, _("Unknown unit."), "unknown_code")
    return unit


def municipality_by_code(code: str | None) -> Municipality | None:
    if not code:
        return None
    municipality = Municipality.objects.filter(code=code).first()
    if municipality is None:
        raise refuse("municipality_code", _("Unknown municipality code."), "unknown_code")
    return municipality


def users(ids: Iterable[int], field: str) -> list[User]:
    wanted = set(ids)
    found = list(User.objects.filter(pk__in=wanted))
    if len(found) != len(wanted):
        raise refuse(field, _("Unknown staff member."), "unknown_code")
    return found


class UnitOut(Schema):
    id: int
    name: str
    kind: str
    institution_code: str
    municipality_code: str
    municipality: str
    roles: list[str] = Field(description="My roles in force at the unit.")


class UnitList(Schema):
    count: int
    items: list[UnitOut]


class StaffOut(Schema):
    id: int = Field(description="The user's id, as in responsible_id and staff_ids.")
    name: str
    roles: list[str] = Field(description="Their roles in force at the unit.")


class StaffList(Schema):
    count: int
    items: list[StaffOut]


@router.get("/units/mine", response=UnitList)
def my_units(request: HttpRequest, paging: Query[Paging]) -> dict[str, object]:
    """The units where I hold a role in force, with those roles: the ids the other endpoints take."""
    actor = request_actor(request)
    qs = Unit.objects.filter(pk__in=actor.roles_by_unit).select_related("municipality").order_by("name", "pk")
    count, rows = page(qs, paging)
    items = [
        {
            "id": u.pk,
            "name": u.name,
            "kind": u.kind,
            "institution_code": u.institution_code,
            "municipality_code": u.municipality.code,
            "municipality": u.municipality.name,
            "roles": sorted(actor.roles_by_unit[u.pk]),
        }
        for u in rows
    ]
    return {"count": count, "items": items}


@router.get("/units/{unit_id}/staff", response={200: StaffList, **ERRORS})
def unit_staff(request: HttpRequest, unit_id: Id, paging: Query[Paging]) -> dict[str, object]:
    """Who works at the unit, by name and role; for the unit's leaders, as on its roles page."""
    actor = request_actor(request)
    actor.require(unit_id, APPROVE_ROLES)
    # In force as in Actor.for_user: a role that needs a leader's approval counts once approved.
    in_force = Membership.objects.filter(unit_id=unit_id).exclude(role__in=APPROVED_ROLES, approved_at__isnull=True)
    qs = (
        User.objects.filter(memberships__in=in_force, is_active=True)
        .distinct()
        .order_by("first_name", "last_name", "pk")
        .prefetch_related(Prefetch("memberships", in_force, to_attr="here"))
    )
    count, rows = page(qs, paging)
    items = [
        {"id": u.pk, "name": u.get_full_name() or u.username, "roles": sorted(m.role for m in u.here)} for u in rows
    ]
    return {"count": count, "items": items}
