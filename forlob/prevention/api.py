# SPDX-License-Identifier: AGPL-3.0-or-later
"""Prevention activities in the API."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Status

from forlob.common.api import ERRORS, Id, Paging, Schema, page
from forlob.organisations.access import PREVENTION
from forlob.organisations.api import active_unit, request_actor
from forlob.prevention import actions, queries

router = Router(tags=["Forebyggelse"])


class ActivityQuery(Schema):
    first: date | None = None
    last: date | None = None
    level: str = ""
    focus_area: str = ""


class ActivityIn(Schema):
    unit_id: Id
    held_on: date
    level: str = Field(description="universal, selective or indicated.")
    focus_area: str = Field(description="availability, teaching, advice, detection, cooperation or network.")
    target_group: str
    setting: str
    title: str
    participants: int = 0
    contacts: int = 0
    notes: str = ""


class ActivityOut(Schema):
    id: int
    unit_id: int
    held_on: date
    level: str
    focus_area: str
    target_group: str
    setting: str
    title: str
    participants: int
    contacts: int
    notes: str


class ActivityPage(Schema):
    count: int
    items: list[ActivityOut]


@router.get("/prevention/activities", response={200: ActivityPage, **ERRORS})
def list_activities(request: HttpRequest, paging: Query[Paging], filters: Query[ActivityQuery]) -> object:
    """The prevention activities of the units where the user works, newest first."""
    actor = request_actor(request)
    if not actor.unit_ids(PREVENTION):
        raise PermissionDenied(_("Your roles do not give access to prevention activities."))
    count, rows = page(queries.activities(actor, **filters.dict()), paging)
    return {"count": count, "items": rows}


@router.post("/prevention/activities", response={201: ActivityOut, **ERRORS})
def create_activity(request: HttpRequest, body: ActivityIn) -> Status[object]:
    actor = request_actor(request)
    data = actions.ActivityData(**body.dict(exclude={"unit_id"}))
    return Status(201, actions.register_activity(actor, active_unit(body.unit_id), data))
