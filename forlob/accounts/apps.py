# SPDX-License-Identifier: AGPL-3.0-or-later
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "forlob.accounts"
    verbose_name = _("Login and sessions")

    def ready(self) -> None:
        from forlob.accounts import home, signals  # noqa: F401

        home.register()
