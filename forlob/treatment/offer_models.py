# SPDX-License-Identifier: AGPL-3.0-or-later
"""Each unit's offer catalogue on the national offer types, and the method and place of a
session (seeds 000, 001). Imported into ``models`` so Django finds the model."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from forlob.organisations.models import Unit


class OfferType(models.TextChoices):
    AMBULANT = "ambulant", _("Outpatient treatment")
    DAY = "day", _("Day treatment")
    RESIDENTIAL = "residential", _("Residential treatment")
    AFTERCARE = "aftercare", _("Aftercare")
    RELATIVES = "relatives", _("Course for relatives")
    FAMILY = "family", _("Family course")
    YOUTH = "youth", _("Youth course")
    # Before a treatment course (seed 001's "Udredningsforløb" and "Motivationsforløb"): not a
    # form of treatment in the national registers, so the register extract leaves them out.
    ASSESSMENT = "assessment", _("Assessment course")
    MOTIVATION = "motivation", _("Motivation course")


class SessionMethod(models.TextChoices):
    """The method of a session (seed 000: cognitive treatment, exposure, motivational talks, the
    family-oriented effort; seed 004: solution-focused talks)."""

    COGNITIVE = "cognitive", _("Cognitive therapy")
    MOTIVATIONAL = "motivational", _("Motivational interviewing")
    EXPOSURE = "exposure", _("Exposure")
    SOLUTION_FOCUSED = "solution_focused", _("Solution-focused")
    PSYCHOEDUCATION = "psychoeducation", _("Psychoeducation")
    FAMILY_ORIENTED = "family_oriented", _("Family-oriented")
    OTHER = "other", _("Other method")


class SessionPlace(models.TextChoices):
    """Where a session took place (seed 000's electronic counselling; home visits and outreach)."""

    CENTRE = "centre", _("At the centre")
    HOME = "home", _("Home visit")
    OUTREACH = "outreach", _("Outreach or other location")
    CHAT = "chat", _("Electronic: chat")
    VIDEO = "video", _("Electronic: video")
    PHONE = "phone", _("Electronic: phone")


class UnitOffer(models.Model):
    """One offer in a unit's catalogue (e.g. Faxe's "Motivationsforløb"), on a national offer type
    so the statistics and the register extracts stay comparable between units."""

    unit = models.ForeignKey(Unit, models.PROTECT, related_name="offers", verbose_name=_("unit"))
    name = models.CharField(_("name"), max_length=200)
    category = models.CharField(_("national offer type"), max_length=20, choices=OfferType.choices)
    planned_weeks = models.PositiveSmallIntegerField(_("planned length in weeks"), null=True, blank=True)
    session_pattern = models.CharField(_("session pattern"), max_length=300, blank=True)
    target_group = models.CharField(_("target group"), max_length=300, blank=True)
    active = models.BooleanField(_("active"), default=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-active", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], condition=Q(active=True), name="one_active_offer_name"),
        ]
        verbose_name = _("offer")
        verbose_name_plural = _("offers")

    def __str__(self) -> str:
        return self.name
