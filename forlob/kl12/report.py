# SPDX-License-Identifier: AGPL-3.0-or-later
"""The cluster and region reports of a round (seed 004): per recommendation and indicator, how
many municipalities answered ja and nej and which, the unresolved "delvis", the number and
free-text answers gathered, the cluster's resolutions with their reasons, what changed since the
previous round, and live evidence from Forløb beside the self-assessment. The answer matrix is
the same data as a table for CSV and XLSX."""

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from forlob.common.dates import today
from forlob.cooperation.models import PartnerKind
from forlob.cooperation.queries import in_force_by_kind
from forlob.kl12.models import ClusterText, Part, Recommendation, Resolution, Round, RoundIndicator, Verdict
from forlob.kl12.queries import Cell, Sheet, round_indicators, sheets
from forlob.organisations.models import Cluster, Municipality
from forlob.stats.live import LiveMeasure, live_value

# Where Forløb has the data, figures per municipality beside its answers. Recommendation 1: the
# offer made (indicator 1.3, "always offered") and the family involved (1.1 and 1.2).
EVIDENCE: dict[int, tuple[LiveMeasure, ...]] = {
    1: (LiveMeasure.FAMILY_OFFER_SHARE, LiveMeasure.FAMILY_SHARE),
    5: (LiveMeasure.FOLLOW_UP_REACH,),
    # Recommendation 7 (7.1: a systematic procedure for creating and reporting each citizen's
    # treatment): the documentation complete, and the courses fully registered for the registers.
    7: (LiveMeasure.COMPLETE_SHARE, LiveMeasure.NATIONAL_REGISTRATION_SHARE),
    10: (LiveMeasure.SCREENING_SHARE, LiveMeasure.PSYCHIATRIC_ASSESSED_SHARE),
    12: (LiveMeasure.SHARED_VISITATIONS,),
}

# Cooperation agreements in force, by partner kind (seeds 000, 002, 004). Recommendation 12 asks
# for coherence between the substance services, employment, social psychiatry and the family
# department, and seed 004 adds regional psychiatry, the GPs and the schools and educations.
COOPERATION_EVIDENCE: dict[int, tuple[PartnerKind, ...]] = {
    12: (
        PartnerKind.JOBCENTER,
        PartnerKind.SOCIAL_PSYCHIATRY,
        PartnerKind.FAMILY,
        PartnerKind.REGIONAL_PSYCHIATRY,
        PartnerKind.GP,
        PartnerKind.EDUCATION,
    ),
}


def shown(value: str | None) -> str:
    """An answer as the reports print it."""
    if value is None:
        return "–"
    if value in Verdict.values:
        return str(Verdict(value).label)
    return value


@dataclass
class IndicatorLine:
    indicator: RoundIndicator
    yes: list[str] = field(default_factory=list)
    no: list[str] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)
    unanswered: list[str] = field(default_factory=list)
    values: list[tuple[str, str]] = field(default_factory=list)  # number and free-text answers
    split_differs: list[str] = field(default_factory=list)  # split answers that differed: a combined nej
    resolutions: list[tuple[str, Resolution]] = field(default_factory=list)
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # municipality, before, now
    forms: list = field(default_factory=list)  # the coordinator's, on screen


@dataclass
class Evidence:
    """One live measure: its label, and the figure of each municipality that took part."""

    label: str
    figures: list[tuple[str, float | None]]


@dataclass
class Block:
    recommendation: Recommendation
    lines: list[IndicatorLine]
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class RoundReport:
    round: Round
    scope: str  # the cluster's or the region's name
    cluster: Cluster | None
    municipalities: list[Municipality]
    took_part: list[Municipality]
    did_not_take_part: list[Municipality]
    blocks: list[Block]
    texts: list[tuple[Cluster, ClusterText | None]]
    previous: Round | None
    sheets: dict[int, Sheet]
    indicators: list[RoundIndicator]

    def matrix(self) -> tuple[list[str], list[list[str]]]:
        """Municipalities × indicators, the resolved answers (what the counts rest on)."""
        header = [_("Municipality"), *(i.code for i in self.indicators)]
        rows = []
        for m in self.municipalities:
            sheet = self.sheets.get(m.pk)
            if sheet is None:
                rows.append([m.name, *([_("Did not take part")] + [""] * (len(self.indicators) - 1))])
                continue
            rows.append([m.name, *(_cell_text(i, sheet.cells.get(i.pk)) for i in self.indicators)])
        return header, rows

    def raw_matrix(self) -> tuple[list[str], list[list[str]]]:
        """Every raw answer as given, one row per municipality, indicator and part, with the
        combined and the resolved answer and the cluster's reason."""
        header = [
            _("Municipality"),
            _("Indicator"),
            _("Part"),
            _("Answer"),
            _("Combined"),
            _("Resolved"),
            _("Reason"),
        ]
        rows = []
        for m in self.took_part:
            sheet = self.sheets[m.pk]
            for i in self.indicators:
                cell = sheet.cells.get(i.pk) or Cell()
                reason = cell.resolution.reason if cell.resolution else ""
                for part, value in sorted(cell.parts.items(), key=lambda kv: list(Part.values).index(kv[0])):
                    counted = (shown(cell.combined), shown(cell.resolved)) if i.counts_yes_no else ("", "")
                    rows.append([m.name, i.code, str(Part(part).label), shown(value), *counted, reason])
        return header, rows


def _cell_text(indicator: RoundIndicator, cell: Cell | None) -> str:
    if cell is None or not cell.parts:
        return ""
    if indicator.counts_yes_no:
        text = shown(cell.resolved)
        return _("%(answer)s (unresolved)") % {"answer": text} if cell.resolved == Verdict.PARTLY else text
    if Part.COMBINED in cell.parts:
        return cell.parts[Part.COMBINED]
    return "; ".join(f"{Part(p).label}: {v}" for p, v in cell.parts.items())


def previous_round(round_: Round) -> Round | None:
    return Round.objects.filter(region=round_.region, year__lt=round_.year).order_by("-year").first()


def build(round_: Round, cluster: Cluster | None, *, with_evidence: bool = True) -> RoundReport:
    """The report for a cluster of the round's region, or (cluster None) for the whole region."""
    if cluster is not None:
        municipalities = list(cluster.municipalities.order_by("name"))
        clusters = [cluster]
    else:
        municipalities = list(round_.region.municipalities.order_by("name"))
        clusters = list(round_.region.clusters.order_by("name"))
    ids = {m.pk for m in municipalities}
    found = sheets(round_, ids)
    previous = previous_round(round_)
    before: dict[int, Sheet] = sheets(previous, ids) if previous else {}
    before_codes = (
        {i.code: i.pk for i in previous.indicators.all()} if previous else {}  # the same indicator by its code
    )
    indicators = round_indicators(round_)
    by_recommendation: dict[int, list[IndicatorLine]] = {}
    for indicator in indicators:
        line = IndicatorLine(indicator)
        for m in municipalities:
            sheet = found.get(m.pk)
            if sheet is None:
                continue
            cell = sheet.cells.get(indicator.pk)
            _place(line, m, sheet, cell)
            old_pk = before_codes.get(indicator.code)
            old_sheet = before.get(m.pk)
            if indicator.counts_yes_no and old_pk and old_sheet:
                old_cell = old_sheet.cells.get(old_pk)
                was, now = (old_cell.resolved if old_cell else None), (cell.resolved if cell else None)
                if was is not None and now is not None and was != now:
                    line.changes.append((m.name, shown(was), shown(now)))
        by_recommendation.setdefault(indicator.recommendation_id, []).append(line)
    took_part = [m for m in municipalities if m.pk in found]
    blocks = []
    for recommendation in Recommendation.objects.all():
        block = Block(recommendation, by_recommendation.get(recommendation.pk, []))
        if with_evidence and recommendation.municipal:
            block.evidence = [
                Evidence(
                    str(measure.label), [(m.name, _rounded(live_value(measure, m, round_.year))) for m in took_part]
                )
                for measure in EVIDENCE.get(recommendation.number, ())
            ] + cooperation_evidence(recommendation.number, took_part, round_.year)
        blocks.append(block)
    texts = {t.cluster_id: t for t in ClusterText.objects.filter(round=round_, cluster__in=clusters)}
    return RoundReport(
        round=round_,
        scope=cluster.name if cluster else round_.region.name,
        cluster=cluster,
        municipalities=municipalities,
        took_part=took_part,
        did_not_take_part=[m for m in municipalities if m.pk not in found],
        blocks=blocks,
        texts=[(c, texts.get(c.pk)) for c in clusters],
        previous=previous,
        sheets=found,
        indicators=indicators,
    )


def counted_on(year: int) -> date:
    """The day the agreements in force are counted: the round's year's last day, or today if earlier."""
    return min(date(year, 12, 31), today())


def cooperation_evidence(number: int, took_part: list[Municipality], year: int) -> list[Evidence]:
    """The agreements in force by partner kind and in all, per municipality. Agreements hold no
    person data, so the counts are exact (no suppression)."""
    kinds = COOPERATION_EVIDENCE.get(number, ())
    if not kinds:
        return []
    counts = in_force_by_kind({m.pk for m in took_part}, counted_on(year))
    lines = [
        Evidence(
            _("Cooperation agreements in force: %(partner)s") % {"partner": kind.label},
            [(m.name, float(counts.get((m.pk, kind), 0))) for m in took_part],
        )
        for kind in kinds
    ]
    total = Evidence(
        _("Cooperation agreements in force: all partners"),
        [(m.name, float(sum(n for (pk, _kind), n in counts.items() if pk == m.pk))) for m in took_part],
    )
    return [*lines, total]


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _place(line: IndicatorLine, m: Municipality, sheet: Sheet, cell: Cell | None) -> None:
    indicator = line.indicator
    if not indicator.counts_yes_no:
        for part, value in cell.parts.items() if cell else []:
            label = m.name if part == Part.COMBINED else f"{m.name} ({Part(part).label.lower()})"
            line.values.append((label, value))
        return
    if cell is None or cell.combined is None:
        line.unanswered.append(m.name)
        return
    if sheet.participation.split and len(set(cell.parts.values())) > 1:
        line.split_differs.append(m.name)
    if cell.resolution is not None and cell.combined == Verdict.PARTLY:
        line.resolutions.append((m.name, cell.resolution))
    {Verdict.YES: line.yes, Verdict.NO: line.no}.get(cell.resolved, line.unresolved).append(m.name)  # type: ignore[call-overload]
