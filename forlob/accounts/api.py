# SPDX-License-Identifier: AGPL-3.0-or-later
"""Who holds which role, in the API: the same writes as the leader's roles page (approve, take
away, confirm the review) and the administration (grant), through ``forlob.accounts.actions``."""

from datetime import datetime
from decimal import Decimal
from typing import Annotated

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Status
from pydantic import WithJsonSchema

from forlob.accounts import actions
from forlob.accounts.roles import AWAITING_APPROVAL_FIRST
from forlob.common.api import ERRORS, Id, OneOf, Paging, Schema, page, rules
from forlob.organisations import actions as organisation_actions
from forlob.organisations.access import APPROVE_ROLES, Actor
from forlob.organisations.api import active_unit, request_actor, users
from forlob.organisations.models import MAX_WEEKLY_HOURS, Membership, Profession, Role

router = Router(tags=["Roller"])


# Weekly hours in a role: 0 to 60, rounded to two decimals (the web form and the action take no more).
Hours = Annotated[
    Decimal,
    Field(ge=0, le=MAX_WEEKLY_HOURS),
    WithJsonSchema({"type": "number", "minimum": 0, "maximum": MAX_WEEKLY_HOURS}),
]


def _hundredths(hours: Decimal | None) -> Decimal | None:
    return None if hours is None else hours.quantize(Decimal("0.01"))


class RoleIn(Schema):
    user_id: Id
    role: Annotated[str, OneOf(Role)] = Field(description="The role's code.")
    profession: Annotated[str, OneOf(Profession, blank=True)] = Field("", description="The profession's code.")
    weekly_hours: Hours | None = Field(None, description="Hours a week in the role, rounded to two decimals.")


class StaffingIn(Schema):
    profession: Annotated[str, OneOf(Profession, blank=True)] = Field(description="The profession's code, or empty.")
    weekly_hours: Hours | None = Field(description="Hours a week in the role, rounded to two decimals; null: unset.")
    version: int = Field(description="The version of the role the change was made from.")


class RoleOut(Schema):
    id: int
    unit_id: int
    user_id: int
    user_name: str
    role: str
    in_force: bool = Field(description="False while a role that reads person data awaits a leader's approval.")
    approved_at: datetime | None
    profession: str = Field(description="The profession's code; empty when none is set up.")
    weekly_hours: float | None = Field(description="Hours a week in the role; null when not set up.")
    version: int

    @staticmethod
    def resolve_weekly_hours(obj: Membership) -> float | None:
        return None if obj.weekly_hours is None else float(obj.weekly_hours)

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
    membership = actions.grant_role(
        request_actor(request), user, active_unit(unit_id), body.role, body.profession, _hundredths(body.weekly_hours)
    )
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


@router.put(
    "/roles/{membership_id}/staffing",
    response={200: RoleOut, **ERRORS},
    openapi_extra=rules(
        ("weekly_hours", "From 0 to 60, at most two decimals."),
        ("version", "The role's current version; 422 when someone has changed it since."),
    ),
)
def set_staffing(request: HttpRequest, membership_id: Id, body: StaffingIn) -> object:
    """The unit's leader, or an administrator of its municipality, sets the role's profession and
    weekly hours (what the capacity and caseload figures count)."""
    actor = request_actor(request)
    membership = get_object_or_404(_memberships(actor), pk=membership_id)
    organisation_actions.set_staffing(actor, membership, body.profession, _hundredths(body.weekly_hours), body.version)
    return Membership.objects.select_related("user").get(pk=membership.pk)


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
