# SPDX-License-Identifier: AGPL-3.0-or-later
"""National registration in the API: a course's answers to its register's questions, and the
course as the register will see it, with what is still missing or inconsistent."""

from datetime import date, datetime
from typing import Annotated

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Status

from forlob.common.api import ERRORS, Id, OneOf, Schema, rules
from forlob.common.errors import NO_VERSION, refuse
from forlob.organisations.access import REGISTER_EXTRACT, Actor
from forlob.organisations.api import active_unit, case_actor
from forlob.organisations.models import Unit
from forlob.registers import adapter
from forlob.registers.actions.answers import save_answers
from forlob.registers.actions.submissions import make_submission, month_spec, parse_month
from forlob.registers.models import Channel, Register
from forlob.registers.queries import course_registration, month_preview, submission_file, submissions_of
from forlob.registers.submission import DISCHARGE, INTAKE, deadline
from forlob.registers.validation import Checked, day_of
from forlob.treatment import queries as treatment_queries

router = Router(tags=["National registrering"])


class RegisterProblemOut(Schema):
    field: str = Field(description='The field code, or "" for a check across fields.')
    rule: str = Field(description="missing, unknown_code, out_of_range, or the name of a check.")
    message: str


class CourseRegistrationOut(Schema):
    national_register: str | None = Field(description="nab, drugs, or null: the course is not reported.")
    reported: bool = Field(description="False for a course no register takes, or anonymous treatment left out.")
    intake_specification: str | None
    discharge_specification: str | None
    complete: bool
    values: dict[str, str] = Field(description="Every field as the register's record will hold it.")
    answers: dict[str, str | int] = Field(description="The answers to the questions Forløb does not know itself.")
    version: int | None = Field(description="The answers' version, to send back with a change.")
    problems: list[RegisterProblemOut]


class RegisterAnswersIn(Schema):
    answers: dict[str, str | int | None] = Field(
        description='Field code to code (or number); "" or null leaves it open; fields not named keep their answer.'
    )
    version: int | None = Field(None, description="The version read; required once the course has answers.")


def _out(checked: Checked, answers: dict, version: int | None) -> dict[str, object]:
    return {
        "national_register": checked.register,
        "reported": checked.reported,
        "intake_specification": checked.intake.version if checked.intake else None,
        "discharge_specification": checked.discharge.version if checked.discharge else None,
        "complete": checked.complete,
        "values": {code: day_of(value) for code, value in checked.values.items()},
        "answers": answers,
        "version": version,
        "problems": checked.problems,
    }


@router.get("/courses/{course_id}/registration", response={200: CourseRegistrationOut, **ERRORS})
def get_registration(request: HttpRequest, course_id: Id) -> object:
    """The course as the national register will see it: what Forløb knows, the answers, and what
    is missing or inconsistent (docs/registration.md lists the rules)."""
    course = treatment_queries.get_course(case_actor(request), course_id, via="api")
    checked, row = course_registration(course)
    return _out(checked, row.answers if row else {}, row.version if row else None)


@router.put(
    "/courses/{course_id}/registration",
    response={200: CourseRegistrationOut, **ERRORS},
    openapi_extra=rules(
        (
            "answers",
            "Each key a question of the course's register (GET shows them); each value from its code list or range.",
        ),
        ("version", "Required once the course has answers; refused if they have changed since."),
    ),
)
def put_registration(request: HttpRequest, course_id: Id, body: RegisterAnswersIn) -> object:
    """Answer the register's questions on a course (everyone who works with the course)."""
    actor = case_actor(request)
    course = treatment_queries.get_course(actor, course_id, via="api")
    if body.version is None and course_registration(course)[1] is not None:
        raise refuse("version", str(NO_VERSION), "required")
    save_answers(actor, course, body.answers, body.version)
    checked, row = course_registration(course)
    return _out(checked, row.answers if row else {}, row.version if row else None)


# The monthly submissions, for the units' leaders (docs/registration.md describes the file).

MONTH_RULES = (
    ("unit_id", "An active unit; the caller must be its leader (else 403)."),
    ("register_code", "nab or drugs."),
    ("month", "YYYY-MM, a finished month."),
)


class HeldBackCourseOut(Schema):
    course_id: int
    problems: list[RegisterProblemOut]


class RegisterMonthOut(Schema):
    unit_id: int
    national_register: str = Field(description="nab or drugs.")
    month: str = Field(description="YYYY-MM.")
    specification: str
    notice: str = Field(description="What to know about the specification; shown to the user plainly.")
    deadline: date
    intake_records: int
    discharge_records: int
    held_back: list[HeldBackCourseOut] = Field(description="Courses with problems: not sent, they come when complete.")
    channels: list[str] = Field(description="file, and system where a connection to the register is set up.")


class SubmissionIn(Schema):
    channel: Annotated[str, OneOf(Channel)] = Field(description="file or system.")


class SubmissionOut(Schema):
    id: int
    unit_id: int
    national_register: str = Field(validation_alias="register")
    month: date = Field(description="The first day of the month submitted.")
    specification: str
    channel: str
    filename: str
    sha256: str = Field(validation_alias="digest")
    record_count: int
    receipt: str
    made_by_id: int
    made_at: datetime


class SubmissionFileOut(Schema):
    filename: str
    sha256: str
    media_type: str = Field(description="text/csv; charset=utf-8")
    content: str = Field(description="The file as made: semicolon-separated, UTF-8, the column codes first.")


def _unit_register_month(request: HttpRequest, unit_id: int, register: str, month: str) -> tuple[Actor, Unit, date]:
    actor = case_actor(request)
    unit = active_unit(unit_id)
    actor.require(unit.pk, REGISTER_EXTRACT)
    if register not in Register.values:
        raise refuse("register_code", _("Unknown register."), "unknown_code")
    first = parse_month(month)
    month_spec(register, first)
    return actor, unit, first


@router.get(
    "/registers/{unit_id}/{register_code}/{month}/preview",
    response={200: RegisterMonthOut, **ERRORS},
    openapi_extra=rules(*MONTH_RULES),
)
def get_register_month(request: HttpRequest, unit_id: Id, register_code: str, month: str) -> object:
    """The month's submission as it would be made now: the records by kind and the courses held back."""
    register = register_code
    actor, unit, first = _unit_register_month(request, unit_id, register, month)
    spec = month_spec(register, first)
    built = month_preview(actor, unit.pk, register, first, via="api")
    return {
        "unit_id": unit.pk,
        "national_register": register,
        "month": f"{first:%Y-%m}",
        "specification": spec.version,
        "notice": spec.notice,
        "deadline": deadline(spec, first),
        "intake_records": built.count(INTAKE),
        "discharge_records": built.count(DISCHARGE),
        "held_back": [{"course_id": c.course.pk, "problems": c.problems} for c in built.held_back],
        "channels": [Channel.FILE, *([Channel.SYSTEM] if adapter.endpoint(register) else [])],
    }


@router.post(
    "/registers/{unit_id}/{register_code}/{month}/submissions",
    response={201: SubmissionOut, **ERRORS},
    openapi_extra=rules(
        *MONTH_RULES,
        (
            "channel",
            "system only where a connection to the register is set up; refused if the register does not receive it.",
        ),
    ),
)
def post_submission(request: HttpRequest, unit_id: Id, register_code: str, month: str, body: SubmissionIn) -> object:
    """Make the month's submission (again, as a correction: the newest is in force)."""
    actor, unit, first = _unit_register_month(request, unit_id, register_code, month)
    return Status(201, make_submission(actor, unit, register_code, first, body.channel))


@router.get(
    "/registers/{unit_id}/submissions",
    response={200: list[SubmissionOut], **ERRORS},
    openapi_extra=rules(MONTH_RULES[0]),
)
def list_submissions(request: HttpRequest, unit_id: Id) -> object:
    """The unit's submissions, newest month first (the unit's leader)."""
    actor = case_actor(request)
    return submissions_of(actor, active_unit(unit_id).pk)


@router.get("/registers/submissions/{submission_id}/file", response={200: SubmissionFileOut, **ERRORS})
def get_submission_file(request: HttpRequest, submission_id: Id) -> object:
    """The file as it was made (the unit's leader); every citizen in it is logged as exported."""
    found = submission_file(case_actor(request), submission_id, via="api")
    return {
        "filename": found.filename,
        "sha256": found.digest,
        "media_type": "text/csv; charset=utf-8",
        "content": bytes(found.content).decode("utf-8"),
    }
