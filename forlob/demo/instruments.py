# SPDX-License-Identifier: AGPL-3.0-or-later
"""Screenings and outcome measurements of a course: most are screened at intake (AUDIT or DUDIT,
and often KL's basisscreener); many have the outcome profile at intake and, when they end, at
discharge, usually better."""

from datetime import date

from forlob.demo.world import World
from forlob.instruments import actions
from forlob.instruments.models import Phase
from forlob.treatment.models import Course, Substance

SCREENED_AREAS = ["depression", "mania", "anxiety", "ocd", "ptsd", "psychosis", "adhd", "personality", "suicide"]


def measure(world: World, key: str, course: Course, first: date, last: date, ends: bool) -> None:
    """The measurements of a course running from ``first`` to ``last`` (its end, if it ``ends``)."""
    rng = world.rng
    severity = rng.random()
    if rng.random() < 0.8:
        code = "audit" if course.main_substance == Substance.ALCOHOL else "dudit"
        _record(world, key, course, code, Phase.INTAKE, first, _summed(world, code, 0.4 + severity * 0.6))
        if ends and rng.random() < 0.6:
            _record(world, key, course, code, Phase.DISCHARGE, last, _summed(world, code, severity * 0.6))
    if rng.random() < 0.6:
        found: dict[str, object] = {
            area: "positive" if rng.random() < 0.08 else rng.choice(["negative"] * 5 + ["not_assessed"])
            for area in SCREENED_AREAS
        }
        follow_ups = ["assessment", "gp_result", "already", "none"]
        action = rng.choice(follow_ups) if "positive" in found.values() else ""
        _record(world, key, course, "kl_basis", Phase.INTAKE, first, found, action)
    if rng.random() < 0.5:
        days = rng.randint(10, 28)
        _record(world, key, course, "outcome", Phase.INTAKE, first, _profile(course, severity, days, 0))
        if ends:
            better = rng.uniform(-0.1, 0.9)
            _record(world, key, course, "outcome", Phase.DISCHARGE, last, _profile(course, severity, days, better))


def _record(
    world: World, key: str, course: Course, code: str, phase: str, day: date, given: dict[str, object], action: str = ""
) -> None:
    actions.record_response(world.actors[key], course, actions.ResponseData(code, phase, day, given, action))
    world.summary.measurements += 1


def _summed(world: World, code: str, level: float) -> dict[str, object]:
    """Answers to a summed questionnaire, higher the higher the ``level`` (0-1)."""
    items = actions.current_instrument(code).definition["items"]  # type: ignore[union-attr]
    return {
        i["code"]: i["options"][min(len(i["options"]) - 1, int(world.rng.random() * level * 5))]["value"] for i in items
    }


def _profile(course: Course, severity: float, days: int, better: float) -> dict[str, object]:
    """The outcome profile of the last 28 days, ``better`` (0-1) than at intake."""
    alcohol = min(28, max(0, int(days * (1 - better))))
    return {
        "alcohol_days": alcohol,
        "heavy_days": int(alcohol * 0.6),
        "drinks_per_day": max(0, int((4 + severity * 12) * (1 - better))),
        "drug_days": "" if course.main_substance == Substance.ALCOHOL else min(28, int(days * (1 - better))),
        "psychological_health": min(20, int(6 + better * 10)),
        "physical_health": min(20, int(8 + better * 8)),
        "quality_of_life": min(20, int(5 + better * 11)),
    }
