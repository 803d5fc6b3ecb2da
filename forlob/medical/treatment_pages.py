# SPDX-License-Identifier: AGPL-3.0-or-later
"""What medical treatment shows on the course page, through ``forlob.treatment.hooks``."""

from forlob.common.dates import today
from forlob.common.sections import Section
from forlob.medical.queries import course_medical
from forlob.treatment.models import Course


def course_medical_section(course: Course) -> Section:
    """The "Medicinsk behandling" section: medications with the missed doses in a row (substitution
    treatment), the latest doses, the detoxification episodes, and the doctor's links to record."""
    return Section(
        "medical/includes/course_section.html", {"course": course, "medical": course_medical(course, today())}
    )
