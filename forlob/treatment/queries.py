# SPDX-License-Identifier: AGPL-3.0-or-later
"""Reads of requests, courses, sessions and groups: scoped to the actor's units, and logged in the
same step as the rows they return."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from forlob.audit.log import log_access, log_many, log_records
from forlob.audit.models import Use
from forlob.audit.refusals import NotVisible
from forlob.common.dates import today
from forlob.common.paging import M, Rows, Window
from forlob.organisations.access import REGISTER_REQUEST, Actor
from forlob.treatment import hooks, journal
from forlob.treatment.models import (
    Attendance,
    ContactRequest,
    ContactStatus,
    Course,
    Group,
    GroupMembership,
    OfferType,
    Request,
    RequestStatus,
    Session,
    SessionAddendum,
)

# Requests whose deadline is this close show on "Mit overblik".
NEAR_DEADLINE_DAYS = 5


def _visible_requests(actor: Actor) -> QuerySet[Request]:
    return Request.objects.filter(unit_id__in=actor.case_unit_ids)


def _visible_courses(actor: Actor) -> QuerySet[Course]:
    return Course.objects.filter(unit_id__in=actor.case_unit_ids)


def visible_groups(actor: Actor) -> QuerySet[Group]:
    return Group.objects.filter(unit_id__in=actor.case_unit_ids)


def _citizens(rows: list[Request] | list[Course]) -> list[int]:
    """The citizens of the rows of a list, each once: the list logs each of them once."""
    return sorted({row.citizen_id for row in rows})


def _name_search(qs: QuerySet[M], actor: Actor, term: str, *, via: str) -> QuerySet[M]:
    """The rows whose citizen's name or alias holds every word of ``term``; the search is logged."""
    if not term.strip():
        return qs
    log_access(actor, Use.SEARCH, search_term=term.strip(), via=via)
    for word in term.split():
        qs = qs.filter(
            Q(citizen__first_name__icontains=word)
            | Q(citizen__last_name__icontains=word)
            | Q(citizen__alias__icontains=word)
        )
    return qs


def visitation_queue(
    actor: Actor, window: Window, *, via: str, unit_id: int | None = None, term: str = ""
) -> Rows[Request]:
    """Open requests, fewest days left first: the rows of ``window``, each citizen logged."""
    qs = _visible_requests(actor).filter(status=RequestStatus.OPEN).select_related("citizen", "unit")
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    qs = _name_search(qs, actor, term, via=via)
    shown = window.read(qs.order_by("deadline", "received_on", "id"))
    log_many(actor, Use.LIST, _citizens(shown.rows), via=via)
    return shown


def citizen_requests(actor: Actor, citizen_id: int, window: Window, *, via: str) -> Rows[Request]:
    """A citizen's requests at the actor's units, newest first; the citizen is logged as listed."""
    qs = _visible_requests(actor).filter(citizen_id=citizen_id).order_by("-received_on", "-pk")
    shown = window.read(qs)
    log_many(actor, Use.LIST, _citizens(shown.rows), via=via)
    return shown


def open_contacts(actor: Actor, window: Window, *, via: str, unit_id: int | None = None) -> Rows[ContactRequest]:
    """Open "Bliv kontaktet" requests from the public page in the actor's units, oldest first.
    They name people who are not citizens in Forløb yet: the log names each request shown."""
    qs = ContactRequest.objects.filter(unit_id__in=actor.unit_ids(REGISTER_REQUEST), status=ContactStatus.OPEN)
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    shown = window.read(qs.select_related("unit").order_by("received_at", "id"))
    log_records(actor, Use.LIST, ((c.unit_id, f"{via}:contact_request:{c.pk}") for c in shown.rows))
    return shown


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


def _courses(actor: Actor, *, open_only: bool = True, mine: bool = False) -> QuerySet[Course]:
    qs = _visible_courses(actor).select_related("citizen", "unit", "responsible")
    if open_only:
        qs = qs.filter(ended_on__isnull=True)
    if mine:
        qs = qs.filter(responsible=actor.user)
    return qs.order_by("-started_on", "-id")


def course_list(
    actor: Actor,
    window: Window,
    *,
    via: str,
    open_only: bool = True,
    mine: bool = False,
    term: str = "",
    with_goals: bool = False,
) -> Rows[Course]:
    """Courses of the actor's units, newest first: the rows of ``window``, each citizen logged."""
    qs = _name_search(_courses(actor, open_only=open_only, mine=mine), actor, term, via=via)
    if with_goals:
        qs = qs.prefetch_related("goals")
    shown = window.read(qs)
    log_many(actor, Use.LIST, _citizens(shown.rows), via=via)
    return shown


def course_choices(
    actor: Actor,
    *,
    via: str,
    unit_id: int | None = None,
    other_than_citizen_id: int | None = None,
    other_than_course_ids: Sequence[int] = (),
) -> QuerySet[Course]:
    """The open courses a form offers to choose from (optionally of one unit, leaving out one
    citizen's or some courses). The form lists them by citizen, so each citizen is logged as
    listed; the queryset is the one the form also checks the choice against."""
    qs = _courses(actor).exclude(pk__in=other_than_course_ids)
    if unit_id is not None:
        qs = qs.filter(unit_id=unit_id)
    if other_than_citizen_id is not None:
        qs = qs.exclude(citizen_id=other_than_citizen_id)
    log_many(actor, Use.LIST, sorted(set(qs.values_list("citizen_id", flat=True))), via=via)
    return qs


def residential_course_choices(actor: Actor, citizen_id: int, *, via: str) -> QuerySet[Course]:
    """The citizen's residential courses an aftercare course may follow: the citizen's own, at the
    actor's units; the citizen is logged as listed."""
    log_many(actor, Use.LIST, [citizen_id], via=via)
    return _visible_courses(actor).filter(citizen_id=citizen_id, offer_type=OfferType.RESIDENTIAL)


def get_request(actor: Actor, pk: int, *, via: str) -> Request:
    request = (
        _visible_requests(actor)
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
        _annotated(_visible_courses(actor), today())
        # The index course of a course for relatives is fetched on its own, and only when there is
        # one: joined in, its two tables more than doubled the time PostgreSQL took to plan the query.
        .select_related("citizen", "unit", "responsible", "closed_by", "request", "unit_offer")
        .prefetch_related(
            Prefetch("index_course", queryset=Course.objects.select_related("citizen")),
            # The aftercare link is shown only where the actor works with the other course too.
            Prefetch("residential_course", queryset=Course.objects.filter(unit_id__in=actor.case_unit_ids)),
            Prefetch("aftercare_courses", queryset=Course.objects.filter(unit_id__in=actor.case_unit_ids)),
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
    log_many(actor, Use.VIEW, [m.course.citizen_id for m in group.active_memberships], via="group_detail")
    return group


def get_session(actor: Actor, pk: int, *, via: str) -> Session:
    """A session of a course at the actor's units (to mark its attendance, or read its note and
    addenda); logged as a view."""
    session = (
        Session.objects.select_related("course__citizen", "created_by")
        .prefetch_related(Prefetch("addenda", queryset=SessionAddendum.objects.select_related("written_by")))
        .filter(pk=pk, course__in=_visible_courses(actor))
        .first()
    )
    if session is None or session.course is None:
        raise NotVisible(Session, pk, _("The session is not found in your units."), "course__citizen_id")
    log_access(actor, Use.VIEW, citizen_id=session.course.citizen_id, unit_id=session.course.unit_id, via=via)
    return session


def get_membership(actor: Actor, pk: int, *, via: str, group_id: int | None = None) -> GroupMembership:
    """A membership of a group at the actor's units (of ``group_id``, if given); logged as a view."""
    memberships = GroupMembership.objects.filter(pk=pk, group__in=visible_groups(actor))
    if group_id is not None:
        memberships = memberships.filter(group_id=group_id)
    membership = memberships.select_related("group", "course").first()
    if membership is None:
        raise NotVisible(GroupMembership, pk, _("The group member is not found in your units."), "course__citizen_id")
    log_access(actor, Use.VIEW, citizen_id=membership.course.citizen_id, unit_id=membership.group.unit_id, via=via)
    return membership


@dataclass
class Overview:
    my_courses: list[Course]
    near_deadline: list[Request]
    todays_sessions: list[Session]


def overview(actor: Actor, today: date, limit: int = 50) -> Overview:
    """'Mit overblik': my open courses, requests close to the deadline at my units, today's sessions."""
    my_courses = list(
        _annotated(_visible_courses(actor).filter(responsible=actor.user, ended_on__isnull=True), today)
        .select_related("citizen", "unit")
        .order_by("started_on")[:limit]
    )
    near = list(
        _visible_requests(actor)
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


# How the journal is read: a page, the newest entries, a slice or all of a period (the
# ``journal.read_*`` functions with their counts given).
JournalRead = Callable[[journal.Scope, Sequence[journal.Source], Actor], journal.Journal]


def _journal(
    actor: Actor,
    courses: QuerySet[Course],
    read: JournalRead,
    *,
    log: tuple[int, int | None],
    start: date | None,
    end: date | None,
    use: Use | None,
    purpose: str,
    via: str,
) -> journal.Journal:
    scope = journal.Scope(courses.values("pk"), courses.values("citizen_id"), start, end)
    read_journal = read(scope, (*journal.SOURCES, *hooks.journal_sources), actor)
    citizen_id, unit_id = log
    # None: the journal is part of the course or citizen page, whose view of the citizen was
    # logged a moment ago in the same request; a second row would count one look twice.
    if use is not None:
        log_access(actor, use, citizen_id=citizen_id, unit_id=unit_id, purpose=purpose, via=via)
    return read_journal


def course_journal(
    actor: Actor,
    course: Course,
    read: JournalRead,
    *,
    via: str,
    start: date | None = None,
    end: date | None = None,
    use: Use | None = Use.VIEW,
    purpose: str = "",
) -> journal.Journal:
    """The journal of a course the actor sees (from ``get_course``), for a period; logged as
    ``use`` (a print or PDF as an export, with its purpose)."""
    courses = _visible_courses(actor).filter(pk=course.pk)
    return _journal(
        actor,
        courses,
        read,
        log=(course.citizen_id, course.unit_id),
        start=start,
        end=end,
        use=use,
        purpose=purpose,
        via=via,
    )


def citizen_journal(
    actor: Actor,
    citizen_id: int,
    read: JournalRead,
    *,
    via: str,
    start: date | None = None,
    end: date | None = None,
    use: Use | None = Use.VIEW,
    purpose: str = "",
) -> journal.Journal:
    """The journal of a citizen's courses at the actor's units (the citizen's page checked the
    citizen is visible), for a period; logged as ``use`` with its purpose."""
    courses = _visible_courses(actor).filter(citizen_id=citizen_id)
    return _journal(
        actor, courses, read, log=(citizen_id, None), start=start, end=end, use=use, purpose=purpose, via=via
    )
