# SPDX-License-Identifier: AGPL-3.0-or-later
"""The parts other apps add to treatment's forms (``hooks.form_parts``): made with the main form,
checked with it, and saved in the same transaction as treatment's action."""

from collections.abc import Callable
from typing import TypeVar

from django.db import transaction
from django.http import QueryDict

from forlob.common.forms import DkfdsForm
from forlob.organisations.access import Actor
from forlob.treatment import hooks
from forlob.treatment.models import Course

Part = tuple[hooks.FormPart, DkfdsForm]
T = TypeVar("T", bound=Course)


def part_forms(stage: str, course: Course | None, legal_basis: str, data: QueryDict | None = None) -> list[Part]:
    parts = [(part, part.form(stage, course, legal_basis, data)) for part in hooks.form_parts]
    return [(part, form) for part, form in parts if form is not None]


def forms_of(parts: list[Part]) -> list[DkfdsForm]:
    return [form for _part, form in parts]


def valid(parts: list[Part]) -> bool:
    return all([form.is_valid() for _part, form in parts])  # every part checked, so every error shows


def with_parts(actor: Actor, parts: list[Part], action: Callable[[], T]) -> Callable[[], T]:
    """``action`` followed by each part's save, in one transaction."""

    def run() -> T:
        with transaction.atomic():
            course = action()
            for part, form in parts:
                part.save(actor, course, form)
            return course

    return run
