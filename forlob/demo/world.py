# SPDX-License-Identifier: AGPL-3.0-or-later
"""What the demo's builders share: the random source, the units and staff made so far, the acting
users, and the running summary that ``seed_demo`` prints."""

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.models import User

from forlob.citizens.models import Citizen
from forlob.common.dates import today
from forlob.family.models import Relation
from forlob.organisations.access import Actor
from forlob.organisations.models import Unit
from forlob.treatment.models import Course, UnitOffer

# Shown by `manage.py demo_logins`; demo data is synthetic and never for production.
DEMO_PASSWORD = "forlob-demo-2026"  # noqa: S105
# The first year the demo's history reaches back to.
FIRST_YEAR = 2010


def pick(rng: random.Random, weighted: Sequence[tuple[str, int]]) -> str:
    """One value of (value, weight) pairs."""
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights)[0]


@dataclass
class Summary:
    citizens: int = 0
    requests: int = 0
    courses: int = 0
    sessions: int = 0
    discharged: int = 0
    groups: int = 0
    measurements: int = 0
    activities: int = 0
    staff: list[User] = field(default_factory=list)


class World:
    """The demo being built. ``units``, ``staff`` (the clinicians of each unit), ``deciders`` (each
    unit's leader) and ``actors`` (the leaders as actors) are keyed by the unit keys of
    ``forlob.demo.organisations``."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        # The family offers and the assessments' actions draw from their own source, so that
        # adding them left the rest of a seed's world as it was.
        self.family_rng = random.Random(f"{seed}-family")
        self.today: date = today()
        self.summary = Summary()
        self.units: dict[str, Unit] = {}
        self.staff: dict[str, list[User]] = {}
        self.deciders: dict[str, User] = {}
        self.actors: dict[str, Actor] = {}
        self.used_cpr: set[str] = set()
        self.follow_up_consents: set[int] = set()  # citizens who have consented to follow-up
        # Each unit's catalogue offers by national offer type (the first of each type).
        self.offers: dict[str, dict[str, UnitOffer]] = {}
        # What the actions returned, in the order they made it: later steps work on these rows
        # rather than read person data back past the queries functions.
        self.citizens: list[Citizen] = []
        self.open_courses: list[Course] = []
        self.discharged_courses: list[Course] = []
        self.parents: set[int] = set()  # citizens with a child among their relations
        self.children: dict[int, list[Relation]] = {}  # their children, by the citizen's id
        self._actors: dict[int, Actor] = {}

    def actor(self, user: User) -> Actor:
        """The user as an actor, read once: roles do not change while the demo is built."""
        if user.pk not in self._actors:
            self._actors[user.pk] = Actor.for_user(user)
        return self._actors[user.pk]

    def user(self, username: str) -> User:
        return User.objects.get(username=username)

    def unit_key(self, unit_id: int) -> str:
        return next(key for key, unit in self.units.items() if unit.pk == unit_id)
