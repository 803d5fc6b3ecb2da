# SPDX-License-Identifier: AGPL-3.0-or-later
"""The unit's offer catalogue in the API: everyone working at the unit reads it (to start a course
on an offer); its leader adds, edits, deactivates and fills it with the defaults."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from forlob.common.api import ERRORS, Id, Paging, page, rules
from forlob.organisations.api import request_actor
from forlob.organisations.models import Unit
from forlob.treatment import actions
from forlob.treatment import api_schemas as s
from forlob.treatment.models import UnitOffer

router = Router(tags=["Tilbud"])


def _unit(unit_id: int) -> Unit:
    return get_object_or_404(Unit, pk=unit_id, active=True)


def _data(body: s.OfferIn) -> actions.OfferData:
    return actions.OfferData(body.name, body.category, body.planned_weeks, body.session_pattern, body.target_group)


@router.get("/units/{unit_id}/offers", response={200: s.OfferList, **ERRORS})
def list_offers(request: HttpRequest, unit_id: Id, paging: Query[Paging]) -> dict[str, object]:
    """The unit's catalogue, active offers first."""
    actor = request_actor(request)
    unit = _unit(unit_id)
    if unit.pk not in actor.case_unit_ids:
        raise PermissionDenied(_("You do not have access to do this at this unit."))
    count, rows = page(UnitOffer.objects.filter(unit=unit).order_by("-active", "name", "pk"), paging)
    return {"count": count, "items": rows}


@router.post(
    "/units/{unit_id}/offers",
    response={201: s.OfferOut, **ERRORS},
    openapi_extra=rules(("name", "No other active offer of that name at the unit.")),
)
def create_offer(request: HttpRequest, unit_id: Id, body: s.OfferIn) -> Status[object]:
    return Status(201, actions.create_offer(request_actor(request), _unit(unit_id), _data(body)))


@router.post(
    "/units/{unit_id}/offers/defaults",
    response={201: list[s.OfferOut], **ERRORS},
    openapi_extra=rules((None, "The unit has no catalogue yet.")),
)
def fill_defaults(request: HttpRequest, unit_id: Id) -> Status[object]:
    """Fill an empty catalogue with the seeds' offers (docs/treatment-practice.md lists them)."""
    return Status(201, actions.fill_default_catalogue(request_actor(request), _unit(unit_id)))


@router.put(
    "/offers/{offer_id}",
    response={200: s.OfferOut, **ERRORS},
    openapi_extra=rules(("name", "No other active offer of that name at the unit.")),
)
def update_offer(request: HttpRequest, offer_id: Id, body: s.OfferUpdateIn) -> object:
    """Edit an offer; ``active`` false deactivates it."""
    offer = get_object_or_404(UnitOffer, pk=offer_id)
    return actions.update_offer(request_actor(request), offer, _data(body), body.active, body.version)
