# SPDX-License-Identifier: AGPL-3.0-or-later
"""Reads of appointments: the week calendars, today's appointments, one appointment or series,
a course's appointments and the calendar feed. Scoped to the actor's units and logged; a
citizen's name is shown (and logged) only to those who may see the course."""

import hashlib
from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from forlob.appointments.models import Appointment, AppointmentSeries, FeedToken, Status
from forlob.appointments.recurrence import local_moment
from forlob.audit.log import log_access, log_many
from forlob.audit.models import Use
from forlob.audit.refusals import NotVisible
from forlob.common.paging import Rows, Window
from forlob.organisations.access import APPOINTMENTS, Actor
from forlob.treatment.models import Course

# The feed holds the appointments from this many days back to this many ahead.
FEED_DAYS_BACK = 30
FEED_DAYS_AHEAD = 365


def _visible(actor: Actor) -> QuerySet[Appointment]:
    return Appointment.objects.filter(course__unit_id__in=actor.unit_ids(APPOINTMENTS))


def _with_rows(qs: QuerySet[Appointment]) -> QuerySet[Appointment]:
    return qs.select_related("course__citizen", "course__unit", "session").prefetch_related(
        Prefetch("clinicians", to_attr="clinician_list")
    )


def log_calendar_rows(actor: Actor, rows: list[Appointment], *, via: str) -> None:
    """Mark each row's citizen as shown (name) or not, and log the shown ones once per unit."""
    case_units = actor.case_unit_ids
    by_unit: dict[int, set[int]] = defaultdict(set)
    for row in rows:
        row.shows_citizen = row.course.unit_id in case_units  # type: ignore[attr-defined]
        if row.shows_citizen:  # type: ignore[attr-defined]
            by_unit[row.course.unit_id].add(row.course.citizen_id)
    for unit_id, citizens in by_unit.items():
        log_many(actor, Use.LIST, sorted(citizens), unit_id=unit_id, via=via)


def _between(qs: QuerySet[Appointment], first: date, last: date) -> QuerySet[Appointment]:
    """Appointments starting on a local day from ``first`` to ``last``."""
    return qs.filter(
        starts_at__gte=local_moment(first, time(0)), starts_at__lt=local_moment(last + timedelta(1), time(0))
    )


def week(actor: Actor, monday: date, *, via: str, unit_id: int | None = None) -> list[Appointment]:
    """A week of the actor's own appointments, or (``unit_id``) of one of their units'."""
    if unit_id is not None:
        actor.require(unit_id, APPOINTMENTS)
        qs = Appointment.objects.filter(course__unit_id=unit_id)
    else:
        qs = Appointment.objects.filter(clinicians=actor.user)
    rows = list(_with_rows(_between(qs, monday, monday + timedelta(days=6))).order_by("starts_at", "pk"))
    log_calendar_rows(actor, rows, via=via)
    return rows


def day_for(actor: Actor, day: date, *, via: str) -> list[Appointment]:
    """The actor's planned appointments that day ("Mit overblik")."""
    qs = Appointment.objects.filter(clinicians=actor.user, status=Status.PLANNED)
    rows = list(_with_rows(_between(qs, day, day)).order_by("starts_at", "pk"))
    log_calendar_rows(actor, rows, via=via)
    return rows


def get_appointment(actor: Actor, pk: int, *, via: str) -> Appointment:
    appointment = _with_rows(_visible(actor)).filter(pk=pk).first()
    if appointment is None:
        raise NotVisible(Appointment, pk, _("The appointment is not found in your units."), "course__citizen_id")
    log_access(actor, Use.VIEW, citizen_id=appointment.course.citizen_id, unit_id=appointment.course.unit_id, via=via)
    return appointment


def get_series(actor: Actor, pk: int, *, via: str) -> AppointmentSeries:
    series = (
        AppointmentSeries.objects.filter(course__unit_id__in=actor.unit_ids(APPOINTMENTS), pk=pk)
        .select_related("course", "clinician")
        .first()
    )
    if series is None:
        raise NotVisible(
            AppointmentSeries, pk, _("The appointment series is not found in your units."), "course__citizen_id"
        )
    log_access(actor, Use.VIEW, citizen_id=series.course.citizen_id, unit_id=series.course.unit_id, via=via)
    return series


def _course(actor: Actor, course_id: int) -> Course:
    course = Course.objects.filter(pk=course_id, unit_id__in=actor.unit_ids(APPOINTMENTS)).first()
    if course is None:
        raise NotVisible(Course, course_id, _("The course is not found in your units."))
    return course


def course_appointments(actor: Actor, course_id: int, window: Window, *, via: str) -> Rows[Appointment]:
    """The course's appointments, oldest first (the API's list)."""
    course = _course(actor, course_id)
    shown = window.read(_with_rows(course.appointments.all()).order_by("starts_at", "pk"))
    log_access(actor, Use.LIST, citizen_id=course.citizen_id, unit_id=course.unit_id, via=via)
    return shown


def course_series(actor: Actor, course_id: int, window: Window, *, via: str) -> Rows[AppointmentSeries]:
    """The course's appointment series, newest first."""
    course = _course(actor, course_id)
    shown = window.read(course.appointment_series.select_related("course", "clinician").order_by("-starts_on", "-pk"))
    log_access(actor, Use.LIST, citizen_id=course.citizen_id, unit_id=course.unit_id, via=via)
    return shown


def feed_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def feed_owner(token: str) -> FeedToken | None:
    """The feed a secret address belongs to, if it is in force and its owner still active."""
    return (
        FeedToken.objects.filter(token_hash=feed_hash(token), revoked_at__isnull=True, user__is_active=True)
        .select_related("user")
        .first()
    )


def feed_appointments(actor: Actor, now: datetime, *, via: str) -> list[Appointment]:
    """The clinician's planned and held appointments around ``now``, for their calendar feed:
    logged as the clinician's own use of each citizen it names by initials."""
    qs = Appointment.objects.filter(
        clinicians=actor.user,
        course__unit_id__in=actor.unit_ids(APPOINTMENTS),
        status=Status.PLANNED,
        starts_at__gte=now - timedelta(days=FEED_DAYS_BACK),
        starts_at__lt=now + timedelta(days=FEED_DAYS_AHEAD),
    )
    rows = list(_with_rows(qs).order_by("starts_at", "pk"))
    log_calendar_rows(actor, rows, via=via)
    return rows
