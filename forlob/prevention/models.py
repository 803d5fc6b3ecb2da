# SPDX-License-Identifier: AGPL-3.0-or-later
"""Prevention activities: simple registrations of what was done, for whom, and how many took part
(seed 002: "simple registrations of contacts and participants", and the qualitative notes)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Level(models.TextChoices):
    """WHO's prevention triangle as seed 002 draws it: primary (general, for everyone), secondary
    (anticipatory, for groups at risk) and tertiary (intervening, for the individual citizen)."""

    PRIMARY = "primary", _("Primary (general)")
    SECONDARY = "secondary", _("Secondary (anticipatory)")
    TERTIARY = "tertiary", _("Tertiary (intervening)")


# The international (IOM) codes Forløb used as levels before, and the level each became:
# universal ≈ primary, selective ≈ secondary, indicated ≈ tertiary. Approximate: seed 002's
# secondary level also holds conversations with citizens on their way into misuse (IOM: indicated),
# and its tertiary level also treatment (outside IOM's prevention). Code for code, so the data
# migration keeps every record and runs backwards (docs/prevention.md).
IOM_CODES = {"universal": Level.PRIMARY, "selective": Level.SECONDARY, "indicated": Level.TERTIARY}


class FocusArea(models.TextChoices):
    """Holstebro's six focus areas (seed 002)."""

    AVAILABILITY = "availability", _("Availability")
    TEACHING = "teaching", _("Communication and teaching")
    ADVICE = "advice", _("Advice and guidance")
    DETECTION = "detection", _("Early detection")
    COOPERATION = "cooperation", _("Cooperation and coordination")
    NETWORK = "network", _("Involving the network")


class TargetGroup(models.TextChoices):
    CHILDREN = "children", _("Children")
    YOUNG = "young", _("Young people")
    PARENTS = "parents", _("Parents")
    PROFESSIONALS = "professionals", _("Professionals")
    CITIZENS = "citizens", _("Citizens")
    RELATIVES = "relatives", _("Relatives")
    OTHER = "other", _("Other")


class Setting(models.TextChoices):
    SCHOOL = "school", _("School")
    YOUTH_EDUCATION = "youth_education", _("Upper secondary and vocational education")
    WORKPLACE = "workplace", _("Workplace")
    NIGHTLIFE = "nightlife", _("Nightlife")
    LEISURE = "leisure", _("Leisure and clubs")
    HOUSING = "housing", _("Housing and residential care")
    MUNICIPALITY = "municipality", _("Municipal services")
    ONLINE = "online", _("Online")
    OTHER = "other", _("Other")


class Activity(models.Model):
    unit = models.ForeignKey("organisations.Unit", models.PROTECT, related_name="activities", verbose_name=_("unit"))
    held_on = models.DateField(_("date"))
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    focus_area = models.CharField(_("focus area"), max_length=20, choices=FocusArea.choices)
    target_group = models.CharField(_("target group"), max_length=20, choices=TargetGroup.choices)
    setting = models.CharField(_("setting"), max_length=20, choices=Setting.choices)
    title = models.CharField(_("title"), max_length=200)
    participants = models.PositiveIntegerField(_("participants"), default=0)
    contacts = models.PositiveIntegerField(
        _("contacts"), default=0, help_text=_("Conversations, calls and other contacts besides the participants.")
    )
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["unit", "held_on"])]
        verbose_name = _("prevention activity")
        verbose_name_plural = _("prevention activities")

    def __str__(self) -> str:
        return f"{self.held_on} {self.title}"
