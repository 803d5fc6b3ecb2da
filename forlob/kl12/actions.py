# SPDX-License-Identifier: AGPL-3.0-or-later
"""Writes of the self-assessment, each in one transaction: opening and changing a round, keeping
the indicator set, a municipality's answers, the cluster's resolutions and its text."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from simple_history.utils import bulk_create_with_history

from forlob.common.dates import today
from forlob.common.errors import refuse, require_sent_version, require_version
from forlob.kl12 import queries
from forlob.kl12.models import (
    Answer,
    AnswerKind,
    ClusterText,
    Indicator,
    Part,
    Participation,
    Recommendation,
    Resolution,
    Round,
    RoundIndicator,
    Verdict,
)
from forlob.organisations.access import ADMINISTER, Actor
from forlob.organisations.models import Cluster, Municipality, Region, Unit

ALLOWED: dict[str, tuple[str, ...]] = {
    AnswerKind.YES_NO: (Verdict.YES, Verdict.NO),
    AnswerKind.YES_NO_PARTLY: (Verdict.YES, Verdict.NO, Verdict.PARTLY),
}
MAX_TEXT = 2000


def _require_administrator(actor: Actor, region: Region | None = None) -> None:
    """Rounds are the region's shared set-up: opened and changed by an administrator working at a
    unit in the region. The indicator set is shared by every region: any administrator keeps it."""
    units = Unit.objects.filter(pk__in=actor.unit_ids(ADMINISTER))
    if region is not None:
        units = units.filter(municipality__region=region)
    if not units.exists():
        raise PermissionDenied(_("Only an administrator in the region opens and changes its self-assessment rounds."))


def _clean_round(title: str, deadline: date | None) -> str:
    if not title.strip():
        raise refuse("title", _("Give the round a title."), "required")
    if deadline is None:
        raise refuse("deadline", _("Enter the deadline for the answers."), "required")
    return title.strip()


@transaction.atomic
def open_round(actor: Actor, region: Region, year: int, title: str, deadline: date) -> Round:
    """A new round with a copy of the indicators in use, so later edits leave it unchanged."""
    _require_administrator(actor, region)
    title = _clean_round(title, deadline)
    if Round.objects.filter(region=region, year=year).exists():
        raise refuse("year", _("%(region)s already has a round for %(year)s.") % {"region": region, "year": year})
    round_ = Round.objects.create(region=region, year=year, title=title, deadline=deadline)
    copies = [
        RoundIndicator(
            round=round_,
            recommendation_id=i.recommendation_id,
            code=i.code,
            text=i.text,
            kind=i.kind,
            order=i.order,
        )
        for i in Indicator.objects.filter(active=True, recommendation__municipal=True)
    ]
    bulk_create_with_history(copies, RoundIndicator, default_user=actor.user)
    return round_


@transaction.atomic
def change_round(actor: Actor, round_: Round, title: str, deadline: date) -> Round:
    """A round's title and deadline; a deadline moved into the past closes the round."""
    round_ = Round.objects.select_for_update().select_related("region").get(pk=round_.pk)
    _require_administrator(actor, round_.region)
    round_.title = _clean_round(title, deadline)
    round_.deadline = deadline
    round_.save(update_fields=["title", "deadline"])
    return round_


@transaction.atomic
def keep_indicator_set(actor: Actor, entry: Recommendation | Indicator) -> None:
    """A recommendation or an indicator of the set new rounds copy, as edited in the admin.
    Entries are never deleted: an indicator no longer asked is taken out of use."""
    _require_administrator(actor)
    entry.full_clean()
    entry.save()


def field_name(indicator: RoundIndicator, part: str) -> str:
    """The form field of one answer, e.g. ``a12_samlet``: where a refusal is shown."""
    return f"a{indicator.pk}_{part}"


def _clean(indicator: RoundIndicator, raw: str) -> str:
    """The stored form of an answer ("" for none), or a ValueError with the Danish message."""
    value = raw.strip()
    if indicator.kind in ALLOWED:
        if value and value not in ALLOWED[indicator.kind]:
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
    # Submit: every yes/no indicator answered, the sheet marked as handed in. A draft keeps any
    # subset of valid answers and takes the sheet back to a draft until it is submitted again.
    submit: bool = True
    # Sent from the page or the API: a missing version was read from a sheet not yet saved, so it
    # is refused once the sheet is. The actions' own callers (demo data, keying in) leave it False.
    version_required: bool = False


def parts_of(split: bool) -> tuple[str, ...]:
    return (Part.ALCOHOL, Part.DRUGS) if split else (Part.COMBINED,)


def required_fields(indicators: list[RoundIndicator], split: bool) -> list[tuple[RoundIndicator, str]]:
    """The answers a submitted sheet must hold: each yes/no indicator, once or for both parts."""
    return [(i, part) for i in indicators if i.kind in ALLOWED for part in parts_of(split)]


@transaction.atomic
def save_answers(actor: Actor, round_: Round, municipality: Municipality, data: SheetData) -> Participation:
    """A municipality's answers, given by the leaders of its units."""
    queries.require_answerer(actor, municipality)
    return _write_sheet(actor, round_, municipality, data)


@transaction.atomic
def key_in_answers(actor: Actor, round_: Round, municipality: Municipality, data: SheetData) -> Participation:
    """A municipality's answers keyed in from its questionnaire (seed 004's rounds were answered
    on paper) by an administrator in the region, under the same rules as answering on the page."""
    _require_administrator(actor, round_.region)
    return _write_sheet(actor, round_, municipality, data)


def _write_sheet(actor: Actor, round_: Round, municipality: Municipality, data: SheetData) -> Participation:
    """All or nothing, before the round's deadline: every answer given must have a value its type
    allows; a submitted sheet must also answer every yes/no indicator."""
    if municipality.region_id != round_.region_id:
        raise refuse(None, _("%(m)s is not in %(region)s.") % {"m": municipality.name, "region": round_.region})
    if today() > round_.deadline:
        raise refuse(
            None,
            _("The deadline for this round was %(date)s. The answers can no longer be changed.")
            % {"date": date_format(round_.deadline, "j. F Y")},
            "deadline",
        )
    participation, created = Participation.objects.select_for_update().get_or_create(
        round=round_, municipality=municipality
    )
    if not created:
        check = require_sent_version if data.version_required else require_version
        check(participation.version, data.expected_version)
    indicators = queries.round_indicators(round_)
    wanted: dict[tuple[int, str], str] = {}
    errors: dict[str, list[ValidationError]] = {}
    for indicator in indicators:
        for part in parts_of(data.split):
            name = field_name(indicator, part)
            try:
                value = _clean(indicator, data.answers.get(name, ""))
            except ValueError as error:
                errors[name] = [ValidationError(str(error), code="invalid")]
                continue
            if value:
                wanted[indicator.pk, part] = value
    missing = [
        (i, part)
        for i, part in required_fields(indicators, data.split)
        if (i.pk, part) not in wanted and field_name(i, part) not in errors  # a wrong answer is not a missing one
    ]
    if data.submit:
        for i, part in missing:
            errors.setdefault(field_name(i, part), []).append(
                ValidationError(_("Answer this indicator."), code="missing")
            )
    if errors:
        if data.submit and missing:
            summary = ngettext(
                "Not submitted: %(n)s answer is missing. Nothing was saved; answer it, or save a draft.",
                "Not submitted: %(n)s answers are missing. Nothing was saved; answer them, or save a draft.",
                len(missing),
            ) % {"n": len(missing)}
        else:
            summary = _("Nothing was saved. Correct the answers marked below.")
        errors.setdefault(NON_FIELD_ERRORS, []).append(ValidationError(summary, code="invalid"))
        raise ValidationError(errors)
    _replace_answers(actor, participation, wanted)
    participation.split = data.split
    participation.saved_by = actor.user
    participation.submitted_at = timezone.now() if data.submit else None
    participation.version += 1
    participation.save()
    # A resolution only stands while the combined answer is still "delvis".
    sheet = queries.sheets(round_, {municipality.pk}).get(municipality.pk)
    still_partly = {pk for pk, cell in sheet.cells.items() if cell.combined == Verdict.PARTLY} if sheet else set()
    participation.resolutions.exclude(indicator_id__in=still_partly).delete()
    return participation


def _replace_answers(actor: Actor, participation: Participation, wanted: dict[tuple[int, str], str]) -> None:
    """Writes only the answers that changed, so each answer's history shows its own changes."""
    existing = {(a.indicator_id, a.part): a for a in participation.answers.all()}
    for key, answer in existing.items():
        if key not in wanted:
            answer.delete()
        elif answer.value != wanted[key]:
            answer.value = wanted[key]
            answer.save(update_fields=["value"])
    added = [
        Answer(participation=participation, indicator_id=indicator_id, part=part, value=value)
        for (indicator_id, part), value in wanted.items()
        if (indicator_id, part) not in existing
    ]
    bulk_create_with_history(added, Answer, default_user=actor.user)


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
