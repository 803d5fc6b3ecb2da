# SPDX-License-Identifier: AGPL-3.0-or-later
"""The coordinated action plan (koordinerende indsatsplan) agreed for a citizen with mental illness
and substance use, with the region's psychiatry and the other parties (seeds 003 and 004), and the
course's case manager (tovholder) across treatment and psychiatry."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords


class PartyKind(models.TextChoices):
    """Who besides the treatment unit takes part (KL recommendation 11 and 12)."""

    REGIONAL_PSYCHIATRY = "regional_psychiatry", _("Regional psychiatry")
    SOCIAL_PSYCHIATRY = "social_psychiatry", _("Social psychiatry")
    JOBCENTRE = "jobcentre", _("Job centre")
    GP = "gp", _("General practitioner")
    FAMILY_DEPARTMENT = "family_department", _("Family department")
    HOUSING = "housing", _("Housing")
    OTHER = "other", _("Other party")


class ActionPlan(models.Model):
    """The plan agreed on a course. The treatment unit is always a party; the others are
    ``parties``. One open plan per course; a closed plan is kept."""

    course = models.ForeignKey(
        "treatment.Course", models.PROTECT, related_name="action_plans", verbose_name=_("course")
    )
    citizen = models.ForeignKey(
        "citizens.Citizen", models.PROTECT, related_name="action_plans", verbose_name=_("citizen")
    )
    unit = models.ForeignKey("organisations.Unit", models.PROTECT, related_name="action_plans", verbose_name=_("unit"))
    citizen_goals = models.TextField(_("the citizen's own goals"), help_text=_("In the citizen's own words."))
    agreed_on = models.DateField(_("agreed on"))
    # None: the treatment unit coordinates.
    coordinator_party = models.ForeignKey(
        "PlanParty",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("coordinating party"),
    )
    coordinator_name = models.CharField(_("coordinator"), max_length=200)
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    close_note = models.TextField(_("note on closing"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-agreed_on", "-pk"]
        indexes = [models.Index(fields=["unit", "next_review_on"]), models.Index(fields=["unit", "agreed_on"])]
        constraints = [
            models.UniqueConstraint(fields=["course"], condition=Q(closed_on__isnull=True), name="one_open_plan"),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("agreed_on")), name="plan_closed_after_agreed"
            ),
        ]
        verbose_name = _("coordinated action plan")
        verbose_name_plural = _("coordinated action plans")

    def __str__(self) -> str:
        return f"{self.course_id} {self.agreed_on}"

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


class PlanParty(models.Model):
    """A party to the plan besides the treatment unit. It may receive the plan only while the
    citizen's consent (family's PLAN_PARTY consent, linked here) is in force."""

    plan = models.ForeignKey(ActionPlan, models.CASCADE, related_name="parties", verbose_name=_("plan"))
    kind = models.CharField(_("kind of party"), max_length=20, choices=PartyKind.choices)
    name = models.CharField(_("name"), max_length=200)
    contact = models.CharField(_("contact"), max_length=300, blank=True, help_text=_("Person, phone or e-mail."))
    consent = models.ForeignKey(
        "family.Consent",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_parties",
        verbose_name=_("consent to share"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("party to the plan")
        verbose_name_plural = _("parties to the plan")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.name}"


class ActionStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("action", "Open")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class PlanAction(models.Model):
    """An agreed action: what, who owns it (a party, None: the treatment unit, and a person),
    by when, and how it went."""

    plan = models.ForeignKey(ActionPlan, models.CASCADE, related_name="actions", verbose_name=_("plan"))
    what = models.CharField(_("action"), max_length=500)
    owner_party = models.ForeignKey(
        PlanParty, models.PROTECT, null=True, blank=True, related_name="actions", verbose_name=_("owner")
    )
    owner_name = models.CharField(_("responsible person"), max_length=200)
    due_on = models.DateField(_("due"))
    status = models.CharField(_("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("agreed action")
        verbose_name_plural = _("agreed actions")

    def __str__(self) -> str:
        return f"{self.what} {self.due_on}"


class PlanReview(models.Model):
    """A review of the plan held: the date it was due, the date it was held (on time when not
    later), and what came of it."""

    plan = models.ForeignKey(ActionPlan, models.CASCADE, related_name="reviews", verbose_name=_("plan"))
    due_on = models.DateField(_("review due"))
    held_on = models.DateField(_("held on"))
    note = models.TextField(_("note"), blank=True)
    held_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("by"))
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["held_on"])]
        verbose_name = _("review of the plan")
        verbose_name_plural = _("reviews of the plan")

    def __str__(self) -> str:
        return f"{self.plan_id} {self.held_on}"

    @property
    def on_time(self) -> bool:
        return self.held_on <= self.due_on


class CaseManager(models.Model):
    """The course's case manager (tovholder) across treatment and psychiatry, for a period: a
    staff member of the unit, or a named person at another party."""

    course = models.ForeignKey(
        "treatment.Course", models.PROTECT, related_name="case_managers", verbose_name=_("course")
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="case_managed",
        verbose_name=_("staff member"),
    )
    external_name = models.CharField(_("name"), max_length=200, blank=True)
    party_kind = models.CharField(_("party"), max_length=20, choices=PartyKind.choices, blank=True)
    from_on = models.DateField(_("from"))
    to_on = models.DateField(_("to"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-from_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(staff__isnull=False) & Q(external_name="") & Q(party_kind=""))
                | (Q(staff__isnull=True) & ~Q(external_name="") & ~Q(party_kind="")),
                name="case_manager_staff_or_external",
            ),
            models.CheckConstraint(
                condition=Q(to_on__isnull=True) | Q(to_on__gte=F("from_on")), name="case_manager_to_after_from"
            ),
        ]
        verbose_name = _("case manager")
        verbose_name_plural = _("case managers")

    def __str__(self) -> str:
        return f"{self.course_id} {self.from_on}"

    @property
    def display_name(self) -> str:
        if self.staff is not None:
            return self.staff.get_full_name() or self.staff.username
        return f"{self.external_name} ({self.get_party_kind_display()})"
