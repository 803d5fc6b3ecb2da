# SPDX-License-Identifier: AGPL-3.0-or-later
"""The psychiatric pathway of seed 004: assessment after a positive screening, screenings and diagnoses made elsewhere,
the letter to the citizen's GP and the GP's referral."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PsychiatryConfig(AppConfig):
    name = "forlob.psychiatry"
    verbose_name = _("Psychiatric pathway")

    def ready(self) -> None:
        from forlob.psychiatry import course_page
        from forlob.psychiatry.queries import JOURNAL_PATHWAY
        from forlob.treatment import hooks as treatment_hooks

        treatment_hooks.course_page_sections.append(course_page.section)
        treatment_hooks.overview_sections.append(course_page.awaiting_section)
        treatment_hooks.journal_sources.extend(JOURNAL_PATHWAY)
