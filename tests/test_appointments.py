# SPDX-License-Identifier: AGPL-3.0-or-later
"""Appointments (seeds 000 and 001: weekly individual sessions, joint family sessions): series
dates across the change to and from summer time, the cap of 52, ending a series, attendance
from the calendar making the treatment session, the iCalendar feed without names, and scope."""

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from icalendar import Calendar

from forlob.appointments import actions, queries
from forlob.appointments.models import Appointment, AppointmentSeries, Status
from forlob.appointments.recurrence import series_dates
from forlob.audit.models import AccessLogEntry, Use
from forlob.audit.refusals import NotVisible
from forlob.treatment.models import Attendance, Session
from tests.conftest import CPR_1, new_course, pass_second_factor
from tests.test_api import api
from tests.test_views import client_for

UTC = ZoneInfo("UTC")
CPH = ZoneInfo("Europe/Copenhagen")
MONDAY = date(2026, 11, 30)  # the course starts the day before the fixed test day, Tuesday 1.12.2026


def series(world, course, **extra) -> AppointmentSeries:  # type: ignore[no-untyped-def]
    data = actions.SeriesData(
        weekday=extra.pop("weekday", 0),
        start_time=extra.pop("start_time", time(10)),
        clinician=extra.pop("clinician", world.behandler),
        starts_on=extra.pop("starts_on", MONDAY),
        **extra,
    )
    return actions.create_series(world.actor(world.behandler), course, data)


def starts(s: AppointmentSeries) -> list[datetime]:
    return [a.starts_at.astimezone(UTC) for a in s.appointments.order_by("starts_at")]


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_a_weekly_ten_oclock_stays_ten_oclock_across_the_change_to_summer_time(world):
    # Summer time starts on Sunday 28 March 2027: 10:00 is 09:00 UTC before and 08:00 UTC after.
    s = series(world, new_course(world), starts_on=date(2027, 3, 15), count=4)
    assert starts(s) == [utc(2027, 3, 15, 9), utc(2027, 3, 22, 9), utc(2027, 3, 29, 8), utc(2027, 4, 5, 8)]
    assert {a.starts_at.astimezone(CPH).time() for a in s.appointments.all()} == {time(10)}


def test_and_back_across_the_change_to_winter_time(world):
    # Winter time starts on Sunday 31 October 2027.
    s = series(world, new_course(world), starts_on=date(2027, 10, 25), count=2)
    assert starts(s) == [utc(2027, 10, 25, 8), utc(2027, 11, 1, 9)]


def test_the_series_starts_on_the_first_weekday_on_or_after_its_start():
    # From Tuesday 1.12.2026, Thursdays every other week, three of them.
    assert series_dates(3, 2, date(2026, 12, 1), count=3) == [date(2026, 12, 3), date(2026, 12, 17), date(2026, 12, 31)]
    # Until a date, included: Mondays 7.12 to 21.12.
    assert series_dates(0, 1, date(2026, 12, 7), ends_on=date(2026, 12, 21)) == [
        date(2026, 12, 7),
        date(2026, 12, 14),
        date(2026, 12, 21),
    ]


def test_a_series_has_at_most_52_appointments(world):
    course = new_course(world)
    # Mondays from 7.12.2026: the 52nd is 29.11.2027 (51 weeks later); to 31.12.2027 would be 56.
    s = series(world, course, starts_on=date(2026, 12, 7), ends_on=date(2027, 11, 29))
    assert s.appointments.count() == 52
    assert starts(s)[-1] == utc(2027, 11, 29, 9)
    with pytest.raises(ValidationError) as refused:
        series(world, course, starts_on=date(2026, 12, 7), ends_on=date(2027, 12, 31))
    assert "ends_on" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        series(world, course, starts_on=date(2026, 12, 7), count=53)
    assert "count" in refused.value.message_dict
    # Every other week to the same end: 28 appointments (7.12.2026 + 2 × 27 weeks = 27.12.2027).
    assert (
        series(
            world, course, starts_on=date(2026, 12, 7), ends_on=date(2027, 12, 31), every_weeks=2
        ).appointments.count()
        == 28
    )
    assert AppointmentSeries.objects.count() == 2  # the refused ones saved nothing


def test_a_series_needs_an_end_date_or_a_count_and_the_unit_s_staff(world):
    course = new_course(world)
    with pytest.raises(ValidationError) as refused:
        series(world, course)
    assert "ends_on" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        series(world, course, count=2, clinician=world.other_behandler)
    assert "clinician" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        series(world, course, starts_on=MONDAY - timedelta(days=7), count=2)
    assert "starts_on" in refused.value.message_dict


def test_cancelling_one_and_ending_the_series(world):
    course = new_course(world, started_on=MONDAY)
    s = series(world, course, count=6)  # Mondays 30.11, 7.12, 14.12, 21.12, 28.12, 4.1
    actor = world.actor(world.behandler)
    monday = {a.starts_at.astimezone(CPH).date(): a for a in s.appointments.all()}
    actions.cancel_appointment(actor, monday[date(2026, 12, 14)])  # a holiday: the rest stays
    assert s.appointments.filter(status=Status.PLANNED).count() == 5
    actions.register_attendance(actor, monday[MONDAY], Attendance.ATTENDED)
    # Ended after Sunday 20.12: 21.12, 28.12 and 4.1 are cancelled; 14.12 was already.
    assert actions.end_series(actor, s, date(2026, 12, 20), s.version) == 3
    planned = s.appointments.filter(status=Status.PLANNED).order_by("starts_at")
    assert [a.starts_at.astimezone(CPH).date() for a in planned] == [MONDAY, date(2026, 12, 7)]
    with pytest.raises(ValidationError):
        actions.end_series(actor, s, date(2026, 12, 27))  # already ended


def test_changing_a_series_ends_it_and_starts_a_new_one(world):
    course = new_course(world, started_on=MONDAY)
    s = series(world, course, count=4)
    data = actions.SeriesData(
        weekday=2, start_time=time(14), clinician=world.leder, starts_on=date(2026, 12, 14), count=2
    )
    new = actions.change_series(world.actor(world.behandler), s, data, s.version)
    s.refresh_from_db()
    assert s.ended_on == date(2026, 12, 13)
    assert [a.starts_at.astimezone(CPH).date() for a in s.appointments.filter(status=Status.PLANNED)] == [
        MONDAY,
        date(2026, 12, 7),
    ]
    assert starts(new) == [utc(2026, 12, 16, 13), utc(2026, 12, 23, 13)]


def test_attendance_makes_the_treatment_session_once_and_not_ahead(world):
    course = new_course(world, started_on=MONDAY)
    actor = world.actor(world.behandler)
    past = actions.plan_appointment(
        actor,
        course,
        actions.AppointmentData(MONDAY, time(13, 30), [world.behandler, world.familiekonsulent], minutes=45),
    )
    actions.register_attendance(actor, past, Attendance.NO_SHOW)
    past.refresh_from_db()
    session = Session.objects.get(pk=past.session_id)
    assert (session.course_id, session.held_on, session.start_time, session.minutes) == (
        course.pk,
        MONDAY,
        time(13, 30),
        45,
    )
    assert session.attendance == Attendance.NO_SHOW
    assert set(session.staff.values_list("username", flat=True)) == {"behandler", "familiekonsulent"}
    with pytest.raises(ValidationError) as refused:
        actions.register_attendance(actor, past, Attendance.ATTENDED)
    assert refused.value.error_dict["attendance"][0].code == "registered"
    later = actions.plan_appointment(
        actor, course, actions.AppointmentData(date(2026, 12, 1), time(15), [world.behandler])
    )
    with pytest.raises(ValidationError) as refused:
        actions.register_attendance(actor, later, Attendance.ATTENDED)
    assert "attendance" in refused.value.message_dict
    assert Session.objects.filter(course=course).count() == 1


def test_attendance_is_refused_when_the_treatment_action_refuses_and_nothing_is_kept(world):
    # A joint family session needs a family consultant and a clinician: treatment's rule, in the same transaction.
    course = new_course(world, started_on=MONDAY)
    actor = world.actor(world.behandler)
    family = actions.plan_appointment(
        actor, course, actions.AppointmentData(MONDAY, time(9), [world.behandler], "family")
    )
    with pytest.raises(ValidationError):
        actions.register_attendance(actor, family, Attendance.ATTENDED)
    family.refresh_from_db()
    assert family.session_id is None


def test_the_calendar_registers_attendance_in_one_click(world):
    course = new_course(world, started_on=MONDAY)
    s = series(world, course, count=2)
    client = client_for(world.behandler)
    page = client.get(reverse("my_calendar") + "?uge=2026-W49")
    assert page.status_code == 200
    assert "Uge 49" in page.content.decode() or "Week 49" in page.content.decode()
    assert "Hans Hansen" in page.content.decode()
    first = s.appointments.order_by("starts_at").first()
    response = client.post(reverse("appointment_attendance", args=[first.pk]), {"attendance": "attended"})
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.session.attendance == Attendance.ATTENDED
    listed = AccessLogEntry.objects.filter(user=world.behandler, via="my_calendar", use=Use.LIST)
    assert list(listed.values_list("citizen_id", flat=True)) == [course.citizen_id]


def test_the_unit_calendar_is_for_the_unit_s_staff(world):
    course = new_course(world, started_on=MONDAY)
    series(world, course, count=1)
    assert client_for(world.leder).get(reverse("unit_calendar", args=[world.faxe.pk])).status_code == 200
    assert client_for(world.other_behandler).get(reverse("unit_calendar", args=[world.faxe.pk])).status_code == 403
    assert "Hansen" not in client_for(world.other_behandler).get(reverse("my_calendar")).content.decode()


def test_another_municipality_sees_nothing(world):
    course = new_course(world, started_on=MONDAY)
    one = series(world, course, count=1).appointments.get()
    other = world.actor(world.other_behandler)
    with pytest.raises(NotVisible):
        queries.get_appointment(other, one.pk, via="test")
    with pytest.raises(PermissionDenied):
        actions.register_attendance(other, one, Attendance.ATTENDED)
    assert client_for(world.other_behandler).post(reverse("appointment_attendance", args=[one.pk])).status_code == 404
    assert api(world.other_behandler).get(f"/api/v1/courses/{course.pk}/appointments").status_code == 404


def test_the_feed_is_valid_icalendar_without_names_and_a_revoked_address_is_404(world):
    course = new_course(world, started_on=MONDAY)
    series(world, course, count=3)
    client = client_for(world.behandler)
    refused = client.post(reverse("feed_settings"), {"do": "renew"})
    assert refused.status_code == 403 and 'id="second-factor-needed"' in refused.content.decode()
    assert not world.behandler.calendar_feeds.exists()  # an address outlives the session: second factor first
    pass_second_factor(client, world.behandler)
    page = client.post(reverse("feed_settings"), {"do": "renew"})
    address = page.context["address"]
    path = address.removeprefix("http://testserver")
    assert path.startswith("/kalender/feed/")
    token = path.removeprefix("/kalender/feed/").removesuffix(".ics")
    assert token not in client.get(reverse("feed_settings")).content.decode()  # shown once

    from django.test import Client

    response = Client().get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    for secret in ("Hans", "Hansen", CPR_1, CPR_1[:6]):
        assert secret not in body
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [e.decoded("dtstart").astimezone(UTC) for e in events] == [
        utc(2026, 11, 30, 9),
        utc(2026, 12, 7, 9),
        utc(2026, 12, 14, 9),
    ]
    assert all("H.H." in str(e["summary"]) and "Rusmiddelcentret Faxe" in str(e["summary"]) for e in events)
    logged = AccessLogEntry.objects.filter(user=world.behandler, via="calendar_feed")
    assert list(logged.values_list("citizen_id", "unit_id")) == [(course.citizen_id, world.faxe.pk)]

    assert Client().get(path.replace(token, token[:-2] + "xx")).status_code == 404
    client.post(reverse("feed_settings"), {"do": "renew"})
    assert Client().get(path).status_code == 404  # the old address stops with a new one
    client.post(reverse("feed_settings"), {"do": "revoke"})
    assert not world.behandler.calendar_feeds.filter(revoked_at__isnull=True).exists()


def test_the_course_page_plans_a_series_and_shows_the_upcoming(world):
    course = new_course(world, started_on=MONDAY)
    client = client_for(world.behandler)
    fields = {
        "repeat": "series",
        "day": "2026-12-03",
        "start_time": "10:00",
        "minutes": 60,
        "kind": "individual",
        "clinicians": [world.behandler.pk],
        "every_weeks": 1,
        "count": 4,
    }
    form = {f"appointment-{name}": value for name, value in fields.items()}
    response = client.post(reverse("appointment_plan", args=[course.pk]), form)
    assert response.status_code == 302
    assert Appointment.objects.filter(course=course).count() == 4
    page = client.get(reverse("course_detail", args=[course.pk])).content.decode()
    assert "03.12.2026 10:00" in page
    ids = re.findall(r'\sid="([^"]+)"', page)  # the plan form and the session form side by side
    assert sorted(i for i in set(ids) if ids.count(i) > 1) == []
    refused = client.post(
        reverse("appointment_plan", args=[course.pk]), form | {"appointment-count": "", "appointment-ends_on": ""}
    )
    assert refused.status_code == 200
    assert refused.context["appointment_form"].errors["ends_on"]


def test_mit_overblik_shows_today_s_appointments(world):
    course = new_course(world, started_on=MONDAY)
    actions.plan_appointment(
        world.actor(world.behandler), course, actions.AppointmentData(date(2026, 12, 1), time(14), [world.behandler])
    )
    page = client_for(world.behandler).get(reverse("overview")).content.decode()
    assert 'id="aftaler-i-dag"' in page
    assert "14:00" in page


def test_the_api_plans_lists_and_registers(world):
    course = new_course(world, started_on=MONDAY)
    client = api(world.behandler)
    body = {
        "weekday": 0,
        "start_time": "10:00",
        "clinician_id": world.behandler.pk,
        "starts_on": "2026-11-30",
        "count": 3,
    }
    made = client.post(f"/api/v1/courses/{course.pk}/appointment-series", body, content_type="application/json")
    assert made.status_code == 201, made.content
    listed = client.get(f"/api/v1/courses/{course.pk}/appointments").json()
    assert listed["count"] == 3
    assert listed["items"][0]["starts_at"].startswith("2026-11-30T09:00:00")
    first = listed["items"][0]["id"]
    registered = client.post(
        f"/api/v1/appointments/{first}/attendance", {"attendance": "attended"}, content_type="application/json"
    )
    assert registered.status_code == 200
    assert registered.json()["session_id"] is not None
    twice = client.post(
        f"/api/v1/appointments/{first}/attendance", {"attendance": "attended"}, content_type="application/json"
    )
    assert twice.status_code == 422
