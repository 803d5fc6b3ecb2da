# SPDX-License-Identifier: AGPL-3.0-or-later
"""Prevention activities in the API."""

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Status
from pydantic import GetCoreSchemaHandler
from pydantic_core import core_schema

from forlob.common.api import ERRORS, Id, OneOf, Paging, Schema, optional_text, page, rules, text
from forlob.organisations.access import PREVENTION
from forlob.organisations.api import active_unit, request_actor
from forlob.prevention import actions, queries
from forlob.prevention.actions import MAX_PEOPLE
from forlob.prevention.models import IOM_CODES, Activity, FocusArea, Level, Setting, TargetGroup

router = Router(tags=["Forebyggelse"])


@dataclass(frozen=True)
class LevelCode(OneOf):
    """A level of the triangle (primary, secondary, tertiary). The IOM codes the first API version
    used (universal, selective, indicated) are deprecated: still taken in this version and read
    as the levels the data migration made of them, refused from the next."""

    def values(self) -> list[str]:
        return [*super().values(), *IOM_CODES]

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(
            lambda value: str(IOM_CODES.get(value, value)), core_schema.literal_schema(self.values())
        )


LEVEL_DESCRIPTION = (
    "primary, secondary or tertiary (WHO's prevention triangle, seed 002). Deprecated: universal, "
    "selective and indicated are still read as primary, secondary and tertiary in this version."
)


class ActivityQuery(Schema):
    first: date | None = None
    last: date | None = None
    level: Annotated[str, LevelCode(Level, blank=True)] = Field("", description=LEVEL_DESCRIPTION)
    focus_area: Annotated[str, OneOf(FocusArea, blank=True)] = ""


class ActivityFields(Schema):
    held_on: date = Field(description="Not in the future.")
    level: Annotated[str, LevelCode(Level)] = Field(description=LEVEL_DESCRIPTION)
    focus_area: Annotated[str, OneOf(FocusArea)]
    target_group: Annotated[str, OneOf(TargetGroup)]
    setting: Annotated[str, OneOf(Setting)]
    title: str = text(200)
    participants: int = Field(0, ge=0, le=MAX_PEOPLE, description="With contacts, at least one of them above 0.")
    contacts: int = Field(0, ge=0, le=MAX_PEOPLE)
    notes: str = optional_text(10_000)


class ActivityIn(ActivityFields):
    unit_id: Id


class ActivityChange(ActivityFields):
    """The whole activity as it should be; its unit stays."""

    version: int = Field(description="The activity version read; refused if it has changed since, or if missing.")


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
    version: int


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


ACTIVITY_RULES = rules(
    ("held_on", "Not in the future."), ("participants", "Participants or contacts, at least one of them above 0.")
)


@router.post("/prevention/activities", response={201: ActivityOut, **ERRORS}, openapi_extra=ACTIVITY_RULES)
def create_activity(request: HttpRequest, body: ActivityIn) -> Status[object]:
    actor = request_actor(request)
    data = actions.ActivityData(**body.dict(exclude={"unit_id"}))
    return Status(201, actions.register_activity(actor, active_unit(body.unit_id), data))


def _activity(request: HttpRequest, activity_id: int) -> Activity:
    return get_object_or_404(queries.activities(request_actor(request)), pk=activity_id)


@router.get("/prevention/activities/{activity_id}", response={200: ActivityOut, **ERRORS})
def get_activity(request: HttpRequest, activity_id: Id) -> object:
    return _activity(request, activity_id)


@router.put("/prevention/activities/{activity_id}", response={200: ActivityOut, **ERRORS}, openapi_extra=ACTIVITY_RULES)
def change_activity(request: HttpRequest, activity_id: Id, body: ActivityChange) -> object:
    """Correct an activity, as on its page; send back the version read."""
    data = actions.ActivityData(**body.dict(exclude={"version"}))
    return actions.change_activity(request_actor(request), _activity(request, activity_id), data, body.version)
