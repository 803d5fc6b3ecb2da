# SPDX-License-Identifier: AGPL-3.0-or-later
"""The demo's citizens: valid, unique CPR numbers for made-up people, a few anonymous."""

from datetime import date

from forlob.citizens import cpr
from forlob.citizens.actions import CitizenData, create_citizen
from forlob.citizens.models import Citizen
from forlob.demo.names import FIRST_NAMES, LAST_NAMES, STREETS
from forlob.demo.world import World


def new_cpr(world: World, born: date, sex: str) -> str:
    """A CPR number for the birth date and sex, used by no one else in the demo."""
    rng = world.rng
    while True:
        century_digit = rng.choice("0123") if born.year < 2000 else "4"
        serial = f"{century_digit}{rng.randrange(100):02d}"
        last = rng.choice("13579" if sex == "M" else "02468")
        digits = f"{born:%d%m%y}{serial}{last}"
        if digits not in world.used_cpr:
            world.used_cpr.add(digits)
            assert cpr.birth_date(digits) == born
            return digits


def new_citizen(world: World, key: str) -> Citizen:
    """A citizen of one of the municipalities the unit serves, born 1950-2006; one in twenty is
    anonymous (alcohol treatment allows it)."""
    rng, unit = world.rng, world.units[key]
    sex = rng.choice("KM")
    born = date(rng.randint(1950, 2006), rng.randint(1, 12), rng.randint(1, 28))
    anonymous = rng.random() < 0.05
    municipality = rng.choice(list(unit.serves.all()))
    if anonymous:
        data = CitizenData(
            is_anonymous=True,
            alias=f"{rng.choice(FIRST_NAMES[sex])[0]}{rng.randint(10, 99)}",
            birth_year=born.year,
            sex=sex,
            municipality=municipality,
        )
    else:
        data = CitizenData(
            cpr=new_cpr(world, born, sex),
            first_name=rng.choice(FIRST_NAMES[sex]),
            last_name=rng.choice(LAST_NAMES),
            municipality=municipality,
            address=f"{rng.choice(STREETS)} {rng.randint(1, 120)}",
            address_protected=rng.random() < 0.03,
            phone=f"{rng.randint(20000000, 99999999)}",
        )
    return _created(world, create_citizen(world.actors[key], unit, data))


def new_relative(world: World, key: str, of: Citizen) -> Citizen:
    """A relative of ``of``, with the same surname, at the same unit."""
    rng = world.rng
    sex = rng.choice("KM")
    born = date(rng.randint(1960, 2000), rng.randint(1, 12), rng.randint(1, 28))
    data = CitizenData(
        cpr=new_cpr(world, born, sex),
        first_name=rng.choice(FIRST_NAMES[sex]),
        last_name=of.last_name or rng.choice(LAST_NAMES),
        municipality=of.municipality,
    )
    return _created(world, create_citizen(world.actors[key], world.units[key], data))


def _created(world: World, citizen: Citizen) -> Citizen:
    world.summary.citizens += 1
    world.citizens.append(citizen)
    return citizen
