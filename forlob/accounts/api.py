# SPDX-License-Identifier: AGPL-3.0-or-later
"""Who holds which role, in the API: the same writes as the leader's roles page (approve, take
away, confirm the review) and the administration (grant), through ``forlob.accounts.actions``."""

from datetime import datetime
from typing import Annotated

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Status

from forlob.accounts import actions
from forlob.accounts.roles import AWAITING_APPROVAL_FIRST
from forlob.common.api import ERRORS, Id, OneOf, Paging, Schema, page, rules
from forlob.organisations.access import APPROVE_ROLES, Actor
from forlob.organisations.api import active_unit, request_actor, users
from forlob.organisations.models import Membership, Role

router = Router(tags=["Roller"])


class RoleIn(Schema):
    user_id: Id
    role: Annotated[str, OneOf(Role)] = Field(description="The role's code.")


class RoleOut(Schema):
    id: int
    unit_id: int
    user_id: int
    user_name: str
    role: str
    in_force: bool = Field(description="False while a role that reads person data awaits a leader's approval.")
    approved_at: datetime | None

    @staticmethod
    def resolve_user_name(obj: Membership) -> str:
        return obj.user.get_full_name() or obj.user.username


class RoleList(Schema):
    count: int
    items: list[RoleOut]


def _memberships(actor: Actor) -> QuerySet[Membership]:
    """The roles the actor may act on: at units they lead, or in municipalities they administer;
    the actions decide what they may do with each."""
    units = set(actor.unit_ids(APPROVE_ROLES)) | actions.administered_units(actor)
    return Membership.objects.filter(unit_id__in=units).select_related("user")


@router.get("/units/{unit_id}/roles", response={200: RoleList, **ERRORS})
def list_unit_roles(request: HttpRequest, unit_id: Id, paging: Query[Paging]) -> dict[str, object]:
    """Who holds which role at the unit, those awaiting approval first; for the unit's leaders, as
    on its roles page."""
    actor = request_actor(request)
    actor.require(unit_id, APPROVE_ROLES)
    qs = Membership.objects.filter(unit_id=unit_id).select_related("user")
    count, rows = page(qs.order_by(*AWAITING_APPROVAL_FIRST, "pk"), paging)
    return {"count": count, "items": rows}


@router.post(
    "/units/{unit_id}/roles",
    response={201: RoleOut, **ERRORS},
    openapi_extra=rules(
        ("unit_id", "An active unit of a municipality the user administers."),
        ("user_id", "An active user."),
        ("role", "Not a case role for the administrator themself."),
    ),
)
def grant_role(request: HttpRequest, unit_id: Id, body: RoleIn) -> Status[object]:
    """An administrator gives a user a role at a unit of their municipality; a role that reads
    person data counts once a leader of the unit approves it."""
    user = users([body.user_id], "user_id")[0]
    membership = actions.grant_role(request_actor(request), user, active_unit(unit_id), body.role)
    return Status(201, Membership.objects.select_related("user").get(pk=membership.pk))


@router.post(
    "/roles/{membership_id}/approve",
    response={200: RoleOut, **ERRORS},
    openapi_extra=rules((None, "Not the user's own role, and not one already approved.")),
)
def approve_role(request: HttpRequest, membership_id: Id) -> object:
    """A leader of the unit approves a role granted there: from now on it counts."""
    actor = request_actor(request)
    membership = get_object_or_404(_memberships(actor), pk=membership_id)
    return actions.approve_role(actor, membership)


@router.delete(
    "/roles/{membership_id}",
    response={204: None, **ERRORS},
    openapi_extra=rules((None, "A leader does not take away their own role.")),
)
def remove_role(request: HttpRequest, membership_id: Id) -> Status[None]:
    """A leader of the unit, or an administrator of its municipality, takes the role away."""
    actor = request_actor(request)
    actions.remove_role(actor, get_object_or_404(_memberships(actor), pk=membership_id))
    return Status(204, None)


@router.post(
    "/units/{unit_id}/roles/reviewed",
    response={204: None, **ERRORS},
    openapi_extra=rules(("unit_id", "An active unit the user leads.")),
)
def confirm_roles_reviewed(request: HttpRequest, unit_id: Id) -> Status[None]:
    """The leader has gone through who holds which role at the unit (recertification)."""
    actions.confirm_roles_reviewed(request_actor(request), active_unit(unit_id))
    return Status(204, None)
