# SPDX-License-Identifier: AGPL-3.0-or-later
"""Medical treatment on the course: medication given or handed out by the centre, the daily dispensing list,
detoxification episodes."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MedicalConfig(AppConfig):
    name = "forlob.medical"
    verbose_name = _("Medical treatment")
