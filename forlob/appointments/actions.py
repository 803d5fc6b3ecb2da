# SPDX-License-Identifier: AGPL-3.0-or-later
"""Every write of appointments: planning one or a series, ending a series, cancelling one,
registering attendance (which makes the treatment session), and the clinician's calendar feed."""

import secrets
from dataclasses import dataclass
from datetime import date, time, timedelta

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from forlob.appointments.models import APPOINTMENT_KINDS, Appointment, AppointmentSeries, FeedToken, Status
from forlob.appointments.queries import feed_hash
from forlob.appointments.recurrence import MAX_APPOINTMENTS, local_moment, series_dates
from forlob.audit.log import log_access
from forlob.audit.models import Use
from forlob.common.errors import refuse, require_version
from forlob.organisations.access import APPOINTMENTS, Actor, require_staff
from forlob.treatment.actions.sessions import SessionData, register_session
from forlob.treatment.models import Attendance, Course

MAX_EVERY_WEEKS = 8
# What the calendar registers in one click: the citizen came, did not come, or cancelled.
CALENDAR_ATTENDANCE = (Attendance.ATTENDED, Attendance.NO_SHOW, Attendance.CANCELLED)


@dataclass
class AppointmentData:
    day: date
    start_time: time
    clinicians: list[User]
    kind: str = "individual"
    minutes: int = 60
    note: str = ""


@dataclass
class SeriesData:
    weekday: int
    start_time: time
    clinician: User
    starts_on: date
    ends_on: date | None = None
    count: int | None = None
    every_weeks: int = 1
    kind: str = "individual"
    minutes: int = 60


def _check_course(actor: Actor, course: Course) -> None:
    actor.require(course.unit_id, APPOINTMENTS)
    if course.ended_on is not None:
        raise refuse(None, _("The course has ended: no more appointments can be planned."), "ended")


def _check_common(course: Course, kind: str, minutes: int, clinicians: list[User], field: str) -> None:
    if kind not in dict(APPOINTMENT_KINDS):
        raise refuse("kind", _("Choose a kind of session."), "invalid_choice")
    if not 1 <= minutes <= 24 * 60:
        raise refuse("minutes", _("The duration must be between 1 and 1440 minutes."), "range")
    if not clinicians:
        raise refuse(field, _("Choose at least one staff member."), "required")
    require_staff(course.unit, clinicians, field)


def _create(actor: Actor, course: Course, data: AppointmentData, series: AppointmentSeries | None) -> Appointment:
    appointment = Appointment(
        course=course,
        series=series,
        starts_at=local_moment(data.day, data.start_time),
        minutes=data.minutes,
        kind=data.kind,
        note=data.note,
        created_by=actor.user,
    )
    appointment._history_user = actor.user  # type: ignore[attr-defined]  # the API has no request user
    appointment.save()
    appointment.clinicians.set(data.clinicians)
    return appointment


@transaction.atomic
def plan_appointment(actor: Actor, course: Course, data: AppointmentData) -> Appointment:
    """One appointment on the course."""
    _check_course(actor, course)
    _check_common(course, data.kind, data.minutes, data.clinicians, "clinicians")
    if data.day < course.started_on:
        raise refuse("day", _("The appointment cannot be before the course started."), "before_start")
    appointment = _create(actor, course, data, None)
    log_access(actor, Use.CREATE, citizen_id=course.citizen_id, unit_id=course.unit_id, via="plan_appointment")
    return appointment


def _series_days(course: Course, data: SeriesData) -> list[date]:
    if not 0 <= data.weekday <= 6:
        raise refuse("weekday", _("Choose a weekday."), "invalid_choice")
    if not 1 <= data.every_weeks <= MAX_EVERY_WEEKS:
        raise refuse("every_weeks", _("Every 1 to %(max)s weeks.") % {"max": MAX_EVERY_WEEKS}, "range")
    if data.starts_on < course.started_on:
        raise refuse("starts_on", _("The series cannot start before the course started."), "before_start")
    if (data.ends_on is None) == (data.count is None):
        raise refuse("ends_on", _("Give either an end date or a number of appointments."), "end")
    if data.count is not None and not 1 <= data.count <= MAX_APPOINTMENTS:
        raise refuse("count", _("A series has 1 to %(max)s appointments.") % {"max": MAX_APPOINTMENTS}, "range")
    if data.ends_on is not None and data.ends_on < data.starts_on:
        raise refuse("ends_on", _("The end date cannot be before the start."), "before_start")
    days = series_dates(data.weekday, data.every_weeks, data.starts_on, ends_on=data.ends_on, count=data.count)
    if not days:
        raise refuse("ends_on", _("The series has no appointments between these dates."), "empty")
    if len(days) > MAX_APPOINTMENTS:
        message = _("A series has at most %(max)s appointments: choose an earlier end date.")
        raise refuse("ends_on", message % {"max": MAX_APPOINTMENTS}, "too_many")
    return days


@transaction.atomic
def create_series(actor: Actor, course: Course, data: SeriesData) -> AppointmentSeries:
    """A recurring appointment and all its appointments, at the same local time summer and winter."""
    _check_course(actor, course)
    _check_common(course, data.kind, data.minutes, [data.clinician], "clinician")
    days = _series_days(course, data)
    series = AppointmentSeries(
        course=course,
        clinician=data.clinician,
        weekday=data.weekday,
        start_time=data.start_time,
        minutes=data.minutes,
        kind=data.kind,
        every_weeks=data.every_weeks,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        count=data.count,
        created_by=actor.user,
    )
    series._history_user = actor.user  # type: ignore[attr-defined]
    series.save()
    for day in days:
        one = AppointmentData(day, data.start_time, [data.clinician], data.kind, data.minutes)
        _create(actor, course, one, series)
    log_access(actor, Use.CREATE, citizen_id=course.citizen_id, unit_id=course.unit_id, via="create_series")
    return series


def _cancel(actor: Actor, appointment: Appointment) -> None:
    appointment.status = Status.CANCELLED
    appointment._history_user = actor.user  # type: ignore[attr-defined]
    appointment.save(update_fields=["status"])


@transaction.atomic
def end_series(actor: Actor, series: AppointmentSeries, last_day: date, version: int | None = None) -> int:
    """End the series after ``last_day``: its planned appointments after that day are cancelled,
    those before it and those already registered stay. Returns how many were cancelled."""
    series = AppointmentSeries.objects.select_for_update().select_related("course").get(pk=series.pk)
    actor.require(series.course.unit_id, APPOINTMENTS)
    require_version(series.version, version, series)
    if series.ended_on is not None:
        raise refuse(None, _("The series has already ended."), "ended")
    if last_day < series.starts_on - timedelta(days=1):
        raise refuse("last_day", _("The last day cannot be before the series started."), "before_start")
    after = local_moment(last_day + timedelta(days=1), time(0))
    cancelled = list(
        series.appointments.select_for_update().filter(
            status=Status.PLANNED, session__isnull=True, starts_at__gte=after
        )
    )
    for appointment in cancelled:
        _cancel(actor, appointment)
    series.ended_on = last_day
    series.version += 1
    series._history_user = actor.user  # type: ignore[attr-defined]
    series.save(update_fields=["ended_on", "version"])
    course = series.course
    log_access(actor, Use.CHANGE, citizen_id=course.citizen_id, unit_id=course.unit_id, via="end_series")
    return len(cancelled)


@transaction.atomic
def change_series(
    actor: Actor, series: AppointmentSeries, data: SeriesData, version: int | None = None
) -> AppointmentSeries:
    """A new weekday, time, clinician or rhythm from ``data.starts_on``: the series ends the day
    before and a new one takes over, so the appointments already held keep what they were."""
    end_series(actor, series, data.starts_on - timedelta(days=1), version)
    return create_series(actor, series.course, data)


def _locked(appointment: Appointment) -> Appointment:
    return Appointment.objects.select_for_update().select_related("course", "course__unit").get(pk=appointment.pk)


@transaction.atomic
def cancel_appointment(actor: Actor, appointment: Appointment) -> Appointment:
    """Cancel one appointment (a holiday, the clinician ill): the rest of its series stays."""
    appointment = _locked(appointment)
    course = appointment.course
    actor.require(course.unit_id, APPOINTMENTS)
    if appointment.session_id is not None:
        raise refuse(None, _("Attendance is already registered for this appointment."), "registered")
    if appointment.status == Status.CANCELLED:
        raise refuse(None, _("The appointment is already cancelled."), "cancelled")
    _cancel(actor, appointment)
    log_access(actor, Use.CHANGE, citizen_id=course.citizen_id, unit_id=course.unit_id, via="cancel_appointment")
    return appointment


@transaction.atomic
def register_attendance(actor: Actor, appointment: Appointment, attendance: str) -> Appointment:
    """The citizen came, did not come or cancelled: the treatment session with the appointment's
    date, time, minutes and clinicians, made by treatment's own action in this transaction."""
    appointment = _locked(appointment)
    course = appointment.course
    actor.require(course.unit_id, APPOINTMENTS)
    if attendance not in CALENDAR_ATTENDANCE:
        raise refuse("attendance", _("Choose attended, did not turn up or cancelled."), "invalid_choice")
    if appointment.session_id is not None:
        raise refuse("attendance", _("Attendance is already registered for this appointment."), "registered")
    if appointment.status == Status.CANCELLED:
        raise refuse("attendance", _("The appointment is cancelled."), "cancelled")
    if appointment.starts_at > timezone.now():
        message = _("Attendance can only be registered once the appointment has begun.")
        raise refuse("attendance", message, "future")
    local = timezone.localtime(appointment.starts_at)
    data = SessionData(
        held_on=local.date(),
        start_time=local.time(),
        kind=appointment.kind,
        attendance=attendance,
        staff=list(appointment.clinicians.all()),
        minutes=appointment.minutes,
    )
    appointment.session = register_session(actor, course, data)
    appointment._history_user = actor.user  # type: ignore[attr-defined]
    appointment.save(update_fields=["session"])
    return appointment


def _require_case_staff(actor: Actor) -> None:
    if not actor.unit_ids(APPOINTMENTS):
        raise PermissionDenied(_("You do not have access to do this at this unit."))


def _revoke(actor: Actor) -> int:
    revoked = 0
    for feed in FeedToken.objects.select_for_update().filter(user=actor.user, revoked_at__isnull=True):
        feed.revoked_at = timezone.now()
        feed._history_user = actor.user  # type: ignore[attr-defined]
        feed.save(update_fields=["revoked_at"])
        revoked += 1
    return revoked


@transaction.atomic
def renew_feed(actor: Actor) -> str:
    """A new secret feed address for the actor's calendar; any earlier one stops working. The
    token is returned once, to be shown once: only its hash is kept."""
    _require_case_staff(actor)
    _revoke(actor)
    token = secrets.token_urlsafe(32)
    feed = FeedToken(user=actor.user, token_hash=feed_hash(token))
    feed._history_user = actor.user  # type: ignore[attr-defined]
    feed.save()
    return token


@transaction.atomic
def revoke_feed(actor: Actor) -> int:
    """Stop the actor's feed address: calendars that subscribed get a 404 from now on."""
    _require_case_staff(actor)
    return _revoke(actor)
