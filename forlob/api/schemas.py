# SPDX-License-Identifier: AGPL-3.0-or-later
"""The API's request and response shapes. Codes are the model's choice values."""

from datetime import date, datetime, time
from typing import Annotated, Any

from ninja import Field
from ninja import Schema as NinjaSchema
from pydantic import field_validator


def _has_nul(value: object) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, list | tuple):
        return any(_has_nul(v) for v in value)
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    return False


class Schema(NinjaSchema):
    """Every schema of the API: no text may carry a NUL character, which PostgreSQL cannot store
    (the web forms refuse it the same way)."""

    @field_validator("*", mode="before")
    @classmethod
    def no_nul_characters(cls, value: object) -> object:
        if _has_nul(value):
            raise ValueError("NUL")
        return value


# An id sent to the API: what SQLite's INTEGER and PostgreSQL's bigint can hold, so an absurd
# number is refused as a 422 before it reaches the database.
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]


class ErrorItem(Schema):
    field: str | None
    message: str
    citizen_id: int | None = Field(None, description="For a duplicate CPR: the existing citizen.")


class Errors(Schema):
    detail: list[ErrorItem]


class Code(Schema):
    code: str
    label: str


class Message(Schema):
    detail: str


class CitizenIn(Schema):
    unit_id: Id
    cpr: str = ""
    is_anonymous: bool = False
    alias: str = ""
    first_name: str = ""
    last_name: str = ""
    birth_year: int | None = None
    sex: str = ""
    municipality_code: str = ""
    address: str = ""
    address_protected: bool = False
    phone: str = ""
    email: str = ""


class CitizenOut(Schema):
    id: int
    name: str = Field(alias="display_name")
    is_anonymous: bool
    alias: str
    first_name: str
    last_name: str
    birth_year: int
    birth_date: date | None
    masked_cpr: str
    sex: str
    municipality_code: str | None = Field(None, alias="municipality.code")
    address: str = Field(alias="shown_address")
    address_protected: bool
    phone: str
    email: str
    version: int


class CitizenChange(Schema):
    """Only the fields sent are changed."""

    first_name: str | None = None
    last_name: str | None = None
    municipality_code: str | None = None
    address: str | None = None
    address_protected: bool | None = None
    phone: str | None = None
    email: str | None = None
    version: int | None = Field(None, description="The citizen version read; refused if it has changed since.")


class CitizenList(Schema):
    count: int
    items: list[CitizenOut]


class SearchIn(Schema):
    term: str


class RevealIn(Schema):
    purpose: str


class CprOut(Schema):
    cpr: str


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


class RelationIn(Schema):
    kind: str = Field(description="partner, child, parent, sibling or other")
    name: str
    birth_date: date | None = None
    birth_year: int | None = None
    in_household: bool = False
    involved: bool = False


class RelationOut(RelationIn):
    id: int
    citizen_id: int


class ChildrenAssessmentIn(Schema):
    assessed_on: date
    note: str = ""


class ChildrenAssessmentOut(ChildrenAssessmentIn):
    id: int
    citizen_id: int
    assessed_by_id: int


class ConsentIn(Schema):
    kind: str = Field(description="network, share or follow_up")
    given_on: date
    department: str = Field(
        "", description="For share: children_family, jobcenter, psychiatry, health, adults, housing"
    )
    phone: str = Field("", description="For follow_up: the phone number to call")
    preferred_time: str = ""
    parents_involved: bool | None = Field(None, description="Required when the citizen is under 18")


class ConsentOut(ConsentIn):
    id: int
    citizen_id: int
    withdrawn_on: date | None
    version: int


class WithdrawIn(Schema):
    withdrawn_on: date
    version: int | None = Field(None, description="The consent version read; refused if it has changed since.")


class FollowUpOut(Schema):
    id: int
    course_id: int
    citizen_id: int
    citizen_name: str = Field(alias="citizen.display_name")
    unit_id: int
    months: int
    due_on: date
    assigned_to_id: int
    status: str
    closed_on: date | None
    cancel_reason: str
    version: int
    phone: str | None = None
    preferred_time: str | None = None
    attempts_made: int = 0
    max_attempts: int
    use_change: str
    new_treatment_needed: bool | None
    housing: str
    work: str
    network: str
    satisfaction: int | None
    note: str


class FollowUpList(Schema):
    count: int
    items: list[FollowUpOut]


class ShortFormIn(Schema):
    use_change: str = ""
    new_treatment_needed: bool | None = None
    housing: str = ""
    work: str = ""
    network: str = ""
    satisfaction: int | None = None
    note: str = ""


class AttemptIn(Schema):
    attempted_on: date
    reached: bool
    note: str = ""
    answers: ShortFormIn = Field(default_factory=ShortFormIn)
    version: int | None = Field(None, description="The follow-up version read; refused if it has changed since.")


class FollowUpRuleIn(Schema):
    months: list[int]
    end_reasons: list[str]
    consent_required: bool = True
    max_attempts: int = 3


class FollowUpRuleOut(FollowUpRuleIn):
    unit_id: int


class CountOut(Schema):
    value: int | None = Field(description="None when the count is hidden.")
    text: str = Field(description='As published: the number, "<5" or "x".')


class ReportRowOut(Schema):
    label: str
    cells: list[CountOut]
    total: CountOut | None = Field(None, description="The row total, for reports that have one.")
    measures: list[float | None] = Field(
        description="The row's measures (shares in per cent, waits in days) in the order of the "
        "report's measures; None where it would rest on a hidden count or on too few."
    )


class ReportOut(Schema):
    title: str
    scope: str
    row_header: str
    columns: list[str]
    row_total: str = Field(description="The label of the row-total column; empty when there is none.")
    measures: list[str]
    rows: list[ReportRowOut]
    totals: ReportRowOut | None
    note: str


class PseudonymisedCourseOut(Schema):
    pseudonym: str = Field(
        description="The same for the same citizen in every extract; not reversible without the key."
    )
    birth_year: int
    sex: str = Field(description="K or M.")
    municipality_code: str = Field(description="The municipality the citizen lives in.")
    institution_code: str
    offer_type: str
    legal_basis: str
    main_substance: str
    request_received: date | None
    started_on: date
    ended_on: date | None
    end_reason: str
    wait_days: int | None = Field(description="Days from the request to the start; None without a request.")


class ExtractOut(Schema):
    scope: str
    first_year: int
    last_year: int
    count: int
    items: list[PseudonymisedCourseOut]


class InstrumentOut(Schema):
    code: str
    version: int
    name: str
    kind: str
    definition: dict[str, Any] = Field(
        description="Items with their options and points (or ranges), bands, actions, source and the rule for missing "
        "answers, as in forlob/instruments/definitions/."
    )


class ResponseIn(Schema):
    instrument: str = Field(description="The instrument's code, e.g. audit; the newest version in use is used.")
    phase: str = Field(description="intake, during, discharge or follow_up.")
    answered_on: date
    answers: dict[str, str | int | float | None] = Field(
        description="Item code → option value (AUDIT, DUDIT, screening) or number (ASI, outcome profile)."
    )
    action: str = Field("", description="For a screening: what was done after it; required when positive.")
    note: str = ""


class ResponseOut(Schema):
    id: int
    course_id: int
    instrument: str
    version: int
    phase: str
    answered_on: date
    answers: dict[str, Any]
    total: float | None
    band: str
    band_label: str
    action: str
    note: str

    @staticmethod
    def resolve_instrument(obj: object) -> str:
        return obj.instrument.code  # type: ignore[attr-defined]

    @staticmethod
    def resolve_version(obj: object) -> int:
        return obj.instrument.version  # type: ignore[attr-defined]


class ActivityIn(Schema):
    unit_id: Id
    held_on: date
    level: str = Field(description="universal, selective or indicated.")
    focus_area: str = Field(description="availability, teaching, advice, detection, cooperation or network.")
    target_group: str
    setting: str
    title: str
    participants: int = 0
    contacts: int = 0
    notes: str = ""


class ActivityOut(Schema):
    id: int
    unit_id: int
    held_on: date
    level: str
    focus_area: str
    target_group: str
    setting: str
    title: str
    participants: int
    contacts: int
    notes: str


class ActivityPage(Schema):
    count: int
    items: list[ActivityOut]


class Kl12ClusterOut(Schema):
    id: int
    name: str


class Kl12RoundOut(Schema):
    id: int
    region: str
    year: int
    title: str
    deadline: date
    clusters: list[Kl12ClusterOut]


class Kl12MatrixOut(Schema):
    round: str
    scope: str = Field(description="The cluster's or the region's name.")
    header: list[str] = Field(description="Municipality, then the indicator codes.")
    rows: list[list[str]] = Field(
        description="The resolved answers: ja, nej, 'delvis (ikke afgjort)', numbers and free text as given."
    )
    took_part: list[str]
    did_not_take_part: list[str]


class Kl12AnswerIn(Schema):
    code: str = Field(description="The indicator's code, e.g. 1.1.")
    part: str = Field("samlet", description="samlet, or alkohol and stof for separate answers.")
    value: str = Field(description="ja, nej or delvis as the indicator allows; a number; or free text.")


class Kl12SheetIn(Schema):
    split: bool = Field(False, description="Separate alcohol and drug answers.")
    answers: list[Kl12AnswerIn]
    version: int | None = Field(None, description="The version the answers were made from (optimistic locking).")


class Kl12SheetOut(Schema):
    municipality: str
    split: bool
    version: int
    answers: list[Kl12AnswerIn]
