# SPDX-License-Identifier: AGPL-3.0-or-later
"""Breakdowns: the courses started, or the requests received, each year by age group, sex, target
group or referral source; counting courses (requests) or citizens. A citizen is counted once a
year, in the group of their first course (request) that year, so each year's column adds up."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django.db.models import Case, Count, Exists, ExpressionWrapper, F, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce, ExtractDay, ExtractMonth
from django.db.models.lookups import LessThan
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from forlob.citizens.models import Sex, TargetGroup, TargetGroupMarker
from forlob.common.dates import Year
from forlob.stats.report import Report
from forlob.stats.scopes import CITIZENS, Filters
from forlob.stats.suppression import suppress_table
from forlob.treatment.models import Channel

# The age groups of the national registers' tables: (lowest age, label); each up to the next.
AGE_GROUPS = (
    (0, gettext_lazy("Under 18")),
    (18, gettext_lazy("18–24")),
    (25, gettext_lazy("25–29")),
    (30, gettext_lazy("30–39")),
    (40, gettext_lazy("40–49")),
    (50, gettext_lazy("50–59")),
    (60, gettext_lazy("60 or older")),
)
# A course without a request (imported history, a relative's course) has no referral source.
NO_SOURCE = "none"


@dataclass(frozen=True)
class Counted:
    """What a breakdown counts: its rows, and the date that places each in a year and an age."""

    rows: QuerySet
    on: str  # the date field: started_on, received_on


def _counted(filters: Filters, of: str) -> Counted:
    if of == "requests":
        return Counted(filters.requests(), "received_on")
    started = filters.courses().filter(
        started_on__year__gte=filters.first_year, started_on__year__lte=filters.last_year
    )
    return Counted(started, "started_on")


def once_a_year(rows: QuerySet, on: str) -> QuerySet:
    """Counting citizens: only each citizen's first row of the year by the date field ``on`` (the
    lowest id among equals), so that a citizen is counted once a year and in one group."""
    earlier = (
        rows.annotate(first_year=Year(on))
        .filter(citizen=OuterRef("citizen"), first_year=Year(OuterRef(on)))
        .filter(Q(**{f"{on}__lt": OuterRef(on)}) | Q(**{on: OuterRef(on), "pk__lt": OuterRef("pk")}))
    )
    return rows.exclude(Exists(earlier))


def _yearly(filters: Filters, counted: Counted) -> QuerySet:
    """The rows counted, each with its year: all of them, or each citizen's first of the year."""
    rows = once_a_year(counted.rows, counted.on) if filters.counting == CITIZENS else counted.rows
    return rows.annotate(year=Year(counted.on))


def age_on(on: str) -> ExpressionWrapper:
    """The citizen's age on the date field ``on``: exact from the birth date, from the birth year
    alone the age reached that year (as ``forlob.common.dates.age_on``)."""
    birthday_to_come: LessThan = LessThan(
        ExtractMonth(on) * 100 + ExtractDay(on),
        ExtractMonth("citizen__birth_date") * 100 + ExtractDay("citizen__birth_date"),
    )
    not_yet = Case(When(Q(citizen__birth_date__isnull=False) & Q(birthday_to_come), then=Value(1)), default=Value(0))
    born = Coalesce(Year("citizen__birth_date"), F("citizen__birth_year"))
    return ExpressionWrapper(Year(on) - born - not_yet, output_field=IntegerField())


def _age_group() -> Case:
    whens = [
        When(age__lt=AGE_GROUPS[n + 1][0], then=Value(str(low))) for n, (low, _label) in enumerate(AGE_GROUPS[:-1])
    ]
    return Case(*whens, default=Value(str(AGE_GROUPS[-1][0])))


def _grouped(filters: Filters, counted: Counted, group: Callable[[QuerySet], QuerySet]) -> dict[tuple[str, int], int]:
    """(group, year) → count: rows, or citizens once a year."""
    rows = _yearly(filters, counted)
    found = group(rows).values("group", "year").annotate(n=Count("pk", distinct=True)).order_by()
    return {(str(row["group"]), row["year"]): row["n"] for row in found}


def _target_groups(filters: Filters, counted: Counted) -> tuple[list[str], list[list[int]]]:
    """Rows for each target group (a marker open on the date) and one for none: a citizen may be in
    several groups, so the rows do not add up and the table has no totals."""
    rows = _yearly(filters, counted)
    open_on = Q(from_on__lte=OuterRef(counted.on)) & (Q(ended_on__isnull=True) | Q(ended_on__gte=OuterRef(counted.on)))
    markers = TargetGroupMarker.objects.filter(open_on, citizen=OuterRef("citizen"))
    groups = list(
        TargetGroup.objects.filter(Q(active=True) | Q(markers__isnull=False)).distinct().order_by("order", "name")
    )
    labels, grid = [], []
    for group, condition in [
        *((g.name, Exists(markers.filter(group=g))) for g in groups),
        (_("No target group"), ~Exists(markers)),
    ]:
        counts = dict(
            rows.filter(condition)
            .values("year")
            .annotate(n=Count("pk", distinct=True))
            .values_list("year", "n")
            .order_by()
        )
        labels.append(str(group))
        grid.append([counts.get(year, 0) for year in filters.years])
    return labels, grid


BY = {
    "age": gettext_lazy("age group"),
    "sex": gettext_lazy("sex"),
    "target_group": gettext_lazy("target group"),
    "channel": gettext_lazy("referral source"),
}
OF = ("courses", "requests")


def breakdown(filters: Filters, *, of: str, by: str) -> Report:
    """The courses started (``of="courses"``) or requests received (``"requests"``) each year, by
    ``by``: age group, sex, target group or referral source; courses or citizens as the filters say."""
    counted = _counted(filters, of)
    totals = True
    if by == "age":
        keys = [str(low) for low, _label in AGE_GROUPS]
        labels = [str(label) for _low, label in AGE_GROUPS]
        found = _grouped(filters, counted, lambda rows: rows.annotate(age=age_on(counted.on), group=_age_group()))
    elif by == "sex":
        keys, labels = list(Sex.values), [str(label) for label in Sex.labels]
        found = _grouped(filters, counted, lambda rows: rows.annotate(group=F("citizen__sex")))
    elif by == "channel":
        source = "channel" if of == "requests" else "request__channel"
        keys = [*Channel.values, NO_SOURCE] if of == "courses" else list(Channel.values)
        labels = [str(label) for label in Channel.labels] + ([_("No request registered")] if of == "courses" else [])
        found = _grouped(filters, counted, lambda rows: rows.annotate(group=Coalesce(source, Value(NO_SOURCE))))
    elif by == "target_group":
        labels, grid = _target_groups(filters, counted)
        totals = False
    else:
        raise ValueError(by)
    if totals:
        grid = [[found.get((key, year), 0) for year in filters.years] for key in keys]
    citizens = filters.counting == CITIZENS
    what = {
        ("courses", False): _("Courses started"),
        ("courses", True): _("Citizens who started a course"),
        ("requests", False): _("Requests received"),
        ("requests", True): _("Citizens who made a request"),
    }[(of, citizens)]
    description = {
        "age": _("By the citizen's age on the day."),
        "sex": _("By the citizen's sex."),
        "target_group": _(
            "By the target groups the citizen was marked with on the day. A citizen can be in several "
            "groups, so the rows do not add up and the table has no totals."
        ),
        "channel": _("By where the request came from."),
    }[by]
    once = _(" Each citizen is counted once a year, in the group of their first that year.") if citizens else ""
    return Report(
        title=_("%(what)s by %(by)s") % {"what": what, "by": BY[by]},
        description=_("%(what)s each year.") % {"what": what} + f" {description}{once}",
        row_header=str(BY[by]).capitalize(),
        row_labels=labels,
        column_labels=[str(year) for year in filters.years],
        # Citizens are counted once a year, not once over the years: no total across the years.
        table=suppress_table(grid, row_totals=totals and not citizens, column_totals=totals, view=filters.view),
        row_total_label=_("Total") if totals and not citizens else "",
    )


def builder(of: str, by: str) -> Callable[[Filters], Report]:
    return partial(breakdown, of=of, by=by)
