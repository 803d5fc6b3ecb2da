# SPDX-License-Identifier: AGPL-3.0-or-later
"""A municipality's substance strategy in the API: read it, and keep its status (an initiative's
status and notes, the indicators entered by hand), as the leaders do on the strategy page.
A strategy is set up in the administration, or
created whole here by its municipality's administrators."""

from datetime import date
from decimal import Decimal
from typing import Annotated

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Status
from pydantic import WithJsonSchema

from forlob.common.api import ERRORS, Id, OneOf, Paging, Schema, optional_text, page, rules, text
from forlob.common.dates import today
from forlob.common.errors import refuse
from forlob.organisations.access import STATISTICS
from forlob.organisations.api import municipality_by_code, request_actor
from forlob.stats.live import LiveMeasure
from forlob.strategy import actions, queries
from forlob.strategy.models import Indicator, Initiative, InitiativeStatus, Strategy

router = Router(tags=["Strategi"])


class StrategyOut(Schema):
    id: int
    municipality_code: str = Field(alias="municipality.code")
    title: str
    first_year: int
    last_year: int
    description: str


class StrategyList(Schema):
    count: int
    items: list[StrategyOut]


class NoteOut(Schema):
    written_on: date
    text: str


class InitiativeOut(Schema):
    id: int
    title: str
    department: str
    status: str = Field(description="planned, in_progress, done or postponed.")
    version: int
    notes: list[NoteOut]

    @staticmethod
    def resolve_notes(obj: Initiative) -> list[object]:
        return list(obj.notes.all())


class IndicatorOut(Schema):
    id: int
    name: str
    live: str = Field(description="The measure worked out from Forløb's data; empty for one entered by hand.")
    source: str
    baseline: Decimal | None
    target: Decimal | None
    actual: Decimal | None = Field(description="Entered by hand; for a live indicator see the strategy page.")


class StrategyGoalOut(Schema):
    id: int
    text: str
    indicators: list[IndicatorOut]

    @staticmethod
    def resolve_indicators(obj: object) -> list[object]:
        return list(obj.indicators.all())  # type: ignore[attr-defined]


class AreaOut(Schema):
    id: int
    title: str
    goals: list[StrategyGoalOut]
    initiatives: list[InitiativeOut]

    @staticmethod
    def resolve_goals(obj: object) -> list[object]:
        return list(obj.goals.all())  # type: ignore[attr-defined]

    @staticmethod
    def resolve_initiatives(obj: object) -> list[object]:
        return list(obj.initiatives.all())  # type: ignore[attr-defined]


class StrategyDetailOut(StrategyOut):
    may_keep: bool = Field(description="Whether I keep its status (its municipality's leaders).")
    areas: list[AreaOut]

    @staticmethod
    def resolve_areas(obj: Strategy) -> list[object]:
        return list(obj.areas.all())


# A figure as an indicator holds it: below a billion either way, rounded to one decimal.
Figure = Annotated[
    Decimal,
    Field(gt=-(10**9), lt=10**9),
    WithJsonSchema({"type": "number", "exclusiveMinimum": -(10**9), "exclusiveMaximum": 10**9}),
]


class InitiativeStatusIn(Schema):
    status: Annotated[str, OneOf(InitiativeStatus)]
    text: str = optional_text(10_000, description="The status written; required unless the status changes.")
    written_on: date = Field(default_factory=today, description="Not in the future.")
    version: int = Field(description="The initiative version read; refused if it has changed since, or if missing.")


class ActualIn(Schema):
    actual: Figure | None = Field(description="The figure, rounded to one decimal; null clears it.")
    source: str = optional_text(200, description="Where the figure comes from; required with the first figure.")


def _strategies(request: HttpRequest) -> QuerySet[Strategy]:
    """The strategies I may read (the pages' check: a statistics role)."""
    actor = request_actor(request)
    if not actor.unit_ids(STATISTICS):
        raise PermissionDenied(_("Your roles do not give access to statistics."))
    return queries.visible_strategies(actor)


@router.get("/strategies", response={200: StrategyList, **ERRORS})
def list_strategies(request: HttpRequest, paging: Query[Paging]) -> dict[str, object]:
    """The strategies of the municipalities where I have statistics."""
    count, rows = page(_strategies(request), paging)
    return {"count": count, "items": rows}


@router.get("/strategies/{strategy_id}", response={200: StrategyDetailOut, **ERRORS})
def get_strategy(request: HttpRequest, strategy_id: Id) -> object:
    """Core areas with their goals and indicators, and initiatives with their status notes."""
    strategy = get_object_or_404(queries.with_content(_strategies(request)), pk=strategy_id)
    strategy.may_keep = actions.may_keep(request_actor(request), strategy)  # type: ignore[attr-defined]
    return strategy


@router.post(
    "/initiatives/{initiative_id}/status",
    response={200: InitiativeOut, **ERRORS},
    openapi_extra=rules(
        (None, "Only the municipality's leaders keep the strategy's status."),
        ("written_on", "Not in the future."),
        ("text", "Required unless the status changes."),
    ),
)
def update_initiative(request: HttpRequest, initiative_id: Id, body: InitiativeStatusIn) -> object:
    """Write the initiative's status, and change it; for the municipality's leaders."""
    initiative = get_object_or_404(Initiative.objects.filter(area__strategy__in=_strategies(request)), pk=initiative_id)
    return actions.update_initiative(
        request_actor(request), initiative, body.status, body.text, body.written_on, body.version
    )


@router.put(
    "/indicators/{indicator_id}/actual",
    response={200: IndicatorOut, **ERRORS},
    openapi_extra=rules(
        (None, "Only the municipality's leaders keep the strategy's status."),
        ("actual", "Only for an indicator entered by hand (live is empty)."),
        ("source", "Required with the indicator's first figure."),
    ),
)
def set_actual(request: HttpRequest, indicator_id: Id, body: ActualIn) -> object:
    """The figure of an indicator entered by hand, with its source; for the municipality's leaders."""
    indicator = get_object_or_404(
        Indicator.objects.filter(goal__area__strategy__in=_strategies(request)), pk=indicator_id
    )
    actual = "" if body.actual is None else str(body.actual)
    return actions.set_actual(request_actor(request), indicator, actual, body.source)


class IndicatorIn(Schema):
    name: str = text(200)
    live: Annotated[str, OneOf(LiveMeasure, blank=True)] = Field(
        "", description="A measure worked out from Forløb's data; empty for one entered by hand."
    )
    source: str = optional_text(200)
    baseline: Figure | None = None
    target: Figure | None = None
    actual: Figure | None = None


class GoalIn(Schema):
    text: str = text(10_000)
    indicators: list[IndicatorIn] = Field([], max_length=50)


class InitiativeIn(Schema):
    title: str = text(200)
    department: str = text(120)
    status: Annotated[str, OneOf(InitiativeStatus)] = "planned"


class AreaIn(Schema):
    title: str = text(200)
    goals: list[GoalIn] = Field([], max_length=50)
    initiatives: list[InitiativeIn] = Field([], max_length=100)


class StrategyIn(Schema):
    municipality_code: str = Field(pattern=r"^[0-9]{3}$", description="The municipality's official code.")
    title: str = text(200)
    first_year: int = Field(ge=2000, le=2100)
    last_year: int = Field(ge=2000, le=2100)
    description: str = optional_text(10_000)
    areas: list[AreaIn] = Field([], max_length=20, description="The core areas, numbered in the order given.")


def _strategy_data(body: StrategyIn) -> actions.StrategyData:
    municipality = municipality_by_code(body.municipality_code)
    if municipality is None:
        raise refuse("municipality_code", _("Unknown municipality code."), "unknown_code")
    areas = [
        actions.AreaData(
            title=a.title,
            goals=[
                actions.GoalData(text=g.text, indicators=[actions.IndicatorData(**i.dict()) for i in g.indicators])
                for g in a.goals
            ],
            initiatives=[actions.InitiativeData(**i.dict()) for i in a.initiatives],
        )
        for a in body.areas
    ]
    return actions.StrategyData(
        municipality=municipality,
        title=body.title,
        first_year=body.first_year,
        last_year=body.last_year,
        description=body.description,
        areas=areas,
    )


@router.post(
    "/strategies",
    response={201: StrategyDetailOut, **ERRORS},
    openapi_extra=rules(
        (None, "Only the administrators of the strategy's municipality set it up."),
        ("municipality_code", "A municipality that exists."),
        ("last_year", "Not before first_year."),
        ("areas", "Each title, goal, department and indicator name says something, not only blank characters."),
        ("actual", "Only for an indicator entered by hand (live empty)."),
    ),
)
def create_strategy(request: HttpRequest, body: StrategyIn) -> Status[object]:
    """A strategy with its core areas, goals, indicators and initiatives, all or nothing; for the
    municipality's administrators, as in the administration."""
    actor = request_actor(request)
    created = actions.create_strategy(actor, _strategy_data(body))
    strategy = queries.with_content(Strategy.objects.filter(pk=created.pk)).get()
    strategy.may_keep = actions.may_keep(actor, strategy)  # type: ignore[attr-defined]
    return Status(201, strategy)
