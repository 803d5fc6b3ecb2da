# SPDX-License-Identifier: AGPL-3.0-or-later
"""Courses: starting one (from a request or on its own), the treatment plan, discharge."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from forlob.audit.log import log_access
from forlob.audit.models import Use
from forlob.citizens.actions import register
from forlob.citizens.models import Citizen
from forlob.citizens.queries import granting_unit_id
from forlob.common.dates import today
from forlob.common.errors import not_in_future, refuse, require_choice, require_version
from forlob.organisations.access import DISCHARGE, START_COURSE, WORK_WITH_COURSE, Actor, require_staff
from forlob.organisations.models import Unit
from forlob.treatment import hooks
from forlob.treatment.actions.first_start import refresh_first_start
from forlob.treatment.actions.requests import _check_legal_basis, _decide, _open_request_for_decision
from forlob.treatment.models import (
    LINKED_OFFERS,
    Attendance,
    Course,
    EndReason,
    Goal,
    GroupMembership,
    OfferType,
    Request,
    RequestStatus,
    Session,
    Substance,
    UnitOffer,
)


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
    # One of the unit's catalogue offers: the course's offer type is then the offer's category.
    unit_offer: UnitOffer | None = None
    # For aftercare: the same citizen's residential course it follows.
    residential_course: Course | None = None


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
    if data.unit_offer is not None:
        # Read again: the offer may have been deactivated since the form was made.
        if not UnitOffer.objects.filter(pk=data.unit_offer.pk, unit=unit, active=True).exists():
            raise refuse("unit_offer", _("Choose one of the unit's active offers."), "not_in_catalogue")
        data.offer_type = data.unit_offer.category
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
    _check_residential_course(actor, citizen, data)
    if Course.objects.filter(citizen=citizen, unit=unit, offer_type=data.offer_type, ended_on__isnull=True).exists():
        raise _duplicate_course()
    weeks = data.unit_offer.planned_weeks if data.unit_offer else None
    try:
        with transaction.atomic():
            course = Course(
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
                unit_offer=data.unit_offer,
                expected_end_on=data.started_on + timedelta(weeks=weeks) if weeks else None,
                residential_course=data.residential_course,
            )
            course._history_user = actor.user  # type: ignore[attr-defined]  # the journal's author
            course.save()
    except IntegrityError:
        raise _duplicate_course() from None
    if request is not None:
        refresh_first_start([request.pk])  # the request's first start, in this transaction
        request.refresh_from_db(fields=["first_started_on"])
    Goal.objects.bulk_create(Goal(course=course, description=g.strip()) for g in data.goals if g.strip())
    register(actor, citizen, unit)
    log_access(actor, Use.CREATE, citizen_id=citizen.pk, unit_id=unit.pk, via="start_course")
    return course


def _check_residential_course(actor: Actor, citizen: Citizen, data: CourseData) -> None:
    """An aftercare course may name the residential course before it: the same citizen's, one the
    actor works with, started no later than the aftercare."""
    residential = data.residential_course
    if residential is None:
        return
    if data.offer_type != OfferType.AFTERCARE:
        raise refuse("residential_course", _("Only an aftercare course follows a residential course."), "not_aftercare")
    if not actor.has_role(residential.unit_id, WORK_WITH_COURSE) or residential.citizen_id != citizen.pk:
        raise refuse("residential_course", _("Choose a residential course of the same citizen."), "other_citizen")
    if residential.offer_type != OfferType.RESIDENTIAL:
        raise refuse("residential_course", _("The course before must be a residential course."), "not_residential")
    if residential.started_on > data.started_on:
        raise refuse(
            "residential_course", _("The residential course must start before the aftercare course."), "starts_after"
        )


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
    expected_end_on: date | None = None,
    expected_end_reason: str = "",
) -> Course:
    """Edit the treatment plan, add goals and mark goals achieved today; move the expected end
    (``expected_end_on`` None leaves it), giving the reason."""
    actor.require(course.unit_id, WORK_WITH_COURSE)
    locked = Course.objects.select_for_update().get(pk=course.pk)
    if not locked.is_open:
        raise refuse(None, _("The course is closed."), "closed")
    require_version(locked.version, expected_version, locked)
    fields = ["plan", "version"]
    if expected_end_on is not None and expected_end_on != locked.expected_end_on:
        if not expected_end_reason.strip():
            raise refuse("expected_end_reason", _("Give the reason for changing the expected end."), "required")
        if expected_end_on < locked.started_on:
            raise refuse("expected_end_on", _("The expected end cannot be before the start date."), "before_start")
        course.expected_end_on = expected_end_on
        course.expected_end_reason = expected_end_reason.strip()
        fields += ["expected_end_on", "expected_end_reason"]
    course.plan = plan
    course.version = locked.version + 1
    course._history_user = actor.user  # type: ignore[attr-defined]  # the journal's author
    course.save(update_fields=fields)
    Goal.objects.bulk_create(Goal(course=course, description=g.strip()) for g in new_goals if g.strip())
    for goal in Goal.objects.filter(course=course, pk__in=list(achieved), achieved_on__isnull=True):
        goal.achieved_on = today()
        goal.save(update_fields=["achieved_on"])
    log_access(actor, Use.CHANGE, citizen_id=course.citizen_id, unit_id=course.unit_id, via="update_plan")
    return course


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
    cancelled, group memberships end the same day, and the apps in ``hooks.course_discharged``
    react within the same transaction (follow-up makes its tasks by the unit's rule)."""
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
    course.closed_by = actor.user
    course.discharge_note = note
    course.version += 1
    course._history_user = actor.user  # type: ignore[attr-defined]
    course.save()
    Session.objects.filter(course=course, attendance=Attendance.PLANNED, held_on__gt=ended_on).update(
        attendance=Attendance.CANCELLED
    )
    for membership in GroupMembership.objects.filter(course=course, left_on__isnull=True):
        membership.left_on = max(ended_on, membership.joined_on)
        membership.save(update_fields=["left_on"])
    for react in hooks.course_discharged:
        react(course)
    log_access(actor, Use.CHANGE, citizen_id=course.citizen_id, unit_id=course.unit_id, via="discharge_course")
    return course
