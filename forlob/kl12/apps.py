# SPDX-License-Identifier: AGPL-3.0-or-later
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Kl12Config(AppConfig):
    name = "forlob.kl12"
    verbose_name = _("KL's 12 recommendations")
