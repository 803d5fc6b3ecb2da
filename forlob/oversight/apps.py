# SPDX-License-Identifier: AGPL-3.0-or-later
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    """Emergency access, the leaders' review of the access log, the citizen's insight report and
    retention: the uses of the log that read or remove domain data, so they sit above the domains."""

    name = "forlob.oversight"
    verbose_name = _("Oversight")

    def ready(self) -> None:
        # Registers the system check that every field of a model tied to a citizen is declared.
        from forlob.oversight import declarations  # noqa: F401
