# SPDX-License-Identifier: AGPL-3.0-or-later
"""Screening and outcome instruments (definitions as data) and the responses given on a course."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class InstrumentKind(models.TextChoices):
    SUM = "sum", _("Sum of item points with bands")
    DOMAINS = "domains", _("Scores per problem area")
    SCREENING = "screening", _("Screening result per area")
    PROFILE = "profile", _("Outcome profile")


class Phase(models.TextChoices):
    INTAKE = "intake", _("At intake")
    DURING = "during", _("During the course")
    DISCHARGE = "discharge", _("At discharge")
    FOLLOW_UP = "follow_up", _("Follow-up")


class Instrument(models.Model):
    """One version of an instrument. ``definition`` holds the items, options, points and bands
    (the JSON files in definitions/); scoring.py scores any definition of its kind."""

    code = models.CharField(_("code"), max_length=30)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=InstrumentKind.choices)
    definition = models.JSONField(_("definition"))
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["name", "-version"]
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="unique_instrument_version")]
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")

    def __str__(self) -> str:
        return self.name

    @property
    def title(self) -> str:
        return str(self.definition.get("title", self.name))


class Response(models.Model):
    """An instrument filled in on a course: the answers as given, and the total and band that
    scoring.py worked out from them when they were saved."""

    course = models.ForeignKey("treatment.Course", models.PROTECT, related_name="responses", verbose_name=_("course"))
    instrument = models.ForeignKey(Instrument, models.PROTECT, related_name="responses", verbose_name=_("instrument"))
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices)
    answered_on = models.DateField(_("date"))
    answers = models.JSONField(_("answers"), default=dict)
    total = models.DecimalField(_("total"), max_digits=7, decimal_places=3, null=True, blank=True)
    band = models.CharField(_("result"), max_length=30, blank=True)
    band_label = models.CharField(_("result"), max_length=200, blank=True)
    action = models.CharField(_("follow-up action"), max_length=30, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # An answer the definition marks critical (scoring.critical_options) is flagged to the
    # clinicians until one of them acknowledges it.
    critical = models.BooleanField(_("holds a critical answer"), default=False, editable=False)
    critical_acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("critical answer acknowledged by"),
    )
    critical_acknowledged_at = models.DateTimeField(
        _("critical answer acknowledged"), null=True, blank=True, editable=False
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["answered_on", "pk"]
        indexes = [
            models.Index(fields=["course", "instrument", "answered_on"]),
            models.Index(
                fields=["course"],
                condition=Q(critical=True, critical_acknowledged_at__isnull=True),
                name="critical_unacknowledged",
            ),
        ]
        verbose_name = _("response")
        verbose_name_plural = _("responses")

    def __str__(self) -> str:
        return f"{self.instrument.name} {self.answered_on}"
