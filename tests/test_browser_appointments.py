# SPDX-License-Identifier: AGPL-3.0-or-later
"""Appointments in a real headless Chromium: a clinician plans a weekly series from the course
page and registers attendance from the calendar in one click."""

from datetime import timedelta

import pytest
from django.utils import timezone

from forlob.appointments.models import Appointment
from forlob.common.dates import today
from forlob.treatment.models import Attendance
from tests.conftest import new_course
from tests.test_browser import page, shot, sign_in  # noqa: F401 - page is the fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_clinician_plans_a_weekly_series_and_registers_attendance_from_the_calendar(world, live_server, page):  # noqa: F811
    first = today() - timedelta(days=7)
    course = new_course(world, started_on=first - timedelta(days=7))
    sign_in(page, live_server.url, world.behandler.username, f"/forloeb/{course.pk}/")
    page.locator("details:has(#appointment-plan-form) > summary").click()
    form = page.locator("#appointment-plan-form")
    form.locator("input[name=appointment-repeat][value=series]").check()
    form.locator("#id_appointment-day").fill(first.isoformat())
    form.locator("#id_appointment-start_time").fill("10:00")
    form.locator(f"input[name=appointment-clinicians][value='{world.behandler.pk}']").check()
    form.locator("#id_appointment-count").fill("4")
    shot(page, "40-planlaeg-aftaler")
    form.locator("button[type=submit]").click()
    page.locator("table.upcoming-appointments").wait_for()
    planned = Appointment.objects.filter(course=course).order_by("starts_at")
    assert planned.count() == 4
    # The first is a week ago, today's depends on the hour: the page lists those still ahead.
    ahead = planned.filter(starts_at__gte=timezone.now()).count()
    assert page.locator("table.upcoming-appointments tbody tr").count() == ahead
    held = planned.first()

    year, week, _day = first.isocalendar()
    page.goto(f"{live_server.url}/kalender/?uge={year}-W{week:02d}")
    row = page.locator(f"#aftale-{held.pk}")
    row.wait_for()
    assert "Hans Hansen" in row.inner_text()
    shot(page, "41-min-kalender")
    row.locator("button[value=attended]").click()
    page.wait_for_load_state()
    held.refresh_from_db()
    assert held.session is not None
    assert (held.session.held_on, held.session.attendance) == (first, Attendance.ATTENDED)
    assert row.locator("button").count() == 0
