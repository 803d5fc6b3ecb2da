# SPDX-License-Identifier: AGPL-3.0-or-later
"""The unit's offer catalogue: its leader lists, adds, edits and deactivates offers, or starts a
new unit's catalogue from the seeds' defaults."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forlob.common.views import paginate, run_action
from forlob.organisations.access import MANAGE_CATALOGUE, Actor
from forlob.organisations.models import Unit
from forlob.organisations.view_access import actor_of
from forlob.treatment import actions
from forlob.treatment.forms import OfferForm
from forlob.treatment.models import UnitOffer


def _leader_units(actor: Actor) -> list[Unit]:
    units = list(Unit.objects.filter(pk__in=actor.unit_ids(MANAGE_CATALOGUE)).order_by("name"))
    if not units:
        raise PermissionDenied(_("Only a unit's leader keeps its offer catalogue."))
    return units


def _offer(actor: Actor, pk: int) -> UnitOffer:
    return get_object_or_404(UnitOffer.objects.select_related("unit"), pk=pk, unit__in=_leader_units(actor))


def _data(form: OfferForm) -> actions.OfferData:
    d = form.cleaned_data
    return actions.OfferData(d["name"], d["category"], d["planned_weeks"], d["session_pattern"], d["target_group"])


def _catalogue_url(unit_id: int) -> str:
    return f"{reverse('catalogue')}?enhed={unit_id}"


@login_required
def catalogue(request: HttpRequest) -> HttpResponse:
    """The chosen unit's catalogue (?enhed=), with the form adding an offer."""
    actor = actor_of(request)
    units = _leader_units(actor)
    chosen = request.GET.get("enhed", "")
    unit = next((u for u in units if str(u.pk) == chosen), units[0])
    form = OfferForm(request.POST or None)
    added = None
    if request.method == "POST" and form.is_valid():
        added = run_action(form, lambda: actions.create_offer(actor, unit, _data(form)))
    if added is not None:
        messages.success(request, _("The offer has been added."))
        return redirect(_catalogue_url(unit.pk))
    offers = UnitOffer.objects.filter(unit=unit).order_by("-active", "name", "pk")
    context = {"nav": "catalogue", "units": units, "unit": unit, "page_obj": paginate(request, offers), "form": form}
    return render(request, "treatment/catalogue.html", context)


@login_required
def offer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    offer = _offer(actor, pk)
    initial = {name: getattr(offer, name) for name in OfferForm.base_fields}
    form = OfferForm(request.POST or None, initial=initial)
    form.fields["version"].required = True  # an edit is made from the version read
    if request.method == "POST" and form.is_valid():
        version = form.cleaned_data["version"]
        if run_action(form, lambda: actions.update_offer(actor, offer, _data(form), offer.active, version)):
            messages.success(request, _("The offer has been saved."))
            return redirect(_catalogue_url(offer.unit_id))
    return render(request, "treatment/offer_form.html", {"nav": "catalogue", "form": form, "offer": offer})


@login_required
@require_POST
def offer_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    """Take the offer out of the catalogue: courses on it keep it, new courses cannot choose it."""
    actor = actor_of(request)
    offer = _offer(actor, pk)
    data = actions.OfferData(offer.name, offer.category, offer.planned_weeks, offer.session_pattern, offer.target_group)
    version = request.POST.get("version", "")
    try:
        actions.update_offer(actor, offer, data, False, int(version) if version.isdigit() else 0)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The offer has been deactivated."))
    return redirect(_catalogue_url(offer.unit_id))


@login_required
@require_POST
def catalogue_defaults(request: HttpRequest) -> HttpResponse:
    """Fill an empty catalogue with the seeds' offers (``actions.DEFAULT_OFFERS``)."""
    actor = actor_of(request)
    units = _leader_units(actor)
    unit = next((u for u in units if str(u.pk) == request.POST.get("unit", "")), units[0])
    try:
        actions.fill_default_catalogue(actor, unit)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The catalogue has been filled with the default offers."))
    return redirect(_catalogue_url(unit.pk))
