# SPDX-License-Identifier: AGPL-3.0-or-later
"""What Forløb already knows for the registers, from a course read with ``queries._with_facts``:
the citizen, the unit, the request, the course, the children in the household (family), an
acute detoxification and substitution treatment (medical). A field of a specification marked
``known`` takes its value from here, mapped to the register's code, and is never asked."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from forlob.citizens import cpr
from forlob.medical.models import SUBSTITUTION
from forlob.registers.specification import Field
from forlob.treatment.models import Course

SUBSTITUTION_CODES = {drug: str(n) for n, drug in enumerate(SUBSTITUTION, start=1)}

# Where a missing known value is put right, said beside the problem.
WHERE_TO_FIX = {
    "cpr": _("Record the citizen's CPR number on the citizen's page."),
    "municipality": _("Record the citizen's residence municipality on the citizen's page."),
    "institution": _("The unit has no institution code: the administrator sets it on the unit."),
    "children": _("Assess the children in the household under Family on the course page."),
    "channel": _("The course has no request: the channel is unknown."),
    "request_date": _("The course has no request: the date of the request is unknown."),
    "main_substance": _("Record the main substance on the course."),
    "end_reason": _("Record the end reason at discharge."),
}


def _raw(source: str, course: Course) -> object:
    citizen, request = course.citizen, course.request
    match source:
        case "cpr":
            return cpr.formatted(cpr.decrypt(citizen.cpr_encrypted)) if citizen.cpr_encrypted else None
        case "sex":
            return {"M": "1", "K": "2"}.get(citizen.sex)
        case "birth_year":
            return citizen.birth_year
        case "municipality":
            return citizen.municipality.code if citizen.municipality else None
        case "institution":
            return course.unit.institution_code or None
        case "request_date":
            return request.received_on if request else None
        case "start_date":
            return course.started_on
        case "channel":
            return request.channel if request else None
        case "offer_type":
            return course.offer_type
        case "legal_basis":
            return course.legal_basis
        case "main_substance":
            return course.main_substance or None
        case "children":
            # Known only once someone has assessed the household (zero children is an answer too).
            return course.children_under_18 if course.children_assessed_on else None  # type: ignore[attr-defined]
        case "detox":
            return "2" if course.had_detox else "1"  # type: ignore[attr-defined]
        case "substitution":
            return SUBSTITUTION_CODES.get(course.substitution_drug, "0")  # type: ignore[attr-defined]
        case "end_date":
            return course.ended_on
        case "end_reason":
            return course.end_reason or None
    raise ValueError(f"No known value named {source!r}")


def known_value(field: Field, course: Course) -> object:
    """The value Forløb holds for a known field, in the register's code where the field maps it."""
    value = _raw(field.known, course)
    if value is not None and field.mapping:
        return field.mapping.get(str(value), str(value))
    return value
