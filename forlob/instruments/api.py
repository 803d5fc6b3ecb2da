# SPDX-License-Identifier: AGPL-3.0-or-later
"""Screening instruments in the API: the definitions in use, and a course's responses."""

from datetime import date, datetime
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Router, Status

from forlob.common.api import ERRORS, Id, OneOf, Schema, optional_text, rules
from forlob.instruments import actions
from forlob.instruments import queries as instrument_queries
from forlob.instruments.models import Phase
from forlob.instruments.queries import instruments_in_use
from forlob.organisations.api import case_actor
from forlob.treatment import queries as treatment_queries

router = Router(tags=["Måleredskaber"])


class InstrumentOut(Schema):
    code: str
    version: int
    name: str
    kind: str
    definition: dict[str, Any] = Field(
        description="Items with their options and points (or ranges), bands, actions, source and the rule for missing "
        "answers, as in forlob/instruments/definitions/."
    )


class ResponseIn(Schema):
    instrument: str = Field(description="The instrument's code, e.g. audit; the newest version in use is used.")
    phase: Annotated[str, OneOf(Phase)]
    answered_on: date = Field(description="Not in the future; within the course, except a follow-up.")
    answers: dict[str, str | int | float | None] = Field(
        description="Item code → option value (AUDIT, DUDIT, screening) or number (ASI, outcome profile)."
    )
    action: str = optional_text(30, description="For a screening: what was done after it; required when positive.")
    note: str = optional_text(10_000)


class ResponseOut(Schema):
    id: int
    course_id: int
    instrument: str
    version: int
    phase: str
    answered_on: date
    answers: dict[str, Any]
    total: float | None
    band: str
    band_label: str
    action: str
    note: str
    critical: bool = Field(description="Holds an answer the instrument marks critical (a positive suicide risk).")
    critical_acknowledged_at: datetime | None = Field(description="When a clinician acknowledged the critical answer.")

    @staticmethod
    def resolve_instrument(obj: object) -> str:
        return obj.instrument.code  # type: ignore[attr-defined]

    @staticmethod
    def resolve_version(obj: object) -> int:
        return obj.instrument.version  # type: ignore[attr-defined]


@router.get("/instruments", response=list[InstrumentOut])
def list_instruments(request: HttpRequest) -> object:
    """The instruments in use (the newest version of each), with their items, options, points and bands."""
    return instruments_in_use()


@router.get("/courses/{course_id}/responses", response={200: list[ResponseOut], **ERRORS})
def list_responses(request: HttpRequest, course_id: Id) -> object:
    course = treatment_queries.get_course(case_actor(request), course_id, via="api")
    return list(course.responses.select_related("instrument"))


@router.post(
    "/courses/{course_id}/responses",
    response={201: ResponseOut, **ERRORS},
    openapi_extra=rules(
        ("instrument", "The code of an instrument in use (GET /instruments)."),
        ("answered_on", "Not in the future, nor before the course started; after it ended only a follow-up."),
        (
            "answers",
            "Each item's answer is one of its options, or a number in its range; an error names the item's code.",
            r"^[a-z0-9_]+$",
        ),
        ("action", "One of the instrument's actions; required after a positive screening."),
    ),
)
def create_response(request: HttpRequest, course_id: Id, body: ResponseIn) -> Status[object]:
    """Fill in an instrument. Answers are checked and scored as on the course page; every item
    in error is named in ``detail``."""
    actor = case_actor(request)
    data = actions.ResponseData(
        instrument=body.instrument,
        phase=body.phase,
        answered_on=body.answered_on,
        answers=dict(body.answers),
        action=body.action,
        note=body.note,
    )
    return Status(201, actions.record_response(actor, treatment_queries.get_course(actor, course_id, via="api"), data))


@router.post(
    "/responses/{response_id}/acknowledge",
    response={200: ResponseOut, **ERRORS},
    openapi_extra=rules((None, "The response holds a critical answer not yet acknowledged.")),
)
def acknowledge_critical(request: HttpRequest, response_id: Id) -> object:
    """Acknowledge a critical answer (a positive suicide risk): it is no longer flagged on the
    course page and in "Mit overblik". Who and when is kept, with the response's history."""
    actor = case_actor(request)
    response = instrument_queries.get_response(actor, response_id, via="api")
    return actions.acknowledge_critical(actor, response)
