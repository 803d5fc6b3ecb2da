# SPDX-License-Identifier: AGPL-3.0-or-later
"""The shapes of the treatment API: requests, referrals, courses, sessions and groups. Codes are the
model's choice values."""

from datetime import date, datetime, time

from ninja import Field

from forlob.common.api import Id, Schema


class Code(Schema):
    code: str
    label: str


class RequestIn(Schema):
    citizen_id: Id
    unit_id: Id
    received_on: date
    channel: str
    main_substance: str
    legal_basis: str
    other_substances: list[str] = []
    note: str = ""


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

    to_unit_id: Id
    consent_given_on: date
    main_substance: str
    legal_basis: str
    other_substances: list[str] = []
    note: str = ""


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
    offer_type: str
    started_on: date
    responsible_id: Id
    plan: str = ""
    goals: list[str] = []


class CourseIn(StartCourseIn):
    citizen_id: Id
    unit_id: Id
    legal_basis: str = ""
    main_substance: str = ""
    index_course_id: Id | None = None


class ReferIn(Schema):
    referred_to: str
    note: str = ""


class CloseIn(Schema):
    reason: str
    note: str = ""


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
    kind: str
    attendance: str
    staff_ids: list[Id]
    minutes: int = 60
    start_time: time | None = None
    note: str = ""


class SessionOut(Schema):
    id: int
    course_id: int | None
    group_id: int | None
    held_on: date
    start_time: time | None
    kind: str
    minutes: int
    attendance: str
    staff_ids: list[int]
    note: str

    @staticmethod
    def resolve_staff_ids(obj: object) -> list[int]:
        return [u.pk for u in obj.staff.all()]  # type: ignore[attr-defined]


class PlanIn(Schema):
    plan: str
    new_goals: list[str] = []
    achieved_goal_ids: list[Id] = Field([], description="Goals to mark achieved today.")
    version: int | None = Field(None, description="The course version read; refused if it has changed since.")


class AttendanceIn(Schema):
    attendance: str


class DischargeIn(Schema):
    ended_on: date | None = None
    end_reason: str = ""
    note: str = ""
    version: int | None = Field(None, description="The course version read; refused if it has changed since.")


class GroupIn(Schema):
    unit_id: Id
    name: str
    weekday: int
    start_time: time
    starts_on: date
    staff_ids: list[Id]
    minutes: int = 150
    ends_on: date | None = None
    description: str = ""


class GroupOut(Schema):
    id: int
    unit_id: int
    name: str
    description: str
    weekday: int
    start_time: time
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
    kind: str = "group"
    attendance: str = "attended"
    member_attendance: dict[int, str] = {}


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
