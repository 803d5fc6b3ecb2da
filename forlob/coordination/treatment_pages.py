# SPDX-License-Identifier: AGPL-3.0-or-later
"""What coordination shows on treatment's pages, through ``forlob.treatment.hooks``: the action
plan and the case manager on the course page, the reviews due on "Mit overblik"."""

from datetime import date

from forlob.common.dates import today
from forlob.common.sections import Section
from forlob.coordination import queries
from forlob.coordination.forms import CaseManagerForm, EndCaseManagerForm
from forlob.organisations.access import Actor
from forlob.treatment.forms import staff_queryset
from forlob.treatment.models import Course


def case_manager_form(course: Course, data: object = None) -> CaseManagerForm:
    return CaseManagerForm(data, staff=staff_queryset({course.unit_id}), initial={"from_on": today()})


def course_coordination(course: Course) -> Section:
    """The course's action plans (the open one first) and its case managers. The course was read,
    and logged, by the page through ``treatment.queries.get_course``; these are its rows."""
    plans = list(course.action_plans.order_by("closed_on", "-agreed_on").prefetch_related("parties"))
    managers = list(course.case_managers.select_related("staff"))
    day = today()
    context = {
        "course": course,
        "open_plan": next((p for p in plans if p.is_open), None),
        "closed_plans": [p for p in plans if not p.is_open],
        "case_managers": [
            (
                m,
                EndCaseManagerForm(initial={"to_on": day, "version": m.version}, prefix=f"slut-{m.pk}")
                if m.to_on is None
                else None,
            )
            for m in managers
        ],
        "case_manager_form": case_manager_form(course) if course.is_open else None,
        "today": day,
    }
    return Section("coordination/includes/course_section.html", context, order=30)


def case_manager_summary(course: Course) -> Section | None:
    """The case manager today, among the course's facts."""
    day = today()
    manager = (
        course.case_managers.filter(from_on__lte=day)
        .exclude(to_on__lt=day)
        .select_related("staff")
        .order_by("-from_on")
        .first()
    )
    if manager is None:
        return None
    return Section("coordination/includes/case_manager_summary.html", {"manager": manager}, place="summary")


def due_reviews(actor: Actor, day: date) -> Section | None:
    """On "Mit overblik": the action plans whose review is due soon or overdue."""
    if not actor.case_unit_ids:
        return None
    plans = queries.reviews_due(actor, day)
    if not plans:
        return None
    return Section("coordination/includes/overview_reviews.html", {"plans": plans, "today": day})
