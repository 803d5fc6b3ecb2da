# SPDX-License-Identifier: AGPL-3.0-or-later
"""Aalborg's key-person year as in seed 000 (98 participants across six departments), and the
competences of the treatment staff with this year's education plan."""

from datetime import date, timedelta

from forlob.competences import actions
from forlob.competences.models import Competence, TrainingKind
from forlob.demo.world import World

SPRING = {"Center for børn, unge og familier": 25, "Center for Tværfaglig forebyggelse": 10}
AUTUMN = {"Center for voksne": 5, "Børne- og familieområdet": 25, "Socialafdelingen": 8, "Jobcenteret": 25}
# (username, the unit whose leader registers it, competences held)
HELD = [
    ("behandler", "faxe", ["Grunduddannelse i alkoholbehandling", "Kognitiv alkoholbehandling", "ASI-interview"]),
    ("behandler2", "faxe", ["Grunduddannelse i alkoholbehandling", "Motiverende samtale"]),
    ("familiekonsulent", "faxe", ["Familieorienteret alkoholbehandling", "Samtalen om børns trivsel"]),
    ("leder", "faxe", ["Grunduddannelse i alkoholbehandling", "Familieorienteret alkoholbehandling"]),
    ("behandler.aalborg", "aalborg", ["Familieorienteret alkoholbehandling", "KL's basisscreener"]),
    ("behandler.holstebro", "holstebro", ["Dobbeltfokuseret alkoholbehandling", "ASI-interview"]),
]
SUPERVISORS = {"familiekonsulent", "behandler.aalborg"}


def add_training(world: World) -> None:
    """Last year's two key-person courses in Aalborg."""
    aalborg = world.units["aalborg"].municipality
    last_year = world.today.year - 1
    for n, participants in enumerate([SPRING, AUTUMN]):
        data = actions.TrainingData(
            kind=TrainingKind.KEY_PERSON,
            title="Nøglepersonskursus: samtalen om alkohol og børns trivsel",
            starts_on=date(last_year, 3 + 6 * n, 1),
            days=3,
            participants=participants,
        )
        actions.register_training(world.actors["aalborg"], aalborg, data)


def add_competences(world: World) -> None:
    """The staff's competences, registered by their leader, and two seats planned this year."""
    by_name = {c.name: c for c in Competence.objects.all()}
    for username, unit_key, names in HELD:
        user = world.user(username)
        for name in names:
            since = world.today - timedelta(days=world.rng.randint(200, 3000))
            actions.register_competence(world.actors[unit_key], user, by_name[name], since, username in SUPERVISORS)
    family = by_name["Familieorienteret alkoholbehandling"]
    actions.plan_seats(world.actors["faxe"], world.units["faxe"], family, world.today.year, 2)
    # Seed 000: one seat on the course for those who teach the front-line staff.
    teachers = by_name["Kursus for undervisere af frontpersonalet"]
    actions.plan_seats(world.actors["aalborg"], world.units["aalborg"], teachers, world.today.year, 1)
