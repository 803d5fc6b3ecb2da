# SPDX-License-Identifier: AGPL-3.0-or-later
"""Citizens in the API: list, search, create, read, change, reveal the CPR number."""

from datetime import date

from django.http import HttpRequest
from ninja import Field, Query, Router, Status

from forlob.citizens import actions, queries
from forlob.common.api import ERRORS, Id, Paging, Schema, window
from forlob.organisations.api import active_unit, case_actor, municipality_by_code

router = Router(tags=["Borgere"])


class CitizenIn(Schema):
    unit_id: Id
    cpr: str = ""
    is_anonymous: bool = False
    alias: str = ""
    first_name: str = ""
    last_name: str = ""
    birth_year: int | None = None
    sex: str = ""
    municipality_code: str = ""
    address: str = ""
    address_protected: bool = False
    phone: str = ""
    email: str = ""


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
    """Only the fields sent are changed."""

    first_name: str | None = None
    last_name: str | None = None
    municipality_code: str | None = None
    address: str | None = None
    address_protected: bool | None = None
    phone: str | None = None
    email: str | None = None
    version: int | None = Field(None, description="The citizen version read; refused if it has changed since.")


class CitizenList(Schema):
    count: int
    items: list[CitizenOut]


class SearchIn(Schema):
    term: str


class RevealIn(Schema):
    purpose: str


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


@router.post("/citizens", response={201: CitizenOut, **ERRORS})
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
def get_citizen(request: HttpRequest, citizen_id: int) -> object:
    return queries.get_citizen(case_actor(request), citizen_id, via="api")


@router.patch("/citizens/{citizen_id}", response={200: CitizenOut, **ERRORS})
def change_citizen(request: HttpRequest, citizen_id: int, body: CitizenChange) -> object:
    """Change name and contact details; only the fields sent change."""
    actor = case_actor(request)
    changes = body.dict(exclude_unset=True, exclude={"version"})
    if "municipality_code" in changes:
        changes["municipality"] = municipality_by_code(changes.pop("municipality_code"))
    citizen = queries.get_citizen(actor, citizen_id, via="api")
    return actions.update_citizen(actor, citizen, body.version, **changes)


@router.post("/citizens/{citizen_id}/reveal-cpr", response={200: CprOut, **ERRORS})
def reveal_cpr(request: HttpRequest, citizen_id: int, body: RevealIn) -> dict[str, str]:
    actor = case_actor(request)
    citizen = queries.get_citizen(actor, citizen_id, via="api")
    return {"cpr": actions.reveal_cpr(actor, citizen, body.purpose)}
