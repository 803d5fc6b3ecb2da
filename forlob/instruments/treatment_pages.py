# SPDX-License-Identifier: AGPL-3.0-or-later
"""What instruments show on treatment's pages, through ``forlob.treatment.hooks``."""

from forlob.common.sections import Section
from forlob.instruments.queries import course_measurements, instruments_in_use
from forlob.treatment.models import Course


def course_measurements_section(course: Course) -> Section:
    """The course's screenings and measurements, and the instruments to fill in."""
    return Section(
        "instruments/includes/course_section.html",
        {"course": course, "measurements": course_measurements(course), "instruments": instruments_in_use()},
    )
