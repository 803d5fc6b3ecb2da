# SPDX-License-Identifier: AGPL-3.0-or-later
"""Target-group markers, recorded by the unit when the citizen's first course starts: young
people under 25 (seed 004) until they turn 25, and a few of the groups of seed 003's strategy."""

from datetime import date, timedelta

from forlob.citizens.actions import add_target_group_marker, end_target_group_marker
from forlob.citizens.models import Citizen
from forlob.citizens.queries import target_groups
from forlob.demo.world import World
from forlob.treatment.models import Course

YOUNG = "young_under_25"
# Shares of the citizens in treatment marked with a group, and of those marked how many no longer
# belong to it when the course ends (a home found, for the homeless).
SHARES = {
    "dual_diagnosis": (0.08, 0.0),
    "ethnic_minority": (0.05, 0.0),
    "reduced_mental_functioning": (0.03, 0.0),
    "greenlandic": (0.02, 0.0),
    "homeless": (0.02, 0.5),
}
# Parents with children in the household: pregnant or with small children.
SMALL_CHILDREN = ("pregnant_small_children", 0.3)


def _turns_25(citizen: Citizen) -> date:
    """The day the citizen is 25, as ``Citizen.age_on`` counts it (from the birth year alone: on
    New Year's Day of the year they turn 25)."""
    if citizen.birth_date is not None:
        return citizen.birth_date.replace(year=citizen.birth_date.year + 25)
    return date(citizen.birth_year + 25, 1, 1)


def add_markers(world: World) -> None:
    rng = world.rng
    groups = {group.code: group for group in target_groups()}
    first: dict[int, Course] = {}
    for started in sorted(world.open_courses + world.discharged_courses, key=lambda c: (c.started_on, c.pk)):
        first.setdefault(started.citizen_id, started)
    for citizen in world.citizens:
        if citizen.pk not in first:
            continue
        course = first[citizen.pk]
        actor, start = world.actors[world.unit_key(course.unit_id)], course.started_on
        if citizen.age_on(start) < 25:
            marker = add_target_group_marker(actor, citizen, groups[YOUNG], start)
            if _turns_25(citizen) <= world.today:
                end_target_group_marker(actor, marker, _turns_25(citizen) - timedelta(days=1))
        for code, (share, ending) in SHARES.items():
            if rng.random() < share:
                marker = add_target_group_marker(actor, citizen, groups[code], start)
                if course.ended_on is not None and rng.random() < ending:
                    end_target_group_marker(actor, marker, course.ended_on)
        code, share = SMALL_CHILDREN
        if citizen.pk in world.parents and rng.random() < share:
            add_target_group_marker(actor, citizen, groups[code], start)
