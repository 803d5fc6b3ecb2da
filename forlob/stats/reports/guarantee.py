# SPDX-License-Identifier: AGPL-3.0-or-later
"""The 14-day treatment guarantee: whether courses started by the deadline and how long the wait
was, and, for the unit's own leader, the requests that broke it, person by person."""

from __future__ import annotations

import math
from collections import Counter
from datetime import date
from typing import Any

from django.db.models import Case, Count, DateField, Exists, F, IntegerField, Min, OuterRef, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from forlob.audit.log import log_many
from forlob.audit.models import Use
from forlob.common.dates import DaysBetween, Year, today
from forlob.common.paging import Rows, Window
from forlob.organisations.access import STATISTICS_PERSONS, Actor
from forlob.stats import suppression
from forlob.stats.report import Measure, Report, added
from forlob.stats.scopes import Filters
from forlob.stats.suppression import Count as Shown
from forlob.stats.suppression import share, suppress_table
from forlob.treatment.models import Course, Request, RequestStatus

GUARANTEE_COLUMNS = ("in_time", "late", "waiting_late", "waiting", "not_started")


def _ranked(counts: Counter[int], rank: int) -> int:
    """The value at 1-based ``rank`` in the sorted values a histogram (value → how many) stands for."""
    seen = 0
    for value, n in sorted(counts.items()):
        seen += n
        if seen >= rank:
            return value
    raise ValueError("rank beyond the count")


def percentile(counts: Counter[int], p: int) -> float:
    """The nearest-rank percentile of the values a histogram stands for: the smallest value with
    at least ``p`` per cent of the values at or below it."""
    return float(_ranked(counts, max(1, math.ceil(p * counts.total() / 100))))


def _wait_measures(waits: Counter[int]) -> tuple[float | None, float | None]:
    """Median and 90th percentile wait from a histogram of waits in days; None when fewer courses
    started than the threshold."""
    n = waits.total()
    if n < suppression.threshold():
        return None, None
    median = _ranked(waits, (n + 1) // 2) if n % 2 else (_ranked(waits, n // 2) + _ranked(waits, n // 2 + 1)) / 2
    return float(median), percentile(waits, 90)


def guarantee_rows(filters: Filters) -> list[tuple[int, str, int | None, int]]:
    """(year received, state, wait in days or None, requests) for the report.

    Without an offer chosen, two queries over the requests alone (started, not started), no
    course read: each request carries the start of its first course (``Request.first_started_on``,
    kept by the course actions), so whether it started in time and how long it waited are columns
    of the request. The rows are at most years × states × distinct waits, whatever the volume."""
    day = today()
    if filters.offer_type:
        return _guarantee_rows_of_offer(filters, day)
    requests = Request.objects.filter(filters.received())
    started = (
        requests.filter(first_started_on__isnull=False)
        .annotate(
            year=Year("received_on"),
            state=Case(When(first_started_on__lte=F("deadline"), then=Value("in_time")), default=Value("late")),
            wait=DaysBetween("first_started_on", "received_on"),
        )
        .order_by()
        .values_list("year", "state", "wait")
        .annotate(n=Count("pk"))
    )
    waiting = (
        requests.filter(first_started_on__isnull=True)
        .annotate(
            year=Year("received_on"),
            state=_waiting_state(day),
        )
        .order_by()
        .values_list("year", "state")
        .annotate(n=Count("pk"))
    )
    return [*started, *((year, state, None, n) for year, state, n in waiting)]


def _waiting_state(day: date) -> Case:
    """A request without a course: referred or closed, waiting past its deadline, or within it."""
    return Case(
        When(~Q(status=RequestStatus.OPEN), then=Value("not_started")),
        When(deadline__lt=day, then=Value("waiting_late")),
        default=Value("waiting"),
    )


def _guarantee_rows_of_offer(filters: Filters, day: date) -> list[tuple[int, str, int | None, int]]:
    """The rows when an offer is chosen: the first course *of that offer* counts, which the
    request's pre-aggregated first start (of any offer) does not say, so each request's first
    course of the offer is found among the courses (one anti-join), and the requests still
    waiting are those without such a course."""
    requests = filters.requests()
    courses = Course.objects.filter(offer_type=filters.offer_type)
    # The first course of each request (the earliest start; the lowest id among equals) says
    # whether it started in time: counted from the courses' side, one anti-join, no row twice.
    earlier = courses.filter(request=OuterRef("request")).filter(
        Q(started_on__lt=OuterRef("started_on")) | Q(started_on=OuterRef("started_on"), pk__lt=OuterRef("pk"))
    )
    started = (
        courses.filter(filters.received("request__"))  # a join, not a semi-join: a sixth faster
        .exclude(Exists(earlier))
        .annotate(
            year=Year("request__received_on"),
            state=Case(When(started_on__lte=F("request__deadline"), then=Value("in_time")), default=Value("late")),
            wait=DaysBetween("started_on", "request__received_on"),
        )
        .order_by()
        .values_list("year", "state", "wait")
        .annotate(n=Count("pk"))
    )
    waiting = (
        requests.exclude(Exists(courses.filter(request=OuterRef("pk"))))
        .annotate(
            year=Year("received_on"),
            state=_waiting_state(day),
            wait=Value(None, output_field=IntegerField()),
        )
        .order_by()
        .values_list("year", "state", "wait")
        .annotate(n=Count("pk", distinct=True))
    )
    return [*started, *waiting]


def treatment_guarantee(filters: Filters) -> Report:
    """The 14-day guarantee by the year the request was received: whether the course started by
    the deadline, and the wait in days from request to start. Counted in the database, by year,
    state and wait (``guarantee_rows``)."""
    return guarantee_report(filters, guarantee_rows(filters))


def guarantee_report(filters: Filters, rows: list[tuple[int, str, int | None, int]]) -> Report:
    """The report from its rows: (year received, state, wait in days or None, requests)."""
    grid = {year: dict.fromkeys(GUARANTEE_COLUMNS, 0) for year in filters.years}
    waits: dict[int, Counter[int]] = {year: Counter() for year in filters.years}
    for year, state, wait, n in rows:
        grid[year][state] += n
        if wait is not None:
            waits[year][wait] += n
    table = suppress_table([[grid[year][c] for c in GUARANTEE_COLUMNS] for year in filters.years], view=filters.view)
    column_totals = table.column_margin()

    def due(cells: list[Shown]) -> Shown:
        """Requests the guarantee was due for: started, or still waiting past the deadline."""
        return added(cells[:3])

    measured = [_wait_measures(waits[year]) for year in filters.years]
    total = _wait_measures(sum(waits.values(), Counter()))
    return Report(
        title=_("Treatment guarantee"),
        description=_(
            "Requests by the year they were received, and whether the course started by the guarantee "
            "deadline (14 days). Share in time = started in time, of those started or still waiting "
            "past the deadline. Wait = days from the request to the start of the course; median and "
            "90th percentile of the courses started."
        ),
        row_header=_("Year received"),
        row_labels=[str(year) for year in filters.years],
        column_labels=[
            _("Started in time"),
            _("Started late"),
            _("Waiting, deadline passed"),
            _("Waiting, within the deadline"),
            _("Referred or closed without a course"),
        ],
        table=table,
        row_total_label=_("Requests"),
        measures=[
            Measure(
                _("Share in time (%)"),
                [share(cells[0], due(cells)) for cells in table.cells],
                share(column_totals[0], due(column_totals)),
            ),
            Measure(_("Median wait (days)"), [m[0] for m in measured], total[0]),
            Measure(_("90th percentile wait (days)"), [m[1] for m in measured], total[1]),
        ],
    )


def guarantee_breaches(actor: Actor, filters: Filters, window: Window) -> Rows[Any] | None:
    """The requests of the report whose course started late or that still wait past the deadline,
    person by person, one page (``window``) at a time, oldest first: only for the unit's own leader
    (None for anyone else), on screen, each citizen shown logged. Each request carries
    ``started_on``, the start of its first course (None while it waits); the list grows with the
    unit's history, so only the page shown is read and logged."""
    if filters.scope.kind != "unit" or filters.scope.pk not in actor.unit_ids(STATISTICS_PERSONS):
        return None
    day = today()
    # With an offer chosen, the first start among that offer's courses (the filter's join);
    # otherwise the request's pre-aggregated first start.
    first = Min("courses__started_on") if filters.offer_type else F("first_started_on")
    late = (
        filters.requests()
        .annotate(started_on=first)
        .filter(
            Q(started_on__gt=F("deadline")) | Q(started_on__isnull=True, status=RequestStatus.OPEN, deadline__lt=day)
        )
        .annotate(days_late=DaysBetween(Coalesce("started_on", Value(day, output_field=DateField())), "deadline"))
        .select_related("citizen")
        .order_by("received_on", "pk")
    )
    shown = window.read(late)
    log_many(
        actor,
        Use.LIST,
        sorted({r.citizen_id for r in shown.rows}),
        unit_id=filters.scope.pk,
        via="Statistik: behandlingsgaranti",
    )
    return shown
