# SPDX-License-Identifier: AGPL-3.0-or-later
"""Citizens in the API: list, search, create, read, change, reveal the CPR number; the target
groups and the citizen's markers of them."""

from datetime import date
from typing import Annotated

from django.http import HttpRequest
from ninja import Field, Query, Router, Status

from forlob.citizens import actions, queries
from forlob.citizens.models import Sex, TargetGroupMarker
from forlob.common.api import ERRORS, Id, OneOf, Paging, Schema, optional_text, rules, text, window
from forlob.common.phone import PHONE_RULE
from forlob.organisations.api import active_unit, case_actor, municipality_by_code

router = Router(tags=["Borgere"])


MUNICIPALITY_CODE = r"^([0-9]{3})?$"
BIRTH_YEAR = Field(None, ge=1900, le=2100, description="Not after this year.")


class CitizenIn(Schema):
    unit_id: Id
    cpr: str = optional_text(11, description="Required unless anonymous: ddmmåå-xxxx or ten digits.")
    is_anonymous: bool = False
    alias: str = optional_text(100, description="Required when anonymous.")
    first_name: str = optional_text(100)
    last_name: str = optional_text(100, description="With the first name, required with a CPR number.")
    birth_year: int | None = BIRTH_YEAR
    sex: Annotated[str, OneOf(Sex, blank=True)] = Field("", description="Required when anonymous.")
    municipality_code: str = Field("", pattern=MUNICIPALITY_CODE, description="Official code of a municipality.")
    address: str = optional_text(300)
    address_protected: bool = False
    phone: str = optional_text(30)
    email: str = optional_text(254)


class CitizenOut(Schema):
    id: int
    name: str = Field(alias="display_name")
    is_anonymous: bool
    alias: str
    first_name: str
    last_name: str
    birth_year: int
    birth_date: date | None
    masked_cpr: str
    sex: str
    municipality_code: str | None = Field(None, alias="municipality.code")
    address: str = Field(alias="shown_address")
    address_protected: bool
    phone: str
    email: str
    version: int


class CitizenChange(Schema):
    """Only the fields sent are changed; null clears a text."""

    first_name: str | None = Field(None, max_length=100)
    last_name: str | None = Field(None, max_length=100)
    municipality_code: str | None = Field(None, pattern=MUNICIPALITY_CODE)
    address: str | None = Field(None, max_length=300)
    address_protected: bool = Field(None, json_schema_extra={"default": False})  # type: ignore[assignment]
    phone: str | None = Field(None, max_length=30)
    email: str | None = Field(None, max_length=254)
    version: int = Field(description="The citizen version read; refused if it has changed since, or if missing.")


class CitizenList(Schema):
    count: int
    items: list[CitizenOut]


class SearchIn(Schema):
    term: str = text(200, description="A CPR number (exact) or a name.")


class RevealIn(Schema):
    purpose: str = text(500, description="Why the full CPR number is needed.")


class CprOut(Schema):
    cpr: str


@router.get("/citizens", response=CitizenList)
def list_citizens(request: HttpRequest, paging: Query[Paging]) -> dict[str, object]:
    """Citizens of my units, by name. Search by CPR or name with POST /citizens/search."""
    actor = case_actor(request)
    shown = queries.citizen_list(actor, window(paging), via="api")
    return {"count": shown.total, "items": shown.rows}


@router.post("/citizens/search", response=CitizenList)
def search_citizens(request: HttpRequest, body: SearchIn, paging: Query[Paging]) -> dict[str, object]:
    """Search by CPR (exact) or name. POST, so no person data ends up in URLs or server logs."""
    actor = case_actor(request)
    shown = queries.search_citizens(actor, body.term, window(paging), via="api")
    return {"count": shown.total, "items": shown.rows}


@router.post(
    "/citizens",
    response={201: CitizenOut, **ERRORS},
    openapi_extra=rules(
        (
            "cpr",
            "Required unless anonymous, refused when anonymous; a valid CPR number not already registered at the unit.",
        ),
        ("first_name", "Required with a CPR number; refused when anonymous."),
        ("last_name", "Required with a CPR number."),
        ("alias", "Required when anonymous."),
        ("birth_year", "Required when anonymous; not after this year."),
        ("sex", "Required when anonymous."),
        ("municipality_code", "The code of one of the 98 municipalities."),
        ("email", "A valid e-mail address."),
        ("phone", PHONE_RULE),
    ),
)
def create_citizen(request: HttpRequest, body: CitizenIn) -> Status[object]:
    actor = case_actor(request)
    municipality = municipality_by_code(body.municipality_code)
    data = actions.CitizenData(**body.dict(exclude={"unit_id", "municipality_code"}), municipality=municipality)
    try:
        citizen = actions.create_citizen(actor, active_unit(body.unit_id), data)
    except actions.DuplicateCitizen as duplicate:
        item = {"field": "cpr", "message": duplicate.messages[0], "citizen_id": duplicate.citizen.pk}
        return Status(422, {"detail": [item]})
    return Status(201, citizen)


@router.get("/citizens/{citizen_id}", response={200: CitizenOut, **ERRORS})
def get_citizen(request: HttpRequest, citizen_id: Id) -> object:
    return queries.get_citizen(case_actor(request), citizen_id, via="api")


@router.patch(
    "/citizens/{citizen_id}",
    response={200: CitizenOut, **ERRORS},
    openapi_extra=rules(
        ("first_name", "An anonymous citizen has no name."),
        ("municipality_code", "The code of one of the 98 municipalities."),
        ("email", "A valid e-mail address."),
        ("phone", PHONE_RULE),
        (None, "The citizen is registered in the user's municipality."),
    ),
)
def change_citizen(request: HttpRequest, citizen_id: Id, body: CitizenChange) -> object:
    """Change name and contact details; only the fields sent change."""
    actor = case_actor(request)
    changes = body.dict(exclude_unset=True, exclude={"version"})
    if "municipality_code" in changes:
        changes["municipality"] = municipality_by_code(changes.pop("municipality_code"))
    citizen = queries.get_citizen(actor, citizen_id, via="api")
    return actions.update_citizen(actor, citizen, body.version, **changes)


@router.post(
    "/citizens/{citizen_id}/reveal-cpr",
    response={200: CprOut, **ERRORS},
    openapi_extra=rules(
        (None, "An anonymous citizen has no CPR number."),
    ),
)
def reveal_cpr(request: HttpRequest, citizen_id: Id, body: RevealIn) -> dict[str, str]:
    actor = case_actor(request)
    citizen = queries.get_citizen(actor, citizen_id, via="api")
    return {"cpr": actions.reveal_cpr(actor, citizen, body.purpose)}


class TargetGroupOut(Schema):
    code: str
    name: str = Field(description="The Danish name.")
    active: bool = Field(description="In use: citizens can be marked with it.")
    order: int


class MarkerIn(Schema):
    group: str = Field(
        min_length=1, max_length=50, pattern=r"^[-a-zA-Z0-9_]+$", description="The code of a target group in use."
    )
    from_on: date = Field(description="Not in the future.")


class MarkerOut(Schema):
    id: int
    citizen_id: int
    group: str = Field(alias="group.code")
    group_name: str = Field(alias="group.name")
    from_on: date
    ended_on: date | None
    unit_id: int = Field(description="The unit that recorded it.")
    recorded_by_id: int


class EndMarkerIn(Schema):
    ended_on: date = Field(description="Not in the future, nor before the marker starts.")


@router.get("/target-groups", response=list[TargetGroupOut], tags=["Koder"])
def list_target_groups(request: HttpRequest) -> object:
    """The national list of target groups, those no longer in use too (their markers still count)."""
    return list(queries.target_groups(in_use_only=False))


@router.get("/citizens/{citizen_id}/target-group-markers", response={200: list[MarkerOut], **ERRORS})
def list_markers(request: HttpRequest, citizen_id: Id) -> object:
    """The target groups the citizen belongs to, or belonged to, with their periods."""
    citizen = queries.get_citizen(case_actor(request), citizen_id, via="api")
    return list(citizen.target_group_markers.select_related("group"))


@router.post(
    "/citizens/{citizen_id}/target-group-markers",
    response={201: MarkerOut, **ERRORS},
    openapi_extra=rules(
        ("group", "The code of a target group in use, not already open for the citizen."),
        ("from_on", "Not in the future, and after the end of an earlier marker of the same group."),
    ),
)
def add_marker(request: HttpRequest, citizen_id: Id, body: MarkerIn) -> Status[object]:
    actor = case_actor(request)
    citizen = queries.get_citizen(actor, citizen_id, via="api")
    group = queries.target_groups().filter(code=body.group).first()
    return Status(201, actions.add_target_group_marker(actor, citizen, group, body.from_on))


@router.post(
    "/target-group-markers/{marker_id}/end",
    response={200: MarkerOut, **ERRORS},
    openapi_extra=rules(
        ("ended_on", "Not in the future, nor before the marker starts."),
        (None, "The marker has not been ended already."),
    ),
)
def end_marker(request: HttpRequest, marker_id: Id, body: EndMarkerIn) -> object:
    actor = case_actor(request)
    marker = queries.get_citizen_record(actor, TargetGroupMarker, marker_id, via="api")
    return actions.end_target_group_marker(actor, marker, body.ended_on)
