# SPDX-License-Identifier: AGPL-3.0-or-later
"""The psychiatric pathway of seed 004 (recommendations 10 and 11): the treatment staff screen
(ASI, then KL's basisscreener); on signs of mental illness a psychologist or doctor of the unit
assesses with further tests; the citizen's own doctor (not the centre) refers to psychiatry, so the
result goes to the GP in a letter, and the GP's referral and its outcome are recorded."""

import re

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

# An ICD-10 code as written in Danish records: a letter, two digits, perhaps a dot and one or
# two more digits (F32, F32.1, F10.24). Danish SKS codes prefix a D (DF321), which we accept too.
ICD10 = re.compile(r"^D?[A-Z][0-9]{2}(\.?[0-9]{1,2})?$")


class TestUsed(models.TextChoices):
    """The further tests a psychologist or doctor commonly uses after a positive screening."""

    MINI = "mini", "MINI"
    SCL90R = "scl90r", "SCL-90-R"
    SCAN = "scan", "PSE/SCAN"
    ASRS = "asrs", "ASRS"
    OTHER = "other", _("Other")


class Conclusion(models.TextChoices):
    CONFIRMED = "confirmed", _("Signs of mental illness confirmed")
    NOT_CONFIRMED = "not_confirmed", _("Signs of mental illness not confirmed")
    UNCLEAR = "unclear", _("Unclear")


class Assessment(models.Model):
    """A psychologist's or doctor's assessment after a positive screening, with the tests used."""

    course = models.ForeignKey(
        "treatment.Course", models.PROTECT, related_name="psychiatric_assessments", verbose_name=_("course")
    )
    # The screening that led to it, where there is one (a screening made elsewhere may be the reason).
    response = models.ForeignKey(
        "instruments.Response",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="psychiatric_assessments",
        verbose_name=_("screening"),
    )
    assessed_on = models.DateField(_("assessed on"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("assessed by")
    )
    tests = models.JSONField(_("tests used"), default=list)
    other_tests = models.CharField(_("other tests"), max_length=200, blank=True)
    conclusion = models.CharField(_("conclusion"), max_length=20, choices=Conclusion.choices)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-assessed_on", "-pk"]
        indexes = [models.Index(fields=["course", "assessed_on"])]
        verbose_name = _("psychiatric assessment")
        verbose_name_plural = _("psychiatric assessments")

    def __str__(self) -> str:
        return f"{self.course_id} {self.assessed_on} {self.conclusion}"

    @property
    def tests_display(self) -> str:
        named = [str(TestUsed(code).label) for code in self.tests if code != TestUsed.OTHER]
        return ", ".join([*named, self.other_tests] if self.other_tests else named)


class Source(models.TextChoices):
    REGION = "region", _("Regional psychiatry")
    GP = "gp", _("Own doctor")
    HOSPITAL = "hospital", _("Hospital")
    MUNICIPALITY = "municipality", _("Another municipality's treatment")
    OTHER = "other", _("Other")


class FindingKind(models.TextChoices):
    SCREENING = "screening", _("Screening")
    DIAGNOSIS = "diagnosis", _("Diagnosis")


class OutsideFinding(models.Model):
    """A screening or diagnosis made elsewhere, as the citizen or a letter tells it: nothing is
    read from another controller's records."""

    course = models.ForeignKey(
        "treatment.Course", models.PROTECT, related_name="outside_findings", verbose_name=_("course")
    )
    source = models.CharField(_("made by"), max_length=20, choices=Source.choices)
    made_on = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=10, choices=FindingKind.choices)
    what = models.CharField(_("screening or diagnosis"), max_length=200)
    icd10 = models.CharField(_("ICD-10 code"), max_length=8, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-made_on", "-pk"]
        verbose_name = _("screening or diagnosis made elsewhere")
        verbose_name_plural = _("screenings and diagnoses made elsewhere")

    def __str__(self) -> str:
        return f"{self.course_id} {self.made_on} {self.what}"


class SentHow(models.TextChoices):
    LETTER = "letter", _("Letter")
    SECURE_MAIL = "secure_mail", _("Secure e-mail (sikker mail)")
    EDI = "edi", _("EDI/correspondence message")


class ReferralOutcome(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted/assessed in psychiatry")
    DECLINED = "declined", _("Declined")


class GpLetter(models.Model):
    """The letter to the citizen's own doctor with the screening result and the assessment, when
    and how it was sent, and what the doctor did: referred to psychiatry or not, and the outcome."""

    course = models.ForeignKey("treatment.Course", models.PROTECT, related_name="gp_letters", verbose_name=_("course"))
    response = models.ForeignKey(
        "instruments.Response", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("screening")
    )
    assessment = models.ForeignKey(
        Assessment, models.PROTECT, null=True, blank=True, related_name="gp_letters", verbose_name=_("assessment")
    )
    doctor = models.CharField(_("own doctor"), max_length=200)
    text = models.TextField(_("letter text"), blank=True)
    written_on = models.DateField(_("written on"))
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    sent_how = models.CharField(_("sent as"), max_length=20, choices=SentHow.choices, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("sent by")
    )
    referred = models.BooleanField(_("referred to psychiatry by the doctor"), null=True, blank=True)
    referred_on = models.DateField(_("referred on"), null=True, blank=True)
    outcome = models.CharField(_("outcome in psychiatry"), max_length=10, choices=ReferralOutcome.choices, blank=True)
    outcome_on = models.DateField(_("outcome known on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-written_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sent_on__isnull=True, sent_how="") | (Q(sent_on__isnull=False) & ~Q(sent_how="")),
                name="gp_letter_sent_dated",
            ),
            models.CheckConstraint(
                condition=Q(referred=True, referred_on__isnull=False) | Q(referred_on__isnull=True, outcome=""),
                name="gp_letter_referral_dated",
            ),
            models.CheckConstraint(
                condition=Q(sent_on__isnull=True) | Q(sent_on__gte=F("written_on")),
                name="gp_letter_sent_after_written",
            ),
        ]
        verbose_name = _("letter to own doctor")
        verbose_name_plural = _("letters to own doctor")

    def __str__(self) -> str:
        return f"{self.course_id} {self.written_on}"
