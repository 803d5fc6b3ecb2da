# SPDX-License-Identifier: AGPL-3.0-or-later
"""Recording an instrument on a course: one transaction, checked, scored and logged."""

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from forlob.audit.log import log_access
from forlob.audit.models import Use
from forlob.common.errors import not_in_future, refuse, require_choice
from forlob.instruments.definitions import shipped
from forlob.instruments.models import Instrument, Phase, Response
from forlob.instruments.scoring import critical_options, score
from forlob.organisations.access import ACKNOWLEDGE_CRITICAL, WORK_WITH_COURSE, Actor
from forlob.treatment.models import Course


@dataclass
class ResponseData:
    instrument: str  # the instrument's code; the newest version in use is filled in
    phase: str
    answered_on: date
    answers: dict[str, object] = field(default_factory=dict)
    action: str = ""
    note: str = ""


@transaction.atomic
def load_definitions() -> None:
    """Add each shipped definition's (code, version) that is not in the database yet; versions
    already there are never changed. Run after every migrate: the definitions are system data
    that come with the code, as a data migration would write them, so there is no acting user
    and nothing to permit or log."""
    for definition in shipped():
        Instrument.objects.get_or_create(
            code=definition["code"],
            version=definition["version"],
            defaults={"name": definition["name"], "kind": definition["kind"], "definition": definition},
        )


def current_instrument(code: str) -> Instrument | None:
    return Instrument.objects.filter(code=code, active=True).order_by("-version").first()


@transaction.atomic
def record_response(actor: Actor, course: Course, data: ResponseData) -> Response:
    actor.require(course.unit_id, WORK_WITH_COURSE)
    instrument = current_instrument(data.instrument)
    if instrument is None:
        raise refuse("instrument", _("Unknown instrument: %(value)s.") % {"value": data.instrument}, "unknown_code")
    require_choice("phase", data.phase, Phase)
    not_in_future("answered_on", data.answered_on)
    if data.answered_on < course.started_on:
        raise refuse("answered_on", _("The date cannot be before the course started."), "before_start")
    if course.ended_on is not None and data.answered_on > course.ended_on and data.phase != Phase.FOLLOW_UP:
        raise refuse("answered_on", _("After the course ended, only a follow-up can be registered."), "after_end")
    scored = score(instrument.definition, data.answers, course.citizen.sex, data.action)
    response = Response.objects.create(
        course=course,
        instrument=instrument,
        phase=data.phase,
        answered_on=data.answered_on,
        answers=scored.answers,
        total=scored.total,
        band=scored.band,
        band_label=scored.band_label,
        action=scored.action,
        note=data.note.strip(),
        recorded_by=actor.user,
        critical=bool(critical_options(instrument.definition, scored.answers)),
    )
    log_access(actor, Use.CHANGE, citizen_id=course.citizen_id, unit_id=course.unit_id, via="record_response")
    return response


@transaction.atomic
def acknowledge_critical(actor: Actor, response: Response) -> Response:
    """A clinician has seen the critical answer (and acted on it): it is no longer flagged. Who
    and when is kept on the response, with its history, and the use is logged."""
    actor.require(response.course.unit_id, ACKNOWLEDGE_CRITICAL)
    locked = Response.objects.select_for_update().get(pk=response.pk)
    if not locked.critical:
        raise refuse(None, _("This response holds no critical answer."), "not_critical")
    if locked.critical_acknowledged_at is not None:
        raise refuse(None, _("The critical answer has already been acknowledged."), "acknowledged")
    locked.critical_acknowledged_by = actor.user
    locked.critical_acknowledged_at = timezone.now()
    locked.save(update_fields=["critical_acknowledged_by", "critical_acknowledged_at"])
    log_access(
        actor,
        Use.CHANGE,
        citizen_id=response.course.citizen_id,
        unit_id=response.course.unit_id,
        purpose=_("Critical answer acknowledged"),
        via="acknowledge_critical",
    )
    return locked
