# SPDX-License-Identifier: AGPL-3.0-or-later
"""The answers to a register's questions on a course: checked against the specification in force
for the course, merged into the course's answers, with history and the access log."""

from collections.abc import Mapping

from django.db import transaction
from django.utils.translation import gettext as _

from forlob.audit.log import log_access
from forlob.audit.models import Use
from forlob.common.dates import today
from forlob.common.errors import refuse, require_version
from forlob.organisations.access import WORK_WITH_COURSE, Actor
from forlob.registers.models import CourseAnswers
from forlob.registers.specification import Field, in_force, register_of
from forlob.registers.validation import field_problem
from forlob.treatment.models import Course


def asked_fields(course: Course) -> dict[str, Field]:
    """The questions of the versions in force for the course: on its start date for the intake,
    on its end date (or today, while it is open) for the discharge."""
    register = register_of(course)
    if register is None:
        return {}
    specs = [in_force(register, course.started_on), in_force(register, course.ended_on or today())]
    return {f.code: f for spec in specs if spec for f in spec.fields if f.asked}


def clean_answers(course: Course, answers: Mapping[str, object]) -> dict[str, object]:
    """The answers as they will be stored, or a refusal at the first field that is not a question
    of the course's register, not in its code list or not in its range. "" or None leaves a
    question open."""
    fields = asked_fields(course)
    cleaned: dict[str, object] = {}
    for code, value in answers.items():
        f = fields.get(code)
        if f is None:
            raise refuse(
                code, _("%(field)s is not a question of this course's register.") % {"field": code}, "unknown_field"
            )
        if value is None or value == "":
            cleaned[code] = ""
            continue
        problem = field_problem(f, value)
        if problem:
            raise refuse(code, problem.message, problem.rule)
        cleaned[code] = int(str(value)) if f.number is not None else str(value)
    return cleaned


@transaction.atomic
def save_answers(
    actor: Actor, course: Course, answers: Mapping[str, object], expected_version: int | None = None
) -> CourseAnswers:
    """Merge ``answers`` into the course's answers to its register: a question answered "" is
    left open again, a question not named keeps its answer."""
    actor.require(course.unit_id, WORK_WITH_COURSE)
    register = register_of(course)
    if register is None:
        raise refuse(None, _("This course is not reported to a national register."), "not_reported")
    cleaned = clean_answers(course, answers)
    row = CourseAnswers.objects.select_for_update().filter(course=course, register=register).first()
    if row is None:
        row = CourseAnswers(course=course, register=register, answers={}, updated_by=actor.user)
    else:
        require_version(row.version, expected_version, row)
        row.version += 1
    merged = {**row.answers, **cleaned}
    row.answers = {code: value for code, value in merged.items() if value != ""}
    row.updated_by = actor.user
    row._history_user = actor.user  # type: ignore[attr-defined]
    row.save()
    log_access(actor, Use.CHANGE, citizen_id=course.citizen_id, unit_id=course.unit_id, via="save_register_answers")
    return row
