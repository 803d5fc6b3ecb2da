# SPDX-License-Identifier: AGPL-3.0-or-later
"""Every write of the treatment chain: request → visitation → course → sessions → discharge."""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, time, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from forlob.audit.log import log_access
from forlob.audit.models import Use
from forlob.citizens.actions import CONTACT_FIELDS, register
from forlob.citizens.models import Citizen, Registration
from forlob.citizens.queries import granting_unit_id
from forlob.common.errors import not_in_future, refuse, require_choice, require_version, today
from forlob.followup.actions import plan_follow_ups
from forlob.organisations.access import (
    DECIDE_VISITATION,
    DISCHARGE,
    MANAGE_GROUPS,
    REFER,
    REGISTER_REQUEST,
    START_COURSE,
    WORK_WITH_COURSE,
    Actor,
    require_staff,
)
from forlob.organisations.models import Membership, Role, Unit
from forlob.treatment.models import (
    LINKED_OFFERS,
    Attendance,
    Channel,
    CloseReason,
    ContactAbout,
    ContactCloseReason,
    ContactRequest,
    ContactStatus,
    Course,
    EndReason,
    Goal,
    Group,
    GroupAttendance,
    GroupMembership,
    LegalBasis,
    OfferType,
    PublicSubmission,
    Referral,
    Request,
    RequestStatus,
    Session,
    SessionKind,
    Substance,
)


def _check_legal_basis(citizen: Citizen, substance: str, legal_basis: str) -> None:
    """SUL § 141 covers alcohol; drugs fall under SEL § 101, or § 101 a when anonymous."""
    require_choice("legal_basis", legal_basis, LegalBasis)
    if substance == Substance.ALCOHOL:
        expected = LegalBasis.SUL_141
    elif citizen.is_anonymous:
        expected = LegalBasis.SEL_101A
    else:
        expected = LegalBasis.SEL_101
    if substance and legal_basis != expected:
        raise refuse(
            "legal_basis",
            _("For this substance and citizen the legal basis is %(basis)s.") % {"basis": expected.label},
            "legal_basis",
        )


# --- Requests and visitation -------------------------------------------------------------


@dataclass
class RequestData:
    received_on: date
    channel: str
    main_substance: str
    legal_basis: str
    other_substances: list[str] = field(default_factory=list)
    note: str = ""


@transaction.atomic
def register_request(actor: Actor, citizen: Citizen, unit: Unit, data: RequestData) -> Request:
    actor.require(unit.pk, REGISTER_REQUEST)
    granting_unit_id(actor, citizen)
    request = _new_request(actor, citizen, unit, data)
    register(actor, citizen, unit)
    log_access(actor, Use.CREATE, citizen_id=citizen.pk, unit_id=unit.pk, via="register_request")
    return request


def _new_request(actor: Actor, citizen: Citizen, unit: Unit, data: RequestData) -> Request:
    not_in_future("received_on", data.received_on)
    require_choice("channel", data.channel, Channel)
    require_choice("main_substance", data.main_substance, Substance)
    for other in data.other_substances:
        require_choice("other_substances", other, Substance)
    _check_legal_basis(citizen, data.main_substance, data.legal_basis)
    return Request.objects.create(
        citizen=citizen,
        unit=unit,
        received_on=data.received_on,
        deadline=Request.deadline_for(data.received_on),
        channel=data.channel,
        main_substance=data.main_substance,
        other_substances=sorted(set(data.other_substances) - {data.main_substance}),
        legal_basis=data.legal_basis,
        note=data.note,
        created_by=actor.user,
    )


# --- Referral to another unit ----------------------------------------------------------------


@dataclass
class ReferralData:
    to_unit: Unit
    consent_given_on: date
    main_substance: str
    legal_basis: str
    other_substances: list[str] = field(default_factory=list)
    note: str = ""


@transaction.atomic
def refer_citizen(actor: Actor, citizen: Citizen, data: ReferralData) -> Referral:
    """Refer the citizen, with their consent, to another unit, which receives a request (today,
    the guarantee running) about its own record of the person (see ``Referral``)."""
    from_unit_id = granting_unit_id(actor, citizen)
    actor.require(from_unit_id, REFER)
    if not Registration.objects.filter(citizen=citizen, unit_id=from_unit_id).exists():  # emergency access only
        raise refuse(None, _("Only a unit where the citizen is registered can refer them."), "not_registered")
    to_unit = data.to_unit
    if to_unit.pk == from_unit_id or not to_unit.active:
        raise refuse("to_unit", _("Choose another active unit than your own."), "invalid_choice")
    if citizen.anonymised_at is not None:
        raise refuse(None, _("An anonymised citizen cannot be referred."), "anonymised")
    if data.consent_given_on is None:
        raise refuse("consent_given_on", _("Enter the date the citizen consented to the referral."), "required")
    not_in_future("consent_given_on", data.consent_given_on)
    from_unit = Unit.objects.get(pk=from_unit_id)
    keeper = Unit.objects.filter(pk=citizen.unit_id).values_list("municipality_id", flat=True).get()
    record = citizen if to_unit.municipality_id == keeper else _record_at(to_unit, citizen)
    request_data = RequestData(
        received_on=today(),
        channel=Channel.UNIT,
        main_substance=data.main_substance,
        legal_basis=data.legal_basis,
        other_substances=data.other_substances,
        note=data.note,
    )
    request = _new_request(actor, record, to_unit, request_data)
    register(actor, record, to_unit)
    referral = Referral.objects.create(
        citizen=citizen,
        from_unit=from_unit,
        to_unit=to_unit,
        request=request,
        consent_given_on=data.consent_given_on,
        note=data.note,
        created_by=actor.user,
    )
    log_access(actor, Use.REFER, citizen_id=citizen.pk, unit_id=from_unit.pk, purpose=to_unit.name, via="refer_citizen")
    log_access(actor, Use.CREATE, citizen_id=record.pk, unit_id=to_unit.pk, purpose=from_unit.name, via="refer_citizen")
    return referral


def _record_at(unit: Unit, citizen: Citizen) -> Citizen:
    """The receiving unit's own record of the person: the one it keeps already, or a new one with
    the identity and contact details the citizen consented to sending, and nothing else."""
    if citizen.cpr_hash:
        kept = Citizen.objects.filter(unit=unit, cpr_hash=citizen.cpr_hash).first()
        if kept is not None:
            return kept
    fields = ("is_anonymous", "alias", "birth_date", "birth_year", "sex", "cpr_hash", "cpr_encrypted")
    record = Citizen(unit=unit, **{f: getattr(citizen, f) for f in (*fields, *CONTACT_FIELDS)})
    record.full_clean(validate_constraints=False)
    record.save()
    return record


# --- "Bliv kontaktet" from the public page ------------------------------------------------


def allow_public_post(address: str) -> bool:
    """Count one post of a public form from ``address``; False when it is one too many
    (with the default limit of 10, the 11th within a minute). Refused posts are not counted,
    so a flood does not keep the address out for longer than its last minute."""
    now = timezone.now()
    key = salted_hmac("forlob.public-post", address).hexdigest()
    with transaction.atomic():
        PublicSubmission.objects.filter(at__lt=now - timedelta(days=1)).delete()
        recent = PublicSubmission.objects.filter(address_hash=key, at__gt=now - timedelta(minutes=1)).count()
        if recent >= settings.FORLOB_PUBLIC_POSTS_PER_MINUTE:
            return False
        PublicSubmission.objects.create(address_hash=key, at=now)
    return True


@dataclass(frozen=True)
class ContactData:
    about: str
    name: str
    phone: str = ""
    email: str = ""
    best_time: str = ""
    message: str = ""


@transaction.atomic
def receive_contact(unit: Unit, data: ContactData, *, received_on: date | None = None) -> ContactRequest:
    """A public "Bliv kontaktet" request: no login, so no actor. Received today; nothing is
    looked up, so the answer is the same whether or not the person is known."""
    if not (unit.active and unit.public):
        raise refuse("unit", _("Choose one of the places listed."), "unit")
    require_choice("about", data.about, ContactAbout)
    if not data.name.strip():
        raise refuse("name", _("Write a name we can use when we call."), "required")
    if not (data.phone.strip() or data.email.strip()):
        raise refuse("phone", _("Write a phone number or an e-mail address so we can reach you."), "required")
    contact = ContactRequest(
        unit=unit,
        received_on=received_on or today(),
        about=data.about,
        name=data.name.strip(),
        phone=data.phone.strip(),
        email=data.email.strip(),
        best_time=data.best_time.strip(),
        message=data.message.strip(),
    )
    contact.full_clean(exclude=["request", "handled_by"])
    contact.save()
    return contact


def _open_contact(actor: Actor, contact: ContactRequest) -> ContactRequest:
    locked = ContactRequest.objects.select_for_update().get(pk=contact.pk)
    actor.require(locked.unit_id, REGISTER_REQUEST)
    if locked.status != ContactStatus.OPEN:
        raise refuse(None, _("The contact request has already been handled."), "handled")
    return locked


def _handled(actor: Actor, contact: ContactRequest, status: str, **fields: object) -> ContactRequest:
    contact.status = status
    contact.handled_on = today()
    contact.handled_by = actor.user  # type: ignore[assignment]
    for name, value in fields.items():
        setattr(contact, name, value)
    contact.save()
    log_access(actor, Use.CHANGE, unit_id=contact.unit_id, via=f"contact_request:{contact.pk}")
    return contact


@transaction.atomic
def register_request_from_contact(
    actor: Actor, contact: ContactRequest, citizen: Citizen, unit: Unit, data: RequestData
) -> Request:
    """Intake has reached the person: the request is received on the day the contact request
    was, so the guarantee keeps running from the first contact."""
    contact = _open_contact(actor, contact)
    request = register_request(actor, citizen, unit, replace(data, received_on=contact.received_on))
    _handled(actor, contact, ContactStatus.REQUEST, request=request)
    return request


@transaction.atomic
def close_contact(actor: Actor, contact: ContactRequest, reason: str) -> ContactRequest:
    contact = _open_contact(actor, contact)
    require_choice("close_reason", reason, ContactCloseReason)
    return _handled(actor, contact, ContactStatus.CLOSED, close_reason=reason)


def _open_request_for_decision(actor: Actor, request: Request) -> Request:
    locked = Request.objects.select_for_update().get(pk=request.pk)
    actor.require(locked.unit_id, DECIDE_VISITATION)
    if locked.status != RequestStatus.OPEN:
        raise refuse(None, _("The request has already been decided."), "decided")
    return locked


@transaction.atomic
def refer_request(actor: Actor, request: Request, referred_to: str, note: str = "") -> Request:
    request = _open_request_for_decision(actor, request)
    if not referred_to.strip():
        raise refuse("referred_to", _("State where the citizen is referred to."), "required")
    return _decide(actor, request, RequestStatus.REFERRED, referred_to=referred_to.strip(), decision_note=note)


@transaction.atomic
def close_request(actor: Actor, request: Request, reason: str, note: str = "") -> Request:
    request = _open_request_for_decision(actor, request)
    require_choice("close_reason", reason, CloseReason)
    if reason == CloseReason.OTHER and not note.strip():
        raise refuse("decision_note", _("Describe the reason when it is 'Other'."), "required")
    return _decide(actor, request, RequestStatus.CLOSED, close_reason=reason, decision_note=note)


def _decide(actor: Actor, request: Request, status: str, **fields: str) -> Request:
    request.status = status
    request.decided_on = today()
    request.decided_by = actor.user  # type: ignore[assignment]
    for name, value in fields.items():
        setattr(request, name, value)
    request.save()
    log_access(actor, Use.CHANGE, citizen_id=request.citizen_id, unit_id=request.unit_id, via="visitation")
    return request


# --- Courses -------------------------------------------------------------------------------


@dataclass
class CourseData:
    offer_type: str
    started_on: date
    responsible: User
    legal_basis: str = ""
    main_substance: str = ""
    plan: str = ""
    goals: list[str] = field(default_factory=list)
    index_course: Course | None = None


@transaction.atomic
def start_course_from_request(actor: Actor, request: Request, data: CourseData) -> Course:
    """The visitation decision 'start a course': the course takes the request's substance and basis."""
    request = _open_request_for_decision(actor, request)
    if data.started_on < request.received_on:
        raise refuse("started_on", _("The course cannot start before the request was received."), "before_request")
    data.legal_basis = data.legal_basis or request.legal_basis
    data.main_substance = data.main_substance or request.main_substance
    course = _start_course(actor, request.citizen, request.unit, data, request=request)
    _decide(actor, request, RequestStatus.COURSE_STARTED)
    return course


@transaction.atomic
def start_course(actor: Actor, citizen: Citizen, unit: Unit, data: CourseData) -> Course:
    """A course without a request of its own, e.g. a course for relatives linked to an index course."""
    return _start_course(actor, citizen, unit, data, request=None)


def _start_course(actor: Actor, citizen: Citizen, unit: Unit, data: CourseData, request: Request | None) -> Course:
    actor.require(unit.pk, START_COURSE)
    granting_unit_id(actor, citizen)
    require_choice("offer_type", data.offer_type, OfferType)
    not_in_future("started_on", data.started_on)
    if data.main_substance:
        require_choice("main_substance", data.main_substance, Substance)
    _check_legal_basis(citizen, data.main_substance, data.legal_basis)
    require_staff(unit, [data.responsible], "responsible")
    if data.offer_type in LINKED_OFFERS:
        if data.index_course is None:
            raise refuse("index_course", _("Choose the index person's course this course belongs to."), "required")
        actor.require(data.index_course.unit_id, WORK_WITH_COURSE)
        if data.index_course.citizen_id == citizen.pk and data.offer_type == OfferType.RELATIVES:
            raise refuse("index_course", _("A course for relatives belongs to another person's course."), "self")
    elif data.index_course is not None:
        raise refuse("index_course", _("Only courses for relatives and families link to an index course."), "unlinked")
    if Course.objects.filter(citizen=citizen, unit=unit, offer_type=data.offer_type, ended_on__isnull=True).exists():
        raise _duplicate_course()
    try:
        with transaction.atomic():
            course = Course.objects.create(
                citizen=citizen,
                unit=unit,
                request=request,
                offer_type=data.offer_type,
                legal_basis=data.legal_basis,
                main_substance=data.main_substance,
                started_on=data.started_on,
                responsible=data.responsible,
                index_course=data.index_course,
                plan=data.plan,
            )
    except IntegrityError:
        raise _duplicate_course() from None
    Goal.objects.bulk_create(Goal(course=course, description=g.strip()) for g in data.goals if g.strip())
    register(actor, citizen, unit)
    log_access(actor, Use.CREATE, citizen_id=citizen.pk, unit_id=unit.pk, via="start_course")
    return course


def _duplicate_course() -> Exception:
    return refuse(
        "offer_type", _("The citizen already has an open course of this offer at this unit."), "duplicate_course"
    )


@transaction.atomic
def update_plan(
    actor: Actor,
    course: Course,
    plan: str,
    new_goals: Iterable[str] = (),
    achieved: Iterable[int] = (),
    expected_version: int | None = None,
) -> Course:
    """Edit the treatment plan, add goals and mark goals achieved today."""
    actor.require(course.unit_id, WORK_WITH_COURSE)
    locked = Course.objects.select_for_update().get(pk=course.pk)
    if not locked.is_open:
        raise refuse(None, _("The course is closed."), "closed")
    require_version(locked.version, expected_version, locked)
    course.plan = plan
    course.version = locked.version + 1
    course.save(update_fields=["plan", "version"])
    Goal.objects.bulk_create(Goal(course=course, description=g.strip()) for g in new_goals if g.strip())
    for goal in Goal.objects.filter(course=course, pk__in=list(achieved), achieved_on__isnull=True):
        goal.achieved_on = today()
        goal.save(update_fields=["achieved_on"])
    log_access(actor, Use.CHANGE, citizen_id=course.citizen_id, unit_id=course.unit_id, via="update_plan")
    return course


# --- Sessions ------------------------------------------------------------------------------


@dataclass
class SessionData:
    held_on: date
    kind: str
    attendance: str
    staff: list[User]
    minutes: int = 60
    start_time: time | None = None
    note: str = ""


def _check_session(unit: Unit, data: SessionData) -> None:
    require_choice("kind", data.kind, SessionKind)
    require_choice("attendance", data.attendance, Attendance)
    if not 1 <= data.minutes <= 24 * 60:
        raise refuse("minutes", _("The duration must be between 1 and 1440 minutes."), "range")
    if not data.staff:
        raise refuse("staff", _("Choose at least one staff member."), "required")
    require_staff(unit, data.staff, "staff")
    if data.attendance in (Attendance.ATTENDED, Attendance.NO_SHOW) and data.held_on > today():
        raise refuse("attendance", _("Attendance can only be registered for a session that has taken place."), "future")


def _family_and_clinician(unit_id: int, staff: list[User]) -> bool:
    """Two different staff members present: a family consultant and a clinician (or leader)."""
    held: dict[int, set[str]] = defaultdict(set)
    for user_id, role in Membership.objects.filter(unit_id=unit_id, user__in=staff).values_list("user_id", "role"):
        held[user_id].add(role)
    family = {user for user, roles in held.items() if Role.FAMILIEKONSULENT in roles}
    clinicians = {user for user, roles in held.items() if roles & {Role.BEHANDLER, Role.LEDER}}
    return any(f != c for f in family for c in clinicians)


@transaction.atomic
def register_session(actor: Actor, course: Course, data: SessionData) -> Session:
    actor.require(course.unit_id, WORK_WITH_COURSE)
    _check_session(course.unit, data)
    if data.kind == SessionKind.GROUP:
        raise refuse("kind", _("Group sessions are registered on the group's page."), "group")
    if data.kind == SessionKind.FAMILY and not _family_and_clinician(course.unit_id, data.staff):
        raise refuse(
            "staff", _("A joint family session has both the family consultant and the clinician present."), "family"
        )
    if data.held_on < course.started_on:
        raise refuse("held_on", _("The session cannot be before the course started."), "before_start")
    if course.ended_on is not None and data.held_on > course.ended_on:
        raise refuse("held_on", _("The session cannot be after the course ended."), "after_end")
    session = Session.objects.create(
        course=course,
        held_on=data.held_on,
        start_time=data.start_time,
        kind=data.kind,
        minutes=data.minutes,
        attendance=data.attendance,
        note=data.note,
        created_by=actor.user,
    )
    session.staff.set(data.staff)
    log_access(actor, Use.CHANGE, citizen_id=course.citizen_id, unit_id=course.unit_id, via="register_session")
    return session


@transaction.atomic
def register_attendance(actor: Actor, session: Session, attendance: str) -> Session:
    """Mark a planned session attended, no-show or cancelled."""
    if session.course is None:
        raise refuse(None, _("Group attendance is registered on the group's page."), "group")
    actor.require(session.course.unit_id, WORK_WITH_COURSE)
    require_choice("attendance", attendance, Attendance)
    if attendance in (Attendance.ATTENDED, Attendance.NO_SHOW) and session.held_on > today():
        raise refuse("attendance", _("Attendance can only be registered for a session that has taken place."), "future")
    session.attendance = attendance
    session.save(update_fields=["attendance"])
    log_access(
        actor, Use.CHANGE, citizen_id=session.course.citizen_id, unit_id=session.course.unit_id, via="attendance"
    )
    return session


# --- Discharge -----------------------------------------------------------------------------


@transaction.atomic
def discharge_course(
    actor: Actor,
    course: Course,
    ended_on: date | None,
    end_reason: str,
    note: str = "",
    expected_version: int | None = None,
) -> Course:
    """Close the course with one of NAB's nine end reasons. Planned sessions after the end are
    cancelled, group memberships end the same day, and follow-ups are made by the unit's rule."""
    course = Course.objects.select_for_update().get(pk=course.pk)
    actor.require(course.unit_id, DISCHARGE)
    if not course.is_open:
        raise refuse(None, _("The course is already closed."), "closed")
    require_version(course.version, expected_version, course)
    if not end_reason:
        raise refuse("end_reason", _("Choose the end reason."), "required")
    require_choice("end_reason", end_reason, EndReason)
    if ended_on is None:
        raise refuse("ended_on", _("Enter the end date."), "required")
    not_in_future("ended_on", ended_on)
    if ended_on < course.started_on:
        raise refuse("ended_on", _("The end date cannot be before the start date."), "before_start")
    course.ended_on = ended_on
    course.end_reason = end_reason
    course.closed_by = actor.user  # type: ignore[assignment]
    course.discharge_note = note
    course.version += 1
    course.save()
    Session.objects.filter(course=course, attendance=Attendance.PLANNED, held_on__gt=ended_on).update(
        attendance=Attendance.CANCELLED
    )
    for membership in GroupMembership.objects.filter(course=course, left_on__isnull=True):
        membership.left_on = max(ended_on, membership.joined_on)
        membership.save(update_fields=["left_on"])
    plan_follow_ups(course)
    log_access(actor, Use.CHANGE, citizen_id=course.citizen_id, unit_id=course.unit_id, via="discharge_course")
    return course


# --- Groups --------------------------------------------------------------------------------


@dataclass
class GroupData:
    name: str
    weekday: int
    start_time: time
    starts_on: date
    staff: list[User]
    minutes: int = 150
    ends_on: date | None = None
    description: str = ""


@transaction.atomic
def create_group(actor: Actor, unit: Unit, data: GroupData) -> Group:
    actor.require(unit.pk, MANAGE_GROUPS)
    if not data.name.strip():
        raise refuse("name", _("Enter the group's name."), "required")
    if data.weekday not in Group.Weekday.values:
        raise refuse("weekday", _("Unknown value: %(value)s.") % {"value": data.weekday}, "unknown_code")
    if data.ends_on is not None and data.ends_on < data.starts_on:
        raise refuse("ends_on", _("The last meeting cannot be before the first."), "before_start")
    if not 1 <= data.minutes <= 24 * 60:
        raise refuse("minutes", _("The duration must be between 1 and 1440 minutes."), "range")
    if not data.staff:
        raise refuse("staff", _("Choose at least one staff member."), "required")
    require_staff(unit, data.staff, "staff")
    group = Group.objects.create(
        unit=unit,
        name=data.name.strip(),
        weekday=data.weekday,
        start_time=data.start_time,
        minutes=data.minutes,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        description=data.description,
    )
    group.staff.set(data.staff)
    return group


@transaction.atomic
def add_group_member(actor: Actor, group: Group, course: Course, joined_on: date) -> GroupMembership:
    actor.require(group.unit_id, MANAGE_GROUPS)
    if course.unit_id != group.unit_id:
        raise refuse("course", _("Only courses at the group's unit can join the group."), "other_unit")
    if not course.is_open:
        raise refuse("course", _("The course is closed."), "closed")
    if joined_on < course.started_on:
        raise refuse("joined_on", _("The citizen cannot join before the course started."), "before_start")
    if GroupMembership.objects.filter(group=group, course=course, left_on__isnull=True).exists():
        raise refuse("course", _("The citizen is already a member of the group."), "duplicate")
    membership = GroupMembership.objects.create(group=group, course=course, joined_on=joined_on)
    log_access(actor, Use.CHANGE, citizen_id=course.citizen_id, unit_id=group.unit_id, via="add_group_member")
    return membership


@transaction.atomic
def remove_group_member(actor: Actor, membership: GroupMembership, left_on: date) -> GroupMembership:
    actor.require(membership.group.unit_id, MANAGE_GROUPS)
    if membership.left_on is not None:
        raise refuse(None, _("The citizen has already left the group."), "left")
    if left_on < membership.joined_on:
        raise refuse("left_on", _("The citizen cannot leave before joining."), "before_start")
    membership.left_on = left_on
    membership.save(update_fields=["left_on"])
    return membership


@transaction.atomic
def register_group_session(actor: Actor, group: Group, data: SessionData, attendance: Mapping[int, str]) -> Session:
    """One group meeting with attendance per member course (course id → attended/no-show)."""
    actor.require(group.unit_id, MANAGE_GROUPS)
    data.kind = SessionKind.GROUP
    _check_session(group.unit, data)
    if data.held_on < group.starts_on:
        raise refuse("held_on", _("The session cannot be before the group's first meeting."), "before_start")
    members = set(
        GroupMembership.objects.filter(group=group, joined_on__lte=data.held_on)
        .exclude(left_on__lt=data.held_on)
        .values_list("course_id", flat=True)
    )
    if set(attendance) - members:
        raise refuse("attendance", _("Attendance can only be registered for the group's members."), "not_member")
    for value in attendance.values():
        require_choice("attendance", value, Attendance)
    session = Session.objects.create(
        group=group,
        held_on=data.held_on,
        start_time=data.start_time,
        kind=SessionKind.GROUP,
        minutes=data.minutes,
        attendance=data.attendance,
        note=data.note,
        created_by=actor.user,
    )
    session.staff.set(data.staff)
    GroupAttendance.objects.bulk_create(
        GroupAttendance(session=session, course_id=course_id, attendance=value)
        for course_id, value in attendance.items()
    )
    return session
