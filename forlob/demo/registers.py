# SPDX-License-Identifier: AGPL-3.0-or-later
"""National registration in the demo: the registers' questions answered on seven in eight of the
courses a register takes (the rest stay incomplete, so the month's page shows courses held back),
the household's children assessed where the answer needs it, and Faxe's monthly submissions made
for the finished months of the last year but the latest, which is left for its leader (its
deadline shows on "Mit overblik")."""

import random

from forlob.demo.world import World
from forlob.family import actions as family_actions
from forlob.organisations.models import UnitKind
from forlob.registers.actions.answers import save_answers
from forlob.registers.actions.submissions import make_submission
from forlob.registers.models import Channel, Register
from forlob.registers.overview import REGISTERS_BY_KIND, finished_months
from forlob.registers.specification import in_force, register_of
from forlob.treatment.models import Course

UNANSWERED_EVERY = 8  # one course in eight a register takes is left without answers
COMMON = ("earlier_treatment", "cohabitation", "housing", "income", "education")


def _answers(rng: random.Random, course: Course, register: str) -> dict[str, object]:
    """Answers within each field's codes and range, and consistent across fields (the days with
    more than 5 drinks within the days with alcohol, the debut no later than the age at intake)."""
    age = course.citizen.age_on(course.started_on)
    answers: dict[str, object] = {
        "earlier_treatment": rng.choice(["1", "1", "2", "3"]),
        "cohabitation": rng.choice(["1", "1", "2", "3"]),
        "housing": rng.choice(["1", "1", "1", "2", "3", "4"]),
        "income": rng.choice(["1", "4", "5", "5", "6", "7", "8"]),
        "education": rng.choice(["1", "2", "3", "3", "4", "7"]),
        "debut_age": rng.randint(min(15, age), max(min(15, age), min(age, 40))),
    }
    if register == Register.NAB:
        drinking = rng.randint(8, 30)
        answers |= {
            "units_week": rng.randint(20, 120),
            "drinking_days": drinking,
            "heavy_days": rng.randint(0, drinking),
            "units_week_end": rng.randint(0, 40),
        }
    else:
        route = rng.choice(["1", "1", "2", "3", "4"])
        answers |= {
            "route": route,
            "injected": "3" if route == "4" else rng.choice(["1", "1", "2"]),
            "end_status": rng.choice(["1", "2", "2", "3"]),
        }
    return answers


def add_answers(world: World) -> None:
    rng = random.Random(world.rng.random())  # its own source: nothing built after it moves
    assessed: set[int] = set()
    taken = [
        (course, register)
        for course in [*world.discharged_courses, *world.open_courses]
        if (register := register_of(course)) is not None
        and not (course.citizen.is_anonymous and register == Register.DRUGS)
        and in_force(register, course.started_on) is not None  # not before the register's first version
    ]
    for n, (course, register) in enumerate(taken, start=1):
        if n % UNANSWERED_EVERY == 0:
            continue
        actor = world.actors[world.unit_key(course.unit_id)]
        answers = _answers(rng, course, register)
        if course.ended_on is None:
            answers = {k: v for k, v in answers.items() if k not in ("units_week_end", "end_status")}
        save_answers(actor, course, answers)
        if course.citizen_id not in assessed:
            family_actions.assess_children(actor, course.citizen, course.started_on)
            assessed.add(course.citizen_id)


def add_submissions(world: World) -> None:
    """Faxe's submissions month by month, oldest first (the first carries the history before it);
    the units without an institution code have every course held back and submit nothing."""
    months = finished_months()[1:]
    for key, unit in world.units.items():
        if not unit.institution_code or unit.kind not in REGISTERS_BY_KIND or key not in world.actors:
            continue
        for register in REGISTERS_BY_KIND[UnitKind(unit.kind)]:
            for month in reversed(months):
                make_submission(world.actors[key], unit, register, month, Channel.FILE)
