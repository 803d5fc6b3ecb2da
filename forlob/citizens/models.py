# SPDX-License-Identifier: AGPL-3.0-or-later
"""Citizens (borgere): identified by CPR or anonymous, and the units they are registered at.

A citizen row is one data controller's record of a person: the unit that recorded it keeps it,
and that unit's municipality is the data controller. The same person known at two units has two
records, linked only by the keyed CPR hash, for statistics and duplicate control, never for
display. Other units of the same municipality see a record only through a registration made by a
logged flow (see ``forlob.citizens.actions``); another municipality never sees it, and receives a
referred citizen as a record of its own."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from forlob.citizens import cpr
from forlob.common.dates import age_on
from forlob.organisations.models import Municipality, Unit


class Sex(models.TextChoices):
    FEMALE = "K", _("Female")
    MALE = "M", _("Male")


class Citizen(models.Model):
    # The unit that keeps this record; its municipality is the data controller.
    unit = models.ForeignKey(
        Unit, models.PROTECT, related_name="kept_citizens", editable=False, verbose_name=_("kept by unit")
    )
    # CPR is never stored in clear: an HMAC for exact lookup and an encrypted copy to reveal.
    cpr_hash = models.CharField(max_length=64, null=True, blank=True, editable=False)
    cpr_encrypted = models.TextField(blank=True, editable=False)
    is_anonymous = models.BooleanField(_("anonymous"), default=False)
    alias = models.CharField(_("alias"), max_length=100, blank=True)
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("birth year"))
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    municipality = models.ForeignKey(
        Municipality,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality of residence"),
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    address_protected = models.BooleanField(
        _("name and address protection"),
        default=False,
        help_text=_("The address is never shown or exported."),
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set by the retention run: identity, contact details and notes are gone; what statistics
    # count (birth year, sex, municipality, the courses) is kept.
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True, editable=False)
    # Raised by every change; a form sends the version it was made from (optimistic locking).
    version = models.PositiveIntegerField(default=1, editable=False)
    # Neither form of the CPR number goes into the history: a rotated key must leave no old
    # ciphertext behind, and the number never changes.
    history = HistoricalRecords(excluded_fields=["cpr_hash", "cpr_encrypted"])

    class Meta:
        ordering = ["last_name", "first_name", "alias"]
        indexes = [
            models.Index(fields=["last_name", "first_name"]),
            models.Index(fields=["alias"]),
            models.Index(fields=["cpr_hash"], name="citizen_cpr_hash"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["unit", "cpr_hash"], name="one_record_per_cpr_and_unit"),
            models.CheckConstraint(
                condition=Q(is_anonymous=True, cpr_hash__isnull=True) | Q(is_anonymous=False, cpr_hash__isnull=False),
                name="citizen_cpr_unless_anonymous",
            ),
        ]
        verbose_name = _("citizen")
        verbose_name_plural = _("citizens")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.anonymised_at is not None:
            return _("Anonymised citizen #%(id)s") % {"id": self.pk}
        if self.is_anonymous:
            return f"{self.alias} ({_('anonymous')})"
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def masked_cpr(self) -> str:
        return cpr.masked(self.birth_date) if self.birth_date and not self.is_anonymous else ""

    def age_on(self, day: date) -> int:
        return age_on(day, self.birth_date, self.birth_year) or 0  # the birth year is always known

    @property
    def shown_address(self) -> str:
        return "" if self.address_protected else self.address


class Registration(models.Model):
    """A citizen is known at a unit: the unit's case staff may then see the citizen."""

    citizen = models.ForeignKey(Citizen, models.CASCADE, related_name="registrations")
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="registrations")
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "citizen"], name="unique_registration")]

    def __str__(self) -> str:
        return f"{self.citizen_id} @ {self.unit_id}"


class TargetGroup(models.Model):
    """A target group of the strategies: Greenlandic families, ethnic minorities, reduced mental
    functioning, dual diagnosis (seed 003), young people (seed 004). One national list, kept by the
    administrators, so that statistics compare across municipalities; the name is Danish text kept
    as data. A group in use is taken out of use, never deleted: its markers keep counting."""

    code = models.SlugField(_("code"), max_length=50, unique=True, help_text=_("Never changes once in use."))
    name = models.CharField(_("name"), max_length=200)
    active = models.BooleanField(_("in use"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")

    def __str__(self) -> str:
        return self.name


class TargetGroupMarker(models.Model):
    """The citizen belongs to a target group from ``from_on`` (to ``ended_on``), as recorded by a
    unit that works with them. Statistics count by these; no free text, so they stay when the
    citizen is anonymised (forlob/oversight/retention.py)."""

    citizen = models.ForeignKey(Citizen, models.CASCADE, related_name="target_group_markers", verbose_name=_("citizen"))
    group = models.ForeignKey(TargetGroup, models.PROTECT, related_name="markers", verbose_name=_("target group"))
    from_on = models.DateField(_("from"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+", verbose_name=_("recorded by unit"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["group__order", "group__name", "-from_on"]
        indexes = [models.Index(fields=["group", "from_on"], name="marker_group_from")]
        constraints = [
            models.UniqueConstraint(
                fields=["citizen", "group"], condition=Q(ended_on__isnull=True), name="one_open_marker_per_group"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("from_on")),
                name="marker_ends_after_it_starts",
            ),
        ]
        verbose_name = _("target group marker")
        verbose_name_plural = _("target group markers")

    def __str__(self) -> str:
        # No person data: the administration names it when a group in use cannot be deleted.
        return f"{self.group_id}/{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.ended_on is None
