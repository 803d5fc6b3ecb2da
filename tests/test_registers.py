# SPDX-License-Identifier: AGPL-3.0-or-later
"""National registration: the questions Forløb does not know itself, asked in the normal forms;
validation with a failing and a passing example per rule; the version in force by date."""

from forlob.common.dates import today
from forlob.family import actions as family_actions
from forlob.registers.actions.answers import save_answers
from forlob.registers.queries import course_registration
from tests.conftest import new_citizen, new_course

NAB_INTAKE = {
    "earlier_treatment": "1",
    "units_week": 40,
    "drinking_days": 20,
    "heavy_days": 10,
    "debut_age": 30,
    "cohabitation": "2",
    "housing": "1",
    "income": "1",
    "education": "3",
}


def _assess_children(world, course, day=None) -> None:  # type: ignore[no-untyped-def]
    family_actions.assess_children(world.actor(world.behandler), course.citizen, day or today())


def _rules(course) -> set[tuple[str, str]]:  # type: ignore[no-untyped-def]
    checked, _row = course_registration(course)
    return {(p.field, p.rule) for p in checked.problems}


def _course(world, **extra):  # type: ignore[no-untyped-def]
    citizen = new_citizen(world, municipality=world.faxe.municipality)
    return new_course(world, citizen, **extra)


def test_a_course_with_every_answer_and_the_children_assessed_is_complete(world):
    course = _course(world)
    save_answers(world.actor(world.behandler), course, NAB_INTAKE)
    _assess_children(world, course)
    checked, _row = course_registration(course)
    assert checked.register == "nab" and checked.problems == [] and checked.complete
    assert checked.values["cpr"] == "010180-1234" and checked.values["institution"] == "3502"
    assert checked.values["referred_by"] == "1" and checked.values["treatment_form"] == "1"
    assert checked.values["children"] == 0 and checked.values["acute_detox"] == "1"
