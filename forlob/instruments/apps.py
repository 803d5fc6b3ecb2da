# SPDX-License-Identifier: AGPL-3.0-or-later
from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class InstrumentsConfig(AppConfig):
    name = "forlob.instruments"
    verbose_name = _("Screening and outcome measurement")

    def ready(self) -> None:
        from forlob.instruments.definitions import load_definitions

        post_migrate.connect(load_definitions, sender=self)
