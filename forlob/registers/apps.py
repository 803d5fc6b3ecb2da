# SPDX-License-Identifier: AGPL-3.0-or-later
"""National registration: NAB and drug treatment reporting from the data Forløb holds, the
questions it does not hold asked inside the normal forms, validation, monthly submission, the
municipality's own copy and the return tables."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistersConfig(AppConfig):
    name = "forlob.registers"
    verbose_name = _("National registration")

    def ready(self) -> None:
        from forlob.registers import course_page, overview
        from forlob.treatment import hooks as treatment_hooks

        treatment_hooks.course_page_sections.append(course_page.section)
        treatment_hooks.form_parts.append(course_page.FORM_PART)
        treatment_hooks.overview_sections.append(overview.incomplete_section)
        treatment_hooks.overview_sections.append(overview.deadlines_section)
