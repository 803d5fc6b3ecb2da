# SPDX-License-Identifier: AGPL-3.0-or-later
"""National registration: the answers to the registers' questions that Forløb does not already
know, the monthly submissions (what was sent, when, by whom, and the records in them: the
municipality's own copy), and the return tables the national bodies send back."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Register(models.TextChoices):
    NAB = "nab", _("The national alcohol treatment register (NAB)")
    DRUGS = "drugs", _("Drug treatment reporting to Statistics Denmark")


class CourseAnswers(models.Model):
    """A course's answers to one register's questions, by the field codes of its specification
    (``{"housing": "1", "units_week": 40}``). What Forløb knows already (dates, offer, substance,
    end reason, children in the household) is never asked and never stored here."""

    course = models.ForeignKey(
        "treatment.Course", models.PROTECT, related_name="register_answers", verbose_name=_("course")
    )
    register = models.CharField(_("register"), max_length=10, choices=Register.choices)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["course", "register"], name="unique_register_answers")]
        verbose_name = _("registration answers")
        verbose_name_plural = _("registration answers")

    def __str__(self) -> str:
        return f"{self.get_register_display()}: {self.course_id}"


class Channel(models.TextChoices):
    FILE = "file", _("File downloaded for upload to the register")
    SYSTEM = "system", _("Sent system to system")


class Submission(models.Model):
    """One unit's submission to one register for one month: the file as it was made, who made it
    and when, how it was sent and the receipt. A month may be submitted again (a correction); the
    newest submission is the one in force."""

    unit = models.ForeignKey("organisations.Unit", models.PROTECT, related_name="submissions", verbose_name=_("unit"))
    register = models.CharField(_("register"), max_length=10, choices=Register.choices)
    month = models.DateField(_("month"), help_text=_("The first day of the month reported."))
    specification = models.CharField(_("specification"), max_length=100)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    content = models.BinaryField(_("file"))
    filename = models.CharField(_("file name"), max_length=200)
    digest = models.CharField(_("SHA-256"), max_length=64)
    record_count = models.PositiveIntegerField(_("records"))
    receipt = models.CharField(_("receipt"), max_length=300, blank=True)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("made by"))
    made_at = models.DateTimeField(_("made"), auto_now_add=True)

    class Meta:
        ordering = ["-month", "-made_at"]
        indexes = [models.Index(fields=["unit", "register", "month"])]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")

    def __str__(self) -> str:
        return f"{self.get_register_display()} {self.month:%m.%Y}"


class SubmittedRecord(models.Model):
    """One course's record in a submission, field by field as sent: the municipality's own copy
    of what the register holds, queryable beside the rest of its figures."""

    submission = models.ForeignKey(Submission, models.CASCADE, related_name="records")
    course = models.ForeignKey("treatment.Course", models.PROTECT, related_name="submitted_records")
    kind = models.CharField(_("record"), max_length=20)
    values = models.JSONField(_("values"))

    class Meta:
        indexes = [models.Index(fields=["course", "submission"])]

    def __str__(self) -> str:
        return f"{self.kind}: {self.course_id}"


class ReturnTable(models.Model):
    """A table a national body sent back to the municipality (counts by month and measure), kept
    to compare with Forløb's own figures."""

    municipality = models.ForeignKey(
        "organisations.Municipality", models.PROTECT, related_name="return_tables", verbose_name=_("municipality")
    )
    register = models.CharField(_("register"), max_length=10, choices=Register.choices)
    title = models.CharField(_("title"), max_length=200)
    rows = models.JSONField(_("rows"))  # [{"month": "2026-10-01", "measure": "started", "count": 12}, …]
    filename = models.CharField(_("file name"), max_length=200)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = _("return table")
        verbose_name_plural = _("return tables")

    def __str__(self) -> str:
        return self.title
