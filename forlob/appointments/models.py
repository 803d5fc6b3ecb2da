# SPDX-License-Identifier: AGPL-3.0-or-later
"""Planned appointments of a course, single or made by a weekly series, and the clinician's secret
calendar feed. An appointment becomes a treatment session when attendance is registered."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from forlob.treatment.models import Group, SessionKind

# The kinds of session an appointment can be: a group meets on the group's own schedule.
APPOINTMENT_KINDS = [(value, label) for value, label in SessionKind.choices if value != SessionKind.GROUP]


class Status(models.TextChoices):
    PLANNED = "planned", _("Planned")
    CANCELLED = "cancelled", _("Cancelled")


class AppointmentSeries(models.Model):
    """A recurring appointment: a weekday and a local time every ``every_weeks`` weeks from
    ``starts_on`` until ``ends_on`` or ``count`` appointments. Its appointments are made when the
    series is made; ending it cancels those after the end."""

    course = models.ForeignKey(
        "treatment.Course", models.PROTECT, related_name="appointment_series", verbose_name=_("course")
    )
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="appointment_series", verbose_name=_("clinician")
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Group.Weekday.choices)  # Monday 0
    start_time = models.TimeField(_("time"))  # on the Danish wall clock, summer and winter alike
    minutes = models.PositiveSmallIntegerField(_("minutes"), default=60)
    kind = models.CharField(_("kind"), max_length=20, choices=APPOINTMENT_KINDS)
    every_weeks = models.PositiveSmallIntegerField(_("every … weeks"), default=1)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    count = models.PositiveSmallIntegerField(_("number of appointments"), null=True, blank=True)
    ended_on = models.DateField(_("ended"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(weekday__lte=6), name="series_weekday"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=False) | Q(count__isnull=False), name="series_ends_by_date_or_count"
            ),
        ]
        verbose_name = _("appointment series")
        verbose_name_plural = _("appointment series")

    def __str__(self) -> str:
        return f"{self.course_id} {self.weekday} {self.start_time:%H:%M}"


class Appointment(models.Model):
    """One planned meeting with the citizen of a course, with the clinicians who take part."""

    course = models.ForeignKey(
        "treatment.Course", models.PROTECT, related_name="appointments", verbose_name=_("course")
    )
    series = models.ForeignKey(
        AppointmentSeries,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="appointments",
        verbose_name=_("appointment series"),
    )
    clinicians = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="appointments", verbose_name=_("clinicians")
    )
    starts_at = models.DateTimeField(_("starts"))  # UTC; shown in Europe/Copenhagen
    minutes = models.PositiveSmallIntegerField(_("minutes"), default=60)
    kind = models.CharField(_("kind"), max_length=20, choices=APPOINTMENT_KINDS)
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    session = models.OneToOneField(
        "treatment.Session",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="appointment",
        verbose_name=_("session"),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[clinicians])

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["starts_at"]), models.Index(fields=["course", "starts_at"])]
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")

    def __str__(self) -> str:
        return f"{self.course_id} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.minutes)


class FeedToken(models.Model):
    """The secret in a clinician's calendar feed address. Only its SHA-256 is kept: the address is
    shown once, when made; revoking it (or making a new one) makes the old address a 404."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="calendar_feeds", verbose_name=_("user")
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["token_hash"])

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"{self.user_id} {self.created_at:%Y-%m-%d}"
