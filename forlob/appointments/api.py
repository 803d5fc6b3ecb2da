# SPDX-License-Identifier: AGPL-3.0-or-later
"""Appointments in the API: a course's appointments and series, planning them, cancelling one,
ending a series and registering attendance; the same actions and queries as the pages."""

from datetime import date, datetime
from typing import Annotated

from django.http import HttpRequest
from ninja import Field, Query, Router, Status

from forlob.appointments import actions, queries
from forlob.appointments.models import Appointment, AppointmentSeries
from forlob.appointments.recurrence import MAX_APPOINTMENTS
from forlob.common.api import ERRORS, Id, LocalTime, OneOf, Paging, Schema, optional_text, rules, window
from forlob.organisations.api import case_actor, users
from forlob.treatment import queries as treatment_queries
from forlob.treatment.models import Attendance, SessionKind

router = Router(tags=["Aftaler"])

KIND = OneOf(SessionKind, exclude=frozenset({SessionKind.GROUP}))


class AppointmentIn(Schema):
    day: date = Field(description="The local date.")
    start_time: LocalTime
    clinician_ids: list[Id] = Field(min_length=1, max_length=10, description="Staff of the course's unit.")
    kind: Annotated[str, KIND] = "individual"
    minutes: int = Field(60, ge=1, le=1440)
    note: str = optional_text(10_000)


class AppointmentOut(Schema):
    id: int
    course_id: int
    series_id: int | None
    starts_at: datetime = Field(description="UTC.")
    minutes: int
    kind: str
    status: str = Field(description="planned or cancelled.")
    clinician_ids: list[int]
    session_id: int | None = Field(description="The treatment session made when attendance was registered.")
    note: str

    @staticmethod
    def resolve_clinician_ids(obj: Appointment) -> list[int]:
        return [u.pk for u in obj.clinicians.all()]


class AppointmentList(Schema):
    count: int
    items: list[AppointmentOut]


class SeriesIn(Schema):
    weekday: int = Field(ge=0, le=6, description="0 Monday … 6 Sunday.")
    start_time: LocalTime
    clinician_id: Id
    starts_on: date
    ends_on: date | None = Field(None, description="The last possible day; give this or count.")
    count: int | None = Field(None, ge=1, le=MAX_APPOINTMENTS, description="How many appointments; or ends_on.")
    every_weeks: int = Field(1, ge=1, le=actions.MAX_EVERY_WEEKS)
    kind: Annotated[str, KIND] = "individual"
    minutes: int = Field(60, ge=1, le=1440)


class SeriesOut(Schema):
    id: int
    course_id: int
    clinician_id: int
    weekday: int
    start_time: LocalTime
    minutes: int
    kind: str
    every_weeks: int
    starts_on: date
    ends_on: date | None
    count: int | None
    ended_on: date | None
    version: int


class SeriesList(Schema):
    count: int
    items: list[SeriesOut]


class EndSeriesIn(Schema):
    last_day: date = Field(description="Planned appointments after this local day are cancelled.")
    version: int = Field(description="The series version read; refused if it has changed since.")


class AppointmentAttendanceIn(Schema):
    attendance: Annotated[str, OneOf(Attendance, exclude=frozenset({Attendance.PLANNED}))]


@router.get("/courses/{course_id}/appointments", response={200: AppointmentList, **ERRORS})
def list_appointments(request: HttpRequest, course_id: Id, paging: Query[Paging]) -> dict[str, object]:
    """The course's appointments, oldest first, cancelled ones included."""
    shown = queries.course_appointments(case_actor(request), course_id, window(paging), via="api")
    return {"count": shown.total, "items": shown.rows}


@router.post(
    "/courses/{course_id}/appointments",
    response={201: AppointmentOut, **ERRORS},
    openapi_extra=rules(
        (None, "The course is open."),
        ("day", "Not before the course started."),
        ("clinicians", "Active staff of the course's unit."),
    ),
)
def plan_appointment(request: HttpRequest, course_id: Id, body: AppointmentIn) -> Status[Appointment]:
    """One appointment at a local date and time."""
    actor = case_actor(request)
    course = treatment_queries.get_course(actor, course_id, via="api")
    clinicians = users(body.clinician_ids, "clinicians")
    data = actions.AppointmentData(body.day, body.start_time, clinicians, body.kind, body.minutes, body.note)
    return Status(201, actions.plan_appointment(actor, course, data))


@router.get("/courses/{course_id}/appointment-series", response={200: SeriesList, **ERRORS})
def list_series(request: HttpRequest, course_id: Id, paging: Query[Paging]) -> dict[str, object]:
    """The course's appointment series, newest first."""
    shown = queries.course_series(case_actor(request), course_id, window(paging), via="api")
    return {"count": shown.total, "items": shown.rows}


@router.post(
    "/courses/{course_id}/appointment-series",
    response={201: SeriesOut, **ERRORS},
    openapi_extra=rules(
        (None, "The course is open."),
        ("starts_on", "Not before the course started."),
        ("ends_on", "Either ends_on or count; not before starts_on; at most 52 appointments."),
        ("clinician", "An active staff member of the course's unit."),
    ),
)
def create_series(request: HttpRequest, course_id: Id, body: SeriesIn) -> Status[AppointmentSeries]:
    """A weekly series and its appointments, at the same local time summer and winter."""
    actor = case_actor(request)
    course = treatment_queries.get_course(actor, course_id, via="api")
    (clinician,) = users([body.clinician_id], "clinician")
    data = actions.SeriesData(
        weekday=body.weekday,
        start_time=body.start_time,
        clinician=clinician,
        starts_on=body.starts_on,
        ends_on=body.ends_on,
        count=body.count,
        every_weeks=body.every_weeks,
        kind=body.kind,
        minutes=body.minutes,
    )
    return Status(201, actions.create_series(actor, course, data))


@router.post(
    "/appointment-series/{series_id}/end",
    response={200: SeriesOut, **ERRORS},
    openapi_extra=rules((None, "The series has not ended."), ("last_day", "Not before the series started.")),
)
def end_series(request: HttpRequest, series_id: Id, body: EndSeriesIn) -> AppointmentSeries:
    """End the series: its planned appointments after the last day are cancelled."""
    actor = case_actor(request)
    series = queries.get_series(actor, series_id, via="api")
    actions.end_series(actor, series, body.last_day, body.version)
    return queries.get_series(actor, series_id, via="api")


@router.post(
    "/appointments/{appointment_id}/cancel",
    response={200: AppointmentOut, **ERRORS},
    openapi_extra=rules((None, "Planned, and no attendance registered.")),
)
def cancel_appointment(request: HttpRequest, appointment_id: Id) -> Appointment:
    """Cancel one appointment; the rest of its series stays."""
    actor = case_actor(request)
    return actions.cancel_appointment(actor, queries.get_appointment(actor, appointment_id, via="api"))


@router.post(
    "/appointments/{appointment_id}/attendance",
    response={200: AppointmentOut, **ERRORS},
    openapi_extra=rules(
        ("attendance", "Once, for a planned appointment that has begun."),
        ("staff", "A joint family session has both the family consultant and the clinician present."),
        ("held_on", "Within the course."),
    ),
)
def register_attendance(request: HttpRequest, appointment_id: Id, body: AppointmentAttendanceIn) -> Appointment:
    """Attended, no-show or cancelled by the citizen: makes the course's treatment session."""
    actor = case_actor(request)
    appointment = queries.get_appointment(actor, appointment_id, via="api")
    return actions.register_attendance(actor, appointment, body.attendance)
