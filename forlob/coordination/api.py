# SPDX-License-Identifier: AGPL-3.0-or-later
"""Coordinated action plans and case managers in the API: the same reads and writes as the pages,
through the same queries and actions."""

from datetime import date
from typing import Annotated

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Status

from forlob.common.api import ERRORS, Id, OneOf, Schema, optional_text, rules, text
from forlob.coordination import actions, queries
from forlob.coordination.models import ActionPlan, ActionStatus, CaseManager, PartyKind
from forlob.organisations.api import case_actor, users
from forlob.treatment import queries as treatment_queries

router = Router(tags=["Koordinerende indsatsplaner"])

PLAN_RULES = (
    ("agreed_on", "Not in the future, not before the course started; not after an agreed action's due date."),
    ("next_review_on", "After the agreed date."),
    ("coordinator_party", "coordinator_party_id: one of the plan's parties; null: the treatment unit."),
)


class ActionPlanPartyIn(Schema):
    kind: Annotated[str, OneOf(PartyKind)]
    name: str = text(200)
    contact: str = optional_text(300)


class ActionPlanPartyOut(ActionPlanPartyIn):
    id: int
    consent_id: int | None = Field(description="The citizen's consent to share the plan with the party (family).")


class ActionPlanActionIn(Schema):
    what: str = text(500)
    owner_party_id: Id | None = Field(None, description="One of the plan's parties; null: the treatment unit.")
    owner_name: str = text(200)
    due_on: date = Field(description="Not before the plan was agreed.")


class ActionPlanActionOut(ActionPlanActionIn):
    id: int
    status: Annotated[str, OneOf(ActionStatus)]
    version: int


class ActionPlanReviewOut(Schema):
    id: int
    due_on: date
    held_on: date
    note: str


class ActionPlanIn(Schema):
    citizen_goals: str = text(5000)
    agreed_on: date = Field(description="Not in the future, not before the course started.")
    coordinator_name: str = text(200)
    next_review_on: date | None = Field(None, description="After the agreed date.")


class ActionPlanChangeIn(ActionPlanIn):
    coordinator_party_id: Id | None = Field(None, description="One of the plan's parties; null: the treatment unit.")
    version: int = Field(description="The plan's version read; refused if it has changed since.")


class ActionPlanOut(Schema):
    id: int
    course_id: int
    citizen_goals: str
    agreed_on: date
    coordinator_party_id: int | None
    coordinator_name: str
    next_review_on: date | None
    closed_on: date | None
    version: int
    parties: list[ActionPlanPartyOut]
    actions: list[ActionPlanActionOut]
    reviews: list[ActionPlanReviewOut]

    @staticmethod
    def resolve_parties(obj: ActionPlan) -> list:
        return list(obj.parties.all())

    @staticmethod
    def resolve_actions(obj: ActionPlan) -> list:
        return list(obj.actions.all())

    @staticmethod
    def resolve_reviews(obj: ActionPlan) -> list:
        return list(obj.reviews.all())


class ActionPlanConsentIn(Schema):
    given_on: date = Field(description="Not in the future.")


class ActionPlanStatusIn(Schema):
    status: Annotated[str, OneOf(ActionStatus)]
    version: int = Field(description="The action's version read; refused if it has changed since.")


class ActionPlanReviewIn(Schema):
    held_on: date = Field(description="Not in the future, not before the plan was agreed.")
    next_review_on: date | None = Field(None, description="After the day the review was held; null: none.")
    note: str = optional_text(5000)
    version: int = Field(description="The plan's version read; refused if it has changed since.")


class ActionPlanCloseIn(Schema):
    closed_on: date = Field(description="Not in the future, not before the plan was agreed.")
    note: str = optional_text(5000)
    version: int = Field(description="The plan's version read; refused if it has changed since.")


class CaseManagerIn(Schema):
    staff_id: Id | None = Field(None, description="A staff member of the course's unit; or name and party.")
    external_name: str = optional_text(200)
    party_kind: Annotated[str, OneOf(PartyKind, blank=True)] = ""
    from_on: date = Field(description="Not before the course started; after the current case manager started.")
    to_on: date | None = Field(None, description="Not before from_on.")


class CaseManagerOut(Schema):
    id: int
    course_id: int
    staff_id: int | None
    external_name: str
    party_kind: str
    from_on: date
    to_on: date | None
    version: int


class CaseManagerList(Schema):
    count: int
    items: list[CaseManagerOut]


def _full(request: HttpRequest, plan: ActionPlan) -> ActionPlan:
    """The plan again, with its parties, actions and reviews, after a change (read as the page does)."""
    return queries.get_plan(case_actor(request), plan.pk, via="api")


@router.get("/courses/{course_id}/action-plan", response={200: ActionPlanOut, **ERRORS})
def get_action_plan(request: HttpRequest, course_id: Id) -> object:
    """The course's open coordinated action plan, with its parties, agreed actions and reviews."""
    actor = case_actor(request)
    course = treatment_queries.get_course(actor, course_id, via="api")
    plan = course.action_plans.filter(closed_on__isnull=True).first()
    if plan is None:
        raise Http404(_("The course has no open action plan."))
    return queries.get_plan(actor, plan.pk, via="api")


@router.post(
    "/courses/{course_id}/action-plan",
    response={201: ActionPlanOut, **ERRORS},
    openapi_extra=rules(*PLAN_RULES[:2], (None, "One open plan per course; only on an open course.")),
)
def create_action_plan(request: HttpRequest, course_id: Id, body: ActionPlanIn) -> object:
    """Agree a coordinated action plan on the course; the treatment unit coordinates."""
    actor = case_actor(request)
    course = treatment_queries.get_course(actor, course_id, via="api")
    data = actions.PlanData(body.citizen_goals, body.agreed_on, body.coordinator_name, body.next_review_on)
    return Status(201, _full(request, actions.create_plan(actor, course, data)))


@router.put(
    "/action-plans/{plan_id}",
    response={200: ActionPlanOut, **ERRORS},
    openapi_extra=rules(*PLAN_RULES, (None, "Only an open plan.")),
)
def change_action_plan(request: HttpRequest, plan_id: Id, body: ActionPlanChangeIn) -> object:
    """Change the goals, the coordinator, the agreed date or the next review."""
    actor = case_actor(request)
    plan = queries.get_plan(actor, plan_id, via="api")
    data = actions.PlanData(
        body.citizen_goals, body.agreed_on, body.coordinator_name, body.next_review_on, body.coordinator_party_id
    )
    return _full(request, actions.change_plan(actor, plan, data, body.version))


@router.post(
    "/action-plans/{plan_id}/parties",
    response={201: ActionPlanPartyOut, **ERRORS},
    openapi_extra=rules((None, "Only an open plan.")),
)
def add_plan_party(request: HttpRequest, plan_id: Id, body: ActionPlanPartyIn) -> object:
    """A party to the plan besides the treatment unit."""
    actor = case_actor(request)
    plan = queries.get_plan(actor, plan_id, via="api")
    return Status(201, actions.add_party(actor, plan, actions.PartyData(body.kind, body.name, body.contact)))


@router.post(
    "/plan-parties/{party_id}/consent",
    response={200: ActionPlanPartyOut, **ERRORS},
    openapi_extra=rules(
        ("given_on", "Not in the future; refused while the party has a consent not withdrawn."),
        ("parents_involved", "A citizen under 18: record the consent on the citizen (family)."),
        (None, "Only an open plan."),
    ),
)
def record_party_consent(request: HttpRequest, party_id: Id, body: ActionPlanConsentIn) -> object:
    """The citizen's consent to share the plan with the party (withdrawn like any consent)."""
    actor = case_actor(request)
    party = queries.get_party(actor, party_id, via="api")
    return actions.record_party_consent(actor, party, body.given_on)


@router.post(
    "/action-plans/{plan_id}/actions",
    response={201: ActionPlanActionOut, **ERRORS},
    openapi_extra=rules(
        ("due_on", "Not before the plan was agreed."),
        ("owner_party", "One of the plan's parties."),
        (None, "Only an open plan."),
    ),
)
def add_plan_action(request: HttpRequest, plan_id: Id, body: ActionPlanActionIn) -> object:
    """An agreed action: what, who owns it and by when."""
    actor = case_actor(request)
    plan = queries.get_plan(actor, plan_id, via="api")
    data = actions.ActionData(body.what, body.owner_name, body.due_on, body.owner_party_id)
    return Status(201, actions.add_action(actor, plan, data))


@router.post(
    "/plan-actions/{action_id}/status",
    response={200: ActionPlanActionOut, **ERRORS},
    openapi_extra=rules((None, "Only on an open plan; the version read.")),
)
def set_plan_action_status(request: HttpRequest, action_id: Id, body: ActionPlanStatusIn) -> object:
    """Mark an agreed action done, cancelled or open."""
    actor = case_actor(request)
    action = queries.get_action(actor, action_id, via="api")
    return actions.set_action_status(actor, action, body.status, body.version)


@router.post(
    "/action-plans/{plan_id}/reviews",
    response={201: ActionPlanReviewOut, **ERRORS},
    openapi_extra=rules(
        ("held_on", "Not in the future, not before the plan was agreed."),
        ("next_review_on", "After the day the review was held."),
        (None, "Only an open plan with a review due; the version read."),
    ),
)
def hold_plan_review(request: HttpRequest, plan_id: Id, body: ActionPlanReviewIn) -> object:
    """The review due on the plan was held; the next review is set (or none)."""
    actor = case_actor(request)
    plan = queries.get_plan(actor, plan_id, via="api")
    return Status(201, actions.hold_review(actor, plan, body.held_on, body.next_review_on, body.note, body.version))


@router.post(
    "/action-plans/{plan_id}/close",
    response={200: ActionPlanOut, **ERRORS},
    openapi_extra=rules(
        ("closed_on", "Not in the future, not before the plan was agreed."),
        (None, "Only an open plan; the version read."),
    ),
)
def close_action_plan(request: HttpRequest, plan_id: Id, body: ActionPlanCloseIn) -> object:
    """Close the plan; it is kept with its history."""
    actor = case_actor(request)
    plan = queries.get_plan(actor, plan_id, via="api")
    return _full(request, actions.close_plan(actor, plan, body.closed_on, body.note, body.version))


@router.get("/courses/{course_id}/case-managers", response={200: CaseManagerList, **ERRORS})
def list_case_managers(request: HttpRequest, course_id: Id) -> object:
    """The course's case managers, newest first."""
    course = treatment_queries.get_course(case_actor(request), course_id, via="api")
    managers: list[CaseManager] = list(course.case_managers.all())
    return {"count": len(managers), "items": managers}


@router.post(
    "/courses/{course_id}/case-managers",
    response={201: CaseManagerOut, **ERRORS},
    openapi_extra=rules(
        ("staff_id", "A staff member of the course's unit."),
        ("staff", "A staff member of the course's unit."),
        ("external_name", "Required without staff_id; not with it."),
        ("party_kind", "Required with external_name."),
        ("from_on", "Not before the course started; after the current case manager started."),
        ("to_on", "Not before from_on."),
    ),
)
def add_case_manager(request: HttpRequest, course_id: Id, body: CaseManagerIn) -> object:
    """The course's case manager from a date; the one before ends the day before."""
    actor = case_actor(request)
    course = treatment_queries.get_course(actor, course_id, via="api")
    staff = users([body.staff_id], "staff_id")[0] if body.staff_id is not None else None
    data = actions.CaseManagerData(body.from_on, staff, body.external_name, body.party_kind, body.to_on)
    return Status(201, actions.add_case_manager(actor, course, data))
