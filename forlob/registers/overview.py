# SPDX-License-Identifier: AGPL-3.0-or-later
"""The leader's view of the monthly submissions: per unit they lead and per register, the last
finished months with what was sent and the deadline, and on "Mit overblik" the previous month's
submissions not yet made (``treatment.hooks.overview_sections``), no person in either; and for a
clinician on "Mit overblik" their open courses that still lack something the register asks for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from forlob.common.dates import add_months, today
from forlob.common.sections import Section
from forlob.organisations.access import REGISTER_EXTRACT, Actor
from forlob.organisations.models import Unit, UnitKind
from forlob.registers.models import Register, Submission
from forlob.registers.queries import in_force_submissions, my_incomplete
from forlob.registers.specification import Specification, in_force
from forlob.registers.submission import deadline, month_end

# The registers a unit reports to, by its kind: family and prevention units treat no one's own use.
REGISTERS_BY_KIND = {
    UnitKind.ALCOHOL: (Register.NAB,),
    UnitKind.DRUGS: (Register.DRUGS,),
    UnitKind.SUBSTANCE: (Register.NAB, Register.DRUGS),
    UnitKind.YOUTH: (Register.NAB, Register.DRUGS),
    UnitKind.OTHER: (Register.NAB, Register.DRUGS),
}


@dataclass(frozen=True)
class MonthStatus:
    unit: Unit
    register: str
    spec: Specification
    month: date
    submission: Submission | None  # the one in force

    @property
    def deadline(self) -> date:
        return deadline(self.spec, self.month)

    @property
    def overdue(self) -> bool:
        return self.submission is None and self.deadline < today()

    @property
    def slug(self) -> str:
        return f"{self.month:%Y-%m}"


def finished_months(count: int = 12, day: date | None = None) -> list[date]:
    """The first days of the last ``count`` finished months, newest first."""
    this_month = (day or today()).replace(day=1)
    return [add_months(this_month, -n) for n in range(1, count + 1)]


def led_units(actor: Actor) -> list[Unit]:
    """The units the actor leads that report to a register."""
    return list(
        Unit.objects.filter(pk__in=actor.unit_ids(REGISTER_EXTRACT), active=True, kind__in=REGISTERS_BY_KIND).order_by(
            "name"
        )
    )


def statuses(actor: Actor, months: list[date]) -> list[tuple[Unit, list[tuple[str, list[MonthStatus]]]]]:
    """For each unit the actor leads and each of its registers, the months' status."""
    units = led_units(actor)
    made = in_force_submissions({u.pk for u in units}, months=months)
    table = []
    for unit in units:
        by_register = []
        for register in REGISTERS_BY_KIND[UnitKind(unit.kind)]:
            rows = [
                MonthStatus(unit, register, spec, month, made.get((unit.pk, register, month)))
                for month in months
                if (spec := in_force(register, month_end(month))) is not None
            ]
            by_register.append((str(Register(register).label), rows))
        table.append((unit, by_register))
    return table


def deadlines_section(actor: Actor, day: date) -> Section | None:
    """For the units' leaders: last month's submissions not yet made, with their deadline."""
    if not actor.unit_ids(REGISTER_EXTRACT):
        return None
    missing = [
        status
        for _unit, registers in statuses(actor, finished_months(1, day))
        for _label, rows in registers
        for status in rows
        if status.submission is None
    ]
    if not missing:
        return None
    return Section("registers/includes/deadlines.html", {"missing": missing}, order=8)


def incomplete_section(actor: Actor, day: date) -> Section | None:
    incomplete = my_incomplete(actor)
    if not incomplete:
        return None
    return Section("registers/includes/incomplete.html", {"incomplete": incomplete}, order=30)
