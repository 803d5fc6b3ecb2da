# SPDX-License-Identifier: AGPL-3.0-or-later
"""Report definitions: each aggregates in the database for a scope the user may see, and returns
its tables already suppressed. Screen, CSV and API all render these tables."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import (
    Avg,
    Case,
    Count,
    Exists,
    F,
    FloatField,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from forlob.audit.log import log_many
from forlob.audit.models import Use
from forlob.citizens.models import Citizen
from forlob.common.dates import DaysBetween, Year
from forlob.common.errors import today
from forlob.competences.models import Participation, TrainingCourse
from forlob.family.queries import children_at_home
from forlob.instruments.models import Phase, Response
from forlob.organisations.access import CLUSTER_STATISTICS, STATISTICS, STATISTICS_PERSONS, Actor
from forlob.organisations.models import Cluster, Municipality, Unit
from forlob.prevention.models import Activity, FocusArea, Level
from forlob.stats import suppression
from forlob.stats.suppression import Count as Shown
from forlob.stats.suppression import Table, share, suppress_table
from forlob.treatment.models import (
    Attendance,
    Course,
    EndReason,
    GroupAttendance,
    OfferType,
    Request,
    RequestStatus,
    Session,
    SessionKind,
)


@dataclass(frozen=True)
class Scope:
    """Whose figures: a unit's own production (``unit:<id>``); the courses of the citizens who
    live in a municipality, wherever they were treated (``municipality:<id>``; the buying
    municipality sees its own citizens treated at another municipality's centre); or those of the
    citizens of a cluster's municipalities (``cluster:<id>``)."""

    kind: str
    pk: int
    label: str
    municipality: str  # the heading of the printed report: the municipality's or cluster's name

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.pk}"

    def where(self, prefix: str = "") -> Q:
        """The scope as a condition on a course or request, or on the one ``prefix`` leads to."""
        if self.kind == "country":  # every unit's courses: the national benchmark's scope
            return Q()
        if self.kind == "unit":
            return Q(**{f"{prefix}unit_id": self.pk})
        if self.kind == "cluster":
            return Q(**{f"{prefix}citizen__municipality__clusters": self.pk})
        return Q(**{f"{prefix}citizen__municipality_id": self.pk})

    def courses(self) -> QuerySet[Course]:
        return Course.objects.filter(self.where())

    def training(self) -> QuerySet[TrainingCourse]:
        """Training courses held by the unit's municipality, the municipality, or the cluster's."""
        if self.kind == "unit":
            return TrainingCourse.objects.filter(municipality__units=self.pk)
        if self.kind == "cluster":
            return TrainingCourse.objects.filter(municipality__clusters=self.pk)
        return TrainingCourse.objects.filter(municipality_id=self.pk)

    def activities(self) -> QuerySet[Activity]:
        """Prevention activities of the unit, or of the units in the municipality or cluster."""
        if self.kind == "unit":
            return Activity.objects.filter(unit_id=self.pk)
        if self.kind == "cluster":
            return Activity.objects.filter(unit__municipality__clusters=self.pk)
        return Activity.objects.filter(unit__municipality_id=self.pk)


def scopes_for(actor: Actor) -> list[Scope]:
    """The scopes the actor may pull statistics for: the units where they hold a statistics role,
    those units' municipalities, and the clusters those municipalities belong to (also for the
    cluster coordinator)."""
    units = list(Unit.objects.filter(pk__in=actor.unit_ids(STATISTICS)).select_related("municipality"))
    municipalities = sorted({u.municipality for u in units}, key=lambda m: m.name)
    clusters = (
        Cluster.objects.filter(municipalities__units__pk__in=actor.unit_ids(CLUSTER_STATISTICS))
        .select_related("region")
        .distinct()
        .order_by("name")
    )

    def title(m: Municipality) -> str:
        return _("%(municipality)s Municipality") % {"municipality": m.name}

    return (
        [Scope("unit", u.pk, u.name, title(u.municipality)) for u in sorted(units, key=lambda u: u.name)]
        + [
            Scope("municipality", m.pk, _("Citizens of %(municipality)s") % {"municipality": m.name}, title(m))
            for m in municipalities
        ]
        + [
            Scope(
                "cluster",
                c.pk,
                _("Citizens of %(cluster)s") % {"cluster": c.name},
                f"{c.name}, {c.region.name}",
            )
            for c in clusters
        ]
    )


def scope_for(actor: Actor, key: str) -> Scope:
    """The scope named by ``key``, if the actor may see it; otherwise refused (403)."""
    for scope in scopes_for(actor):
        if scope.key == key:
            return scope
    raise PermissionDenied(_("Your roles do not give access to statistics for this unit or municipality."))


@dataclass(frozen=True)
class Filters:
    scope: Scope
    first_year: int
    last_year: int
    offer_type: str = ""
    substance: str = ""

    @property
    def years(self) -> list[int]:
        return list(range(self.first_year, self.last_year + 1))

    @property
    def start(self) -> date:
        return date(self.first_year, 1, 1)

    @property
    def end(self) -> date:
        return date(self.last_year, 12, 31)

    def requests(self) -> QuerySet[Request]:
        """Requests received in the period. With an offer chosen, only those that led to a
        course of that offer."""
        qs = Request.objects.filter(self.received())
        if self.offer_type:
            qs = qs.filter(courses__offer_type=self.offer_type)
        return qs

    def received(self, prefix: str = "") -> Q:
        """A request in the scope received in the period (of the substance chosen), or the
        request ``prefix`` leads to."""
        found = self.scope.where(prefix) & Q(
            **{f"{prefix}received_on__gte": self.start, f"{prefix}received_on__lte": self.end}
        )
        return found & Q(**{f"{prefix}main_substance": self.substance}) if self.substance else found

    def courses(self) -> QuerySet[Course]:
        qs = self.scope.courses()
        if self.offer_type:
            qs = qs.filter(offer_type=self.offer_type)
        if self.substance:
            qs = qs.filter(main_substance=self.substance)
        return qs


@dataclass(frozen=True)
class Measure:
    """A column worked out from the counts, such as a share or a median wait: a value per row and
    one for the totals row, None where it would rest on a hidden count or on too few people."""

    label: str
    values: list[float | None]
    total: float | None = None


@dataclass(frozen=True)
class Row:
    label: str
    cells: list[Shown]
    total: Shown | None
    measures: list[float | None]


@dataclass
class Report:
    """One suppressed table with its labels, ready for screen, chart, CSV, XLSX, PDF and API. A
    report may have a row-total column (``row_total_label``) and measures worked out per row."""

    title: str
    description: str
    row_header: str
    row_labels: list[str]
    column_labels: list[str]
    table: Table
    row_total_label: str = ""
    measures: list[Measure] = field(default_factory=list)

    @property
    def rows(self) -> list[Row]:
        n = len(self.row_labels)
        totals: list[Shown | None] = [*self.table.row_totals] if self.table.row_totals is not None else [None] * n
        return [
            Row(label, cells, total, [m.values[i] for m in self.measures])
            for i, (label, cells, total) in enumerate(zip(self.row_labels, self.table.cells, totals, strict=True))
        ]

    @property
    def totals(self) -> Row | None:
        if self.table.column_totals is None or not self.row_labels:
            return None
        return Row(_("Total"), self.table.column_totals, self.table.grand_total, [m.total for m in self.measures])

    @property
    def header(self) -> list[str]:
        extra = [self.row_total_label] if self.row_total_label else []
        return [self.row_header, *self.column_labels, *extra, *(m.label for m in self.measures)]

    def lines(self) -> list[list[object]]:
        """The table as rows of cells, the totals row last: what CSV, XLSX and PDF write."""
        rows = self.rows + ([self.totals] if self.totals else [])
        return [[row.label, *row.cells, *([row.total] if self.row_total_label else []), *row.measures] for row in rows]


def added(counts: list[Shown]) -> Shown:
    """The sum of published counts; hidden when any of them is."""
    if any(c.hidden for c in counts):
        return Shown(None)
    return Shown(sum(c.value or 0 for c in counts))


def shares(parts: list[Shown], wholes: list[Shown | None]) -> list[float | None]:
    return [share(part, whole) if whole is not None else None for part, whole in zip(parts, wholes, strict=True)]


def end_reasons_per_year(filters: Filters) -> Report:
    """Seed 001's table: rows are NAB's nine end reasons, columns the years the courses ended,
    with the yearly totals."""
    ended = filters.courses().filter(ended_on__year__gte=filters.first_year, ended_on__year__lte=filters.last_year)
    counts = {
        (row["end_reason"], row["year"]): row["n"]
        for row in ended.annotate(year=Year("ended_on")).values("end_reason", "year").annotate(n=Count("pk"))
    }
    grid = [[counts.get((reason, year), 0) for year in filters.years] for reason in EndReason.values]
    return Report(
        title=_("End reasons per year"),
        description=_(
            "Courses ended each year, by the end reason reported to the national alcohol treatment register (NAB)."
        ),
        row_header=_("End reason"),
        row_labels=[str(label) for label in EndReason.labels],
        column_labels=[str(year) for year in filters.years],
        table=suppress_table(grid, row_totals=False, column_totals=True),
    )


def started_and_completed(filters: Filters) -> Report:
    """Seed 000 ("in 2013, 95 citizens started alcohol treatment, of whom 38 have completed"): the
    courses started each year, and how they stand now: completed, ended otherwise, still open."""
    started = filters.courses().filter(
        started_on__year__gte=filters.first_year, started_on__year__lte=filters.last_year
    )
    counts = {
        row["year"]: row
        for row in started.annotate(year=Year("started_on"))
        .values("year")
        .annotate(
            completed=Count("pk", filter=Q(end_reason=EndReason.COMPLETED)),
            other=Count("pk", filter=Q(ended_on__isnull=False) & ~Q(end_reason=EndReason.COMPLETED)),
            still_open=Count("pk", filter=Q(ended_on__isnull=True)),
        )
    }
    columns = ("completed", "other", "still_open")
    grid = [[counts.get(year, {}).get(column, 0) for column in columns] for year in filters.years]
    table = suppress_table(grid)
    assert table.row_totals is not None and table.column_totals is not None and table.grand_total is not None
    return Report(
        title=_("Courses started and completed"),
        description=_("Courses started each year and how they stand now. Completion share = completed of started."),
        row_header=_("Year started"),
        row_labels=[str(year) for year in filters.years],
        column_labels=[_("Completed treatment"), _("Ended otherwise"), _("Still in treatment")],
        table=table,
        row_total_label=_("Started"),
        measures=[
            Measure(
                _("Completion share (%)"),
                shares([cells[0] for cells in table.cells], [*table.row_totals]),
                share(table.column_totals[0], table.grand_total),
            )
        ],
    )


def relatives_and_family_courses(filters: Filters) -> Report:
    """Seed 001's second table: courses for relatives and family courses started per year."""
    offers = (OfferType.RELATIVES, OfferType.FAMILY)
    started = filters.courses().filter(
        offer_type__in=offers, started_on__year__gte=filters.first_year, started_on__year__lte=filters.last_year
    )
    counts = {
        (row["offer_type"], row["year"]): row["n"]
        for row in started.annotate(year=Year("started_on")).values("offer_type", "year").annotate(n=Count("pk"))
    }
    grid = [[counts.get((offer, year), 0) for year in filters.years] for offer in offers]
    return Report(
        title=_("Courses for relatives and families"),
        description=_(
            "Courses for relatives and family courses started each year, linked to an index person's course."
        ),
        row_header=_("Offer"),
        row_labels=[str(offer.label) for offer in offers],
        column_labels=[str(year) for year in filters.years],
        table=suppress_table(grid, row_totals=False, column_totals=True),
    )


# --- Treatment guarantee ---------------------------------------------------------------------

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


def treatment_guarantee(filters: Filters) -> Report:
    """The 14-day guarantee by the year the request was received: whether the course started by
    the deadline, and the wait in days from request to start. Counted in the database, by year,
    state and wait, in two queries (started, not started): the rows are at most years × states ×
    distinct waits, whatever the volume."""
    day = today()
    requests = filters.requests()
    courses = Course.objects.filter(offer_type=filters.offer_type) if filters.offer_type else Course.objects.all()
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
            state=Case(
                When(~Q(status=RequestStatus.OPEN), then=Value("not_started")),
                When(deadline__lt=day, then=Value("waiting_late")),
                default=Value("waiting"),
            ),
            wait=Value(None, output_field=IntegerField()),
        )
        .order_by()
        .values_list("year", "state", "wait")
        .annotate(n=Count("pk", distinct=True))
    )
    rows = [*started, *waiting]
    grid = {year: dict.fromkeys(GUARANTEE_COLUMNS, 0) for year in filters.years}
    waits: dict[int, Counter[int]] = {year: Counter() for year in filters.years}
    for year, state, wait, n in rows:
        grid[year][state] += n
        if wait is not None:
            waits[year][wait] += n
    table = suppress_table([[grid[year][c] for c in GUARANTEE_COLUMNS] for year in filters.years])
    assert table.row_totals is not None and table.column_totals is not None

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
                share(table.column_totals[0], due(table.column_totals)),
            ),
            Measure(_("Median wait (days)"), [m[0] for m in measured], total[0]),
            Measure(_("90th percentile wait (days)"), [m[1] for m in measured], total[1]),
        ],
    )


@dataclass(frozen=True)
class Breach:
    request: Request
    started_on: date | None

    @property
    def days_late(self) -> int:
        return ((self.started_on or today()) - self.request.deadline).days


def guarantee_breaches(actor: Actor, filters: Filters) -> list[Breach] | None:
    """The requests of the report whose course started late or that still wait past the deadline,
    person by person: only for the unit's own leader (None for anyone else), on screen, each
    citizen shown logged."""
    if filters.scope.kind != "unit" or filters.scope.pk not in actor.unit_ids(STATISTICS_PERSONS):
        return None
    day = today()
    late = (
        filters.requests()
        .annotate(started_on=Min("courses__started_on"))
        .filter(
            Q(started_on__gt=F("deadline")) | Q(started_on__isnull=True, status=RequestStatus.OPEN, deadline__lt=day)
        )
        .select_related("citizen")
        .order_by("received_on", "pk")
    )
    breaches = [Breach(r, r.started_on) for r in late]  # type: ignore[attr-defined]
    log_many(
        actor,
        Use.LIST,
        sorted({b.request.citizen_id for b in breaches}),
        unit_id=filters.scope.pk,
        via="Statistik: behandlingsgaranti",
    )
    return breaches


# --- Children ------------------------------------------------------------------------------


def children_affected(filters: Filters) -> Report:
    """Children under 18 living with citizens in treatment: for each year, the citizens with a
    course open at some time in the year, those with children under 18 in the household, and the
    children, counted on the last day of the year (today for this year)."""
    day = today()
    grid = []
    for year in filters.years:
        reference = min(date(year, 12, 31), day)
        in_treatment = (
            filters.courses()
            .filter(started_on__lte=reference)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=date(year, 1, 1)))
            .values("citizen_id")
        )
        counts = (
            Citizen.objects.filter(pk__in=in_treatment)
            .annotate(children=children_at_home(reference))
            .aggregate(citizens=Count("pk"), parents=Count("pk", filter=Q(children__gt=0)), total=Sum("children"))
        )
        grid.append([counts["citizens"], counts["parents"], counts["total"] or 0])
    return Report(
        title=_("Children affected"),
        description=_(
            "Citizens in treatment at some time in the year, those of them with children under 18 "
            "living in the household, and the number of those children, on the last day of the year. "
            "A child registered with two parents in treatment is counted with each."
        ),
        row_header=_("Year"),
        row_labels=[str(year) for year in filters.years],
        column_labels=[
            _("Citizens in treatment"),
            _("With children under 18 at home"),
            _("Children under 18 at home"),
        ],
        table=suppress_table(grid, row_totals=False, column_totals=False),
    )


# --- Activity -------------------------------------------------------------------------------

ACTIVITY_COLUMNS = (Attendance.ATTENDED, Attendance.NO_SHOW, Attendance.CANCELLED)


def activity(filters: Filters) -> Report:
    """Sessions held in the period by kind and attendance. A group session counts once for each
    member it was registered for, so the group row is the group attendance."""
    courses = filters.courses()
    by_kind = {
        (row["kind"], row["attendance"]): row["n"]
        for row in Session.objects.filter(course__in=courses, held_on__gte=filters.start, held_on__lte=filters.end)
        .values("kind", "attendance")
        .annotate(n=Count("pk"))
    }
    for row in (
        GroupAttendance.objects.filter(
            course__in=courses, session__held_on__gte=filters.start, session__held_on__lte=filters.end
        )
        .values("attendance")
        .annotate(n=Count("pk"))
    ):
        by_kind[(SessionKind.GROUP, row["attendance"])] = row["n"]
    grid = [[by_kind.get((kind, a), 0) for a in ACTIVITY_COLUMNS] for kind in SessionKind.values]
    table = suppress_table(grid, row_totals=True, column_totals=True)
    assert table.column_totals is not None

    def attended_or_not(cells: list[Shown]) -> Shown:
        return added(cells[:2])

    return Report(
        title=_("Activity"),
        description=_(
            "Sessions in the period by kind: attended, did not turn up, cancelled. Group sessions are "
            "counted per participant. No-show rate = did not turn up, of those attended or not turned up."
        ),
        row_header=_("Kind of session"),
        row_labels=[str(label) for label in SessionKind.labels],
        column_labels=[str(Attendance(a).label) for a in ACTIVITY_COLUMNS],
        table=table,
        row_total_label=_("Sessions"),
        measures=[
            Measure(
                _("No-show rate (%)"),
                [share(cells[1], attended_or_not(cells)) for cells in table.cells],
                share(table.column_totals[1], attended_or_not(table.column_totals)),
            )
        ],
    )


# --- Screening and outcome measurement --------------------------------------------------------

SCREENING_INSTRUMENTS = ("audit", "audit_c", "dudit", "asi")
REFERRALS = ("own_doctor", "psychiatry", "psychologist")


def screening(filters: Filters) -> Report:
    """KL's recommendation 10: of the courses started each year, those screened at intake (AUDIT,
    AUDIT-C, DUDIT or ASI), those with the psychiatric basisscreening at intake, those positive, and
    those referred on after a positive screening."""
    intake = Response.objects.filter(course=OuterRef("pk"), phase=Phase.INTAKE)
    psychiatric = intake.filter(instrument__code="kl_basis")
    started = filters.courses().filter(
        started_on__year__gte=filters.first_year, started_on__year__lte=filters.last_year
    )
    rows = {
        row["started_on__year"]: row
        for row in started.values("started_on__year").annotate(
            started=Count("pk"),
            screened=Count("pk", filter=Exists(intake.filter(instrument__code__in=SCREENING_INSTRUMENTS))),
            psychiatric=Count("pk", filter=Exists(psychiatric)),
            positive=Count("pk", filter=Exists(psychiatric.filter(band="positive"))),
            referred=Count("pk", filter=Exists(psychiatric.filter(band="positive", action__in=REFERRALS))),
        )
    }
    columns = ("started", "screened", "psychiatric", "positive", "referred")
    grid = [[rows.get(year, {}).get(c, 0) for c in columns] for year in filters.years]
    table = suppress_table(grid, row_totals=False, column_totals=True)
    assert table.column_totals is not None
    lines = [*table.cells, table.column_totals]
    shared = [[share(cells[1], cells[0]), share(cells[2], cells[0]), share(cells[4], cells[3])] for cells in lines]
    return Report(
        title=_("Screening at intake"),
        description=_(
            "Courses started each year; of them, those screened at intake (AUDIT, AUDIT-C, DUDIT or ASI), "
            "those with the psychiatric basisscreening at intake, those positive on it, and those referred "
            "on (own doctor, psychiatry or psychologist) after a positive screening."
        ),
        row_header=_("Year started"),
        row_labels=[str(year) for year in filters.years],
        column_labels=[
            _("Courses started"),
            _("Screened at intake"),
            _("Psychiatric screening at intake"),
            _("Positive psychiatric screening"),
            _("Referred after a positive screening"),
        ],
        table=table,
        measures=[
            Measure(label, [s[i] for s in shared[:-1]], shared[-1][i])
            for i, label in enumerate(
                [_("Share screened (%)"), _("Share with psychiatric screening (%)"), _("Share referred (%)")]
            )
        ],
    )


# (label, instrument, answer key or None for the total)
OUTCOME_MEASURES = (
    (gettext_lazy("AUDIT total"), "audit", None),
    (gettext_lazy("DUDIT total"), "dudit", None),
    (gettext_lazy("Days with alcohol (of 28)"), "outcome", "alcohol_days"),
    (gettext_lazy("Days with 5 drinks or more (of 28)"), "outcome", "heavy_days"),
    (gettext_lazy("Drinks on a typical drinking day"), "outcome", "drinks_per_day"),
    (gettext_lazy("Days with the main drug (of 28)"), "outcome", "drug_days"),
    (gettext_lazy("Psychological health (0–20)"), "outcome", "psychological_health"),
    (gettext_lazy("Physical health (0–20)"), "outcome", "physical_health"),
    (gettext_lazy("Quality of life (0–20)"), "outcome", "quality_of_life"),
)


def _measured(code: str, key: str | None, phase: str, first: bool) -> Subquery:
    found = Response.objects.filter(course=OuterRef("pk"), instrument__code=code, phase=phase)
    found = found.order_by("answered_on", "pk") if first else found.order_by("-answered_on", "-pk")
    value = Cast("total", FloatField()) if key is None else Cast(KT(f"answers__{key}"), FloatField())
    return Subquery(found.annotate(v=value).values("v")[:1], output_field=FloatField())


def outcome_change(filters: Filters) -> Report:
    """Change during treatment: for the courses ended in the period with a measurement both at
    intake (the first) and at discharge (the last), the mean at each and the mean change."""
    ended = filters.courses().filter(ended_on__year__gte=filters.first_year, ended_on__year__lte=filters.last_year)
    annotations: dict[str, Subquery] = {}
    aggregates: dict[str, Count | Avg] = {}
    for n, (_label, code, key) in enumerate(OUTCOME_MEASURES):
        annotations[f"a{n}"] = _measured(code, key, Phase.INTAKE, first=True)
        annotations[f"b{n}"] = _measured(code, key, Phase.DISCHARGE, first=False)
        both = Q(**{f"a{n}__isnull": False, f"b{n}__isnull": False})
        aggregates |= {
            f"n{n}": Count("pk", filter=both),
            f"mean_a{n}": Avg(f"a{n}", filter=both),
            f"mean_b{n}": Avg(f"b{n}", filter=both),
        }
    found = ended.annotate(**annotations).aggregate(**aggregates)
    table = suppress_table(
        [[found[f"n{n}"]] for n in range(len(OUTCOME_MEASURES))], row_totals=False, column_totals=False
    )

    def mean(n: int, side: str) -> float | None:
        value = found[f"mean_{side}{n}"]
        return None if table.cells[n][0].hidden or value is None else round(value, 1)

    intake = [mean(n, "a") for n in range(len(OUTCOME_MEASURES))]
    discharge = [mean(n, "b") for n in range(len(OUTCOME_MEASURES))]
    return Report(
        title=_("Change during treatment"),
        description=_(
            "Courses ended in the period with a measurement both at intake and at discharge: the mean "
            "at intake (the first measurement) and at discharge (the last), and the mean change. Means "
            "are hidden where the number of courses is."
        ),
        row_header=_("Measure"),
        row_labels=[str(m[0]) for m in OUTCOME_MEASURES],
        column_labels=[_("Courses measured at intake and discharge")],
        table=table,
        measures=[
            Measure(_("Mean at intake"), intake),
            Measure(_("Mean at discharge"), discharge),
            Measure(
                _("Mean change"),
                [None if a is None or b is None else round(b - a, 1) for a, b in zip(intake, discharge, strict=True)],
            ),
        ],
    )


# --- Prevention -------------------------------------------------------------------------------


def _prevention(filters: Filters, value: Count | Sum, title: str, description: str) -> Report:
    held = filters.scope.activities().filter(held_on__gte=filters.start, held_on__lte=filters.end)
    counts = {
        (row["focus_area"], row["level"]): row["n"] or 0
        for row in held.values("focus_area", "level").annotate(n=value).order_by()
    }
    grid = [[counts.get((area, level), 0) for level in Level.values] for area in FocusArea.values]
    return Report(
        title=title,
        description=description,
        row_header=_("Focus area"),
        row_labels=[str(label) for label in FocusArea.labels],
        column_labels=[str(label) for label in Level.labels],
        table=suppress_table(grid),
        row_total_label=_("Total"),
    )


def prevention_activities(filters: Filters) -> Report:
    """Prevention activities held in the period by focus area (seed 002) and level (the triangle)."""
    return _prevention(
        filters,
        Count("pk"),
        _("Prevention activities"),
        _("Activities held in the period, by focus area and level of the prevention triangle."),
    )


def prevention_participants(filters: Filters) -> Report:
    """The participants of those activities, by focus area and level."""
    return _prevention(
        filters,
        Sum("participants"),
        _("Participants in prevention activities"),
        _("Participants registered on the activities held in the period, by focus area and level."),
    )


# --- Key-person training --------------------------------------------------------------------


def training_participants(filters: Filters) -> Report:
    """Seed 000's table: participants in the municipality's key-person and front-line training by
    department and the year the course started, with the totals."""
    courses = filters.scope.training().filter(starts_on__gte=filters.start, starts_on__lte=filters.end)
    counts: dict[str, dict[int, int]] = {}
    rows = (
        Participation.objects.filter(course__in=courses)
        .values("department", "course__starts_on__year")
        .annotate(n=Sum("participants"))
        .order_by()
    )
    for row in rows:
        counts.setdefault(row["department"], {})[row["course__starts_on__year"]] = row["n"]
    departments = sorted(counts, key=str.lower)
    grid = [[counts[d].get(year, 0) for year in filters.years] for d in departments]
    return Report(
        title=_("Participants in key-person training"),
        description=_(
            "Participants in the key-person and front-line training courses by department and the year "
            "the course started."
        ),
        row_header=_("Department"),
        row_labels=departments,
        column_labels=[str(year) for year in filters.years],
        table=suppress_table(grid),
        row_total_label=_("Total"),
    )
