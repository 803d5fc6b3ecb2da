# SPDX-License-Identifier: AGPL-3.0-or-later
"""Writes to the household and network. Each action is one transaction, checks the actor's role
at the unit through which they see the citizen, and is logged."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from forlob.audit.log import log_access
from forlob.audit.models import Use
from forlob.citizens.models import Citizen
from forlob.citizens.queries import granting_unit_id
from forlob.common.dates import today
from forlob.common.errors import not_in_future, refuse, require_choice, require_sent_version, require_version
from forlob.common.phone import normalise_phone
from forlob.family import hooks
from forlob.family.models import (
    CHILD_AGE_LIMIT,
    DATED_ACTIONS,
    AssessmentAction,
    ChildrenAssessment,
    Consent,
    ConsentKind,
    FamilyOffer,
    OfferOutcome,
    Relation,
    RelationKind,
    SessionChild,
    SharedVisitation,
    VisitationDepartment,
)
from forlob.family.queries import consent_in_force
from forlob.organisations.access import WORK_WITH_COURSE, Actor
from forlob.organisations.models import Department
from forlob.treatment.models import LINKED_OFFERS, Attendance, Course, Request, Session

FIELDS = ("kind", "name", "birth_date", "birth_year", "in_household", "involved")


@dataclass
class RelationData:
    kind: str
    name: str
    birth_date: date | None = None
    birth_year: int | None = None
    in_household: bool = False
    involved: bool = False


def _allowed_unit(actor: Actor, citizen: Citizen) -> int:
    unit_id = granting_unit_id(actor, citizen)
    actor.require(unit_id, WORK_WITH_COURSE)
    return unit_id


def _check(data: RelationData) -> RelationData:
    require_choice("kind", data.kind, RelationKind)
    if not data.name.strip():
        raise refuse("name", _("Enter the name."), "required")
    if data.birth_date is not None:
        not_in_future("birth_date", data.birth_date)
        if data.birth_year is not None and data.birth_year != data.birth_date.year:
            raise refuse("birth_year", _("The birth year does not match the birth date."), "mismatch")
        data.birth_year = data.birth_date.year
    elif data.birth_year is not None and not 1900 <= data.birth_year <= today().year:
        raise refuse("birth_year", _("Enter a birth year between 1900 and this year."), "range")
    if data.kind == RelationKind.CHILD and data.birth_year is None:
        raise refuse("birth_date", _("Enter the child's birth date or birth year."), "required")
    data.name = data.name.strip()
    return data


@transaction.atomic
def add_relation(actor: Actor, citizen: Citizen, data: RelationData) -> Relation:
    unit_id = _allowed_unit(actor, citizen)
    data = _check(data)
    relation = Relation.objects.create(citizen=citizen, created_by=actor.user, **{f: getattr(data, f) for f in FIELDS})
    log_access(actor, Use.CHANGE, citizen_id=citizen.pk, unit_id=unit_id, via="add_relation")
    return relation


@transaction.atomic
def change_relation(actor: Actor, relation: Relation, data: RelationData) -> Relation:
    unit_id = _allowed_unit(actor, relation.citizen)
    data = _check(data)
    for name in FIELDS:
        setattr(relation, name, getattr(data, name))
    relation.save()
    log_access(actor, Use.CHANGE, citizen_id=relation.citizen_id, unit_id=unit_id, via="change_relation")
    return relation


@transaction.atomic
def remove_relation(actor: Actor, relation: Relation) -> None:
    unit_id = _allowed_unit(actor, relation.citizen)
    log_access(actor, Use.CHANGE, citizen_id=relation.citizen_id, unit_id=unit_id, via="remove_relation")
    relation.delete()


@transaction.atomic
def assess_children(
    actor: Actor,
    citizen: Citizen,
    assessed_on: date | None,
    note: str = "",
    action: str = "",
    action_on: date | None = None,
) -> ChildrenAssessment:
    """Record that the children's situation and needs were assessed, and what was done about it:
    nothing (no concern), a family-oriented offer, or a notification to the children's services
    (underretning); the last two on the day they were made. ``action`` "" records none."""
    unit_id = _allowed_unit(actor, citizen)
    if assessed_on is None:
        raise refuse("assessed_on", _("Enter the date of the assessment."), "required")
    not_in_future("assessed_on", assessed_on)
    if action:
        require_choice("action", action, AssessmentAction)
    elif action_on is not None:
        raise refuse("action", _("Choose the action the date belongs to."), "required")
    if action in DATED_ACTIONS and action_on is None:
        raise refuse("action_on", _("Enter the date of the family offer or the notification."), "required")
    if action_on is not None:
        not_in_future("action_on", action_on)
        if action_on < assessed_on:
            raise refuse("action_on", _("The action cannot be before the assessment."), "before_assessment")
    assessment = ChildrenAssessment.objects.create(
        citizen=citizen,
        assessed_on=assessed_on,
        assessed_by=actor.user,
        note=note.strip(),
        action=action,
        action_on=action_on,
    )
    log_access(actor, Use.CHANGE, citizen_id=citizen.pk, unit_id=unit_id, via="assess_children")
    return assessment


@dataclass
class ConsentData:
    kind: str
    given_on: date | None
    department: str = ""
    phone: str = ""
    preferred_time: str = ""
    parents_involved: bool | None = None


CONSENT_FIELDS = ("kind", "given_on", "department", "phone", "preferred_time", "parents_involved")


@transaction.atomic
def give_consent(actor: Actor, citizen: Citizen, data: ConsentData) -> Consent:
    unit_id = _allowed_unit(actor, citizen)
    require_choice("kind", data.kind, ConsentKind)
    if data.given_on is None:
        raise refuse("given_on", _("Enter the date the consent was given."), "required")
    not_in_future("given_on", data.given_on)
    if data.kind == ConsentKind.SHARE:
        if not data.department:
            raise refuse("department", _("Choose the department the information may be shared with."), "required")
        require_choice("department", data.department, Department)
    else:
        data.department = ""
    if data.kind == ConsentKind.FOLLOW_UP:
        data.phone = normalise_phone("phone", data.phone)
        if not data.phone:
            raise refuse("phone", _("Enter the phone number for the follow-up contact."), "required")
    else:
        data.phone = data.preferred_time = ""
    if citizen.age_on(data.given_on) < CHILD_AGE_LIMIT:
        if data.parents_involved is None:
            raise refuse(
                "parents_involved", _("The citizen is under 18: record whether the parents are involved."), "required"
            )
    else:
        data.parents_involved = None
    consent = Consent.objects.create(
        citizen=citizen, recorded_by=actor.user, **{f: getattr(data, f) for f in CONSENT_FIELDS}
    )
    log_access(actor, Use.CHANGE, citizen_id=citizen.pk, unit_id=unit_id, via="give_consent")
    return consent


@transaction.atomic
def withdraw_consent(
    actor: Actor, consent: Consent, withdrawn_on: date | None, expected_version: int | None = None
) -> Consent:
    """The consent stops counting from ``withdrawn_on``; everything that depends on it asks
    ``consent_in_force`` and so follows at once."""
    unit_id = _allowed_unit(actor, consent.citizen)
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    require_version(consent.version, expected_version, consent)
    if consent.withdrawn_on is not None:
        raise refuse(None, _("The consent has already been withdrawn."), "withdrawn")
    if withdrawn_on is None:
        raise refuse("withdrawn_on", _("Enter the date the consent was withdrawn."), "required")
    not_in_future("withdrawn_on", withdrawn_on)
    if withdrawn_on < consent.given_on:
        raise refuse("withdrawn_on", _("A consent cannot be withdrawn before it was given."), "before_given")
    consent.withdrawn_on, consent.withdrawn_by = withdrawn_on, actor.user
    consent.version += 1
    consent.save(update_fields=["withdrawn_on", "withdrawn_by", "version"])
    if consent.kind == ConsentKind.FOLLOW_UP and not consent_in_force(
        consent.citizen_id, ConsentKind.FOLLOW_UP, withdrawn_on
    ):
        for react in hooks.follow_up_consent_withdrawn:
            react(consent.citizen_id, withdrawn_on)
    log_access(actor, Use.CHANGE, citizen_id=consent.citizen_id, unit_id=unit_id, via="withdraw_consent")
    return consent


@dataclass
class SharedVisitationData:
    held_on: date | None
    departments: list[str]
    decision: str
    present: str = ""
    request: Request | None = None


@transaction.atomic
def record_shared_visitation(actor: Actor, citizen: Citizen, data: SharedVisitationData) -> SharedVisitation:
    """A fælles visitation with the departments present and the decision. The departments' staff
    see it only while the citizen's consent to share with them is in force."""
    unit_id = _allowed_unit(actor, citizen)
    if data.held_on is None:
        raise refuse("held_on", _("Enter the date of the meeting."), "required")
    not_in_future("held_on", data.held_on)
    if not data.departments:
        raise refuse("departments", _("Choose the departments present."), "required")
    for department in data.departments:
        require_choice("departments", department, Department)
    if not data.decision.strip():
        raise refuse("decision", _("Write the decision."), "required")
    if data.request is not None:
        if data.request.citizen_id != citizen.pk or not actor.has_role(data.request.unit_id, WORK_WITH_COURSE):
            raise refuse("request", _("Choose one of the citizen's requests at your units."), "unknown_code")
        unit_id = data.request.unit_id
    visitation = SharedVisitation.objects.create(
        citizen=citizen,
        unit_id=unit_id,
        request=data.request,
        held_on=data.held_on,
        present=data.present.strip(),
        decision=data.decision.strip(),
        recorded_by=actor.user,
    )
    VisitationDepartment.objects.bulk_create(
        VisitationDepartment(visitation=visitation, department=d) for d in sorted(set(data.departments))
    )
    log_access(actor, Use.CHANGE, citizen_id=citizen.pk, unit_id=unit_id, via="shared_visitation")
    return visitation


# --- Family-oriented treatment offered on a course, and children taking part in its sessions ---


def _course_unit(actor: Actor, course: Course) -> int:
    actor.require(course.unit_id, WORK_WITH_COURSE)
    return course.unit_id


@transaction.atomic
def record_family_offer(
    actor: Actor, course: Course, offered_on: date | None, note: str = "", expected_version: int | None = None
) -> FamilyOffer:
    """Record that family-oriented treatment was offered on the course (awaiting the citizen's
    answer), or correct the date and note of the offer already recorded."""
    unit_id = _course_unit(actor, course)
    # Locked on its own: PostgreSQL locks no row on the nullable side of a join (the request).
    course = Course.objects.select_for_update().get(pk=course.pk)
    if course.offer_type in LINKED_OFFERS:
        raise refuse(
            None,
            _("A course for relatives or a family course is family-oriented: record the offer on the index course."),
            "linked_course",
        )
    if offered_on is None:
        raise refuse("offered_on", _("Enter the date of the offer."), "required")
    not_in_future("offered_on", offered_on)
    first_day = course.request.received_on if course.request is not None else course.started_on
    if offered_on < first_day:
        raise refuse("offered_on", _("The offer cannot be before the request was received."), "before_request")
    if course.ended_on is not None and offered_on > course.ended_on:
        raise refuse("offered_on", _("The offer cannot be after the course ended."), "after_end")
    offer = FamilyOffer.objects.filter(course=course).first()
    if offer is None:
        offer = FamilyOffer.objects.create(
            course=course, offered_on=offered_on, offered_by=actor.user, note=note.strip()
        )
    else:
        require_sent_version(offer.version, expected_version, offer)
        if offer.answered_on is not None and offered_on > offer.answered_on:
            raise refuse("offered_on", _("The offer cannot be after the citizen's answer."), "after_answer")
        offer.offered_on, offer.note = offered_on, note.strip()
        offer.version += 1
        offer.save(update_fields=["offered_on", "note", "version"])
    log_access(actor, Use.CHANGE, citizen_id=course.citizen_id, unit_id=unit_id, via="record_family_offer")
    return offer


@transaction.atomic
def answer_family_offer(
    actor: Actor, course: Course, outcome: str, answered_on: date | None, expected_version: int | None = None
) -> FamilyOffer:
    """Record the citizen's answer to the course's family offer: accepted or declined on a day,
    or back to awaiting an answer."""
    unit_id = _course_unit(actor, course)
    offer = FamilyOffer.objects.select_for_update().filter(course_id=course.pk).first()
    if offer is None:
        raise refuse(None, _("Record the offer before the answer."), "no_offer")
    require_version(offer.version, expected_version, offer)
    require_choice("outcome", outcome, OfferOutcome)
    if outcome == OfferOutcome.AWAITING:
        answered_on = None
    else:
        if answered_on is None:
            raise refuse("answered_on", _("Enter the date of the answer."), "required")
        not_in_future("answered_on", answered_on)
        if answered_on < offer.offered_on:
            raise refuse("answered_on", _("The answer cannot be before the offer."), "before_offer")
    offer.outcome, offer.answered_on = outcome, answered_on
    offer.version += 1
    offer.save(update_fields=["outcome", "answered_on", "version"])
    log_access(actor, Use.CHANGE, citizen_id=course.citizen_id, unit_id=unit_id, via="answer_family_offer")
    return offer


@transaction.atomic
def set_session_children(actor: Actor, session: Session, children: list[int]) -> list[Relation]:
    """Which of the citizen's children (relations of kind child) took part in the session: the
    list replaces the one recorded before. Only for a course's session that took place."""
    course = session.course
    if course is None:
        raise refuse(None, _("Children are recorded on the sessions of a course, not of a group."), "group")
    unit_id = _course_unit(actor, course)
    session = Session.objects.select_for_update().get(pk=session.pk)
    wanted = set(children)
    found = list(Relation.objects.filter(citizen_id=course.citizen_id, kind=RelationKind.CHILD, pk__in=wanted))
    if len(found) != len(wanted):
        raise refuse("children", _("Choose among the citizen's children in the household and network."), "unknown")
    if wanted and session.attendance != Attendance.ATTENDED:
        raise refuse(
            "children", _("Children can only be recorded for a session that took place (attended)."), "not_attended"
        )
    recorded = {row.relation_id: row for row in SessionChild.objects.filter(session=session)}
    for relation_id, row in recorded.items():
        if relation_id not in wanted:
            row.delete()
    for relation in found:
        if relation.pk not in recorded:
            SessionChild.objects.create(session=session, relation=relation, recorded_by=actor.user)
    log_access(actor, Use.CHANGE, citizen_id=course.citizen_id, unit_id=unit_id, via="set_session_children")
    return found
