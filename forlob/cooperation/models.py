# SPDX-License-Identifier: AGPL-3.0-or-later
"""A municipality's cooperation agreements with its partners (seeds 000, 002, 003, 004): who with,
what was agreed, from when to when, when it is to be reviewed, the contact people on both sides,
and the signed documents. No citizen data: an agreement is about the cooperation, never a person
in treatment."""

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

# A review is flagged this many days before it is due, and stays flagged until it is done.
REVIEW_NOTICE_DAYS = 30


class PartnerKind(models.TextChoices):
    JOBCENTER = "jobcenter", _("Jobcentre")
    FAMILY = "family", _("Children and families department")
    ADULT_SOCIAL = "adult_social", _("Adult social services")
    REGIONAL_PSYCHIATRY = "regional_psychiatry", _("Regional psychiatry")
    SOCIAL_PSYCHIATRY = "social_psychiatry", _("Social psychiatry")
    GP = "gp", _("General practitioners")
    HOSPITAL = "hospital", _("Hospital")
    EDUCATION = "education", _("School and education")
    POLICE = "police", _("Police")
    HOUSING = "housing", _("Housing")
    OTHER = "other", _("Other")


class Status(models.TextChoices):
    """Worked out from the dates on the day it is shown, never stored."""

    UPCOMING = "upcoming", _("Not yet in force")
    IN_FORCE = "in_force", _("In force")
    REVIEW_DUE = "review_due", _("Review due")
    EXPIRED = "expired", _("Expired")


def review_horizon(day: date) -> date:
    """The last review date flagged as due on ``day``."""
    return day + timedelta(days=REVIEW_NOTICE_DAYS)


def in_force_on(day: date) -> Q:
    """Agreements in force on ``day`` (a review due does not stop an agreement)."""
    return Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))


def status_is(status: str, day: date) -> Q:
    """The agreements with ``status`` on ``day``, as the database filters them; the same rules as
    ``Agreement.status``."""
    expired = Q(valid_to__lt=day)
    upcoming = Q(valid_from__gt=day) & ~expired
    due = Q(review_on__lte=review_horizon(day)) & ~expired & ~upcoming
    return {
        Status.EXPIRED: expired,
        Status.UPCOMING: upcoming,
        Status.REVIEW_DUE: due,
        Status.IN_FORCE: ~expired & ~upcoming & ~due,
    }[Status(status)]


class Agreement(models.Model):
    municipality = models.ForeignKey(
        "organisations.Municipality",
        models.PROTECT,
        related_name="cooperation_agreements",
        verbose_name=_("municipality"),
    )
    title = models.CharField(_("title"), max_length=200)
    partner_kind = models.CharField(_("partner kind"), max_length=30, choices=PartnerKind.choices)
    partner_name = models.CharField(_("partner"), max_length=200)
    content = models.TextField(_("content"), blank=True)
    agreed_on = models.DateField(_("agreed on"))
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    review_on = models.DateField(_("review date"), null=True, blank=True)
    responsible = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="cooperation_agreements", verbose_name=_("our contact people")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(m2m_fields=[responsible])

    class Meta:
        ordering = ["title", "pk"]
        indexes = [models.Index(fields=["municipality", "review_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="cooperation_valid_to_after_from",
            )
        ]
        verbose_name = _("cooperation agreement")
        verbose_name_plural = _("cooperation agreements")

    def __str__(self) -> str:
        return self.title

    def status(self, day: date) -> Status:
        if self.valid_to is not None and self.valid_to < day:
            return Status.EXPIRED
        if self.valid_from > day:
            return Status.UPCOMING
        if self.review_on is not None and self.review_on <= review_horizon(day):
            return Status.REVIEW_DUE
        return Status.IN_FORCE


class PartnerContact(models.Model):
    """A contact person at the partner: a professional, not a citizen."""

    agreement = models.ForeignKey(Agreement, models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=8, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("partner contact")
        verbose_name_plural = _("partner contacts")

    def __str__(self) -> str:
        return self.name


class Document(models.Model):
    """A signed agreement or an appendix. Kept in the database, so a backup of the database holds
    it too; its history leaves the content out (a document is never changed, only added or removed)."""

    agreement = models.ForeignKey(Agreement, models.CASCADE, related_name="documents")
    name = models.CharField(_("file name"), max_length=200)
    kind = models.CharField(_("file type"), max_length=10)
    size = models.PositiveIntegerField(_("size"))
    content = models.BinaryField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["content"])

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.name
