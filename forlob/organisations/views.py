# SPDX-License-Identifier: AGPL-3.0-or-later
"""The public "Find behandling" page: no login, no person data. Each municipality's treatment
offers, from the units that serve it and are marked to be shown. Its "Bliv kontaktet" form is
treatment's (forlob/treatment/public.py)."""

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from forlob.organisations.models import Municipality, Unit
from forlob.organisations.public import public_units


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
    context = {"municipality": municipality, "units": list(public_units(municipality))}
    return render(request, "organisations/find_treatment.html", context)
