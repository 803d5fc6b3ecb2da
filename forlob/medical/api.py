# SPDX-License-Identifier: AGPL-3.0-or-later
"""Medical treatment in the API: a course's medications and detoxification episodes, the unit's
dispensing list of a day, and the registration of each dose. The prescription of record is in the
national medication record (FMK); these are what the centre gives or hands out."""

from datetime import date, datetime
from typing import Annotated

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Status

from forlob.common.api import ERRORS, Id, OneOf, Paging, Schema, optional_text, rules, text, window
from forlob.common.dates import today
from forlob.common.errors import refuse
from forlob.medical import actions, queries
from forlob.medical.models import Administration, DetoxSetting, Drug, Outcome
from forlob.organisations.access import WORK_WITH_COURSE
from forlob.organisations.api import case_actor, users
from forlob.treatment import queries as treatment_queries

router = Router(tags=["Medicinsk behandling"])


class MedicationIn(Schema):
    drug: Annotated[str, OneOf(Drug)]
    drug_name: str = optional_text(100, description="Required for drug 'other'.")
    dose: str = text(200)
    administration: Annotated[str, OneOf(Administration)]
    started_on: date = Field(description="Not in the future, nor before the course started.")
    prescriber_id: Id | None = Field(None, description="A doctor of the course's unit; or give external_prescriber.")
    external_prescriber: str = optional_text(200, description="The name of a prescriber outside the unit.")
    reason: str = text(10_000)


class MedicationOut(Schema):
    id: int
    course_id: int
    drug: str
    drug_name: str
    name: str
    dose: str
    administration: str
    started_on: date
    stopped_on: date | None
    prescriber_id: int | None
    external_prescriber: str
    reason: str
    stop_reason: str
    version: int
    missed_in_a_row: int | None = Field(
        None, description="Doses registered as missed since the last one taken (in lists; null otherwise)."
    )


class StopIn(Schema):
    stopped_on: date = Field(description="Not in the future, before the start, nor before a dose registered.")
    stop_reason: str = optional_text(10_000)
    version: int = Field(description="The medication version read; refused if it has changed since, or if missing.")


class DispensingIn(Schema):
    day: date = Field(description="Not a day to come; the medication in force that day; once per day.")
    outcome: Annotated[str, OneOf(Outcome)]
    note: str = optional_text(500)


class DispensingOut(Schema):
    id: int
    medication_id: int
    day: date
    outcome: str
    note: str
    registered_by_id: int
    registered_at: datetime


class DispensingRow(Schema):
    medication: MedicationOut
    citizen_id: int
    citizen_name: str
    registered_outcome: str | None = Field(description="The day's registration, null when none yet.")
    registered_at: datetime | None


class DispensingList(Schema):
    day: date
    count: int
    items: list[DispensingRow]


class DetoxIn(Schema):
    setting: Annotated[str, OneOf(DetoxSetting)]
    started_on: date = Field(description="Not in the future, nor before the course started.")
    ended_on: date | None = Field(None, description="Not in the future, nor before the start.")
    note: str = optional_text(10_000)


class DetoxOut(Schema):
    id: int
    course_id: int
    setting: str
    started_on: date
    ended_on: date | None
    note: str
    version: int


class DetoxEndIn(Schema):
    ended_on: date = Field(description="Not in the future, nor before the start.")
    version: int = Field(description="The episode version read; refused if it has changed since, or if missing.")


@router.get("/courses/{course_id}/medications", response={200: list[MedicationOut], **ERRORS})
def list_medications(request: HttpRequest, course_id: Id) -> object:
    """The course's medications, newest first, with the missed doses in a row up to today."""
    course = treatment_queries.get_course(case_actor(request), course_id, via="api")
    return queries.course_medical(course, today()).medications


@router.post(
    "/courses/{course_id}/medications",
    response={201: MedicationOut, **ERRORS},
    openapi_extra=rules(
        (None, "The user is a doctor of the course's unit; the course is open; the citizen is not anonymous."),
        ("drug_name", "Required for drug 'other'."),
        ("started_on", "Not in the future, nor before the course started."),
        ("prescriber", "A doctor of the course's unit, or an external prescriber's name; one of the two."),
        ("prescriber_id", "An active user."),
        ("external_prescriber", "Not together with a prescriber of the unit."),
    ),
)
def create_medication(request: HttpRequest, course_id: Id, body: MedicationIn) -> Status[object]:
    """Record a medicine the centre gives under supervision or hands out (or one on prescription
    only, for the record). Doctors of the unit only."""
    actor = case_actor(request)
    course = treatment_queries.get_course(actor, course_id, via="api")
    prescriber = users([body.prescriber_id], "prescriber_id")[0] if body.prescriber_id is not None else None
    data = actions.MedicationData(
        drug=body.drug,
        drug_name=body.drug_name,
        dose=body.dose,
        administration=body.administration,
        started_on=body.started_on,
        prescriber=prescriber,
        external_prescriber=body.external_prescriber,
        reason=body.reason,
    )
    return Status(201, actions.record_medication(actor, course, data))


@router.post(
    "/medications/{medication_id}/stop",
    response={200: MedicationOut, **ERRORS},
    openapi_extra=rules(
        (None, "The user is a doctor of the course's unit; the medication is not stopped already."),
        ("stopped_on", "Not in the future, before the start, nor before a dose registered."),
    ),
)
def stop_medication(request: HttpRequest, medication_id: Id, body: StopIn) -> object:
    actor = case_actor(request)
    medication = queries.get_medication(actor, medication_id, via="api")
    return actions.stop_medication(actor, medication, body.stopped_on, body.stop_reason, body.version)


@router.post(
    "/medications/{medication_id}/dispensings",
    response={201: DispensingOut, **ERRORS},
    openapi_extra=rules(
        (None, "The user is a doctor or nurse of the course's unit; the centre gives or hands out the medication."),
        ("day", "Not a day to come; the medication in force that day; once per medication and day."),
    ),
)
def register_dispensing(request: HttpRequest, medication_id: Id, body: DispensingIn) -> Status[object]:
    """Register the day's dose: given under supervision, handed out, or missed."""
    actor = case_actor(request)
    medication = queries.get_medication(actor, medication_id, via="api")
    return Status(201, actions.register_dispensing(actor, medication, body.day, body.outcome, body.note))


@router.get(
    "/units/{unit_id}/dispensing-list",
    response={200: DispensingList, **ERRORS},
    openapi_extra=rules(("unit_id", "One of the user's units.")),
)
def dispensing_list(
    request: HttpRequest, unit_id: Id, paging: Query[Paging], day: date | None = None
) -> dict[str, object]:
    """The medications given under supervision or handed out at the unit on ``day`` (today when
    left out), one row per citizen and medicine, with the day's registration."""
    actor = case_actor(request)
    if unit_id not in actor.unit_ids(WORK_WITH_COURSE):
        raise refuse("unit_id", _("Unknown unit."), "unknown_code")
    shown_day = day or today()
    shown = queries.dispensing_list(actor, unit_id, shown_day, window(paging), via="api")
    items = [
        {
            "medication": m,
            "citizen_id": m.course.citizen_id,
            "citizen_name": m.course.citizen.display_name,
            "registered_outcome": m.registered_outcome,  # type: ignore[attr-defined]
            "registered_at": m.registered_at,  # type: ignore[attr-defined]
        }
        for m in shown.rows
    ]
    return {"day": shown_day, "count": shown.total or 0, "items": items}


@router.get("/courses/{course_id}/detox-episodes", response={200: list[DetoxOut], **ERRORS})
def list_detox_episodes(request: HttpRequest, course_id: Id) -> object:
    course = treatment_queries.get_course(case_actor(request), course_id, via="api")
    return queries.course_medical(course, today()).detox_episodes


@router.post(
    "/courses/{course_id}/detox-episodes",
    response={201: DetoxOut, **ERRORS},
    openapi_extra=rules(
        (None, "The user is a doctor of the course's unit; the course is open; the citizen is not anonymous."),
        ("started_on", "Not in the future, nor before the course started."),
        ("ended_on", "Not in the future, nor before the start."),
    ),
)
def create_detox_episode(request: HttpRequest, course_id: Id, body: DetoxIn) -> Status[object]:
    """Record a detoxification episode, outpatient or residential. Doctors of the unit only."""
    actor = case_actor(request)
    course = treatment_queries.get_course(actor, course_id, via="api")
    return Status(201, actions.record_detox(actor, course, actions.DetoxData(**body.dict())))


@router.post(
    "/detox-episodes/{episode_id}/end",
    response={200: DetoxOut, **ERRORS},
    openapi_extra=rules(
        (None, "The user is a doctor of the course's unit; the episode has not ended."),
        ("ended_on", "Not in the future, nor before the start."),
    ),
)
def end_detox_episode(request: HttpRequest, episode_id: Id, body: DetoxEndIn) -> object:
    actor = case_actor(request)
    episode = queries.get_detox(actor, episode_id, via="api")
    return actions.end_detox(actor, episode, body.ended_on, body.version)
