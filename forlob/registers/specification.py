# SPDX-License-Identifier: AGPL-3.0-or-later
"""The registers' specifications as versioned data: one JSON file per register and version in
definitions/ (docs/registration.md describes the format and names the sources). Each version
applies from its ``valid_from`` date; a course is registered by the version in force on its start
date (the intake questions) and on its end date (the discharge questions)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from forlob.registers.models import Register
from forlob.treatment.hooks import DISCHARGE_STAGE, INTAKE_STAGE
from forlob.treatment.models import PRE_COURSE_OFFERS, Course, LegalBasis

DEFINITIONS = Path(__file__).resolve().parent / "definitions"
INTAKE = INTAKE_STAGE
DISCHARGE = DISCHARGE_STAGE
STAGES = (INTAKE, DISCHARGE)


@dataclass(frozen=True)
class Condition:
    """A field is asked only when another field holds one of the values."""

    field: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class Field:
    code: str
    label: str
    stage: str  # the record it belongs to: intake or discharge
    known: str = ""  # where Forløb already holds the value (known.py); empty = asked
    codes: tuple[tuple[str, str], ...] = ()
    number: tuple[int, int] | None = None  # the allowed range of a number
    required: bool = True
    when: Condition | None = None
    mapping: dict[str, str] = field(default_factory=dict)  # Forløb's code -> the register's code
    help: str = ""

    @property
    def asked(self) -> bool:
        return not self.known

    def label_of(self, value: object) -> str:
        return dict(self.codes).get(str(value), "" if value is None else str(value))


@dataclass(frozen=True)
class Specification:
    register: str
    version: str
    valid_from: date
    title: str
    source: str
    notice: str  # said plainly on the pages that use it, e.g. that no newer one could be found
    deadline_days: int  # the submission for a month is due this many days after the month ends
    anonymous: str  # how an anonymous course is reported: "without_cpr" or "not_reported"
    fields: tuple[Field, ...]
    checks: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"{Register(self.register).label}, {self.version}"

    def stage_fields(self, stage: str, *, asked: bool | None = None) -> list[Field]:
        return [f for f in self.fields if f.stage == stage and (asked is None or f.asked == asked)]

    def field(self, code: str) -> Field | None:
        return next((f for f in self.fields if f.code == code), None)


def _field(raw: dict[str, Any]) -> Field:
    when = raw.get("when")
    return Field(
        code=raw["code"],
        label=raw["label"],
        stage=raw["stage"],
        known=raw.get("known", ""),
        codes=tuple((str(code), label) for code, label in raw.get("codes", ())),
        number=(raw["number"][0], raw["number"][1]) if "number" in raw else None,
        required=raw.get("required", True),
        when=Condition(when["field"], tuple(str(v) for v in when["in"])) if when else None,
        mapping={str(k): str(v) for k, v in raw.get("map", {}).items()},
        help=raw.get("help", ""),
    )


def parse(raw: dict[str, Any]) -> Specification:
    return Specification(
        register=Register(raw["register"]).value,
        version=raw["version"],
        valid_from=date.fromisoformat(raw["valid_from"]),
        title=raw["title"],
        source=raw["source"],
        notice=raw.get("notice", ""),
        deadline_days=raw["deadline_days"],
        anonymous=raw["anonymous"],
        fields=tuple(_field(f) for f in raw["fields"]),
        checks=tuple(raw.get("checks", ())),
    )


@cache
def shipped() -> tuple[Specification, ...]:
    """Every version shipped, oldest first per register."""
    specs = [parse(json.loads(p.read_text(encoding="utf-8"))) for p in sorted(DEFINITIONS.glob("*.json"))]
    return tuple(sorted(specs, key=lambda s: (s.register, s.valid_from)))


def in_force(register: str, day: date, specs: tuple[Specification, ...] | None = None) -> Specification | None:
    """The version of ``register`` in force on ``day``: the newest that applies from it or before."""
    found = [s for s in (specs if specs is not None else shipped()) if s.register == register and s.valid_from <= day]
    return found[-1] if found else None


def register_of(course: Course) -> str | None:
    """Which register a course is reported to: alcohol treatment under the Health Act to NAB, drug
    treatment under the Social Services Act to Statistics Denmark. Assessment and motivation
    before a course, and courses for relatives and families, are no treatment of the citizen's
    own use and are not reported."""
    if course.offer_type in PRE_COURSE_OFFERS or course.index_course_id is not None:
        return None
    if course.legal_basis == LegalBasis.SUL_141:
        return Register.NAB
    if course.legal_basis in (LegalBasis.SEL_101, LegalBasis.SEL_101A):
        return Register.DRUGS
    return None
