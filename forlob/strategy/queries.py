# SPDX-License-Identifier: AGPL-3.0-or-later
"""Strategies for reading and for the status report; live indicators come from the statistics
reports, so they are suppressed exactly as there (a hidden figure is None)."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from forlob.organisations.access import STATISTICS, Actor
from forlob.organisations.models import Municipality, Unit
from forlob.stats import reports
from forlob.strategy.models import Area, Indicator, Initiative, LiveMeasure, Strategy


def visible_strategies(actor: Actor) -> QuerySet[Strategy]:
    """The strategies of the municipalities where the actor has statistics."""
    municipalities = Unit.objects.filter(pk__in=actor.unit_ids(STATISTICS)).values("municipality")
    return Strategy.objects.filter(municipality__in=municipalities).select_related("municipality")


def with_content(qs: QuerySet[Strategy]) -> QuerySet[Strategy]:
    return qs.prefetch_related(
        Prefetch("areas", queryset=Area.objects.prefetch_related("goals__indicators")),
        Prefetch("areas__initiatives", queryset=Initiative.objects.prefetch_related("notes")),
    )


def live_value(measure: str, municipality: Municipality, year: int) -> float | None:
    """The indicator for the citizens (or, for prevention, the units) of the municipality in the year."""
    title = _("%(municipality)s Municipality") % {"municipality": municipality.name}
    scope = reports.Scope("municipality", municipality.pk, municipality.name, title)
    filters = reports.Filters(scope, year, year)
    if measure == LiveMeasure.COMPLETION_SHARE:
        return reports.started_and_completed(filters).rows[0].measures[0]
    if measure == LiveMeasure.COURSES_STARTED:
        total = reports.started_and_completed(filters).rows[0].total
        return None if total is None or total.value is None else float(total.value)
    if measure == LiveMeasure.GUARANTEE_SHARE:
        return reports.treatment_guarantee(filters).rows[0].measures[0]
    if measure == LiveMeasure.SCREENING_SHARE:
        return reports.screening(filters).rows[0].measures[0]
    if measure == LiveMeasure.PREVENTION_PARTICIPANTS:
        totals = reports.prevention_participants(filters).totals
        value = totals.total.value if totals and totals.total else None
        return None if value is None else float(value)
    raise ValueError(measure)


@dataclass
class IndicatorStatus:
    indicator: Indicator
    actual: float | None

    @property
    def reached(self) -> bool | None:
        """Whether the actual has reached the target, in the direction from the baseline."""
        i = self.indicator
        if self.actual is None or i.target is None:
            return None
        target = float(i.target)
        if i.baseline is not None and float(i.baseline) > target:  # a goal to bring something down
            return self.actual <= target
        return self.actual >= target


def indicator_status(indicator: Indicator, municipality: Municipality, year: int) -> IndicatorStatus:
    if indicator.live:
        actual = live_value(indicator.live, municipality, year)
        return IndicatorStatus(indicator, None if actual is None else round(actual, 1))
    return IndicatorStatus(indicator, None if indicator.actual is None else float(Decimal(indicator.actual)))
