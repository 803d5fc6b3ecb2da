# SPDX-License-Identifier: AGPL-3.0-or-later
"""Two years of prevention activities at Faxe and Holstebro (seed 002's focus areas)."""

from datetime import timedelta

from forlob.demo.world import World
from forlob.prevention import actions

# (level, focus area, target group, setting, title, (fewest, most participants))
EXAMPLES = [
    ("primary", "teaching", "young", "school", "Oplæg om alkohol og hash i 8. klasse", (20, 60)),
    ("primary", "teaching", "parents", "school", "Forældremøde om unges alkoholvaner", (15, 80)),
    ("primary", "availability", "professionals", "nightlife", "Ansvarlig udskænkning med byens barer", (5, 20)),
    ("secondary", "advice", "young", "youth_education", "Åben rådgivning på erhvervsskolen", (3, 15)),
    ("secondary", "detection", "professionals", "municipality", "Opsporing: kursus for jobcentrets personale", (8, 25)),
    ("secondary", "network", "relatives", "municipality", "Pårørendegruppe", (4, 12)),
    ("secondary", "advice", "citizens", "online", "Anonym chatrådgivning", (0, 0)),
    ("tertiary", "cooperation", "professionals", "housing", "Samarbejdsmøde med botilbuddet", (4, 10)),
]


def add_activities(world: World) -> None:
    rng = world.rng
    for key in ("faxe", "holstebro"):
        actor, unit = world.actors[key], world.units[key]
        for n in range(60):
            level, area, group, setting, title, (low, high) = rng.choice(EXAMPLES)
            participants = rng.randint(low, high)
            data = actions.ActivityData(
                held_on=world.today - timedelta(days=rng.randint(0, 730)),
                level=level,
                focus_area=area,
                target_group=group,
                setting=setting,
                title=title,
                participants=participants,
                contacts=rng.randint(1, 25) if participants == 0 or n % 4 == 0 else 0,
                notes="Gode spørgsmål fra deltagerne." if n % 5 == 0 else "",
            )
            actions.register_activity(actor, unit, data)
            world.summary.activities += 1
