# SPDX-License-Identifier: AGPL-3.0-or-later
"""A municipality's substance strategy (seed 003: Aalborg's rusmiddelstrategi): core areas with
goals and initiatives; initiatives carry a status and dated status notes, goals carry indicators
that are either worked out live from Forløb's data or entered by hand with their source."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from forlob.stats.live import LiveMeasure


class Strategy(models.Model):
    municipality = models.ForeignKey(
        "organisations.Municipality", models.PROTECT, related_name="strategies", verbose_name=_("municipality")
    )
    title = models.CharField(_("title"), max_length=200)
    first_year = models.PositiveSmallIntegerField(_("from year"))
    last_year = models.PositiveSmallIntegerField(_("to year"))
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-first_year", "title"]
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")

    def __str__(self) -> str:
        return self.title


class Area(models.Model):
    """A core area (indsatsområde) of the strategy."""

    strategy = models.ForeignKey(Strategy, models.CASCADE, related_name="areas", verbose_name=_("strategy"))
    title = models.CharField(_("title"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("core area")
        verbose_name_plural = _("core areas")

    def __str__(self) -> str:
        return self.title


class Goal(models.Model):
    area = models.ForeignKey(Area, models.CASCADE, related_name="goals", verbose_name=_("core area"))
    text = models.TextField(_("goal"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return self.text[:80]


class InitiativeStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    POSTPONED = "postponed", _("Postponed")


class Initiative(models.Model):
    area = models.ForeignKey(Area, models.CASCADE, related_name="initiatives", verbose_name=_("core area"))
    title = models.CharField(_("title"), max_length=200)
    department = models.CharField(_("responsible department"), max_length=120)
    status = models.CharField(
        _("status"), max_length=20, choices=InitiativeStatus.choices, default=InitiativeStatus.PLANNED
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")

    def __str__(self) -> str:
        return self.title


class StatusNote(models.Model):
    initiative = models.ForeignKey(Initiative, models.CASCADE, related_name="notes")
    written_on = models.DateField(_("date"))
    text = models.TextField(_("status"))
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-written_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.written_on}: {self.text[:60]}"


class Indicator(models.Model):
    goal = models.ForeignKey(Goal, models.CASCADE, related_name="indicators", verbose_name=_("goal"))
    name = models.CharField(_("name"), max_length=200)
    live = models.CharField(_("worked out from Forløb"), max_length=30, choices=LiveMeasure.choices, blank=True)
    source = models.CharField(
        _("source"),
        max_length=200,
        blank=True,
        help_text=_("For an indicator entered by hand, e.g. Ungeprofilen 2018."),
    )
    baseline = models.DecimalField(_("baseline"), max_digits=10, decimal_places=1, null=True, blank=True)
    target = models.DecimalField(_("target"), max_digits=10, decimal_places=1, null=True, blank=True)
    actual = models.DecimalField(_("actual (entered)"), max_digits=10, decimal_places=1, null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.name
