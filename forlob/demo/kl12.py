# SPDX-License-Identifier: AGPL-3.0-or-later
"""Region Sjælland's self-assessment against KL's 12 recommendations (seed 004): last year's
round, closed, with every municipality's answers but Stevns's, Næstved's alcohol and drug services
answering separately and Klynge Syd's delvis resolved; this year's round open, where Faxe has yet
to answer (its leader answers in the demo).

The municipalities answered on the seed's questionnaire, so Faxe's administrator keys their
answers in; last year's round is opened, answered and resolved before its deadline is set back to
when it closed, the order in which it happened."""

from datetime import date, timedelta

from forlob.demo.world import World, pick
from forlob.kl12 import actions, queries
from forlob.kl12.models import Part, Round, RoundIndicator, Verdict
from forlob.organisations.access import Actor
from forlob.organisations.models import Cluster, Region

TEXTS = {
    "1.4": ["Ved første samtale og på kommunens hjemmeside.", "Ved første samtale; pjece til pårørende."],
    "6.3": ["Systemisk metode, kognitiv terapi og motiverende samtale.", "Løsningsfokuserede samtaler og NADA."],
    "10.2": ["ASI og KL's basisscreener.", "ASI; basisscreeneren indføres i år."],
}
# Stevns took part in neither round; this year Faxe, Greve and Holbæk have yet to answer.
LAST_YEAR_ABSENT = {"336"}
THIS_YEAR_ABSENT = {"336", "320", "253", "316"}
SPLIT = "370"  # Næstved: separate alcohol and drug services


def add_rounds(world: World) -> None:
    region = Region.objects.get(code="1085")
    admin = world.actor(world.user("admin"))
    year = world.today.year
    last = actions.open_round(admin, region, year - 1, f"Selvevaluering {year - 1}", world.today)
    _key_in(world, admin, last, LAST_YEAR_ABSENT)
    _resolve_klynge_syd(world, last)
    actions.change_round(admin, last, last.title, date(year - 1, 10, 1))
    current = actions.open_round(admin, region, year, f"Selvevaluering {year}", world.today + timedelta(days=21))
    _key_in(world, admin, current, THIS_YEAR_ABSENT)


def _key_in(world: World, admin: Actor, round_: Round, absent: set[str]) -> None:
    indicators = list(round_.indicators.all())
    for municipality in round_.region.municipalities.exclude(code__in=absent).order_by("code"):
        split = municipality.code == SPLIT
        answers = {
            actions.field_name(indicator, part): _answer(world, indicator)
            for indicator in indicators
            for part in ((Part.ALCOHOL, Part.DRUGS) if split else (Part.COMBINED,))
        }
        actions.key_in_answers(admin, round_, municipality, actions.SheetData(split, answers))


def _answer(world: World, indicator: RoundIndicator) -> str:
    rng = world.rng
    if indicator.counts_yes_no:
        options = [(Verdict.YES, 60), (Verdict.NO, 25)]
        return pick(rng, options + ([(Verdict.PARTLY, 15)] if indicator.kind == "yes_no_partly" else []))
    if indicator.kind == "number":
        return rng.choice(["3", "6", "12"])
    return rng.choice(TEXTS.get(indicator.code, ["Se kommunens handleplan."]))


def _resolve_klynge_syd(world: World, round_: Round) -> None:
    """The coordinator resolves every delvis of Klynge Syd and writes the cluster's text."""
    coordinator = world.actor(world.user("koordinator"))
    syd = Cluster.objects.get(name="Klynge Syd")
    members = set(syd.municipalities.values_list("pk", flat=True))
    indicators = {i.pk: i for i in round_.indicators.all()}
    for municipality_id, sheet in queries.sheets(round_, members).items():
        for indicator_id, cell in sheet.cells.items():
            if cell.combined != Verdict.PARTLY:
                continue
            value = Verdict.YES if (indicator_id + municipality_id) % 2 else Verdict.NO
            reason = (
                "Ligger på linje med de kommuner, der svarer ja."
                if value == Verdict.YES
                else "Der er ingen nedskrevet strategi."
            )
            municipality = sheet.participation.municipality
            actions.resolve_partly(coordinator, round_, syd, municipality, indicators[indicator_id], value, reason)
    actions.save_cluster_text(
        coordinator,
        round_,
        syd,
        "Familie- og netværksorienteret behandling for unge; systematisk opfølgning efter behandling.",
        "Stevns deltog ikke i klyngearbejdet; klyngen kender ikke årsagen.",
    )
