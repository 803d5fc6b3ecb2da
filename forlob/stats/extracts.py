# SPDX-License-Identifier: AGPL-3.0-or-later
"""The municipality's own pseudonymised person-level extract for its analysts and leaders, one
row per course, refused to anyone else; every citizen in a file is written to the access log.
What goes to the national registers is the monthly submission (forlob/registers)."""

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
from forlob.common.exports import export_name
from forlob.organisations.access import PSEUDONYMISED_EXTRACT, Actor
from forlob.organisations.models import Unit
from forlob.stats.scopes import Filters
from forlob.treatment.models import Course, EndReason, OfferType, Substance


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
