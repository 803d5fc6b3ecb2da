# SPDX-License-Identifier: AGPL-3.0-or-later
"""Writes of the self-assessment, each in one transaction: opening a round, a municipality's
answers, the cluster's resolutions and its text."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from forlob.common.errors import refuse, require_version, today
from forlob.kl12 import queries
from forlob.kl12.models import (
    Answer,
    AnswerKind,
    ClusterText,
    Indicator,
    Part,
    Participation,
    Resolution,
    Round,
    RoundIndicator,
    Verdict,
)
from forlob.organisations.access import Actor
from forlob.organisations.models import Cluster, Municipality, Region

ALLOWED: dict[str, tuple[str, ...]] = {
    AnswerKind.YES_NO: (Verdict.YES, Verdict.NO),
    AnswerKind.YES_NO_PARTLY: (Verdict.YES, Verdict.NO, Verdict.PARTLY),
}
MAX_TEXT = 2000


@transaction.atomic
def open_round(region: Region, year: int, title: str, deadline: date) -> Round:
    """A new round with a copy of the indicators in use, so later edits leave it unchanged."""
    if Round.objects.filter(region=region, year=year).exists():
        raise refuse("year", _("%(region)s already has a round for %(year)s.") % {"region": region, "year": year})
    round_ = Round.objects.create(region=region, year=year, title=title.strip(), deadline=deadline)
    RoundIndicator.objects.bulk_create(
        RoundIndicator(
            round=round_,
            recommendation_id=i.recommendation_id,
            code=i.code,
            text=i.text,
            kind=i.kind,
            order=i.order,
        )
        for i in Indicator.objects.filter(active=True, recommendation__municipal=True)
    )
    return round_


def field_name(indicator: RoundIndicator, part: str) -> str:
    """The form field of one answer, e.g. ``a12_samlet``: where a refusal is shown."""
    return f"a{indicator.pk}_{part}"


def _clean(indicator: RoundIndicator, raw: str) -> str:
    """The stored form of an answer, or a ValueError with the Danish message."""
    value = raw.strip()
    if indicator.kind in ALLOWED:
        if not value:
            raise ValueError(_("Answer this indicator."))
        if value not in ALLOWED[indicator.kind]:
            allowed = ", ".join(str(Verdict(v).label).lower() for v in ALLOWED[indicator.kind])
            raise ValueError(_("The answer must be one of: %(allowed)s.") % {"allowed": allowed})
        return value
    if indicator.kind == AnswerKind.NUMBER and value:
        try:
            number = Decimal(value.replace(",", "."))
        except InvalidOperation:
            raise ValueError(_("Write a number, e.g. 6.")) from None
        if not number.is_finite() or number < 0 or number > 1_000_000:
            raise ValueError(_("Write a number from 0 to 1,000,000."))
        return f"{number.normalize():f}".replace(".", ",")
    if len(value) > MAX_TEXT:
        raise ValueError(_("Write at most %(n)s characters.") % {"n": MAX_TEXT})
    return value


@dataclass(frozen=True)
class SheetData:
    split: bool
    answers: dict[str, str]  # by field_name(indicator, part)
    expected_version: int | None = None


@transaction.atomic
def save_answers(actor: Actor, round_: Round, municipality: Municipality, data: SheetData) -> Participation:
    """A municipality's answers, all or nothing: every yes/no indicator must be answered, with a
    value its type allows, before the round's deadline."""
    queries.require_answerer(actor, municipality)
    if municipality.region_id != round_.region_id:
        raise refuse(None, _("%(m)s is not in %(region)s.") % {"m": municipality.name, "region": round_.region})
    if today() > round_.deadline:
        raise refuse(
            None,
            _("The deadline for this round was %(date)s. The answers can no longer be changed.")
            % {"date": date_format(round_.deadline, "j. F Y")},
            "deadline",
        )
    participation, _created = Participation.objects.select_for_update().get_or_create(
        round=round_, municipality=municipality
    )
    require_version(participation.version, data.expected_version)
    parts = (Part.ALCOHOL, Part.DRUGS) if data.split else (Part.COMBINED,)
    indicators = queries.round_indicators(round_)
    answers, errors = [], {}
    for indicator in indicators:
        for part in parts:
            name = field_name(indicator, part)
            try:
                value = _clean(indicator, data.answers.get(name, ""))
            except ValueError as error:
                errors[name] = [ValidationError(str(error), code="invalid")]
                continue
            if value:
                answers.append(Answer(participation=participation, indicator=indicator, part=part, value=value))
    if errors:
        errors.setdefault(NON_FIELD_ERRORS, []).append(
            ValidationError(_("Nothing was saved. Correct the answers marked below."), code="invalid")
        )
        raise ValidationError(errors)
    participation.answers.all().delete()
    Answer.objects.bulk_create(answers)
    participation.split = data.split
    participation.saved_by = actor.user  # type: ignore[assignment]
    participation.version += 1
    participation.save()
    # A resolution only stands while the combined answer is still "delvis".
    sheet = queries.sheets(round_, {municipality.pk}).get(municipality.pk)
    still_partly = {pk for pk, cell in sheet.cells.items() if cell.combined == Verdict.PARTLY} if sheet else set()
    participation.resolutions.exclude(indicator_id__in=still_partly).delete()
    return participation


@transaction.atomic
def resolve_partly(
    actor: Actor,
    round_: Round,
    cluster: Cluster,
    municipality: Municipality,
    indicator: RoundIndicator,
    value: str,
    reason: str,
) -> Resolution:
    """The cluster's call on a municipality's combined "delvis": ja or nej, and why."""
    queries.require_coordinator(actor, cluster)
    if not cluster.municipalities.filter(pk=municipality.pk).exists() or cluster.region_id != round_.region_id:
        raise refuse(None, _("%(m)s is not in %(c)s.") % {"m": municipality.name, "c": cluster.name})
    if indicator.round_id != round_.pk:
        raise refuse(None, _("The indicator is not part of this round."))
    sheet = queries.sheets(round_, {municipality.pk}).get(municipality.pk)
    cell = sheet.cells.get(indicator.pk) if sheet else None
    if cell is None or cell.combined != Verdict.PARTLY:
        raise refuse(None, _("Only a combined answer of 'delvis' is resolved."), "not_partly")
    if value not in (Verdict.YES, Verdict.NO):
        raise refuse("value", _("Resolve to yes or no."))
    if not reason.strip():
        raise refuse("reason", _("Give the reason, e.g. the supplementary answers it rests on."), "required")
    if len(reason) > MAX_TEXT:
        raise refuse("reason", _("Write at most %(n)s characters.") % {"n": MAX_TEXT})
    resolution, _created = Resolution.objects.update_or_create(
        participation=sheet.participation,  # type: ignore[union-attr]
        indicator=indicator,
        defaults={"value": value, "reason": reason.strip(), "resolved_by": actor.user},
    )
    return resolution


@transaction.atomic
def save_cluster_text(actor: Actor, round_: Round, cluster: Cluster, priorities: str, comments: str) -> ClusterText:
    queries.require_coordinator(actor, cluster)
    if cluster.region_id != round_.region_id:
        raise refuse(None, _("%(c)s is not in %(region)s.") % {"c": cluster.name, "region": round_.region})
    for name, text in (("priorities", priorities), ("comments", comments)):
        if len(text) > 5000:
            raise refuse(name, _("Write at most %(n)s characters.") % {"n": 5000})
    cluster_text, _created = ClusterText.objects.update_or_create(
        round=round_,
        cluster=cluster,
        defaults={"priorities": priorities.strip(), "comments": comments.strip(), "updated_by": actor.user},
    )
    return cluster_text
