# SPDX-License-Identifier: AGPL-3.0-or-later
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FamilyConfig(AppConfig):
    name = "forlob.family"
    verbose_name = _("Family and network")

    def ready(self) -> None:
        from forlob.citizens import hooks
        from forlob.family import citizen_page

        hooks.citizen_page_sections.append(citizen_page.sections)
