# SPDX-License-Identifier: AGPL-3.0-or-later
"""What instruments show on treatment's pages, through ``forlob.treatment.hooks``."""

from datetime import date

from forlob.common.sections import Section
from forlob.instruments.queries import (
    course_critical_answers,
    course_measurements,
    instruments_in_use,
    my_critical_answers,
)
from forlob.organisations.access import Actor
from forlob.treatment.models import Course


def course_measurements_section(course: Course) -> Section:
    """The course's screenings and measurements, and the instruments to fill in."""
    return Section(
        "instruments/includes/course_section.html",
        {"course": course, "measurements": course_measurements(course), "instruments": instruments_in_use()},
    )


def course_critical_section(course: Course) -> Section | None:
    """The course's critical answers not yet acknowledged, at the top of the course page."""
    critical = course_critical_answers(course)
    if not critical:
        return None
    return Section("instruments/includes/critical_answers.html", {"critical": critical}, place="summary", order=-10)


def overview_critical_section(actor: Actor, day: date) -> Section | None:
    """On "Mit overblik": the critical answers on my courses that nobody has acknowledged."""
    critical = my_critical_answers(actor) if actor.case_unit_ids else []
    if not critical:
        return None
    return Section("instruments/includes/critical_answers.html", {"critical": critical, "overview": True}, order=-10)
