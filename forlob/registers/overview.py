# SPDX-License-Identifier: AGPL-3.0-or-later
"""On "Mit overblik" (``treatment.hooks.overview_sections``): the clinician's open courses that
still lack something the national register asks for."""

from datetime import date

from forlob.common.sections import Section
from forlob.organisations.access import Actor
from forlob.registers.queries import my_incomplete


def incomplete_section(actor: Actor, day: date) -> Section | None:
    incomplete = my_incomplete(actor)
    if not incomplete:
        return None
    return Section("registers/includes/incomplete.html", {"incomplete": incomplete}, order=30)
