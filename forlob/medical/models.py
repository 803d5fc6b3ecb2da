# SPDX-License-Identifier: AGPL-3.0-or-later
"""Medical treatment on a course (KL's recommendation 9). The prescription of record lives in the
national medication record (Fælles Medicinkort, FMK); Forløb records what the centre gives under
supervision or hands out, each dose registered, and the detoxification episodes."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Drug(models.TextChoices):
    """The drugs the seeds' centres usually give (alcohol: disulfiram, acamprosate, naltrexone,
    nalmefene; detoxification: chlordiazepoxide, oxazepam; opioid substitution: methadone,
    buprenorphine; vitamin B1), and any other by name."""

    DISULFIRAM = "disulfiram", _("Disulfiram (Antabus)")
    ACAMPROSATE = "acamprosate", _("Acamprosate (Campral)")
    NALTREXONE = "naltrexone", _("Naltrexone")
    NALMEFENE = "nalmefene", _("Nalmefene (Selincro)")
    CHLORDIAZEPOXIDE = "chlordiazepoxide", _("Chlordiazepoxide (detoxification)")
    OXAZEPAM = "oxazepam", _("Oxazepam (detoxification)")
    METHADONE = "methadone", _("Methadone")
    BUPRENORPHINE = "buprenorphine", _("Buprenorphine")
    BUPRENORPHINE_NALOXONE = "buprenorphine_naloxone", _("Buprenorphine/naloxone")
    THIAMINE = "thiamine", _("Vitamin B1 (thiamine)")
    OTHER = "other", _("Other medicine")


# Opioid substitution treatment: a missed dose matters at once (loss of tolerance), so the course
# page counts the missed doses in a row.
SUBSTITUTION = (Drug.METHADONE, Drug.BUPRENORPHINE, Drug.BUPRENORPHINE_NALOXONE)


class Administration(models.TextChoices):
    SUPERVISED = "supervised", _("Taken under supervision at the centre")
    HANDED_OUT = "handed_out", _("Handed out by the centre")
    PRESCRIPTION = "prescription", _("Prescription only (the citizen collects at the pharmacy)")


# The ways of giving that put a medication on the daily dispensing list.
DISPENSED = (Administration.SUPERVISED, Administration.HANDED_OUT)


class Outcome(models.TextChoices):
    GIVEN = "given", _("Given")
    HANDED_OUT = "handed_out", _("Handed out")
    MISSED = "missed", _("Missed")


class DetoxSetting(models.TextChoices):
    OUTPATIENT = "outpatient", _("Outpatient detoxification")
    RESIDENTIAL = "residential", _("Residential detoxification")


class Medication(models.Model):
    """A medicine the centre gives or hands out on a course, from its start to its stop."""

    course = models.ForeignKey("treatment.Course", models.PROTECT, related_name="medications", verbose_name=_("course"))
    drug = models.CharField(_("medicine"), max_length=30, choices=Drug.choices)
    drug_name = models.CharField(_("name of the medicine"), max_length=100, blank=True)
    dose = models.CharField(_("dose"), max_length=200)
    administration = models.CharField(_("how it is given"), max_length=20, choices=Administration.choices)
    started_on = models.DateField(_("start date"))
    stopped_on = models.DateField(_("stop date"), null=True, blank=True)
    # A doctor of the unit, or the name of a prescriber outside it (the GP, the hospital).
    prescriber = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("prescriber"),
    )
    external_prescriber = models.CharField(_("external prescriber"), max_length=200, blank=True)
    reason = models.TextField(_("reason"))
    stop_reason = models.TextField(_("reason for stopping"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_on", "-pk"]
        indexes = [models.Index(fields=["course", "started_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(stopped_on__isnull=True) | Q(stopped_on__gte=F("started_on")),
                name="medication_stop_after_start",
            ),
            models.CheckConstraint(
                condition=Q(prescriber__isnull=False) | ~Q(external_prescriber=""),
                name="medication_has_prescriber",
            ),
        ]
        verbose_name = _("medication")
        verbose_name_plural = _("medications")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if self.drug == Drug.OTHER:
            return self.drug_name
        label = self.get_drug_display()
        return f"{label}, {self.drug_name}" if self.drug_name else label

    @property
    def prescriber_name(self) -> str:
        if self.prescriber is not None:
            return self.prescriber.get_full_name() or self.prescriber.username
        return self.external_prescriber

    @property
    def is_substitution(self) -> bool:
        return self.drug in SUBSTITUTION


class Dispensing(models.Model):
    """One day's dose of a medication: given under supervision, handed out, or missed; with who
    registered it and when. One per medication and day (a database constraint)."""

    medication = models.ForeignKey(Medication, models.PROTECT, related_name="dispensings", verbose_name=_("medication"))
    day = models.DateField(_("day"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(_("registered"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["-day", "-pk"]
        constraints = [models.UniqueConstraint(fields=["medication", "day"], name="one_dispensing_per_day")]
        verbose_name = _("dispensing")
        verbose_name_plural = _("dispensings")

    def __str__(self) -> str:
        return f"{self.medication} {self.day}"


class DetoxEpisode(models.Model):
    """A detoxification (afrusning/afgiftning) on the course, outpatient or residential."""

    course = models.ForeignKey(
        "treatment.Course", models.PROTECT, related_name="detox_episodes", verbose_name=_("course")
    )
    setting = models.CharField(_("setting"), max_length=20, choices=DetoxSetting.choices)
    started_on = models.DateField(_("start date"))
    ended_on = models.DateField(_("end date"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="detox_end_after_start",
            ),
        ]
        verbose_name = _("detoxification episode")
        verbose_name_plural = _("detoxification episodes")

    def __str__(self) -> str:
        return f"{self.get_setting_display()} {self.started_on}"
