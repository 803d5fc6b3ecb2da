# SPDX-License-Identifier: AGPL-3.0-or-later
"""Person-level extracts, one row per course: the municipality's own pseudonymised extract for
its analysts, and the extract in the national registers' layout for the unit's leader. Both are
refused to anyone else, and every citizen in a file is written to the access log, with the
purpose the register extract requires."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from forlob.audit.log import log_selected
from forlob.audit.models import Use
from forlob.citizens import cpr
from forlob.common.errors import refuse
from forlob.common.exports import export_name
from forlob.organisations.access import PSEUDONYMISED_EXTRACT, REGISTER_EXTRACT, Actor
from forlob.organisations.models import Unit
from forlob.stats.scopes import Filters
from forlob.treatment.models import PRE_COURSE_OFFERS, Course, EndReason, LegalBasis, OfferType, Substance

PSEUDONYMISED = "pseudonymised"
NAB = "nab"
DRUGS = "drugs"
KINDS = (PSEUDONYMISED, NAB, DRUGS)


def pseudonym(citizen_id: int) -> str:
    """The same citizen always gets the same pseudonym; it cannot be turned back without the key."""
    digest = hmac.new(settings.CPR_HMAC_KEY.encode(), f"pseudonym:{citizen_id}".encode(), hashlib.sha256)
    return digest.hexdigest()[:16]


def _day(value) -> str:
    return date_format(value, "d.m.Y") if value else ""


@dataclass
class Extract:
    filename: str
    header: list[str]
    rows: Iterable[Sequence[object]]  # read from the database as the file is sent


def _filename(kind: str, filters: Filters) -> str:
    return export_name("udtraek", kind, filters.scope.label, filters.first_year, filters.last_year) + ".csv"


def _logged(
    actor: Actor, courses: QuerySet[Course], *, via: str, unit_id: int | None = None, purpose: str = ""
) -> Iterator[Course]:
    """Write every citizen in the extract to the access log first, then read the courses in
    chunks, so that an extract of any size holds one chunk in memory."""
    citizen_ids = courses.values_list("citizen_id", flat=True)
    log_selected(actor, Use.EXPORT, citizen_ids, unit_id=unit_id, purpose=purpose, via=via)
    return courses.iterator(chunk_size=500)


def _courses(filters: Filters) -> QuerySet[Course]:
    """Courses open at some time in the period."""
    return (
        filters.courses()
        .filter(started_on__lte=filters.end)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=filters.start))
        .select_related("citizen", "citizen__municipality", "unit", "request")
        .order_by("started_on", "pk")
    )


def _allowed(actor: Actor, filters: Filters, roles: tuple[str, ...]) -> bool:
    unit_ids = actor.unit_ids(roles)
    if filters.scope.kind == "unit":
        return filters.scope.pk in unit_ids
    if filters.scope.kind == "cluster":  # a municipality's own data only, never its neighbours'
        return False
    return Unit.objects.filter(pk__in=unit_ids, municipality_id=filters.scope.pk).exists()


def extract(actor: Actor, filters: Filters, kind: str, purpose: str = "") -> Extract:
    if kind == PSEUDONYMISED:
        return pseudonymised(actor, filters, purpose)
    return register_extract(actor, filters, kind, purpose)


@dataclass
class PseudonymisedCourse:
    """One course in the pseudonymised extract: codes and dates, for the analysts' own tools."""

    pseudonym: str
    birth_year: int
    sex: str
    municipality_code: str
    institution_code: str
    offer_type: str
    legal_basis: str
    main_substance: str
    request_received: date | None
    started_on: date
    ended_on: date | None
    end_reason: str
    wait_days: int | None


def pseudonymised_courses(actor: Actor, filters: Filters, *, via: str) -> list[PseudonymisedCourse]:
    """No CPR number and no name: a stable pseudonym per citizen, birth year, sex, municipality.
    Every citizen in the answer is written to the access log as exported."""
    if not _allowed(actor, filters, PSEUDONYMISED_EXTRACT):
        raise PermissionDenied(_("Only the municipality's analysts and leaders may pull the person-level extract."))
    return list(_pseudonymised(_logged(actor, _courses(filters), via=via)))


def _pseudonymised(courses: Iterable[Course]) -> Iterator[PseudonymisedCourse]:
    for c in courses:
        yield PseudonymisedCourse(
            pseudonym=pseudonym(c.citizen_id),
            birth_year=c.citizen.birth_year,
            sex=c.citizen.sex,
            municipality_code=c.citizen.municipality.code if c.citizen.municipality else "",
            institution_code=c.unit.institution_code,
            offer_type=c.offer_type,
            legal_basis=c.legal_basis,
            main_substance=c.main_substance,
            request_received=c.request.received_on if c.request else None,
            started_on=c.started_on,
            ended_on=c.ended_on,
            end_reason=c.end_reason,
            wait_days=(c.started_on - c.request.received_on).days if c.request else None,
        )


def pseudonymised(actor: Actor, filters: Filters, purpose: str = "") -> Extract:
    """The pseudonymised extract as a file, with the Danish names of the codes."""
    if not _allowed(actor, filters, PSEUDONYMISED_EXTRACT):
        raise PermissionDenied(_("Only the municipality's analysts and leaders may pull the person-level extract."))
    courses = _pseudonymised(_logged(actor, _courses(filters), via="Pseudonymiseret udtræk", purpose=purpose))
    offers, substances, reasons = dict(OfferType.choices), dict(Substance.choices), dict(EndReason.choices)
    header = [
        _("Pseudonym"),
        _("Birth year"),
        _("Sex"),
        _("Municipality code"),
        _("Institution code"),
        _("Offer"),
        _("Legal basis"),
        _("Main substance"),
        _("Request received"),
        _("Start date"),
        _("End date"),
        _("End reason"),
        _("Wait (days)"),
    ]
    rows = (
        [
            c.pseudonym,
            c.birth_year,
            c.sex,
            c.municipality_code,
            c.institution_code,
            offers.get(c.offer_type, ""),
            c.legal_basis,
            substances.get(c.main_substance, ""),
            _day(c.request_received),
            _day(c.started_on),
            _day(c.ended_on),
            reasons.get(c.end_reason, ""),
            "" if c.wait_days is None else c.wait_days,
        ]
        for c in courses
    )
    return Extract(_filename("pseudonymiseret", filters), header, rows)


def register_extract(actor: Actor, filters: Filters, kind: str, purpose: str) -> Extract:
    """The courses of one unit in the fields the national alcohol register (NAB) or the drug
    treatment register asks for (docs/statistics.md names the fields and their source). A file
    with every CPR number of the unit is pulled for a stated purpose, which goes to the access
    log of every citizen in it."""
    if filters.scope.kind != "unit" or not _allowed(actor, filters, REGISTER_EXTRACT):
        raise PermissionDenied(_("Only the unit's leader may pull the extract for the national registers."))
    if not purpose.strip():
        raise refuse(
            "purpose",
            _("State what the extract is for. The purpose is written to the access log of every citizen in the file."),
            "required",
        )
    alcohol = kind == NAB
    courses = _logged(
        actor,
        # Assessment and motivation before a course are no form of treatment in the registers.
        _courses(filters)
        .filter(legal_basis__in=[LegalBasis.SUL_141] if alcohol else [LegalBasis.SEL_101, LegalBasis.SEL_101A])
        .exclude(offer_type__in=PRE_COURSE_OFFERS),
        unit_id=filters.scope.pk,
        purpose=purpose.strip(),
        via="Indberetning til NAB" if alcohol else "Indberetning til stofmisbrugsdatabasen",
    )
    header = [
        _("CPR number"),
        _("Institution code"),
        _("Request date"),
        _("Treatment start"),
        _("Form of treatment"),
        _("Main substance"),
        _("Discharge date"),
        _("Discharge reason"),
    ]
    rows = (
        [
            cpr.formatted(cpr.decrypt(c.citizen.cpr_encrypted)) if c.citizen.cpr_encrypted else _("Anonymous"),
            c.unit.institution_code,
            _day(c.request.received_on if c.request else None),
            _day(c.started_on),
            c.get_offer_type_display(),
            c.get_main_substance_display(),
            _day(c.ended_on),
            c.get_end_reason_display(),
        ]
        for c in courses
    )
    name = "nab" if alcohol else "stofmisbrug"
    return Extract(_filename(name, filters), header, rows)
