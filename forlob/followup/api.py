# SPDX-License-Identifier: AGPL-3.0-or-later
"""Follow-up after treatment in the API: worklists, a follow-up, attempts, and the unit's rule."""

from datetime import date
from typing import Annotated, Literal

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router

from forlob.common.api import ERRORS, Id, OneOf, Paging, Schema, optional_text, rules, window
from forlob.common.dates import today
from forlob.common.errors import refuse
from forlob.followup import actions, queries
from forlob.followup.actions import MAX_ATTEMPTS, MAX_MONTHS
from forlob.followup.models import NEVER_FOLLOWED_UP, FollowUpRule, LifeChange, Satisfaction, UseChange
from forlob.organisations.access import FOLLOW_UP
from forlob.organisations.api import active_unit, case_actor, users
from forlob.treatment.models import EndReason

router = Router(tags=["Opfølgning"])


class FollowUpOut(Schema):
    id: int
    course_id: int
    citizen_id: int
    citizen_name: str = Field(alias="citizen.display_name")
    unit_id: int
    months: int
    due_on: date
    assigned_to_id: int
    status: str
    closed_on: date | None
    cancel_reason: str
    version: int
    phone: str | None = None
    preferred_time: str | None = None
    attempts_made: int = 0
    max_attempts: int
    use_change: str
    new_treatment_needed: bool | None
    housing: str
    work: str
    network: str
    satisfaction: int | None
    note: str


class FollowUpList(Schema):
    count: int
    items: list[FollowUpOut]


class ShortFormIn(Schema):
    use_change: Annotated[str, OneOf(UseChange, blank=True)] = Field(default="", description="Required when reached.")
    new_treatment_needed: bool | None = Field(default=None, description="Required when reached.")
    housing: Annotated[str, OneOf(LifeChange, blank=True)] = ""
    work: Annotated[str, OneOf(LifeChange, blank=True)] = ""
    network: Annotated[str, OneOf(LifeChange, blank=True)] = ""
    satisfaction: int | None = Field(default=None, ge=min(Satisfaction.values), le=max(Satisfaction.values))
    note: str = optional_text(10_000)


class AttemptIn(Schema):
    attempted_on: date = Field(description="Not in the future, nor before the discharge.")
    reached: bool
    note: str = optional_text(10_000)
    answers: ShortFormIn = Field(default_factory=ShortFormIn)
    version: int = Field(description="The follow-up version read; refused if it has changed since, or if missing.")


class FollowUpRuleIn(Schema):
    months: list[Annotated[int, Field(ge=1, le=MAX_MONTHS)]] = Field(min_length=1)
    end_reasons: list[Annotated[str, OneOf(EndReason, exclude=NEVER_FOLLOWED_UP)]] = Field(
        min_length=1, description="A course ended by death is never followed up."
    )
    consent_required: bool = True
    max_attempts: int = Field(3, ge=1, le=MAX_ATTEMPTS)


class FollowUpRuleOut(FollowUpRuleIn):
    unit_id: int


@router.get(
    "/follow-ups",
    response={200: FollowUpList, **ERRORS},
    openapi_extra=rules(("unit_id", "One of the user's units where they work with follow-up.")),
)
def list_follow_ups(
    request: HttpRequest,
    paging: Query[Paging],
    section: Literal["aktuelle", "senere", "afsluttede"] = "aktuelle",
    unit_id: Id | None = None,
) -> dict[str, object]:
    """My follow-ups, or all of one of my units' (``unit_id``). Sections: aktuelle (overdue and due
    this week), senere, afsluttede."""
    actor = case_actor(request)
    if section not in queries.Section.ALL:
        raise refuse("section", _("Unknown value: %(value)s.") % {"value": section}, "unknown_code")
    if unit_id is not None and unit_id not in actor.unit_ids(FOLLOW_UP):
        raise refuse("unit_id", _("Unknown unit."), "unknown_code")
    shown = queries.worklist(actor, today(), section, window(paging), via="api", unit_id=unit_id)
    return {"count": shown.total, "items": shown.rows}


@router.get("/follow-ups/{follow_up_id}", response={200: FollowUpOut, **ERRORS})
def get_follow_up(request: HttpRequest, follow_up_id: Id) -> object:
    return queries.get_follow_up(case_actor(request), follow_up_id, via="api")


@router.post(
    "/follow-ups/{follow_up_id}/attempts",
    response={200: FollowUpOut, **ERRORS},
    openapi_extra=rules(
        (None, "The follow-up is open and assigned to the user."),
        (
            "attempted_on",
            "Not in the future, nor before the discharge; within the citizen's consent when one is needed.",
        ),
        ("use_change", "Required when reached."),
        ("new_treatment_needed", "Required when reached."),
    ),
)
def record_attempt(request: HttpRequest, follow_up_id: Id, body: AttemptIn) -> object:
    """An attempt to reach the citizen; with ``reached`` the short form in ``answers``."""
    actor = case_actor(request)
    task = queries.get_follow_up(actor, follow_up_id, via="api")
    data = actions.AttemptData(
        attempted_on=body.attempted_on,
        reached=body.reached,
        note=body.note,
        answers=actions.ShortForm(**body.answers.dict()),
        version=body.version,
    )
    actions.record_attempt(actor, task, data)
    return queries.get_follow_up(actor, follow_up_id, via="api")


@router.get("/units/{unit_id}/follow-up-rule", response={200: FollowUpRuleOut, **ERRORS})
def get_follow_up_rule(request: HttpRequest, unit_id: Id) -> object:
    actor = case_actor(request)
    if unit_id not in actor.unit_ids(FOLLOW_UP):
        raise PermissionDenied(_("You do not have access to do this at this unit."))
    return FollowUpRule.for_unit(unit_id)


@router.put(
    "/units/{unit_id}/follow-up-rule",
    response={200: FollowUpRuleOut, **ERRORS},
    openapi_extra=rules(
        ("unit_id", "An active unit."),
    ),
)
def put_follow_up_rule(request: HttpRequest, unit_id: Id, body: FollowUpRuleIn) -> object:
    """Only the unit's leaders. Follow-ups already made keep their due dates."""
    return actions.save_rule(case_actor(request), active_unit(unit_id), actions.RuleData(**body.dict()))


class ReassignIn(Schema):
    assigned_to_id: Id = Field(description="A colleague at the follow-up's unit (an id from /units/{id}/staff).")
    version: int = Field(description="The follow-up version read; refused if it has changed since, or if missing.")


@router.post("/follow-ups/{follow_up_id}/reassign", response={200: FollowUpOut, **ERRORS})
def reassign_follow_up(request: HttpRequest, follow_up_id: int, body: ReassignIn) -> object:
    """Hand an open follow-up to a colleague at its unit; for the unit's leaders."""
    actor = case_actor(request)
    task = queries.get_follow_up(actor, follow_up_id, via="api")
    actions.reassign(actor, task, users([body.assigned_to_id], "assigned_to_id")[0], body.version)
    return queries.get_follow_up(actor, follow_up_id, via="api")
