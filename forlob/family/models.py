# SPDX-License-Identifier: AGPL-3.0-or-later
"""The citizen's household and network, and the assessments of the children's situation."""

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

CHILD_AGE_LIMIT = 18


class RelationKind(models.TextChoices):
    PARTNER = "partner", _("Partner")
    CHILD = "child", _("Child")
    PARENT = "parent", _("Parent")
    SIBLING = "sibling", _("Sibling")
    OTHER = "other", _("Other relation")


class Relation(models.Model):
    """A person in the citizen's household or network."""

    citizen = models.ForeignKey("citizens.Citizen", models.CASCADE, related_name="relations", verbose_name=_("citizen"))
    kind = models.CharField(_("relation"), max_length=10, choices=RelationKind.choices)
    name = models.CharField(_("name"), max_length=200)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    in_household = models.BooleanField(_("lives in the household"), default=False)
    involved = models.BooleanField(_("involved in the course"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "birth_year", "name"]
        verbose_name = _("relation")
        verbose_name_plural = _("relations")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.name}"

    def age_on(self, day: date) -> int | None:
        """Exact from the birth date; from the birth year alone, the age reached this year."""
        if self.birth_date is not None:
            before_birthday = (day.month, day.day) < (self.birth_date.month, self.birth_date.day)
            return day.year - self.birth_date.year - before_birthday
        return day.year - self.birth_year if self.birth_year is not None else None

    def is_household_child_on(self, day: date) -> bool:
        """A child under 18 living in the household: the children the seeds ask us to keep in view."""
        age = self.age_on(day)
        return self.kind == RelationKind.CHILD and self.in_household and age is not None and age < CHILD_AGE_LIMIT


class ChildrenAssessment(models.Model):
    """The children's needs were assessed (seed 000/001: ensure the children's needs are assessed)."""

    citizen = models.ForeignKey(
        "citizens.Citizen", models.CASCADE, related_name="children_assessments", verbose_name=_("citizen")
    )
    assessed_on = models.DateField(_("assessed on"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("assessed by")
    )
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-assessed_on"]
        verbose_name = _("assessment of the children's situation")
        verbose_name_plural = _("assessments of the children's situation")

    def __str__(self) -> str:
        return f"{self.citizen_id} {self.assessed_on}"
