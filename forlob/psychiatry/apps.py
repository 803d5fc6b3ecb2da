# SPDX-License-Identifier: AGPL-3.0-or-later
"""The psychiatric pathway of seed 004: assessment after a positive screening, screenings and diagnoses made elsewhere,
the letter to the citizen's GP and the GP's referral."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PsychiatryConfig(AppConfig):
    name = "forlob.psychiatry"
    verbose_name = _("Psychiatric pathway")
