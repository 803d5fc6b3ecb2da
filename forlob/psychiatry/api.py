# SPDX-License-Identifier: AGPL-3.0-or-later
"""The psychiatric pathway in the API: the same actions and queries as the course page."""

from datetime import date
from typing import Annotated

from django.http import HttpRequest
from ninja import Field, Router, Status

from forlob.common.api import ERRORS, Id, OneOf, Schema, optional_text, rules, text
from forlob.organisations.api import case_actor
from forlob.psychiatry import actions, queries
from forlob.psychiatry.models import Conclusion, FindingKind, ReferralOutcome, SentHow, Source, TestUsed
from forlob.treatment import queries as treatment_queries

router = Router(tags=["Psykiatri"])


class PsychiatricAssessmentIn(Schema):
    assessed_on: date = Field(description="Not in the future, not before the course started or the screening.")
    conclusion: Annotated[str, OneOf(Conclusion)]
    tests: list[Annotated[str, OneOf(TestUsed)]] = Field(
        default_factory=list, description="mini, scl90r, scan, asrs, other"
    )
    other_tests: str = optional_text(200)
    note: str = optional_text(10_000)
    response_id: int | None = Field(None, description="The screening on the course that led to the assessment.")


class PsychiatricAssessmentOut(PsychiatricAssessmentIn):
    id: int
    course_id: int
    assessed_by_id: int


class OutsideFindingIn(Schema):
    source: Annotated[str, OneOf(Source)]
    made_on: date = Field(description="Not in the future.")
    kind: Annotated[str, OneOf(FindingKind)]
    what: str = text(200)
    icd10: str = Field("", max_length=8, description="An ICD-10 code such as F32 or F32.1.")
    note: str = optional_text(10_000)


class OutsideFindingOut(OutsideFindingIn):
    id: int
    course_id: int


class GpLetterIn(Schema):
    written_on: date = Field(description="Not in the future; the citizen's consent (kind gp) in force on the day.")
    doctor: str = text(200)
    text: str = optional_text(10_000)
    response_id: int | None = Field(None, description="Empty: the course's latest positive basisscreener.")
    assessment_id: int | None = Field(None, description="Empty: the course's latest assessment.")


class GpLetterOut(Schema):
    id: int
    course_id: int
    written_on: date
    doctor: str
    text: str
    response_id: int | None
    assessment_id: int | None
    sent_on: date | None
    sent_how: str
    referred: bool | None
    referred_on: date | None
    outcome: str
    outcome_on: date | None
    version: int


class GpLetterSentIn(Schema):
    sent_on: date = Field(description="Not in the future or before written; the consent still in force.")
    sent_how: Annotated[str, OneOf(SentHow)]
    version: int = Field(description="The letter's version read; refused if it has changed since.")


class GpReferralIn(Schema):
    referred: bool | None = Field(description="Whether the doctor referred to psychiatry; null: not known.")
    referred_on: date | None = Field(None, description="Required when referred; not before the letter was sent.")
    outcome: Annotated[str, OneOf(ReferralOutcome, blank=True)] = Field("", description='"" means pending.')
    outcome_on: date | None = Field(None, description="Required for accepted and declined.")
    version: int = Field(description="The letter's version read; refused if it has changed since.")


class PsychiatricPathwayOut(Schema):
    awaiting_assessment: list[int] = Field(description="Positive basisscreeners (response ids) not yet assessed.")
    assessments: list[PsychiatricAssessmentOut]
    findings: list[OutsideFindingOut]
    letters: list[GpLetterOut]


@router.get("/courses/{course_id}/psychiatry", response={200: PsychiatricPathwayOut, **ERRORS})
def get_pathway(request: HttpRequest, course_id: Id) -> object:
    """The course's psychiatric pathway: screenings awaiting assessment, assessments, screenings
    and diagnoses made elsewhere, and letters to the own doctor with the referral."""
    pathway = queries.course_pathway(treatment_queries.get_course(case_actor(request), course_id, via="api"))
    return {
        "awaiting_assessment": [r.pk for r in pathway.awaiting],
        "assessments": pathway.assessments,
        "findings": pathway.findings,
        "letters": pathway.letters,
    }


@router.post(
    "/courses/{course_id}/psychiatric-assessments",
    response={201: PsychiatricAssessmentOut, **ERRORS},
    openapi_extra=rules(
        ("tests", "At least one test, or other_tests named."),
        ("other_tests", "Required when tests has other."),
        ("response_id", "A response on this course."),
    ),
)
def create_assessment(request: HttpRequest, course_id: Id, body: PsychiatricAssessmentIn) -> Status[object]:
    """A psychologist's or doctor's assessment after a positive screening (roles psykolog, laege)."""
    actor = case_actor(request)
    course = treatment_queries.get_course(actor, course_id, via="api")
    return Status(201, actions.record_assessment(actor, course, actions.AssessmentData(**body.dict())))


@router.post(
    "/courses/{course_id}/outside-findings",
    response={201: OutsideFindingOut, **ERRORS},
    openapi_extra=rules(("icd10", "A letter and two digits, perhaps a dot and one or two more: F32, F32.1.")),
)
def create_finding(request: HttpRequest, course_id: Id, body: OutsideFindingIn) -> Status[object]:
    """A screening or diagnosis made elsewhere, as the citizen or a letter tells it."""
    actor = case_actor(request)
    course = treatment_queries.get_course(actor, course_id, via="api")
    return Status(201, actions.record_outside_finding(actor, course, actions.FindingData(**body.dict())))


@router.post(
    "/courses/{course_id}/gp-letters",
    response={201: GpLetterOut, **ERRORS},
    openapi_extra=rules(
        ("written_on", "The citizen's consent to sharing with the own doctor in force on the day."),
        (None, "A positive screening or an assessment on the course; not for an anonymous citizen."),
    ),
)
def create_letter(request: HttpRequest, course_id: Id, body: GpLetterIn) -> Status[object]:
    """The letter to the citizen's own doctor with the screening result and the assessment."""
    actor = case_actor(request)
    course = treatment_queries.get_course(actor, course_id, via="api")
    return Status(201, actions.write_gp_letter(actor, course, actions.LetterData(**body.dict())))


@router.post(
    "/gp-letters/{letter_id}/sent",
    response={200: GpLetterOut, **ERRORS},
    openapi_extra=rules(("sent_on", "The citizen's consent still in force on the day.")),
)
def letter_sent(request: HttpRequest, letter_id: Id, body: GpLetterSentIn) -> object:
    """When and how the letter went to the doctor: letter, secure e-mail or EDI."""
    actor = case_actor(request)
    letter = queries.get_letter(actor, letter_id, via="api")
    return actions.record_letter_sent(actor, letter, body.sent_on, body.sent_how, body.version)


@router.post(
    "/gp-letters/{letter_id}/referral",
    response={200: GpLetterOut, **ERRORS},
    openapi_extra=rules(
        ("outcome_on", "Not before the referral; none while pending."),
        ("outcome", "Only with a referral."),
        (None, "The letter is recorded as sent first."),
    ),
)
def gp_referral(request: HttpRequest, letter_id: Id, body: GpReferralIn) -> object:
    """What the doctor did: referred to psychiatry or not, and the outcome once known."""
    actor = case_actor(request)
    letter = queries.get_letter(actor, letter_id, via="api")
    data = actions.ReferralData(body.referred, body.referred_on, body.outcome, body.outcome_on)
    return actions.record_gp_referral(actor, letter, data, body.version)
