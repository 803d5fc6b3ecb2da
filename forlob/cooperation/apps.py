# SPDX-License-Identifier: AGPL-3.0-or-later
"""The municipality's cooperation agreements with its partners (jobcentre, family department, psychiatry, GP, school
…), their contacts, documents and review dates."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CooperationConfig(AppConfig):
    name = "forlob.cooperation"
    verbose_name = _("Cooperation agreements")

    def ready(self) -> None:
        from forlob.cooperation.sections import reviews_due
        from forlob.treatment import hooks as treatment_hooks

        treatment_hooks.overview_sections.append(reviews_due)
