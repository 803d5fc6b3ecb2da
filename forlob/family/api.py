# SPDX-License-Identifier: AGPL-3.0-or-later
"""The citizen's household and network, the children's situation and consents, in the API."""

from datetime import date
from typing import Annotated

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Status

from forlob.citizens import queries as citizen_queries
from forlob.common.api import ERRORS, Id, OneOf, Schema, optional_text, rules, text
from forlob.common.phone import PHONE_RULE
from forlob.family import actions
from forlob.family.course_page import offer_of
from forlob.family.models import (
    AssessmentAction,
    Consent,
    ConsentKind,
    OfferOutcome,
    Relation,
    RelationKind,
    SharedVisitation,
)
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
    action: Annotated[str, OneOf(AssessmentAction, blank=True)] = Field(
        "", description='What was done: no concern, a family-oriented offer or a notification (underretning); "" none.'
    )
    action_on: date | None = Field(
        None, description="The day of the action: required for family_offer and notification."
    )


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
    version: int = Field(description="The consent version read; refused if it has changed since, or if missing.")


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
        ("action", "Given when action_on is."),
        ("action_on", "Required for family_offer and notification; not before assessed_on, not in the future."),
    ),
)
def create_children_assessment(request: HttpRequest, citizen_id: Id, body: ChildrenAssessmentIn) -> Status[object]:
    actor = case_actor(request)
    citizen = citizen_queries.get_citizen(actor, citizen_id, via="api")
    assessment = actions.assess_children(actor, citizen, body.assessed_on, body.note, body.action, body.action_on)
    return Status(201, assessment)


@router.get("/citizens/{citizen_id}/consents", response={200: list[ConsentOut], **ERRORS})
def list_consents(request: HttpRequest, citizen_id: Id) -> object:
    return list(citizen_queries.get_citizen(case_actor(request), citizen_id, via="api").consents.all())


@router.post(
    "/citizens/{citizen_id}/consents",
    response={201: ConsentOut, **ERRORS},
    openapi_extra=rules(
        ("given_on", "Not in the future."),
        ("department", "Required for share."),
        ("phone", f"Required for follow_up. {PHONE_RULE}"),
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


# --- The family offer on a course, and children taking part in its sessions ---------------------


class FamilyOfferIn(Schema):
    offered_on: date = Field(description="Not in the future, before the request or after the course ended.")
    note: str = optional_text(2000)
    version: int | None = Field(
        None, description="The offer's version read; refused if it has changed since, or if missing once recorded."
    )


class FamilyOfferAnswerIn(Schema):
    outcome: Annotated[str, OneOf(OfferOutcome)]
    answered_on: date | None = Field(
        None, description="Required for accepted and declined: not before the offer, not in the future."
    )
    version: int = Field(description="The offer's version read; refused if it has changed since, or if missing.")


class FamilyOfferOut(Schema):
    id: int
    course_id: int
    offered_on: date
    offered_by_id: int
    outcome: Annotated[str, OneOf(OfferOutcome)]
    answered_on: date | None
    note: str
    version: int


class SessionChildrenIn(Schema):
    children: list[Id] = Field(
        max_length=50, description="The citizen's children (relation ids, kind child) who took part; [] for none."
    )


class SessionChildrenOut(Schema):
    session_id: int
    children: list[int]


@router.get("/courses/{course_id}/family-offer", response={200: FamilyOfferOut, **ERRORS})
def get_family_offer(request: HttpRequest, course_id: Id) -> object:
    """The family-oriented treatment offered on the course, and the citizen's answer."""
    offer = offer_of(treatment_queries.get_course(case_actor(request), course_id, via="api"))
    if offer is None:
        raise Http404(_("No family offer is recorded on the course."))
    return offer


@router.put(
    "/courses/{course_id}/family-offer",
    response={200: FamilyOfferOut, **ERRORS},
    openapi_extra=rules(
        ("offered_on", "Not in the future, before the request was received, after the course ended or the answer."),
        (None, "Not on a course for relatives or a family course: record it on the index course."),
    ),
)
def record_family_offer(request: HttpRequest, course_id: Id, body: FamilyOfferIn) -> object:
    """Record that family-oriented treatment was offered on the course, or correct the offer."""
    actor = case_actor(request)
    course = treatment_queries.get_course(actor, course_id, via="api")
    return actions.record_family_offer(actor, course, body.offered_on, body.note, body.version)


@router.post(
    "/courses/{course_id}/family-offer/answer",
    response={200: FamilyOfferOut, **ERRORS},
    openapi_extra=rules(
        ("answered_on", "Required for accepted and declined; not before the offer, not in the future."),
        (None, "An offer is recorded on the course first."),
    ),
)
def answer_family_offer(request: HttpRequest, course_id: Id, body: FamilyOfferAnswerIn) -> object:
    """The citizen's answer to the family offer: accepted, declined, or awaiting an answer."""
    actor = case_actor(request)
    course = treatment_queries.get_course(actor, course_id, via="api")
    return actions.answer_family_offer(actor, course, body.outcome, body.answered_on, body.version)


@router.get("/sessions/{session_id}/children", response={200: SessionChildrenOut, **ERRORS})
def list_session_children(request: HttpRequest, session_id: Id) -> object:
    """The citizen's children who took part in the session."""
    session = treatment_queries.get_session(case_actor(request), session_id, via="api")
    return {"session_id": session.pk, "children": [row.relation_id for row in session.children_present.all()]}


@router.put(
    "/sessions/{session_id}/children",
    response={200: SessionChildrenOut, **ERRORS},
    openapi_extra=rules(
        ("children", "The citizen's children (relations of kind child); only for a session that took place."),
    ),
)
def set_session_children(request: HttpRequest, session_id: Id, body: SessionChildrenIn) -> object:
    """Which of the citizen's children took part in the session; replaces the list before."""
    actor = case_actor(request)
    session = treatment_queries.get_session(actor, session_id, via="api")
    children = actions.set_session_children(actor, session, body.children)
    return {"session_id": session.pk, "children": [child.pk for child in children]}
