# SPDX-License-Identifier: AGPL-3.0-or-later
"""Validation before submission: per course, what is missing or inconsistent, in Danish, with
the rule that says so. The rules are the specification's own (each field required at its stage,
from its code list or within its range, asked only when its condition holds) and the named
checks across fields that a specification lists."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from forlob.registers.facts import WHERE_TO_FIX, known_value
from forlob.registers.specification import DISCHARGE, INTAKE, Field, Specification, in_force, register_of
from forlob.treatment.models import Course, LegalBasis

MISSING = "missing"
UNKNOWN_CODE = "unknown_code"
OUT_OF_RANGE = "out_of_range"
NO_SPECIFICATION = "no_specification"


@dataclass(frozen=True)
class Problem:
    field: str  # the field's code, or "" for the course as a whole
    rule: str
    message: str


@dataclass
class Checked:
    """A course as the register will see it: the specifications in force for its intake and
    discharge, every field's value, and the problems."""

    course: Course
    register: str | None
    intake: Specification | None = None
    discharge: Specification | None = None
    values: dict[str, object] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def reported(self) -> bool:
        """Whether the course goes to a register at all (not a relatives' course, not an
        anonymous course the register leaves out)."""
        return self.register is not None and not self.left_out_as_anonymous

    @property
    def left_out_as_anonymous(self) -> bool:
        return bool(self.intake and is_anonymous(self.course) and self.intake.anonymous == "not_reported")

    @property
    def complete(self) -> bool:
        return self.reported and not self.problems

    def fields(self, stage: str) -> list[Field]:
        spec = self.intake if stage == INTAKE else self.discharge
        return spec.stage_fields(stage) if spec else []


def is_anonymous(course: Course) -> bool:
    return course.citizen.is_anonymous or course.legal_basis == LegalBasis.SEL_101A


def _present(value: object) -> bool:
    return value is not None and value != ""


def _applies(f: Field, values: Mapping[str, object]) -> bool:
    return f.when is None or str(values.get(f.when.field, "")) in f.when.values


def field_problem(f: Field, value: object) -> Problem | None:
    """Whether a given value is one of the field's codes, or a whole number in its range."""
    if f.codes and str(value) not in dict(f.codes):
        message = _("%(field)s: the code %(value)s is not in the register's code list.")
        return Problem(f.code, UNKNOWN_CODE, message % {"field": f.label, "value": value})
    if f.number is not None:
        low, high = f.number
        try:
            number = int(str(value))
        except ValueError:
            number = None
        if number is None or not low <= number <= high:
            message = _("%(field)s must be a whole number from %(low)s to %(high)s.")
            return Problem(f.code, OUT_OF_RANGE, message % {"field": f.label, "low": low, "high": high})
    return None


def _missing(f: Field, course: Course) -> Problem:
    hint = WHERE_TO_FIX.get(f.known, "")
    message = _("%(field)s is missing.") % {"field": f.label}
    return Problem(f.code, MISSING, f"{message} {hint}".strip())


def _number(values: Mapping[str, object], code: str) -> int | None:
    try:
        return int(str(values.get(code)))
    except ValueError:
        return None


def _heavy_days_within_drinking_days(course: Course, values: Mapping[str, object]) -> str | None:
    heavy, drinking = _number(values, "heavy_days"), _number(values, "drinking_days")
    if heavy is not None and drinking is not None and heavy > drinking:
        return _("The days with more than 5 drinks cannot be more than the days with alcohol.")
    return None


def _debut_age_within_age(course: Course, values: Mapping[str, object]) -> str | None:
    debut = _number(values, "debut_age")
    age = course.citizen.age_on(course.started_on)
    if debut is not None and debut > age:
        return _("The age at debut (%(debut)s) cannot be higher than the age at intake (%(age)s).") % {
            "debut": debut,
            "age": age,
        }
    return None


def _route_injected_consistent(course: Course, values: Mapping[str, object]) -> str | None:
    if values.get("route") == "4" and values.get("injected") in ("1", "2"):
        return _("The main substance is injected, so the citizen has injected within the last 30 days.")
    return None


CHECKS: dict[str, Callable[[Course, Mapping[str, object]], str | None]] = {
    "heavy_days_within_drinking_days": _heavy_days_within_drinking_days,
    "debut_age_within_age": _debut_age_within_age,
    "route_injected_consistent": _route_injected_consistent,
}


def check(course: Course, answers: Mapping[str, object], specs: tuple[Specification, ...] | None = None) -> Checked:
    """Check one course read with ``queries._with_facts`` against the specifications in force on
    its start date (intake) and end date (discharge)."""
    register = register_of(course)
    checked = Checked(course, register)
    if register is None:
        return checked
    checked.intake = in_force(register, course.started_on, specs)
    if course.ended_on is not None:
        checked.discharge = in_force(register, course.ended_on, specs)
    if checked.intake is None:
        message = _("No specification of %(register)s applies on %(day)s.")
        checked.problems.append(
            Problem("", NO_SPECIFICATION, message % {"register": register, "day": course.started_on})
        )
        return checked
    if checked.left_out_as_anonymous:
        return checked
    stages = [(INTAKE, checked.intake)] + ([(DISCHARGE, checked.discharge)] if checked.discharge else [])
    for stage, spec in stages:
        for f in spec.stage_fields(stage):
            checked.values[f.code] = known_value(f, course) if f.known else answers.get(f.code)
    for stage, spec in stages:
        for f in spec.stage_fields(stage):
            value = checked.values[f.code]
            if not _applies(f, checked.values):
                checked.values[f.code] = None
                continue
            if not _present(value):
                anonymous_cpr = f.known == "cpr" and is_anonymous(course) and spec.anonymous == "without_cpr"
                if f.required and not anonymous_cpr:
                    checked.problems.append(_missing(f, course))
                continue
            problem = field_problem(f, value)
            if problem:
                checked.problems.append(problem)
    names = dict.fromkeys(name for _stage, spec in stages for name in spec.checks)
    for name in names:
        found = CHECKS[name](course, checked.values)
        if found:
            checked.problems.append(Problem("", name, found))
    return checked


def day_of(value: object) -> str:
    """A value as the register's file writes it: dates as YYYY-MM-DD, the rest as text."""
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value)
