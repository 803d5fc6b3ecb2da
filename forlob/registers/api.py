# SPDX-License-Identifier: AGPL-3.0-or-later
"""National registration in the API: a course's answers to its register's questions, and the
course as the register will see it, with what is still missing or inconsistent."""

from django.http import HttpRequest
from ninja import Field, Router

from forlob.common.api import ERRORS, Id, Schema, rules
from forlob.common.errors import NO_VERSION, refuse
from forlob.organisations.api import case_actor
from forlob.registers.actions.answers import save_answers
from forlob.registers.queries import course_registration
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
