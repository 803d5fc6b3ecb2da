# SPDX-License-Identifier: AGPL-3.0-or-later
"""The coordinated action plan (koordinerende indsatsplan) for citizens with mental illness and substance use, and the
course's case manager."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoordinationConfig(AppConfig):
    name = "forlob.coordination"
    verbose_name = _("Coordinated action plans")
