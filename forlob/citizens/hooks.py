# SPDX-License-Identifier: AGPL-3.0-or-later
"""Hooks through which the apps above citizens add to the citizen pages, so that citizens imports
none of them. Each app appends its functions in its ``AppConfig.ready()``."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

from django.http import HttpRequest

from forlob.citizens.models import Citizen
from forlob.common.sections import Section
from forlob.organisations.access import Actor


@dataclass(frozen=True)
class Origin:
    """What a citizen about to be registered comes from (a contact request from the public page):
    the form's first values, a template shown above the form with the values it reads, and where
    to continue with the registered citizen's id."""

    initial: Mapping[str, object]
    template: str
    context: Mapping[str, object]
    next_url: Callable[[int], str]


# (actor, citizen, day) → the sections of the citizen page an app draws; it reads (and logs) its
# own data through its own queries.
citizen_page_sections: list[Callable[[Actor, Citizen, date], list[Section]]] = []

# (actor, request) → what the new citizen of the registration form comes from, or None.
new_citizen_origins: list[Callable[[Actor, HttpRequest], Origin | None]] = []
