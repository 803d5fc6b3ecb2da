# SPDX-License-Identifier: AGPL-3.0-or-later
"""The organisation in the API: who is asking, and the units, municipalities and staff a body names.
The other apps' routers find the actor and look up what a body refers to through these helpers."""

from collections.abc import Iterable

from django.contrib.auth.models import User
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router

from forlob.common.errors import refuse
from forlob.common.views import require_case_role
from forlob.organisations.access import Actor
from forlob.organisations.models import Municipality, Unit

router = Router()


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
