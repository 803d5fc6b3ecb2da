# SPDX-License-Identifier: AGPL-3.0-or-later
"""Follow-up after treatment: the unit's rule, the tasks made on discharge, the attempts to reach
the citizen and the short form filled in during the call (seeds 003 and 004)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from forlob.treatment.models import EndReason

# Seed 004 quotes a draft quality standard: follow up "[?] mdr. og 6 mdr." after completed, not
# interrupted, treatment. The first number is unreadable in the seed; 3 is our reading
# (docs/followup.md), and each unit sets its own months.
DEFAULT_MONTHS = [3, 6]
DEFAULT_END_REASONS = [EndReason.COMPLETED.value]
DEFAULT_MAX_ATTEMPTS = 3
# A death never leads to a follow-up call, whatever a rule says.
NEVER_FOLLOWED_UP = frozenset({EndReason.DIED})


class FollowUpRule(models.Model):
    """A unit's follow-up rule. Changing it affects courses discharged afterwards only: the tasks
    already made keep their due dates and number of attempts."""

    unit = models.OneToOneField(
        "organisations.Unit", models.CASCADE, related_name="follow_up_rule", verbose_name=_("unit")
    )
    months = models.JSONField(_("months after discharge"), default=list)
    end_reasons = models.JSONField(_("end reasons that lead to follow-up"), default=list)
    consent_required = models.BooleanField(_("consent required"), default=True)
    max_attempts = models.PositiveSmallIntegerField(_("attempts before giving up"), default=DEFAULT_MAX_ATTEMPTS)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("follow-up rule")
        verbose_name_plural = _("follow-up rules")

    def __str__(self) -> str:
        return f"{self.unit_id}: {self.months}"

    @classmethod
    def for_unit(cls, unit_id: int) -> "FollowUpRule":
        """The unit's rule, or the default (3 and 6 months, completed treatment, consent) unsaved."""
        rule = cls.objects.filter(unit_id=unit_id).first()
        return rule or cls(
            unit_id=unit_id,
            months=list(DEFAULT_MONTHS),
            end_reasons=list(DEFAULT_END_REASONS),
            consent_required=True,
            max_attempts=DEFAULT_MAX_ATTEMPTS,
        )


class Status(models.TextChoices):
    OPEN = "open", pgettext_lazy("follow-up", "Open")
    REACHED = "reached", _("Contact made")
    NOT_REACHED = "not_reached", _("No contact made")
    CANCELLED = "cancelled", _("Cancelled")


class CancelReason(models.TextChoices):
    CONSENT_WITHDRAWN = "consent_withdrawn", _("The consent to follow-up contact was withdrawn")


class UseChange(models.TextChoices):
    """Current use compared with at discharge."""

    STOPPED = "stopped", _("Stopped")
    REDUCED = "reduced", _("Reduced")
    UNCHANGED = "unchanged", _("Unchanged")
    INCREASED = "increased", _("Increased")


class LifeChange(models.TextChoices):
    """Housing, work and network compared with at discharge (KL: follow-up reaches the whole life)."""

    BETTER = "better", _("Better")
    SAME = "same", _("Unchanged")
    WORSE = "worse", _("Worse")


class Satisfaction(models.IntegerChoices):
    VERY_SATISFIED = 5, _("Very satisfied")
    SATISFIED = 4, _("Satisfied")
    NEUTRAL = 3, _("Neither satisfied nor dissatisfied")
    DISSATISFIED = 2, _("Dissatisfied")
    VERY_DISSATISFIED = 1, _("Very dissatisfied")


class FollowUp(models.Model):
    """A follow-up call due some months after discharge, assigned to the staff member who closed
    the course. Closed when the citizen is reached (with the short form), when the attempts run
    out, or cancelled when the consent it needed is withdrawn."""

    course = models.ForeignKey("treatment.Course", models.PROTECT, related_name="follow_ups", verbose_name=_("course"))
    citizen = models.ForeignKey(
        "citizens.Citizen", models.PROTECT, related_name="follow_ups", verbose_name=_("citizen")
    )
    unit = models.ForeignKey("organisations.Unit", models.PROTECT, related_name="follow_ups", verbose_name=_("unit"))
    months = models.PositiveSmallIntegerField(_("months after discharge"))
    due_on = models.DateField(_("due"))
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="follow_ups", verbose_name=_("assigned to")
    )
    needs_consent = models.BooleanField(_("needs consent"), default=True)
    max_attempts = models.PositiveSmallIntegerField(_("attempts before giving up"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    cancel_reason = models.CharField(
        _("reason for cancelling"), max_length=20, choices=CancelReason.choices, blank=True
    )
    # The short form, filled in when the citizen is reached.
    use_change = models.CharField(
        _("use compared with at discharge"), max_length=20, choices=UseChange.choices, blank=True
    )
    new_treatment_needed = models.BooleanField(_("new treatment needed"), null=True, blank=True)
    housing = models.CharField(_("housing"), max_length=10, choices=LifeChange.choices, blank=True)
    work = models.CharField(_("work or education"), max_length=10, choices=LifeChange.choices, blank=True)
    network = models.CharField(_("network"), max_length=10, choices=LifeChange.choices, blank=True)
    satisfaction = models.PositiveSmallIntegerField(
        _("satisfaction with the treatment"), choices=Satisfaction.choices, null=True, blank=True
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["assigned_to", "status", "due_on"]),
            models.Index(fields=["unit", "status", "due_on"]),
            models.Index(fields=["unit", "due_on"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["course", "months"], name="one_follow_up_per_course_and_month"),
            models.CheckConstraint(
                condition=Q(status="open", closed_on__isnull=True) | (~Q(status="open") & Q(closed_on__isnull=False)),
                name="follow_up_closed_on_when_closed",
            ),
        ]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")

    def __str__(self) -> str:
        return f"{self.months} {_('months')} {self.due_on:%d.%m.%Y}"

    @property
    def is_open(self) -> bool:
        return self.status == Status.OPEN


class Attempt(models.Model):
    """A call (or other try) to reach the citizen."""

    follow_up = models.ForeignKey(FollowUp, models.CASCADE, related_name="attempts", verbose_name=_("follow-up"))
    attempted_on = models.DateField(_("date"))
    reached = models.BooleanField(_("contact made"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("by"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["attempted_on", "pk"]
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")

    def __str__(self) -> str:
        return f"{self.follow_up_id} {self.attempted_on}"


class ReminderSent(models.Model):
    """One reminder e-mail per staff member per day: running the command twice sends nothing new."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    sent_on = models.DateField()
    tasks = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "sent_on"], name="one_reminder_per_day")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.sent_on}"
