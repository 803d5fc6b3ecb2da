# SPDX-License-Identifier: AGPL-3.0-or-later
"""What appointments shows on treatment's pages, through ``forlob.treatment.hooks``."""

from datetime import date

from django.db.models import Prefetch
from django.utils import timezone

from forlob.appointments import queries
from forlob.appointments.forms import EndSeriesForm, PlanForm
from forlob.appointments.models import Status
from forlob.common.sections import Section
from forlob.organisations.access import APPOINTMENTS, Actor
from forlob.treatment.models import Course

# The course page lists this many upcoming appointments.
UPCOMING_ON_COURSE_PAGE = 10


def course_appointments(course: Course) -> Section:
    """The course's upcoming appointments, its running series and the "Planlæg aftaler" form. The
    course was read, and logged, by the page through ``treatment.queries.get_course``; these are
    its rows."""
    upcoming = list(
        course.appointments.filter(starts_at__gte=timezone.now(), status=Status.PLANNED)
        .prefetch_related(Prefetch("clinicians", to_attr="clinician_list"))
        .order_by("starts_at")[:UPCOMING_ON_COURSE_PAGE]
    )
    running = list(course.appointment_series.filter(ended_on__isnull=True).select_related("clinician"))
    context = {
        "course": course,
        "upcoming": upcoming,
        "running_series": [(s, EndSeriesForm(initial={"version": s.version}, auto_id=False)) for s in running],
        "appointment_form": PlanForm(unit_id=course.unit_id) if course.ended_on is None else None,
    }
    return Section("appointments/includes/course_section.html", context, order=5)


def todays_appointments(actor: Actor, day: date) -> Section | None:
    """On "Mit overblik": the actor's appointments today."""
    if not actor.unit_ids(APPOINTMENTS):
        return None
    rows = queries.day_for(actor, day, via="overview")
    if not rows:
        return None
    return Section("appointments/includes/overview_today.html", {"appointments": rows, "now": timezone.now()})
