# SPDX-License-Identifier: AGPL-3.0-or-later
"""The coordinated action plan (koordinerende indsatsplan) for citizens with mental illness and substance use, and the
course's case manager."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoordinationConfig(AppConfig):
    name = "forlob.coordination"
    verbose_name = _("Coordinated action plans")

    def ready(self) -> None:
        from forlob.coordination import treatment_pages
        from forlob.coordination.queries import JOURNAL_PLANS
        from forlob.treatment import hooks as treatment_hooks

        treatment_hooks.course_page_sections.append(treatment_pages.course_coordination)
        treatment_hooks.course_page_sections.append(treatment_pages.case_manager_summary)
        treatment_hooks.overview_sections.append(treatment_pages.due_reviews)
        treatment_hooks.journal_sources.extend(JOURNAL_PLANS)
