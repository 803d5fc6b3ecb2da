# SPDX-License-Identifier: AGPL-3.0-or-later
"""The citizen's household and network, the children's situation and consents, in the API."""

from datetime import date
from typing import Annotated

from django.http import HttpRequest
from ninja import Field, Router, Status

from forlob.citizens import queries as citizen_queries
from forlob.common.api import ERRORS, Id, OneOf, Schema, optional_text, rules, text
from forlob.family import actions
from forlob.family.models import Consent, ConsentKind, Relation, RelationKind, SharedVisitation
from forlob.organisations.api import case_actor
from forlob.organisations.models import Department
from forlob.treatment import queries as treatment_queries

router = Router(tags=["Familie"])


class RelationIn(Schema):
    kind: Annotated[str, OneOf(RelationKind)]
    name: str = text(200)
    birth_date: date | None = Field(None, description="Not in the future; for a child, this or the birth year.")
    birth_year: int | None = Field(None, ge=1900, le=2100, description="Not after this year; matches birth_date.")
    in_household: bool = False
    involved: bool = False


class RelationOut(RelationIn):
    id: int
    citizen_id: int


class ChildrenAssessmentIn(Schema):
    assessed_on: date = Field(description="Not in the future.")
    note: str = optional_text(10_000)


class ChildrenAssessmentOut(ChildrenAssessmentIn):
    id: int
    citizen_id: int
    assessed_by_id: int


class ConsentIn(Schema):
    kind: Annotated[str, OneOf(ConsentKind)]
    given_on: date = Field(description="Not in the future.")
    department: Annotated[str, OneOf(Department, blank=True)] = Field("", description="Required for share.")
    phone: str = optional_text(30, description="Required for follow_up: the phone number to call.")
    preferred_time: str = optional_text(100)
    parents_involved: bool | None = Field(None, description="Required when the citizen is under 18")


class ConsentOut(ConsentIn):
    id: int
    citizen_id: int
    withdrawn_on: date | None
    version: int


class WithdrawIn(Schema):
    withdrawn_on: date = Field(description="Not in the future, nor before the consent was given.")
    version: int | None = Field(None, description="The consent version read; refused if it has changed since.")


@router.get("/citizens/{citizen_id}/relations", response={200: list[RelationOut], **ERRORS})
def list_relations(request: HttpRequest, citizen_id: Id) -> object:
    return list(citizen_queries.get_citizen(case_actor(request), citizen_id, via="api").relations.all())


RELATION_RULES = rules(
    ("birth_date", "Not in the future; for a child, this or the birth year is required."),
    ("birth_year", "Not after this year, and the year of birth_date when both are given."),
)


@router.post("/citizens/{citizen_id}/relations", response={201: RelationOut, **ERRORS}, openapi_extra=RELATION_RULES)
def create_relation(request: HttpRequest, citizen_id: Id, body: RelationIn) -> Status[object]:
    actor = case_actor(request)
    citizen = citizen_queries.get_citizen(actor, citizen_id, via="api")
    return Status(201, actions.add_relation(actor, citizen, actions.RelationData(**body.dict())))


@router.put("/relations/{relation_id}", response={200: RelationOut, **ERRORS}, openapi_extra=RELATION_RULES)
def change_relation(request: HttpRequest, relation_id: Id, body: RelationIn) -> object:
    actor = case_actor(request)
    relation = citizen_queries.get_citizen_record(actor, Relation, relation_id, via="api")
    return actions.change_relation(actor, relation, actions.RelationData(**body.dict()))


@router.delete("/relations/{relation_id}", response={204: None, **ERRORS})
def delete_relation(request: HttpRequest, relation_id: Id) -> Status[None]:
    actor = case_actor(request)
    actions.remove_relation(actor, citizen_queries.get_citizen_record(actor, Relation, relation_id, via="api"))
    return Status(204, None)


@router.get("/citizens/{citizen_id}/children-assessments", response={200: list[ChildrenAssessmentOut], **ERRORS})
def list_children_assessments(request: HttpRequest, citizen_id: Id) -> object:
    citizen = citizen_queries.get_citizen(case_actor(request), citizen_id, via="api")
    return list(citizen.children_assessments.all())


@router.post(
    "/citizens/{citizen_id}/children-assessments",
    response={201: ChildrenAssessmentOut, **ERRORS},
    openapi_extra=rules(
        ("assessed_on", "Not in the future."),
    ),
)
def create_children_assessment(request: HttpRequest, citizen_id: Id, body: ChildrenAssessmentIn) -> Status[object]:
    actor = case_actor(request)
    citizen = citizen_queries.get_citizen(actor, citizen_id, via="api")
    return Status(201, actions.assess_children(actor, citizen, body.assessed_on, body.note))


@router.get("/citizens/{citizen_id}/consents", response={200: list[ConsentOut], **ERRORS})
def list_consents(request: HttpRequest, citizen_id: Id) -> object:
    return list(citizen_queries.get_citizen(case_actor(request), citizen_id, via="api").consents.all())


@router.post(
    "/citizens/{citizen_id}/consents",
    response={201: ConsentOut, **ERRORS},
    openapi_extra=rules(
        ("given_on", "Not in the future."),
        ("department", "Required for share."),
        ("phone", "Required for follow_up."),
        ("parents_involved", "Required when the citizen is under 18."),
    ),
)
def give_consent(request: HttpRequest, citizen_id: Id, body: ConsentIn) -> Status[object]:
    actor = case_actor(request)
    citizen = citizen_queries.get_citizen(actor, citizen_id, via="api")
    return Status(201, actions.give_consent(actor, citizen, actions.ConsentData(**body.dict())))


@router.post(
    "/consents/{consent_id}/withdraw",
    response={200: ConsentOut, **ERRORS},
    openapi_extra=rules(
        ("withdrawn_on", "Not in the future, nor before the consent was given."),
        (None, "The consent has not been withdrawn already."),
    ),
)
def withdraw_consent(request: HttpRequest, consent_id: Id, body: WithdrawIn) -> object:
    actor = case_actor(request)
    consent = citizen_queries.get_citizen_record(actor, Consent, consent_id, via="api")
    return actions.withdraw_consent(actor, consent, body.withdrawn_on, body.version)


class SharedVisitationIn(Schema):
    held_on: date
    departments: list[str] = Field(
        description="The departments present: children_family, jobcenter, psychiatry, health, adults, housing"
    )
    decision: str
    present: str = Field("", description="Who took part, e.g. names and roles.")
    request_id: Id | None = Field(None, description="The citizen's request the meeting was about, if any.")


class SharedVisitationOut(Schema):
    id: int
    citizen_id: int
    unit_id: int
    request_id: int | None
    held_on: date
    departments: list[str]
    decision: str
    present: str

    @staticmethod
    def resolve_departments(obj: SharedVisitation) -> list[str]:
        return [d.department for d in obj.departments.all()]


@router.post("/citizens/{citizen_id}/shared-visitations", response={201: SharedVisitationOut, **ERRORS})
def record_shared_visitation(request: HttpRequest, citizen_id: int, body: SharedVisitationIn) -> Status[object]:
    """A fælles visitation with the departments present and the decision."""
    actor = case_actor(request)
    citizen = citizen_queries.get_citizen(actor, citizen_id, via="api")
    request_ = None if body.request_id is None else treatment_queries.get_request(actor, body.request_id, via="api")
    data = actions.SharedVisitationData(**body.dict(exclude={"request_id"}), request=request_)
    return Status(201, actions.record_shared_visitation(actor, citizen, data))
