# SPDX-License-Identifier: AGPL-3.0-or-later
"""The public "Find behandling" page: no login, no person data. Each municipality's treatment
offers, from the units that serve it and are marked to be shown."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from forlob.common.errors import today
from forlob.common.views import client_address, run_action
from forlob.organisations.forms import ContactForm
from forlob.organisations.models import Municipality, Unit
from forlob.treatment import actions

# A filled-in form is well under 4 KB; anything far larger is not a person writing.
MAX_POST_BYTES = 16_384


def _public_units(municipality: Municipality):  # type: ignore[no-untyped-def]
    return (
        Unit.objects.filter(active=True, public=True)
        .filter(Q(serves=municipality) | Q(municipality=municipality))
        .select_related("municipality")
        .distinct()
        .order_by("name")
    )


def find_treatment_index(request: HttpRequest) -> HttpResponse:
    """Choose the municipality you live in."""
    code = request.GET.get("kommune", "")
    if code.isdigit():
        return redirect("find_treatment", code=code.zfill(3))
    served = Unit.objects.filter(active=True, public=True).values("serves")
    municipalities = Municipality.objects.filter(Q(pk__in=served) | Q(units__active=True, units__public=True))
    return render(
        request, "organisations/find_index.html", {"municipalities": municipalities.distinct().order_by("name")}
    )


def find_treatment(request: HttpRequest, code: str) -> HttpResponse:
    municipality = get_object_or_404(Municipality, code=code)
    context = {"municipality": municipality, "units": list(_public_units(municipality))}
    return render(request, "organisations/find_treatment.html", context)


def contact(request: HttpRequest, code: str) -> HttpResponse:
    """Bliv kontaktet: the request lands in the chosen unit's visitation queue, received today.
    Every accepted post gets the same answer, so nothing tells whether the person is known."""
    municipality = get_object_or_404(Municipality, code=code)
    units = list(_public_units(municipality))
    if not units:
        raise Http404(_("No treatment offers are published for this municipality."))
    context: dict[str, object] = {"municipality": municipality, "units": units}
    if request.method == "POST" and int(request.META.get("CONTENT_LENGTH") or 0) > MAX_POST_BYTES:
        context["form"] = ContactForm(units=units)
        context["too_large"] = True
        return render(request, "organisations/contact.html", context, status=413)
    form = ContactForm(request.POST or None, units=units)
    context["form"] = form
    if request.method == "POST":
        if not actions.allow_public_post(client_address(request)):
            form.add_error(
                None,
                _("Too many messages have come from your connection in the last minute. Wait a minute and try again."),
            )
            return render(request, "organisations/contact.html", context, status=429)
        if form.is_valid():
            data = form.cleaned_data
            if data["website"]:
                return redirect("find_treatment_thanks", code=code)
            received = run_action(
                form,
                lambda: actions.receive_contact(
                    form.chosen_unit(),
                    actions.ContactData(
                        about=data["about"],
                        name=data["name"],
                        phone=data["phone"],
                        email=data["email"],
                        best_time=data["best_time"],
                        message=data["message"],
                    ),
                ),
            )
            if received is not None:
                return redirect("find_treatment_thanks", code=code)
    return render(request, "organisations/contact.html", context)


def contact_thanks(request: HttpRequest, code: str) -> HttpResponse:
    municipality = get_object_or_404(Municipality, code=code)
    latest = today() + timedelta(days=settings.TREATMENT_GUARANTEE_DAYS)
    return render(request, "organisations/contact_thanks.html", {"municipality": municipality, "latest": latest})
