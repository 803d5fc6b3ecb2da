# SPDX-License-Identifier: AGPL-3.0-or-later
"""A week of behandler's appointments at Rusmiddelcenter Faxe: a weekly series for two courses
(seed 000's weekly individual sessions), the ones already held registered, and one today."""

from datetime import time, timedelta

from django.utils import timezone

from forlob.appointments import actions
from forlob.appointments.recurrence import week_start
from forlob.demo.world import World
from forlob.treatment.models import Attendance

# Weekday and local time of the two series.
SLOTS = [(0, time(10)), (2, time(13, 30))]


def add_appointments(world: World) -> None:
    behandler = world.user("behandler")
    actor = world.actor(behandler)
    last_monday = week_start(world.today) - timedelta(weeks=1)
    courses = [
        c
        for c in world.open_courses
        if c.unit_id == world.units["faxe"].pk and c.started_on <= last_monday and c.ended_on is None
    ][:3]
    if len(courses) < 3:
        return
    now = timezone.now()
    for course, (weekday, at) in zip(courses, SLOTS, strict=False):
        data = actions.SeriesData(weekday=weekday, start_time=at, clinician=behandler, starts_on=last_monday, count=8)
        series = actions.create_series(actor, course, data)
        for n, appointment in enumerate(series.appointments.filter(starts_at__lt=now).order_by("starts_at")):
            attendance = Attendance.NO_SHOW if n == 1 and weekday == 2 else Attendance.ATTENDED
            actions.register_attendance(actor, appointment, attendance)
    today = actions.AppointmentData(world.today, time(15), [behandler], minutes=45)
    actions.plan_appointment(actor, courses[2], today)
