# SPDX-License-Identifier: AGPL-3.0-or-later
"""Strategies for reading and for the status report; live indicators come from the statistics
reports, so they are suppressed exactly as there (a hidden figure is None)."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from forlob.organisations.access import STATISTICS, Actor
from forlob.organisations.models import Municipality, Unit
from forlob.stats.live import live_value
from forlob.strategy.models import Area, Indicator, Initiative, Strategy


def visible_strategies(actor: Actor) -> QuerySet[Strategy]:
    """The strategies of the municipalities where the actor has statistics."""
    municipalities = Unit.objects.filter(pk__in=actor.unit_ids(STATISTICS)).values("municipality")
    return Strategy.objects.filter(municipality__in=municipalities).select_related("municipality")


def with_content(qs: QuerySet[Strategy]) -> QuerySet[Strategy]:
    return qs.prefetch_related(
        Prefetch("areas", queryset=Area.objects.prefetch_related("goals__indicators")),
        Prefetch("areas__initiatives", queryset=Initiative.objects.prefetch_related("notes")),
    )


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
