# SPDX-License-Identifier: AGPL-3.0-or-later
"""Who may see and do what in the self-assessment, and the seed's aggregation rules.

The rules (seed 004's reading guide):
- where a municipality's split alcohol and drug answers differ, the combined answer is "nej":
  the municipality does not fulfil the recommendation as a whole;
- a combined "delvis" is resolved to ja or nej by the cluster, with a recorded reason; until then
  it is shown as unresolved and counted neither as ja nor as nej.
Raw answers and resolutions are both kept."""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from forlob.kl12.models import YES_NO_KINDS, Answer, Part, Participation, Resolution, Round, RoundIndicator, Verdict
from forlob.organisations.access import KL12_ANSWER, KL12_RESOLVE, Actor
from forlob.organisations.models import Cluster, Municipality, Region, Unit


def combined(kind: str, split: bool, parts: dict[str, str]) -> str | None:
    """A municipality's combined yes/no answer to one indicator, before any resolution; None
    when it has not answered (for split services: when either part is missing)."""
    if kind not in YES_NO_KINDS:
        return None
    if not split:
        return parts.get(Part.COMBINED)
    alcohol, drugs = parts.get(Part.ALCOHOL), parts.get(Part.DRUGS)
    if alcohol is None or drugs is None:
        return None
    return alcohol if alcohol == drugs else Verdict.NO


def resolved(combined_answer: str | None, resolution: str | None) -> str | None:
    """The answer the reports count: a "delvis" becomes the cluster's ja or nej once resolved."""
    if combined_answer == Verdict.PARTLY and resolution:
        return resolution
    return combined_answer


@dataclass
class Cell:
    """One municipality's answer to one indicator: raw parts, combined, resolution, resolved."""

    parts: dict[str, str] = field(default_factory=dict)
    combined: str | None = None
    resolution: Resolution | None = None

    @property
    def resolved(self) -> str | None:
        return resolved(self.combined, self.resolution.value if self.resolution else None)


@dataclass
class Sheet:
    participation: Participation
    cells: dict[int, Cell]  # by round indicator id


def sheets(round_: Round, municipality_ids: set[int]) -> dict[int, Sheet]:
    """The answer sheets of the municipalities that took part, by municipality id: three queries."""
    participations = {
        p.pk: p
        for p in Participation.objects.filter(round=round_, municipality_id__in=municipality_ids).select_related(
            "municipality"
        )
    }
    kinds = dict(round_.indicators.values_list("pk", "kind"))
    cells: dict[int, dict[int, Cell]] = {pk: {} for pk in participations}
    for participation_id, indicator_id, part, value in Answer.objects.filter(
        participation_id__in=participations
    ).values_list("participation_id", "indicator_id", "part", "value"):
        cells[participation_id].setdefault(indicator_id, Cell()).parts[part] = value
    for resolution in Resolution.objects.filter(participation_id__in=participations).select_related("resolved_by"):
        cells[resolution.participation_id].setdefault(resolution.indicator_id, Cell()).resolution = resolution
    found = {}
    for pk, participation in participations.items():
        for indicator_id, cell in cells[pk].items():
            cell.combined = combined(kinds[indicator_id], participation.split, cell.parts)
        if any(cell.parts for cell in cells[pk].values()):  # a sheet without answers is not taking part
            found[participation.municipality_id] = Sheet(participation, cells[pk])
    return found


# --- Access ----------------------------------------------------------------------------------


def _units_with(actor: Actor, roles: tuple[str, ...] | None = None) -> QuerySet[Unit]:
    ids = actor.unit_ids(roles) if roles else set(actor.roles_by_unit)
    return Unit.objects.filter(pk__in=ids)


def readable_regions(actor: Actor) -> QuerySet[Region]:
    """Everyone working at a unit in a region reads its rounds and reports."""
    return Region.objects.filter(municipalities__units__in=_units_with(actor)).distinct()


def visible_rounds(actor: Actor) -> QuerySet[Round]:
    return Round.objects.filter(region__in=readable_regions(actor)).select_related("region")


def answerable_municipalities(actor: Actor) -> QuerySet[Municipality]:
    return Municipality.objects.filter(units__in=_units_with(actor, KL12_ANSWER)).distinct()


def coordinated_clusters(actor: Actor) -> QuerySet[Cluster]:
    return Cluster.objects.filter(municipalities__units__in=_units_with(actor, KL12_RESOLVE)).distinct()


def require_answerer(actor: Actor, municipality: Municipality) -> None:
    if not answerable_municipalities(actor).filter(pk=municipality.pk).exists():
        raise PermissionDenied(_("Only the leaders of %(m)s's units answer for %(m)s.") % {"m": municipality.name})


def require_coordinator(actor: Actor, cluster: Cluster) -> None:
    if not coordinated_clusters(actor).filter(pk=cluster.pk).exists():
        raise PermissionDenied(_("Only the coordinator of %(c)s resolves its answers.") % {"c": cluster.name})


@dataclass(frozen=True)
class Progress:
    """How many of the answers a submitted sheet needs (the yes/no ones) a sheet holds."""

    answered: int
    required: int


def sheet_progress(participations: list[Participation]) -> dict[int, Progress]:
    """Each sheet's progress, by participation id, in two queries."""
    answered = dict(
        Answer.objects.filter(participation__in=participations, indicator__kind__in=YES_NO_KINDS)
        .values("participation")
        .annotate(n=Count("pk"))
        .values_list("participation", "n")
    )
    yes_no = dict(
        RoundIndicator.objects.filter(round__in={p.round_id for p in participations}, kind__in=YES_NO_KINDS)
        .order_by()
        .values("round")
        .annotate(n=Count("pk"))
        .values_list("round", "n")
    )
    return {
        p.pk: Progress(answered.get(p.pk, 0), yes_no.get(p.round_id, 0) * (2 if p.split else 1)) for p in participations
    }


def round_indicators(round_: Round) -> list[RoundIndicator]:
    return list(round_.indicators.select_related("recommendation"))
