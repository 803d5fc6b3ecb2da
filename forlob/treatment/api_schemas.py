# SPDX-License-Identifier: AGPL-3.0-or-later
"""The shapes of the treatment API: requests, referrals, courses, sessions and groups. Codes are the
model's choice values."""

from datetime import date, datetime
from typing import Annotated, Any

from ninja import Field

from forlob.common.api import SAYS_SOMETHING, Id, LocalTime, OneOf, Schema, optional_text, text
from forlob.treatment.models import (
    Attendance,
    Channel,
    CloseReason,
    EndReason,
    LegalBasis,
    OfferType,
    SessionKind,
    SessionMethod,
    SessionPlace,
    Substance,
)

NOTE = 10_000


def ids_as_keys(schema: dict[str, Any]) -> None:
    """A map keyed by ids: JSON keys are text, so the schema says which texts (django-ninja says any)."""
    schema["patternProperties"] = {"^[1-9][0-9]{0,17}$": schema.pop("additionalProperties")}
    schema["additionalProperties"] = False


Goal = Annotated[str, Field(min_length=1, max_length=300, pattern=SAYS_SOMETHING)]
Minutes = Annotated[int, Field(ge=1, le=24 * 60, description="Duration in minutes.")]


class Code(Schema):
    code: str
    label: str


class RequestIn(Schema):
    citizen_id: Id
    unit_id: Id
    received_on: date = Field(description="Not in the future.")
    channel: Annotated[str, OneOf(Channel)]
    main_substance: Annotated[str, OneOf(Substance)]
    legal_basis: Annotated[str, OneOf(LegalBasis)] = Field(
        description="sul_141 for alcohol; sel_101 for drugs, sel_101a when the citizen is anonymous."
    )
    other_substances: list[Annotated[str, OneOf(Substance)]] = []
    note: str = optional_text(NOTE)


class RequestOut(Schema):
    id: int
    citizen_id: int
    unit_id: int
    received_on: date
    deadline: date
    days_left: int
    channel: str
    main_substance: str
    other_substances: list[str]
    legal_basis: str
    status: str
    decided_on: date | None
    referred_to: str
    close_reason: str
    decision_note: str


class ReferralIn(Schema):
    """Refer the citizen, with their consent, to another unit: it gets a request, received today,
    about its own record of the person."""

    to_unit_id: Id = Field(description="An active unit other than the citizen's own.")
    consent_given_on: date = Field(description="Not in the future.")
    main_substance: Annotated[str, OneOf(Substance)]
    legal_basis: Annotated[str, OneOf(LegalBasis)]
    other_substances: list[Annotated[str, OneOf(Substance)]] = []
    note: str = optional_text(NOTE)


class ReferralOut(Schema):
    """What the sending unit sees of a referral: where to and when, never what became of it."""

    id: int
    citizen_id: int
    from_unit_id: int
    to_unit_id: int
    to_unit: str = Field(alias="to_unit.name")
    consent_given_on: date
    note: str
    created_at: datetime


class RequestList(Schema):
    count: int
    items: list[RequestOut]


class StartCourseIn(Schema):
    offer_type: Annotated[str, OneOf(OfferType, blank=True)] = Field(
        "", description="Required unless unit_offer_id is given; then the offer's category is used."
    )
    unit_offer_id: Id | None = Field(None, description="One of the unit's active catalogue offers.")
    residential_course_id: Id | None = Field(
        None, description="For aftercare: the same citizen's residential course it follows."
    )
    started_on: date = Field(description="Not in the future, nor before the request was received.")
    responsible_id: Id
    plan: str = optional_text(NOTE)
    goals: list[Goal] = []


class CourseIn(StartCourseIn):
    citizen_id: Id
    unit_id: Id
    legal_basis: Annotated[str, OneOf(LegalBasis)]
    main_substance: Annotated[str, OneOf(Substance, blank=True)] = ""
    index_course_id: Id | None = Field(None, description="For relatives' and family courses: the index person's.")


class ReferIn(Schema):
    referred_to: str = text(200)
    note: str = optional_text(NOTE)


class CloseIn(Schema):
    reason: Annotated[str, OneOf(CloseReason)]
    note: str = optional_text(NOTE, description="Required when the reason is 'other'.")


class GoalOut(Schema):
    id: int
    description: str
    achieved_on: date | None


class CourseOut(Schema):
    id: int
    citizen_id: int
    unit_id: int
    request_id: int | None
    offer_type: str
    legal_basis: str
    main_substance: str
    started_on: date
    responsible_id: int
    index_course_id: int | None
    unit_offer_id: int | None
    expected_end_on: date | None
    expected_end_reason: str
    residential_course_id: int | None
    plan: str
    ended_on: date | None
    end_reason: str
    closed_by_id: int | None
    version: int
    goals: list[GoalOut] = []


class CourseList(Schema):
    count: int
    items: list[CourseOut]


class SessionIn(Schema):
    held_on: date
    kind: Annotated[str, OneOf(SessionKind, exclude=frozenset({SessionKind.GROUP}))] = Field(
        description="A group session is registered on its group."
    )
    attendance: Annotated[str, OneOf(Attendance)] = Field(
        description="attended or no_show only for a session that has taken place."
    )
    staff_ids: list[Id] = Field(min_length=1)
    minutes: Minutes = 60
    start_time: LocalTime | None = None
    note: str = optional_text(NOTE)
    method: Annotated[str, OneOf(SessionMethod, blank=True)] = ""
    place: Annotated[str, OneOf(SessionPlace, blank=True)] = ""


class SessionOut(Schema):
    id: int
    course_id: int | None
    group_id: int | None
    held_on: date
    start_time: LocalTime | None
    kind: str
    minutes: int
    attendance: str
    method: str
    place: str
    staff_ids: list[int]
    note: str

    @staticmethod
    def resolve_staff_ids(obj: object) -> list[int]:
        return [u.pk for u in obj.staff.all()]  # type: ignore[attr-defined]


class JournalEntryOut(Schema):
    day: date = Field(description="The day the entry concerns (a session's date, a measurement's).")
    at: datetime = Field(description="When it was recorded.")
    kind: str = Field(
        description="request, course_start, plan, session, addendum, discharge, measurement, "
        "follow_up_attempt, consent_given or consent_withdrawn."
    )
    author: str = Field(description="Who recorded it.")
    course_id: int | None = Field(description="None for what belongs to the citizen (consents).")
    title: str
    text: str


class JournalList(Schema):
    count: int
    items: list[JournalEntryOut]


class PlanIn(Schema):
    plan: str = Field(max_length=NOTE)
    new_goals: list[Goal] = []
    achieved_goal_ids: list[Id] = Field([], description="Goals to mark achieved today.")
    expected_end_on: date | None = Field(None, description="A new expected end; left out, it stays.")
    expected_end_reason: str = optional_text(300, description="Required when the expected end changes.")
    version: int = Field(description="The course version read; refused if it has changed since, or if missing.")


class AttendanceIn(Schema):
    attendance: Annotated[str, OneOf(Attendance)]


class DischargeIn(Schema):
    ended_on: date | None = Field(None, description="Today when left out; not before the course started.")
    end_reason: Annotated[str, OneOf(EndReason)]
    note: str = optional_text(NOTE)
    version: int = Field(description="The course version read; refused if it has changed since, or if missing.")


class GroupIn(Schema):
    unit_id: Id
    name: str = text(200)
    weekday: int = Field(ge=0, le=6, description="0 Monday … 6 Sunday.")
    start_time: LocalTime
    starts_on: date
    staff_ids: list[Id] = Field(min_length=1)
    minutes: Minutes = 150
    ends_on: date | None = Field(None, description="Not before starts_on.")
    description: str = optional_text(NOTE)


class GroupOut(Schema):
    id: int
    unit_id: int
    name: str
    description: str
    weekday: int
    start_time: LocalTime
    minutes: int
    starts_on: date
    ends_on: date | None
    staff_ids: list[int]

    @staticmethod
    def resolve_staff_ids(obj: object) -> list[int]:
        return [u.pk for u in obj.staff.all()]  # type: ignore[attr-defined]


class MemberIn(Schema):
    course_id: Id
    joined_on: date


class LeaveIn(Schema):
    left_on: date


class MemberOut(Schema):
    id: int
    group_id: int
    course_id: int
    joined_on: date
    left_on: date | None


class GroupSessionIn(SessionIn):
    kind: Annotated[str, OneOf(SessionKind)] = "group"
    attendance: Annotated[str, OneOf(Attendance)] = "attended"
    member_attendance: dict[int, Annotated[str, OneOf(Attendance)]] = Field(
        {}, description="Course id of a member → attendance.", json_schema_extra=ids_as_keys
    )


class ContactOut(Schema):
    id: int
    unit_id: int
    received_on: date
    about: str = Field(description="self or relative.")
    name: str
    phone: str
    email: str
    best_time: str
    message: str
    status: str
    request_id: int | None
    close_reason: str
    handled_on: date | None


class ContactList(Schema):
    count: int
    items: list[ContactOut]


class ContactRequestIn(Schema):
    """A request registered from a contact request: received on the day the contact was."""

    citizen_id: Id
    unit_id: Id
    channel: str
    main_substance: str
    legal_basis: str
    other_substances: list[str] = []
    note: str = ""


class ContactCloseIn(Schema):
    close_reason: str = Field(description="no_contact, declined, elsewhere or misuse.")


class OfferIn(Schema):
    name: str = text(200)
    category: Annotated[str, OneOf(OfferType)] = Field(description="The national offer type it counts under.")
    planned_weeks: int | None = Field(None, ge=1, le=260)
    session_pattern: str = optional_text(300)
    target_group: str = optional_text(300)


class OfferUpdateIn(OfferIn):
    active: bool = Field(True, description="False takes the offer out of the catalogue.")
    version: int = Field(description="The offer version read; refused if it has changed since.")


class OfferOut(Schema):
    id: int
    unit_id: int
    name: str
    category: str
    planned_weeks: int | None
    session_pattern: str
    target_group: str
    active: bool
    version: int


class OfferList(Schema):
    count: int
    items: list[OfferOut]
