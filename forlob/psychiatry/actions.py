# SPDX-License-Identifier: AGPL-3.0-or-later
"""Writes on the psychiatric pathway. Each action is one transaction, checks the actor's role at
the course's unit, validates with Danish messages naming the field, keeps history and is logged."""

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from forlob.audit.log import log_access
from forlob.audit.models import Use
from forlob.common.errors import not_in_future, refuse, require_choice, require_version
from forlob.family.models import ConsentKind
from forlob.family.queries import consent_in_force
from forlob.instruments.models import Response
from forlob.organisations.access import ASSESS_PSYCHIATRIC, WORK_WITH_COURSE, Actor
from forlob.psychiatry.models import (
    ICD10,
    Assessment,
    Conclusion,
    FindingKind,
    GpLetter,
    OutsideFinding,
    ReferralOutcome,
    SentHow,
    Source,
    TestUsed,
)
from forlob.treatment.models import Course


@dataclass
class AssessmentData:
    assessed_on: date | None
    conclusion: str
    tests: list[str] = field(default_factory=list)
    other_tests: str = ""
    note: str = ""
    response_id: int | None = None


@dataclass
class FindingData:
    source: str
    made_on: date | None
    kind: str
    what: str
    icd10: str = ""
    note: str = ""


@dataclass
class LetterData:
    written_on: date | None
    doctor: str
    text: str = ""
    response_id: int | None = None
    assessment_id: int | None = None


def _log(actor: Actor, course: Course, via: str) -> None:
    log_access(actor, Use.CHANGE, citizen_id=course.citizen_id, unit_id=course.unit_id, via=via)


def _dated(name: str, day: date | None, course: Course) -> date:
    """A date on the course: given, not in the future, not before the course started."""
    if day is None:
        raise refuse(name, _("Enter the date."), "required")
    not_in_future(name, day)
    if day < course.started_on:
        raise refuse(name, _("The date cannot be before the course started."), "before_start")
    return day


def _screening_of(course: Course, response_id: int | None, name: str = "response_id") -> Response | None:
    if response_id is None:
        return None
    response = Response.objects.filter(pk=response_id, course=course).first()
    if response is None:
        raise refuse(name, _("The screening is not one of this course's."), "not_on_course")
    return response


@transaction.atomic
def record_assessment(actor: Actor, course: Course, data: AssessmentData) -> Assessment:
    """A psychologist's or doctor's assessment after a positive screening (only they record it)."""
    actor.require(course.unit_id, ASSESS_PSYCHIATRIC)
    assessed_on = _dated("assessed_on", data.assessed_on, course)
    response = _screening_of(course, data.response_id)
    if response is not None and assessed_on < response.answered_on:
        raise refuse("assessed_on", _("The assessment cannot be before the screening."), "before_screening")
    require_choice("conclusion", data.conclusion, Conclusion)
    tests = list(dict.fromkeys(data.tests))
    for code in tests:
        require_choice("tests", code, TestUsed)
    other = data.other_tests.strip()
    if not tests and not other:
        raise refuse("tests", _("Choose the tests used, or name them under other tests."), "required")
    if TestUsed.OTHER in tests and not other:
        raise refuse("other_tests", _("Name the other tests used."), "required")
    assessment = Assessment.objects.create(
        course=course,
        response=response,
        assessed_on=assessed_on,
        assessed_by=actor.user,
        tests=tests,
        other_tests=other,
        conclusion=data.conclusion,
        note=data.note.strip(),
    )
    _log(actor, course, "record_assessment")
    return assessment


@transaction.atomic
def record_outside_finding(actor: Actor, course: Course, data: FindingData) -> OutsideFinding:
    """A screening or diagnosis made elsewhere, as the citizen or a letter tells it."""
    actor.require(course.unit_id, WORK_WITH_COURSE)
    require_choice("source", data.source, Source)
    require_choice("kind", data.kind, FindingKind)
    if data.made_on is None:
        raise refuse("made_on", _("Enter the date."), "required")
    not_in_future("made_on", data.made_on)
    what = data.what.strip()
    if not what:
        raise refuse("what", _("Name the screening or the diagnosis."), "required")
    code = data.icd10.strip().upper()
    if code and not ICD10.match(code):
        raise refuse("icd10", _("Write the ICD-10 code as a letter and two digits, e.g. F32 or F32.1."), "icd10")
    finding = OutsideFinding.objects.create(
        course=course,
        source=data.source,
        made_on=data.made_on,
        kind=data.kind,
        what=what,
        icd10=code,
        note=data.note.strip(),
        recorded_by=actor.user,
    )
    _log(actor, course, "record_outside_finding")
    return finding


def _require_gp_consent(course: Course, day: date, name: str) -> None:
    """Nothing goes to the GP without the citizen's consent in force on the day."""
    if not consent_in_force(course.citizen_id, ConsentKind.GP, day):
        raise refuse(
            name,
            _(
                "The citizen has not consented to sharing the screening result with their own doctor on this "
                "date. Record the consent on the citizen page first."
            ),
            "no_consent",
        )


@transaction.atomic
def write_gp_letter(actor: Actor, course: Course, data: LetterData) -> GpLetter:
    """The letter to the citizen's own doctor with the screening result and the assessment. Without
    a chosen screening or assessment, the course's latest positive basisscreener and latest
    assessment go in."""
    actor.require(course.unit_id, WORK_WITH_COURSE)
    if course.citizen.is_anonymous:
        raise refuse(None, _("An anonymous citizen's result cannot be sent to a doctor."), "anonymous")
    written_on = _dated("written_on", data.written_on, course)
    _require_gp_consent(course, written_on, "written_on")
    doctor = data.doctor.strip()
    if not doctor:
        raise refuse("doctor", _("Name the citizen's own doctor or clinic."), "required")
    response = _screening_of(course, data.response_id)
    if data.assessment_id is not None:
        assessment = Assessment.objects.filter(pk=data.assessment_id, course=course).first()
        if assessment is None:
            raise refuse("assessment_id", _("The assessment is not one of this course's."), "not_on_course")
    else:
        assessment = Assessment.objects.filter(course=course, assessed_on__lte=written_on).first()
    if response is None:
        response = assessment.response if assessment is not None and assessment.response_id else None
    if response is None:
        positive = Response.objects.filter(course=course, instrument__code="kl_basis", band="positive")
        response = positive.filter(answered_on__lte=written_on).order_by("-answered_on", "-pk").first()
    if response is None and assessment is None:
        raise refuse(
            None, _("There is no positive screening or assessment on the course to send to the doctor."), "nothing"
        )
    letter = GpLetter.objects.create(
        course=course,
        response=response,
        assessment=assessment,
        doctor=doctor,
        text=data.text.strip(),
        written_on=written_on,
        written_by=actor.user,
    )
    _log(actor, course, "write_gp_letter")
    return letter


def _locked(actor: Actor, letter: GpLetter, expected_version: int | None) -> GpLetter:
    actor.require(letter.course.unit_id, WORK_WITH_COURSE)
    letter = GpLetter.objects.select_for_update().select_related("course").get(pk=letter.pk)
    require_version(letter.version, expected_version, letter)
    return letter


def _save(letter: GpLetter, fields: list[str]) -> None:
    letter.version += 1
    letter.save(update_fields=[*fields, "version"])


@transaction.atomic
def record_letter_sent(
    actor: Actor, letter: GpLetter, sent_on: date | None, sent_how: str, expected_version: int | None = None
) -> GpLetter:
    """When and how the letter went to the doctor, and by whom; the consent must still be in force."""
    letter = _locked(actor, letter, expected_version)
    if sent_on is None:
        raise refuse("sent_on", _("Enter the date."), "required")
    not_in_future("sent_on", sent_on)
    if sent_on < letter.written_on:
        raise refuse("sent_on", _("The letter cannot be sent before it was written."), "before_written")
    require_choice("sent_how", sent_how, SentHow)
    _require_gp_consent(letter.course, sent_on, "sent_on")
    letter.sent_on, letter.sent_how, letter.sent_by = sent_on, sent_how, actor.user
    _save(letter, ["sent_on", "sent_how", "sent_by"])
    _log(actor, letter.course, "record_letter_sent")
    return letter


@dataclass
class ReferralData:
    referred: bool | None
    referred_on: date | None = None
    outcome: str = ""
    outcome_on: date | None = None


@transaction.atomic
def record_gp_referral(
    actor: Actor, letter: GpLetter, data: ReferralData, expected_version: int | None = None
) -> GpLetter:
    """What the doctor did with the letter: referred to psychiatry (when) or not, and the outcome
    in psychiatry once known (pending, accepted/assessed, declined)."""
    letter = _locked(actor, letter, expected_version)
    if letter.sent_on is None:
        raise refuse(None, _("Record that the letter was sent before the doctor's referral."), "not_sent")
    referred_on, outcome, outcome_on = data.referred_on, data.outcome, data.outcome_on
    if data.referred:
        if referred_on is None:
            raise refuse("referred_on", _("Enter the date of the referral."), "required")
        not_in_future("referred_on", referred_on)
        if referred_on < letter.sent_on:
            raise refuse("referred_on", _("The referral cannot be before the letter was sent."), "before_sent")
        outcome = outcome or ReferralOutcome.PENDING
        require_choice("outcome", outcome, ReferralOutcome)
        if outcome == ReferralOutcome.PENDING:
            outcome_on = None
        elif outcome_on is None:
            raise refuse("outcome_on", _("Enter when the outcome became known."), "required")
        else:
            not_in_future("outcome_on", outcome_on)
            if outcome_on < referred_on:
                raise refuse("outcome_on", _("The outcome cannot be before the referral."), "before_referral")
    else:
        if outcome:
            raise refuse("outcome", _("An outcome in psychiatry needs a referral."), "not_referred")
        referred_on, outcome, outcome_on = None, "", None
    letter.referred, letter.referred_on, letter.outcome, letter.outcome_on = (
        data.referred,
        referred_on,
        outcome,
        outcome_on,
    )
    _save(letter, ["referred", "referred_on", "outcome", "outcome_on"])
    _log(actor, letter.course, "record_gp_referral")
    return letter
