# SPDX-License-Identifier: AGPL-3.0-or-later
from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _load_definitions(**kwargs: Any) -> None:
    from forlob.instruments.actions import load_definitions

    load_definitions()


class InstrumentsConfig(AppConfig):
    name = "forlob.instruments"
    verbose_name = _("Screening and outcome measurement")

    def ready(self) -> None:
        from forlob.instruments import treatment_pages
        from forlob.instruments.queries import JOURNAL_MEASUREMENTS
        from forlob.treatment import hooks as treatment_hooks

        post_migrate.connect(_load_definitions, sender=self)
        treatment_hooks.course_page_sections.append(treatment_pages.course_measurements_section)
        treatment_hooks.course_page_sections.append(treatment_pages.course_critical_section)
        treatment_hooks.overview_sections.append(treatment_pages.overview_critical_section)
        treatment_hooks.journal_sources.append(JOURNAL_MEASUREMENTS)
