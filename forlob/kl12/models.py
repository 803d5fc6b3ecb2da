# SPDX-License-Identifier: AGPL-3.0-or-later
"""KL's 12 recommendations for a stronger substance-abuse treatment, and the self-assessment
rounds of seed 004: each municipality answers indicator questions per recommendation; the
clusters resolve what is unclear and write their priorities; the reports sum it up."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from forlob.organisations.models import Cluster, Municipality, Region


class Recommendation(models.Model):
    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    text = models.CharField(_("recommendation"), max_length=300)
    municipal = models.BooleanField(
        _("the municipalities' to fulfil"),
        default=True,
        help_text=_("Recommendations 3, 4, 8 and 11 are for KL, the ministries or the regions: shown greyed."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")

    def __str__(self) -> str:
        return f"{self.number}. {self.text}"


class AnswerKind(models.TextChoices):
    YES_NO = "yes_no", _("Yes or no")
    YES_NO_PARTLY = "yes_no_partly", _("Yes, no or partly")
    NUMBER = "number", _("Number")
    TEXT = "text", _("Free text")


YES_NO_KINDS = (AnswerKind.YES_NO, AnswerKind.YES_NO_PARTLY)


class Verdict(models.TextChoices):
    YES = "ja", _("Yes")
    NO = "nej", _("No")
    PARTLY = "delvis", _("Partly")


class IndicatorFields(models.Model):
    code = models.CharField(_("code"), max_length=10)
    text = models.TextField(_("indicator"))
    kind = models.CharField(_("type of answer"), max_length=20, choices=AnswerKind.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.code} {self.text[:60]}"

    @property
    def counts_yes_no(self) -> bool:
        return self.kind in YES_NO_KINDS


class Indicator(IndicatorFields):
    """The current indicator set, kept in the admin. A round takes a copy when it opens."""

    recommendation = models.ForeignKey(
        Recommendation, models.PROTECT, related_name="indicators", verbose_name=_("recommendation")
    )
    active = models.BooleanField(_("in use"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["recommendation__number", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["code"], name="unique_kl12_indicator_code")]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")


class Round(models.Model):
    """One year's self-assessment in a region, with the indicator set as it was when it opened."""

    region = models.ForeignKey(Region, models.PROTECT, related_name="kl12_rounds", verbose_name=_("region"))
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    deadline = models.DateField(_("deadline"))
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "region"]
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="unique_kl12_round_per_region_year")]
        verbose_name = _("self-assessment round")
        verbose_name_plural = _("self-assessment rounds")

    def __str__(self) -> str:
        return self.title


class RoundIndicator(IndicatorFields):
    round = models.ForeignKey(Round, models.CASCADE, related_name="indicators", verbose_name=_("round"))
    recommendation = models.ForeignKey(
        Recommendation, models.PROTECT, related_name="+", verbose_name=_("recommendation")
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["recommendation__number", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["round", "code"], name="unique_kl12_code_per_round")]
        verbose_name = _("indicator of a round")
        verbose_name_plural = _("indicators of a round")


class Part(models.TextChoices):
    COMBINED = "samlet", _("Combined")
    ALCOHOL = "alkohol", _("Alcohol")
    DRUGS = "stof", _("Drugs")


class Participation(models.Model):
    """A municipality's answer sheet in a round: one answer per indicator, or separate alcohol
    and drug answers where its services are split."""

    round = models.ForeignKey(Round, models.CASCADE, related_name="participations", verbose_name=_("round"))
    municipality = models.ForeignKey(Municipality, models.PROTECT, related_name="+", verbose_name=_("municipality"))
    split = models.BooleanField(_("separate answers for alcohol and drugs"), default=False)
    saved_at = models.DateTimeField(_("last saved"), auto_now=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("saved by")
    )
    submitted_at = models.DateTimeField(
        _("submitted"), null=True, blank=True, help_text=_("Empty while the answers are a draft.")
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "municipality"], name="unique_kl12_participation"),
        ]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")

    def __str__(self) -> str:
        return f"{self.round} – {self.municipality}"


class Answer(models.Model):
    """A raw answer, as the municipality gave it. A saved_by of None: entered outside Forløb."""

    participation = models.ForeignKey(Participation, models.CASCADE, related_name="answers")
    indicator = models.ForeignKey(RoundIndicator, models.CASCADE, related_name="answers")
    part = models.CharField(_("part"), max_length=10, choices=Part.choices)
    value = models.TextField(_("answer"), max_length=2000)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["participation", "indicator", "part"], name="unique_kl12_answer"),
        ]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.part}: {self.value[:40]}"


class Resolution(models.Model):
    """The cluster's call on a combined "delvis": ja or nej, with the reason recorded."""

    participation = models.ForeignKey(Participation, models.CASCADE, related_name="resolutions")
    indicator = models.ForeignKey(RoundIndicator, models.CASCADE, related_name="resolutions")
    value = models.CharField(
        _("resolved to"), max_length=10, choices=[(Verdict.YES, Verdict.YES.label), (Verdict.NO, Verdict.NO.label)]
    )
    reason = models.TextField(_("reason"), max_length=2000)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("resolved by")
    )
    resolved_at = models.DateTimeField(_("resolved"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["participation", "indicator"], name="unique_kl12_resolution"),
        ]
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")

    def __str__(self) -> str:
        return f"{self.indicator.code}: {self.value}"


class ClusterText(models.Model):
    """The cluster's own words in the round's report: its priorities and its comments."""

    round = models.ForeignKey(Round, models.CASCADE, related_name="cluster_texts", verbose_name=_("round"))
    cluster = models.ForeignKey(Cluster, models.PROTECT, related_name="+", verbose_name=_("cluster"))
    priorities = models.TextField(_("the cluster's priorities"), max_length=5000, blank=True)
    comments = models.TextField(_("comments"), max_length=5000, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("updated by")
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "cluster"], name="unique_kl12_cluster_text")]
        verbose_name = _("cluster text")
        verbose_name_plural = _("cluster texts")

    def __str__(self) -> str:
        return f"{self.round} – {self.cluster}"
