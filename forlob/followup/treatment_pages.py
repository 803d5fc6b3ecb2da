# SPDX-License-Identifier: AGPL-3.0-or-later
"""What follow-up shows on treatment's pages, through ``forlob.treatment.hooks``."""

from datetime import date

from forlob.common.sections import Section
from forlob.followup import queries
from forlob.followup.due import due_summary
from forlob.organisations.access import Actor
from forlob.treatment.models import Course


def course_follow_ups(course: Course) -> Section | None:
    """The course's follow-ups, in the course page's summary. The course was read, and logged,
    by the page through ``treatment.queries.get_course``; these are its rows."""
    follow_ups = list(course.follow_ups.select_related("assigned_to").order_by("due_on"))
    if not follow_ups:
        return None
    return Section("followup/includes/course_follow_ups.html", {"follow_ups": follow_ups}, place="summary")


def due_follow_ups(actor: Actor, day: date) -> Section | None:
    """On "Mit overblik": how many of the actor's follow-ups are due this week or overdue."""
    if not actor.case_unit_ids:
        return None
    counts = queries.section_counts(actor, day)
    if not counts[queries.Section.CURRENT]:
        return None
    overdue = counts["overdue"]
    summary = due_summary(overdue, counts[queries.Section.CURRENT] - overdue)
    return Section("followup/includes/overview_due.html", {"summary": summary})
