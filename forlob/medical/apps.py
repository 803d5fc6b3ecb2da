# SPDX-License-Identifier: AGPL-3.0-or-later
"""Medical treatment on the course: medication given or handed out by the centre, the daily dispensing list,
detoxification episodes."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MedicalConfig(AppConfig):
    name = "forlob.medical"
    verbose_name = _("Medical treatment")

    def ready(self) -> None:
        from forlob.medical import treatment_pages
        from forlob.medical.queries import JOURNAL_SOURCES
        from forlob.treatment import hooks as treatment_hooks

        treatment_hooks.course_page_sections.append(treatment_pages.course_medical_section)
        treatment_hooks.journal_sources.extend(JOURNAL_SOURCES)
