# SPDX-License-Identifier: AGPL-3.0-or-later
"""Reads of requests, courses, sessions and groups: scoped to the actor's units and logged."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from forlob.audit.log import log_access, log_many, log_records
from forlob.audit.models import Use
from forlob.audit.refusals import NotVisible
from forlob.citizens.models import Citizen
from forlob.common.errors import today
from forlob.organisations.access import REGISTER_REQUEST, Actor
from forlob.treatment import hooks
from forlob.treatment.models import (
    Attendance,
    ContactRequest,
    ContactStatus,
    Course,
    Group,
    GroupMembership,
    Referral,
    Request,
    RequestStatus,
    Session,
)

# Requests whose deadline is this close show on "Mit overblik".
NEAR_DEADLINE_DAYS = 5


def visible_requests(actor: Actor) -> QuerySet[Request]:
    return Request.objects.filter(unit_id__in=actor.case_unit_ids)


def visible_courses(actor: Actor) -> QuerySet[Course]:
    return Course.objects.filter(unit_id__in=actor.case_unit_ids)


def visible_groups(actor: Actor) -> QuerySet[Group]:
    return Group.objects.filter(unit_id__in=actor.case_unit_ids)


def log_rows(actor: Actor, rows: list, *, via: str) -> None:  # type: ignore[type-arg]
    """Log each citizen shown on a list page once."""
    log_many(actor, Use.LIST, sorted({row.citizen_id for row in rows}), via=via)


def visitation_queue(actor: Actor, *, unit_id: int | None = None, term: str = "") -> QuerySet[Request]:
    """Open requests, fewest days left first."""
    qs = visible_requests(actor).filter(status=RequestStatus.OPEN).select_related("citizen", "unit")
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    if term.strip():
        log_access(actor, Use.SEARCH, search_term=term.strip(), via="visitation_queue")
        for word in term.split():
            qs = qs.filter(
                Q(citizen__first_name__icontains=word)
                | Q(citizen__last_name__icontains=word)
                | Q(citizen__alias__icontains=word)
            )
    return qs.order_by("deadline", "received_on", "id")


def open_contacts(actor: Actor, *, unit_id: int | None = None) -> QuerySet[ContactRequest]:
    """Open "Bliv kontaktet" requests from the public page in the actor's units, oldest first."""
    qs = ContactRequest.objects.filter(unit_id__in=actor.unit_ids(REGISTER_REQUEST), status=ContactStatus.OPEN)
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    return qs.select_related("unit").order_by("received_at", "id")


def log_contacts(actor: Actor, contacts: list[ContactRequest], *, via: str) -> None:
    """Contact requests name people who are not citizens in Forløb yet: the log names the request."""
    log_records(actor, Use.LIST, ((c.unit_id, f"{via}:contact_request:{c.pk}") for c in contacts))


def get_contact(actor: Actor, pk: int, *, via: str) -> ContactRequest:
    contact = (
        ContactRequest.objects.filter(unit_id__in=actor.unit_ids(REGISTER_REQUEST), pk=pk)
        .select_related("unit", "request__citizen", "handled_by")
        .first()
    )
    if contact is None:
        raise NotVisible(
            ContactRequest, pk, _("The contact request is not found in your units."), "request__citizen_id"
        )
    log_access(actor, Use.VIEW, unit_id=contact.unit_id, via=f"{via}:contact_request:{pk}")
    return contact


def course_list(actor: Actor, *, open_only: bool = True, mine: bool = False, term: str = "") -> QuerySet[Course]:
    qs = visible_courses(actor).select_related("citizen", "unit", "responsible")
    if open_only:
        qs = qs.filter(ended_on__isnull=True)
    if mine:
        qs = qs.filter(responsible=actor.user)
    if term.strip():
        log_access(actor, Use.SEARCH, search_term=term.strip(), via="course_list")
        for word in term.split():
            qs = qs.filter(
                Q(citizen__first_name__icontains=word)
                | Q(citizen__last_name__icontains=word)
                | Q(citizen__alias__icontains=word)
            )
    return qs.order_by("-started_on", "-id")


def get_request(actor: Actor, pk: int, *, via: str) -> Request:
    request = (
        visible_requests(actor)
        .select_related("citizen", "unit", "decided_by", "created_by", "referral__from_unit")
        .filter(pk=pk)
        .first()
    )
    if request is None:
        raise NotVisible(Request, pk, _("The request is not found in your units."))
    log_access(actor, Use.VIEW, citizen_id=request.citizen_id, unit_id=request.unit_id, via=via)
    return request


def _annotated(courses: QuerySet[Course], day: date) -> QuerySet[Course]:
    """The courses with what other apps add to them for ``day`` (``hooks.course_annotations``)."""
    for annotate in hooks.course_annotations:
        courses = annotate(courses, day)
    return courses


def get_course(actor: Actor, pk: int, *, via: str) -> Course:
    course = (
        _annotated(visible_courses(actor), today())
        # The index course of a course for relatives is fetched on its own, and only when there is
        # one: joined in, its two tables more than doubled the time PostgreSQL took to plan the query.
        .select_related("citizen", "unit", "responsible", "closed_by", "request")
        .prefetch_related(
            Prefetch("index_course", queryset=Course.objects.select_related("citizen")),
            "goals",
            Prefetch(
                "sessions", queryset=Session.objects.prefetch_related("staff").order_by("-held_on", "-start_time")
            ),
            Prefetch(
                "linked_courses",
                queryset=Course.objects.filter(unit_id__in=actor.case_unit_ids).select_related("citizen"),
            ),
            Prefetch("group_memberships", queryset=GroupMembership.objects.select_related("group")),
        )
        .filter(pk=pk)
        .first()
    )
    if course is None:
        raise NotVisible(Course, pk, _("The course is not found in your units."))
    log_access(actor, Use.VIEW, citizen_id=course.citizen_id, unit_id=course.unit_id, via=via)
    return course


RECENT_GROUP_SESSIONS = 20


def _group_sessions() -> QuerySet[Session]:
    return Session.objects.annotate(
        present_count=Count("group_attendance", filter=Q(group_attendance__attendance=Attendance.ATTENDED)),
        no_show_count=Count("group_attendance", filter=Q(group_attendance__attendance=Attendance.NO_SHOW)),
    ).order_by("-held_on")


def get_group(actor: Actor, pk: int) -> Group:
    group = (
        visible_groups(actor)
        .select_related("unit")
        .prefetch_related(
            "staff",
            Prefetch(
                "memberships",
                queryset=GroupMembership.objects.filter(left_on__isnull=True).select_related("course__citizen"),
                to_attr="active_memberships",
            ),
            Prefetch("sessions", queryset=_group_sessions()[:RECENT_GROUP_SESSIONS], to_attr="all_sessions"),
        )
        .filter(pk=pk)
        .first()
    )
    if group is None:
        raise NotVisible(Group, pk, _("The group is not found in your units."), None)
    log_many(actor, Use.VIEW, [m.course.citizen_id for m in group.active_memberships], via="group_detail")  # type: ignore[attr-defined]
    return group


def citizen_cases(actor: Actor, citizen: Citizen) -> tuple[list[Request], list[Course]]:
    """The citizen's requests and courses at the actor's units (the citizen page's body)."""
    requests = list(visible_requests(actor).filter(citizen=citizen).select_related("unit").order_by("-received_on"))
    courses = list(
        visible_courses(actor).filter(citizen=citizen).select_related("unit", "responsible").order_by("-started_on")
    )
    return requests, courses


def citizen_referrals(actor: Actor, citizen: Citizen) -> list[Referral]:
    """The referrals the actor's units made of the citizen: where to, when, with which consent."""
    rows = Referral.objects.filter(citizen=citizen, from_unit_id__in=actor.case_unit_ids)
    return list(rows.select_related("from_unit", "to_unit__municipality", "created_by"))


@dataclass
class Overview:
    my_courses: list[Course]
    near_deadline: list[Request]
    todays_sessions: list[Session]


def overview(actor: Actor, today: date, limit: int = 50) -> Overview:
    """'Mit overblik': my open courses, requests close to the deadline at my units, today's sessions."""
    my_courses = list(
        _annotated(visible_courses(actor).filter(responsible=actor.user, ended_on__isnull=True), today)
        .select_related("citizen", "unit")
        .order_by("started_on")[:limit]
    )
    near = list(
        visible_requests(actor)
        .filter(status=RequestStatus.OPEN, deadline__lte=today + timedelta(days=NEAR_DEADLINE_DAYS))
        .select_related("citizen", "unit")
        .order_by("deadline")[:limit]
    )
    sessions = list(
        Session.objects.filter(held_on=today, staff=actor.user)
        .filter(Q(course__unit_id__in=actor.case_unit_ids) | Q(group__unit_id__in=actor.case_unit_ids))
        .select_related("course__citizen", "group")
        .order_by("start_time")[:limit]
    )
    shown = {c.citizen_id for c in my_courses} | {r.citizen_id for r in near}
    shown |= {s.course.citizen_id for s in sessions if s.course is not None}
    log_many(actor, Use.LIST, sorted(shown), via="overview")
    return Overview(my_courses=my_courses, near_deadline=near, todays_sessions=sessions)
