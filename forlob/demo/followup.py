# SPDX-License-Identifier: AGPL-3.0-or-later
"""Follow-up after treatment: Aalborg's own rule, and the calls made on the follow-ups due."""

from datetime import timedelta

from forlob.demo.world import World, pick
from forlob.followup import actions
from forlob.followup.models import LifeChange, Status, UseChange
from forlob.treatment.models import EndReason

USE_CHANGES = [(UseChange.STOPPED, 35), (UseChange.REDUCED, 35), (UseChange.UNCHANGED, 20), (UseChange.INCREASED, 10)]


def set_rules(world: World) -> None:
    """Aalborg follows up at 1, 6 and 12 months (seed 003); the others use the default 3 and 6
    (our reading of seed 004)."""
    rule = actions.RuleData(months=[1, 6, 12], end_reasons=[EndReason.COMPLETED])
    actions.save_rule(world.actors["aalborg"], world.units["aalborg"], rule)


def add_attempts(world: World) -> None:
    """Calls on the follow-ups that have come due: most citizens are reached at the first or
    second try, some never, so the worklists and the reach rate have something to show."""
    rng = world.rng
    due = sorted(
        (
            task
            for course in world.discharged_courses
            for task in course.follow_ups.filter(
                status=Status.OPEN, due_on__lte=world.today - timedelta(days=3)
            ).select_related("assigned_to")
        ),
        key=lambda task: task.pk,
    )
    for task in due:
        actor = world.actor(task.assigned_to)
        day = task.due_on
        # Recent follow-ups may still be waiting; older ones were all worked through.
        recent = task.due_on > world.today - timedelta(days=45)
        while task.is_open and day <= world.today and (not recent or rng.random() < 0.8):
            reached = rng.random() < 0.35
            answers = actions.ShortForm(
                use_change=pick(rng, USE_CHANGES),
                new_treatment_needed=rng.random() < 0.15,
                housing=rng.choice(LifeChange.values),
                work=rng.choice(LifeChange.values),
                network=rng.choice(LifeChange.values),
                satisfaction=rng.choice([3, 4, 4, 5, 5]),
            )
            data = actions.AttemptData(day, reached, "" if reached else "Intet svar", answers)
            task = actions.record_attempt(actor, task, data)
            day += timedelta(days=rng.randint(1, 7))
