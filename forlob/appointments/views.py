# SPDX-License-Identifier: AGPL-3.0-or-later
"""The week calendars (the clinician's own and the unit's), attendance in one click, planning from
the course page, ending a series, and the calendar feed with its settings page."""

from collections.abc import Callable
from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from forlob.appointments import actions, feed, queries
from forlob.appointments.forms import EndSeriesForm, PlanForm, Repeat
from forlob.appointments.models import FeedToken
from forlob.appointments.recurrence import week_start
from forlob.common import applog
from forlob.common.dates import today
from forlob.common.second_factor import passed_second_factor, second_factor_url
from forlob.common.views import next_url, run_action
from forlob.organisations.access import APPOINTMENTS, Actor
from forlob.organisations.models import Unit
from forlob.organisations.view_access import actor_of, case_work_required
from forlob.treatment import queries as treatment_queries
from forlob.treatment import views as treatment_views
from forlob.treatment.models import Course


def _monday(request: HttpRequest) -> date:
    """The week of ``?uge=2026-W49`` (ISO week), else this week."""
    raw = request.GET.get("uge", "")
    try:
        year, week = raw.split("-W")
        return date.fromisocalendar(int(year), int(week), 1)
    except ValueError:
        return week_start(today())


def _iso(monday: date) -> str:
    year, week, _day = monday.isocalendar()
    return f"{year}-W{week:02d}"


def _calendar(request: HttpRequest, actor: Actor, unit: Unit | None) -> HttpResponse:
    monday = _monday(request)
    rows = queries.week(
        actor, monday, via="unit_calendar" if unit else "my_calendar", unit_id=unit.pk if unit else None
    )
    days = [
        (monday + timedelta(days=i), [r for r in rows if timezone.localdate(r.starts_at) == monday + timedelta(days=i)])
        for i in range(7)
    ]
    context = {
        "nav": "calendar",
        "unit": unit,
        "monday": monday,
        "sunday": monday + timedelta(days=6),
        "week_number": monday.isocalendar()[1],
        "previous": _iso(monday - timedelta(weeks=1)),
        "next": _iso(monday + timedelta(weeks=1)),
        "this_week": _iso(week_start(today())),
        "days": days,
        "now": timezone.now(),
        "attendance_choices": [(a.value, a.label) for a in actions.CALENDAR_ATTENDANCE],
        "units": Unit.objects.filter(pk__in=actor.unit_ids(APPOINTMENTS)).order_by("name"),
    }
    return render(request, "appointments/calendar.html", context)


@case_work_required
@require_GET
def my_calendar(request: HttpRequest) -> HttpResponse:
    """Min kalender: the week of the signed-in clinician's appointments."""
    return _calendar(request, actor_of(request), None)


@case_work_required
@require_GET
def unit_calendar(request: HttpRequest, unit_id: int) -> HttpResponse:
    """The week of all appointments at one of the actor's units."""
    actor = actor_of(request)
    unit = get_object_or_404(Unit, pk=unit_id)
    actor.require(unit.pk, APPOINTMENTS)
    return _calendar(request, actor, unit)


def _one_click(request: HttpRequest, action: Callable[[], object], done: str, back: str) -> HttpResponse:
    """Run a button's action and go back, with its refusal or ``done`` as the message."""
    try:
        action()
    except ValidationError as error:
        applog.refused(error, via="calendar")
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect(next_url(request, back))


@case_work_required
@require_POST
def appointment_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """Attended, did not turn up or cancelled by the citizen, in one click from the calendar."""
    actor = actor_of(request)
    appointment = queries.get_appointment(actor, pk, via="appointment_attendance")
    attendance = request.POST.get("attendance", "")
    register = lambda: actions.register_attendance(actor, appointment, attendance)  # noqa: E731
    return _one_click(request, register, _("Attendance has been registered."), reverse("my_calendar"))


@case_work_required
@require_POST
def appointment_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Cancel one appointment; the rest of its series stays."""
    actor = actor_of(request)
    appointment = queries.get_appointment(actor, pk, via="appointment_cancel")
    back = reverse("course_detail", args=[appointment.course_id]) + "#aftaler"
    cancel = lambda: actions.cancel_appointment(actor, appointment)  # noqa: E731
    return _one_click(request, cancel, _("The appointment is cancelled."), back)


def _plan(actor: Actor, course: Course, form: PlanForm) -> object:
    d = form.cleaned_data
    if d["repeat"] == Repeat.SERIES:
        series = actions.SeriesData(
            weekday=d["day"].weekday(),
            start_time=d["start_time"],
            clinician=d["clinicians"][0],
            starts_on=d["day"],
            ends_on=d["ends_on"],
            count=d["count"],
            every_weeks=d["every_weeks"] or 1,
            kind=d["kind"],
            minutes=d["minutes"],
        )
        return run_action(form, lambda: actions.create_series(actor, course, series))
    one = actions.AppointmentData(d["day"], d["start_time"], list(d["clinicians"]), d["kind"], d["minutes"], d["note"])
    return run_action(form, lambda: actions.plan_appointment(actor, course, one))


@case_work_required
@require_POST
def appointment_plan(request: HttpRequest, pk: int) -> HttpResponse:
    """Planlæg aftaler on the course page: one appointment or a weekly series."""
    actor = actor_of(request)
    course = treatment_queries.get_course(actor, pk, via="appointment_plan")
    form = PlanForm(request.POST, unit_id=course.unit_id)
    if form.is_valid() and _plan(actor, course, form) is not None:
        messages.success(request, _("The appointments are planned."))
        return redirect(reverse("course_detail", args=[course.pk]) + "#aftaler")
    return treatment_views.course_page(request, course, appointment_form=form)


@case_work_required
@require_POST
def series_end(request: HttpRequest, pk: int) -> HttpResponse:
    """End a series: its appointments after the last day are cancelled."""
    actor = actor_of(request)
    series = queries.get_series(actor, pk, via="series_end")
    form = EndSeriesForm(request.POST)
    back = reverse("course_detail", args=[series.course_id]) + "#aftaler"
    if form.is_valid():
        d = form.cleaned_data
        cancelled = run_action(form, lambda: actions.end_series(actor, series, d["last_day"], d["version"]))
        if cancelled is not None:
            messages.success(request, _("The series is ended; %(n)s appointments were cancelled.") % {"n": cancelled})
            return redirect(back)
    messages.error(request, " ".join(str(m) for errors in form.errors.values() for m in errors))
    return redirect(back)


@case_work_required
def feed_settings(request: HttpRequest) -> HttpResponse:
    """The secret address of the actor's calendar feed: made (or renewed) and shown once, or revoked.
    Like an API token it outlives the session, so making one takes the second factor; revoking does not."""
    actor = actor_of(request)
    may_renew = passed_second_factor(request)
    address, status = None, 200
    if request.method == "POST":
        if request.POST.get("do") == "revoke":
            actions.revoke_feed(actor)
            messages.success(request, _("The calendar address is revoked."))
            return redirect("feed_settings")
        if may_renew:
            token = actions.renew_feed(actor)
            address = request.build_absolute_uri(reverse("calendar_feed", args=[token]))
        else:
            status = 403
    active = FeedToken.objects.filter(user=actor.user, revoked_at__isnull=True).first()
    context = {"nav": "calendar", "address": address, "active": active, "may_renew": may_renew}
    if not may_renew:
        context["second_factor_url"], context["has_app"] = second_factor_url(request, "feed_settings")
    return render(request, "appointments/feed_settings.html", context, status=status)


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The clinician's appointments as iCalendar, without names or CPR numbers. No sign-in: the
    secret address is the key; a wrong or revoked one is a 404."""
    owner = queries.feed_owner(token)
    if owner is None:
        raise Http404
    try:
        actor = Actor.for_user(owner.user)
    except PermissionDenied:
        raise Http404 from None
    rows = queries.feed_appointments(actor, timezone.now(), via="calendar_feed")
    response = HttpResponse(feed.as_ical(rows), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response
