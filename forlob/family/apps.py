# SPDX-License-Identifier: AGPL-3.0-or-later
from functools import partial

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FamilyConfig(AppConfig):
    name = "forlob.family"
    verbose_name = _("Family and network")

    def ready(self) -> None:
        from forlob.citizens import hooks as citizen_hooks
        from forlob.family import citizen_page, course_page
        from forlob.family.queries import JOURNAL_CONSENTS, with_children_flag
        from forlob.treatment import hooks as treatment_hooks

        citizen_hooks.citizen_page_sections.append(citizen_page.sections)
        treatment_hooks.course_annotations.append(partial(with_children_flag, citizen="citizen_id"))
        treatment_hooks.course_page_sections.append(course_page.course_family)
        treatment_hooks.journal_sources.extend(JOURNAL_CONSENTS)
