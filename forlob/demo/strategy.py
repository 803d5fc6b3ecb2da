# SPDX-License-Identifier: AGPL-3.0-or-later
"""Aalborg's substance strategy in the shape of seed 003: young people in school and education,
the effect of treatment, citizens in treatment; halfway, with a status note."""

from datetime import timedelta

from forlob.demo.world import World
from forlob.strategy import actions
from forlob.strategy.actions import AreaData, GoalData, IndicatorData, InitiativeData
from forlob.strategy.models import InitiativeStatus

AREAS = [
    AreaData(
        "Unge i skole og uddannelse",
        [
            GoalData(
                "Færre unge begynder at ryge hash",
                [IndicatorData("Unge der har prøvet hash (%)", "", "Ungeprofilen", baseline=22, target=18, actual=20)],
            )
        ],
        [InitiativeData("Rusmiddelpolitik på ungdomsuddannelserne", "Forebyggelse", InitiativeStatus.IN_PROGRESS)],
    ),
    AreaData(
        "Effekt af behandlingen",
        [
            GoalData(
                "Flere gennemfører behandlingen",
                [
                    IndicatorData("Andel færdigbehandlet (%)", live="completion_share", baseline=40, target=50),
                    IndicatorData("Start inden for 14 dage (%)", live="guarantee_share", baseline=80, target=95),
                ],
            )
        ],
        [
            InitiativeData(
                "Systematisk opfølgning efter 1, 6 og 12 måneder", "Alkoholbehandlingen", InitiativeStatus.DONE
            )
        ],
    ),
    AreaData(
        "Borgere i behandling",
        [
            GoalData(
                "Flere borgere i behandling",
                [IndicatorData("Forløb startet i året", live="courses_started", baseline=80, target=100)],
            )
        ],
        [InitiativeData("Synlighed: kampagne om anonym behandling", "Sundhed")],
    ),
]


def add_strategy(world: World) -> None:
    """Set up by Aalborg's administrator; the leader writes a status note on the campaign."""
    first = world.today.year - 1
    data = actions.StrategyData(
        municipality=world.units["aalborg"].municipality,
        title=f"Rusmiddelstrategi {first}–{first + 3}",
        first_year=first,
        last_year=first + 3,
        description="Strategiens midtvejsstatus til udvalget.",
        areas=AREAS,
    )
    strategy = actions.create_strategy(world.actor(world.user("admin.aalborg")), data)
    campaign = strategy.areas.get(position=3).initiatives.get()
    actions.update_initiative(
        world.actors["aalborg"],
        campaign,
        campaign.status,
        "Udskudt til efter sommerferien; materialet er klar.",
        world.today - timedelta(days=30),
        campaign.version,
    )
