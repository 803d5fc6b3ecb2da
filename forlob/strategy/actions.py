# SPDX-License-Identifier: AGPL-3.0-or-later
"""Writes of a strategy, each one transaction. Setting it up (the strategy, its core areas, goals,
indicators and initiatives) is for the administrators of its municipality, in the admin; keeping
its status (an initiative's status and notes, indicators entered by hand) for its leaders."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TypeVar

from django.db import transaction
from django.utils.translation import gettext as _

from forlob.common.errors import not_in_future, refuse, require_choice, require_version
from forlob.organisations.access import Actor
from forlob.organisations.models import Municipality, Role, Unit
from forlob.strategy.models import Area, Goal, Indicator, Initiative, InitiativeStatus, StatusNote, Strategy

# Who keeps a strategy's status: the leaders of its municipality's units.
KEEP_STATUS = (Role.LEDER,)
# Who sets a strategy up: the administrators of its municipality's units.
SET_UP = (Role.ADMINISTRATOR,)

SetUpPart = Strategy | Area | Goal | Indicator | Initiative
Part = TypeVar("Part", bound=SetUpPart)


@dataclass(frozen=True)
class IndicatorData:
    name: str
    live: str = ""  # a LiveMeasure, or "" for an indicator entered by hand with its source
    source: str = ""
    baseline: Decimal | int | None = None
    target: Decimal | int | None = None
    actual: Decimal | int | None = None


@dataclass(frozen=True)
class GoalData:
    text: str
    indicators: Sequence[IndicatorData] = ()


@dataclass(frozen=True)
class InitiativeData:
    title: str
    department: str
    status: str = InitiativeStatus.PLANNED


@dataclass(frozen=True)
class AreaData:
    title: str
    goals: Sequence[GoalData] = ()
    initiatives: Sequence[InitiativeData] = ()


@dataclass(frozen=True)
class StrategyData:
    municipality: Municipality
    title: str
    first_year: int
    last_year: int
    description: str = ""
    areas: Sequence[AreaData] = ()


def _works_in(actor: Actor, roles: tuple[str, ...], municipality_id: int) -> bool:
    return Unit.objects.filter(pk__in=actor.unit_ids(roles), municipality_id=municipality_id).exists()


def administered_municipalities(actor: Actor) -> set[int]:
    """The municipalities whose strategies the actor sets up."""
    return set(Unit.objects.filter(pk__in=actor.unit_ids(SET_UP)).values_list("municipality_id", flat=True))


def may_keep(actor: Actor, strategy: Strategy) -> bool:
    return _works_in(actor, KEEP_STATUS, strategy.municipality_id)


def _require(actor: Actor, strategy: Strategy) -> None:
    if not may_keep(actor, strategy):
        raise refuse(None, _("Only the municipality's leaders keep the strategy's status."), "not_allowed")


def _strategy_of(part: SetUpPart) -> Strategy:
    if isinstance(part, Strategy):
        return part
    if isinstance(part, Area):
        return part.strategy
    if isinstance(part, Goal | Initiative):
        return part.area.strategy
    return part.goal.area.strategy


def _require_set_up(actor: Actor, part: SetUpPart) -> None:
    """The actor administers the part's municipality, and, for a part moved to another strategy
    or a strategy moved to another municipality, the one it was in as well."""
    municipalities = {_strategy_of(part).municipality_id}
    if part.pk is not None:
        stored = type(part).objects.get(pk=part.pk)
        municipalities.add(_strategy_of(stored).municipality_id)
    if not municipalities <= administered_municipalities(actor):
        raise refuse(None, _("Only the municipality's administrators set up its strategies."), "not_allowed")


def _validate(part: SetUpPart) -> None:
    part.full_clean()
    if isinstance(part, Strategy) and part.first_year > part.last_year:
        raise refuse("last_year", _("The strategy cannot end before it starts."), "order")
    if isinstance(part, Indicator) and part.live and part.actual is not None:
        raise refuse("actual", _("This indicator is worked out from Forløb's data."), "live")


def _kept(part: Part) -> Part:
    _validate(part)
    if isinstance(part, Initiative) and part.pk is not None:
        part.version += 1  # a status form made before the change is refused
    part.save()
    return part


@transaction.atomic
def create_strategy(actor: Actor, data: StrategyData) -> Strategy:
    """A strategy with its core areas (numbered in the order given), goals, indicators and
    initiatives, all or nothing."""
    strategy = Strategy(
        municipality=data.municipality,
        title=data.title.strip(),
        first_year=data.first_year,
        last_year=data.last_year,
        description=data.description.strip(),
    )
    _require_set_up(actor, strategy)
    _kept(strategy)
    for position, area_data in enumerate(data.areas, start=1):
        area = _kept(Area(strategy=strategy, title=area_data.title.strip(), position=position))
        for goal_data in area_data.goals:
            goal = _kept(Goal(area=area, text=goal_data.text.strip()))
            for i in goal_data.indicators:
                indicator = Indicator(goal=goal, name=i.name.strip(), live=i.live, source=i.source.strip())
                indicator.baseline, indicator.target, indicator.actual = i.baseline, i.target, i.actual
                _kept(indicator)
        for initiative in area_data.initiatives:
            _kept(
                Initiative(
                    area=area,
                    title=initiative.title.strip(),
                    department=initiative.department.strip(),
                    status=initiative.status,
                )
            )
    return strategy


@transaction.atomic
def save_set_up(actor: Actor, part: SetUpPart) -> None:
    """A part of a strategy's set-up, added or changed in the admin."""
    _require_set_up(actor, part)
    _kept(part)


@transaction.atomic
def delete_set_up(actor: Actor, part: SetUpPart) -> None:
    """A part of a strategy's set-up taken away in the admin, with what belongs to it."""
    _require_set_up(actor, part)
    part.delete()


@transaction.atomic
def update_initiative(
    actor: Actor, initiative: Initiative, status: str, note: str, written_on: date, version: int | None
) -> Initiative:
    initiative = Initiative.objects.select_for_update().select_related("area__strategy").get(pk=initiative.pk)
    _require(actor, initiative.area.strategy)
    require_version(initiative.version, version, initiative)
    require_choice("status", status, InitiativeStatus)
    not_in_future("written_on", written_on)
    if not note.strip() and status == initiative.status:
        raise refuse("text", _("Write the status, or change the initiative's status."), "empty")
    initiative.status = status
    initiative.version += 1
    initiative.save()
    if note.strip():
        StatusNote.objects.create(
            initiative=initiative, written_on=written_on, text=note.strip(), written_by=actor.user
        )
    return initiative


@transaction.atomic
def set_actual(actor: Actor, indicator: Indicator, value: str, source: str) -> Indicator:
    indicator = Indicator.objects.select_for_update().select_related("goal__area__strategy").get(pk=indicator.pk)
    _require(actor, indicator.goal.area.strategy)
    if indicator.live:
        raise refuse("actual", _("This indicator is worked out from Forløb's data."), "live")
    if value.strip():
        try:
            number = Decimal(value.strip().replace(",", "."))
        except InvalidOperation:
            raise refuse("actual", _("Enter a number."), "invalid") from None
        if not number.is_finite() or abs(number) >= 10**9:
            raise refuse("actual", _("Enter a number."), "invalid")
        indicator.actual = round(number, 1)
    else:
        indicator.actual = None
    if not source.strip() and indicator.actual is not None and not indicator.source:
        raise refuse("source", _("Give the source of the figure."), "required")
    if source.strip():
        indicator.source = source.strip()[:200]
    indicator.save()
    return indicator
