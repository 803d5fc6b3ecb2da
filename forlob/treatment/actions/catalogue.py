# SPDX-License-Identifier: AGPL-3.0-or-later
"""The unit's offer catalogue: its leader adds, edits and deactivates offers, or fills a new
unit's catalogue with the defaults from the seeds (``DEFAULT_OFFERS``)."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from forlob.common.errors import refuse, require_choice, require_version
from forlob.organisations.access import MANAGE_CATALOGUE, Actor
from forlob.organisations.models import Unit
from forlob.treatment.models import OfferType, UnitOffer


@dataclass
class OfferData:
    name: str
    category: str
    planned_weeks: int | None = None
    session_pattern: str = ""
    target_group: str = ""


# The offers the seeds name, with the length and rhythm they give (docs/treatment-practice.md):
# seed 000 (Aalborg): outpatient treatment of 6 months (26 weeks) with a weekly individual
# session and a weekly 2.5-hour group, 6 months of follow-up sessions, aftercare for those coming
# from residential treatment (weekly 2-hour group), electronic counselling; seed 001 (Faxe):
# assessment and motivation courses, the mindfulness group, couple and relatives' sessions, the
# family-oriented "minimodel"; the task's short counselling course and relapse prevention.
DEFAULT_OFFERS = (
    OfferData("Udredningsforløb", OfferType.ASSESSMENT, 4, "1 samtale om ugen", "Nye borgere før behandling"),
    OfferData(
        "Motivationsforløb", OfferType.MOTIVATION, 8, "1 samtale hver anden uge", "Borgere i tvivl om behandling"
    ),
    OfferData(
        "Ambulant alkoholbehandling",
        OfferType.AMBULANT,
        26,
        "1 individuel samtale og 1 gruppe à 2,5 timer om ugen",
        "Borgere med alkoholproblemer",
    ),
    OfferData("Kortere rådgivningsforløb", OfferType.AMBULANT, 6, "1 samtale om ugen", "Borgere med et let forbrug"),
    OfferData(
        "Elektronisk rådgivning",
        OfferType.AMBULANT,
        6,
        "Chat eller video efter aftale",
        "Borgere, der ikke kan møde op",
    ),
    OfferData("Mindfulness gruppeforløb", OfferType.AMBULANT, 8, "1 gruppe om ugen", "Borgere i ambulant behandling"),
    OfferData("Dagbehandling", OfferType.DAY, 12, "Dagligt på hverdage", "Borgere med behov for tæt støtte"),
    OfferData(
        "Efterbehandling efter døgnbehandling",
        OfferType.AFTERCARE,
        26,
        "Individuelle samtaler og 1 gruppe à 2 timer om ugen",
        "Borgere, der kommer fra døgnbehandling",
    ),
    OfferData(
        "Tilbagefaldsforebyggelse", OfferType.AFTERCARE, 26, "1 samtale hver anden uge", "Færdigbehandlede borgere"
    ),
    OfferData("Par- og pårørendesamtaler", OfferType.RELATIVES, 8, "1 samtale hver anden uge", "Pårørende"),
    OfferData(
        "Familieorienteret alkoholbehandling (minimodel)",
        OfferType.FAMILY,
        12,
        "Fælles familiesamtaler med familiekonsulent og alkoholkonsulent",
        "Familier med børn under 18 år",
    ),
)


def _check(data: OfferData) -> None:
    if not data.name.strip():
        raise refuse("name", _("Enter the offer's name."), "required")
    require_choice("category", data.category, OfferType)
    if data.planned_weeks is not None and not 1 <= data.planned_weeks <= 260:
        raise refuse("planned_weeks", _("The planned length must be between 1 and 260 weeks."), "range")


def _save(offer: UnitOffer, actor: Actor) -> UnitOffer:
    offer._history_user = actor.user  # type: ignore[attr-defined]  # the API has no request user
    try:
        with transaction.atomic():
            offer.save()
    except IntegrityError:
        raise refuse("name", _("The unit already has an active offer of that name."), "duplicate") from None
    return offer


@transaction.atomic
def create_offer(actor: Actor, unit: Unit, data: OfferData) -> UnitOffer:
    actor.require(unit.pk, MANAGE_CATALOGUE)
    _check(data)
    return _save(UnitOffer(unit=unit, **{**data.__dict__, "name": data.name.strip()}), actor)


@transaction.atomic
def update_offer(
    actor: Actor, offer: UnitOffer, data: OfferData, active: bool = True, expected_version: int | None = None
) -> UnitOffer:
    """Edit an offer, or deactivate it (``active`` False): courses on it keep it, new ones cannot
    choose it."""
    actor.require(offer.unit_id, MANAGE_CATALOGUE)
    locked = UnitOffer.objects.select_for_update().get(pk=offer.pk)
    require_version(locked.version, expected_version, locked)
    _check(data)
    for name, value in {**data.__dict__, "name": data.name.strip()}.items():
        setattr(locked, name, value)
    locked.active = active
    locked.version += 1
    return _save(locked, actor)


@transaction.atomic
def fill_default_catalogue(actor: Actor, unit: Unit) -> list[UnitOffer]:
    """Give a unit the seeds' offers; only a unit without a catalogue, so nothing is doubled."""
    actor.require(unit.pk, MANAGE_CATALOGUE)
    if UnitOffer.objects.filter(unit=unit).exists():
        raise refuse(None, _("The unit already has a catalogue; add or edit its offers one by one."), "not_empty")
    return [create_offer(actor, unit, data) for data in DEFAULT_OFFERS]
