# SPDX-License-Identifier: AGPL-3.0-or-later
"""National registration on treatment's pages: the questions in the course form at intake and in
the discharge form (``treatment.hooks.form_parts``), and the "National registrering" section of
the course page with what is still missing (``course_page_sections``)."""

from django.http import QueryDict

from forlob.common.dates import today
from forlob.common.forms import DkfdsForm
from forlob.common.sections import Section
from forlob.organisations.access import Actor
from forlob.registers.actions.answers import save_answers
from forlob.registers.forms import AnswersForm
from forlob.registers.models import CourseAnswers, Register
from forlob.registers.queries import course_registration
from forlob.registers.specification import DISCHARGE, INTAKE, in_force, register_of
from forlob.registers.validation import Checked, is_anonymous
from forlob.treatment.hooks import FormPart
from forlob.treatment.models import Course, LegalBasis

BY_LEGAL_BASIS = {LegalBasis.SUL_141: Register.NAB, LegalBasis.SEL_101: Register.DRUGS}


def part_form(stage: str, course: Course | None, legal_basis: str, data: QueryDict | None) -> DkfdsForm | None:
    """At intake the register follows from the request's legal basis (anonymous drug treatment is
    not reported, so nothing is asked); at discharge from the course."""
    register = register_of(course) if course is not None else BY_LEGAL_BASIS.get(legal_basis)  # type: ignore[call-overload]
    spec = in_force(register, today()) if register else None
    if spec is None or not spec.stage_fields(stage, asked=True):
        return None
    if course is not None and is_anonymous(course) and spec.anonymous == "not_reported":
        return None
    initial = (
        course.register_answers.filter(register=register).values_list("answers", flat=True).first() if course else None
    )
    return AnswersForm(data, spec=spec, stages=(stage,), initial=initial or {})


def save_part(actor: Actor, course: Course, form: DkfdsForm) -> None:
    """Save the answers given; a course the registers do not take (an assessment course chosen
    in the form) keeps none."""
    if register_of(course) is not None:
        save_answers(actor, course, form.answers())  # type: ignore[attr-defined]


FORM_PART = FormPart(form=part_form, save=save_part)


def answers_form(course: Course, data: QueryDict | None = None) -> AnswersForm | None:
    """Every question of the course's register on the course page: the intake's, and the
    discharge's once the course has ended."""
    checked, row = course_registration(course)
    return _answers_form(checked, row, data)


def _answers_form(checked: Checked, row: CourseAnswers | None, data: QueryDict | None = None) -> AnswersForm | None:
    spec = checked.discharge or checked.intake
    if spec is None or checked.left_out_as_anonymous:
        return None
    stages = (INTAKE, DISCHARGE) if checked.course.ended_on else (INTAKE,)
    initial = {**(row.answers if row else {}), "version": row.version if row else None}
    return AnswersForm(data, spec=spec, stages=stages, with_version=True, initial=initial)


def section(course: Course) -> Section | None:
    checked, row = course_registration(course)
    if checked.register is None:
        return None
    context = {"course": course, "checked": checked, "register_form": _answers_form(checked, row)}
    return Section("registers/includes/course_section.html", context, order=40)
