# SPDX-License-Identifier: AGPL-3.0-or-later
"""Sessions by place and method (seed 000's methods and electronic counselling, home visits), and
the sessions held before a course (assessment and motivation) against those in a course."""

from __future__ import annotations

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from forlob.stats.report import Report
from forlob.stats.scopes import Filters
from forlob.stats.suppression import suppress_table
from forlob.treatment.models import PRE_COURSE_OFFERS, Attendance, Session, SessionMethod, SessionPlace

NOT_RECORDED = ""


def _held(filters: Filters) -> QuerySet[Session]:
    """The course sessions that took place in the period (attended)."""
    return Session.objects.filter(
        course__in=filters.courses(),
        attendance=Attendance.ATTENDED,
        held_on__gte=filters.start,
        held_on__lte=filters.end,
    )


def sessions_by_place_and_method(filters: Filters) -> Report:
    """Sessions held in the period: a row per place, a column per method; a session registered
    without place or method counts under "Not recorded"."""
    counts = {
        (row["place"], row["method"]): row["n"]
        for row in _held(filters).values("place", "method").annotate(n=Count("pk"))
    }
    places = [*SessionPlace.values, NOT_RECORDED]
    methods = [*SessionMethod.values, NOT_RECORDED]
    grid = [[counts.get((place, method), 0) for method in methods] for place in places]
    not_recorded = str(_("Not recorded"))
    return Report(
        title=_("Sessions by place and method"),
        description=_(
            "Sessions held (attended) in the period, by where they took place and the method used. "
            "Group sessions are not included."
        ),
        row_header=_("Place"),
        row_labels=[*(str(label) for label in SessionPlace.labels), not_recorded],
        column_labels=[*(str(label) for label in SessionMethod.labels), not_recorded],
        table=suppress_table(grid, row_totals=True, column_totals=True, view=filters.view),
        row_total_label=_("Sessions"),
    )


def sessions_before_a_course(filters: Filters) -> Report:
    """Sessions held before a course (on an assessment or motivation course) and in a course, by
    place (docs/treatment-practice.md explains why these are courses of their own offer types)."""
    # Several offer types fall on each row: add them up.
    totals: dict[tuple[bool, str], int] = {}
    for row in _held(filters).values("course__offer_type", "place").annotate(n=Count("pk")):
        key = (row["course__offer_type"] in PRE_COURSE_OFFERS, row["place"])
        totals[key] = totals.get(key, 0) + row["n"]
    places = [*SessionPlace.values, NOT_RECORDED]
    grid = [[totals.get((before, place), 0) for place in places] for before in (True, False)]
    return Report(
        title=_("Sessions before a course"),
        description=_(
            "Sessions held (attended) in the period before a course (assessment and motivation courses) "
            "and in a treatment course, by place."
        ),
        row_header=_("Sessions"),
        row_labels=[_("Before a course"), _("In a course")],
        column_labels=[*(str(label) for label in SessionPlace.labels), str(_("Not recorded"))],
        table=suppress_table(grid, row_totals=True, column_totals=True, view=filters.view),
        row_total_label=_("Sessions"),
    )
