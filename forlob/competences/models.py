# SPDX-License-Identifier: AGPL-3.0-or-later
"""Key-person training and staff competences (seeds 000 and 004): the courses a municipality holds
for front-line staff, with participants per department; the competences its treatment staff
hold; and the education plan of seats per competence and year."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class TrainingKind(models.TextChoices):
    KEY_PERSON = "key_person", _("Key-person training")
    FOLLOW_UP = "follow_up", _("Follow-up day")
    FRONT_LINE = "front_line", _("Training of front-line staff")
    OTHER = "other", _("Other")


class TrainingCourse(models.Model):
    municipality = models.ForeignKey(
        "organisations.Municipality", models.PROTECT, related_name="training_courses", verbose_name=_("municipality")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=TrainingKind.choices)
    title = models.CharField(_("title"), max_length=200)
    starts_on = models.DateField(_("start date"))
    days = models.PositiveSmallIntegerField(_("days"), default=1)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("training course")
        verbose_name_plural = _("training courses")

    def __str__(self) -> str:
        return f"{self.title} {self.starts_on}"


class Participation(models.Model):
    """How many from one department took part in a course."""

    course = models.ForeignKey(TrainingCourse, models.CASCADE, related_name="participations")
    department = models.CharField(_("department"), max_length=120)
    participants = models.PositiveIntegerField(_("participants"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["department"]
        constraints = [models.UniqueConstraint(fields=["course", "department"], name="unique_department_per_course")]

    def __str__(self) -> str:
        return f"{self.department}: {self.participants}"


class Competence(models.Model):
    """A method or qualification staff can hold (shipped: the ones seeds 000 and 004 name)."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("competence")
        verbose_name_plural = _("competences")

    def __str__(self) -> str:
        return self.name


class StaffCompetence(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="competences")
    competence = models.ForeignKey(Competence, models.PROTECT, related_name="holders")
    since = models.DateField(_("since"))
    can_supervise = models.BooleanField(_("can supervise others"), default=False)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "competence"], name="unique_staff_competence")]

    def __str__(self) -> str:
        return f"{self.user} – {self.competence}"


class PlannedSeats(models.Model):
    """The education plan: seats a unit plans on a competence's course in a year."""

    unit = models.ForeignKey("organisations.Unit", models.CASCADE, related_name="planned_seats")
    competence = models.ForeignKey(Competence, models.PROTECT, related_name="planned_seats")
    year = models.PositiveSmallIntegerField(_("year"))
    seats = models.PositiveSmallIntegerField(_("seats"))
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "competence", "year"], name="unique_plan_per_unit_year")]

    def __str__(self) -> str:
        return f"{self.unit} {self.competence} {self.year}: {self.seats}"
