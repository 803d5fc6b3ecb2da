# SPDX-License-Identifier: AGPL-3.0-or-later
"""Citizen pages. Person data is read only through forlob.citizens.queries."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forlob.citizens import actions, hooks, queries
from forlob.citizens.forms import (
    CitizenCreateForm,
    CitizenEditForm,
    EndTargetGroupMarkerForm,
    RevealCprForm,
    SearchForm,
    TargetGroupMarkerForm,
)
from forlob.citizens.models import Citizen, TargetGroupMarker
from forlob.common.dates import today
from forlob.common.sections import Section
from forlob.common.views import HtmxHttpRequest, run_action, search_or_page
from forlob.organisations.access import REGISTER_REQUEST, REVIEW_ACCESS, Actor
from forlob.organisations.view_access import actor_of, case_work_required


@case_work_required
def citizen_list(request: HtmxHttpRequest) -> HttpResponse:
    """All citizens of my units (paged), or a search by CPR or name (POST: no person data in URLs)."""
    actor = actor_of(request)
    context = search_or_page(
        request,
        lambda window: queries.citizen_list(actor, window, via="citizen_list"),
        lambda term, window: queries.search_citizens(actor, term, window, via="citizen_list"),
        SearchForm(request.POST or None),
    )
    contact_id = request.POST.get("kontakt", "")
    context.update(
        nav="citizens",
        for_request=request.POST.get("for_request") == "1",
        contact_id=contact_id if contact_id.isdigit() else "",
    )
    template = "citizens/citizen_list.html#results" if request.htmx else "citizens/citizen_list.html"
    return render(request, template, context)


@case_work_required
def citizen_create(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    origin = next((found for hook in hooks.new_citizen_origins if (found := hook(actor, request))), None)
    form = CitizenCreateForm(
        request.POST or None, unit_ids=actor.unit_ids(REGISTER_REQUEST), initial=origin.initial if origin else {}
    )
    duplicate = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        citizen_data = actions.CitizenData(
            cpr=data["cpr"],
            is_anonymous=data["is_anonymous"],
            alias=data["alias"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            birth_year=data["birth_year"],
            sex=data["sex"],
            municipality=data["municipality"],
            address=data["address"],
            address_protected=data["address_protected"],
            phone=data["phone"],
            email=data["email"],
        )
        try:
            citizen = actions.create_citizen(actor, data["unit"], citizen_data)
        except actions.DuplicateCitizen as error:
            duplicate = error.citizen
            form.add_action_errors(error)
            citizen = None
        except ValidationError as error:
            form.add_action_errors(error)
            citizen = None
        if citizen is not None:
            messages.success(request, _("The citizen has been registered."))
            if origin is not None:
                return redirect(origin.next_url(citizen.pk))
            return redirect("citizen_detail", pk=citizen.pk)
    context = {"nav": "citizens", "form": form, "duplicate": duplicate, "origin": origin}
    if origin is not None:
        context |= origin.context
        context["duplicate_next"] = origin.next_url(duplicate.pk) if duplicate else ""
    return render(request, "citizens/citizen_form.html", context)


@case_work_required
def citizen_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    return citizen_page(request, actor, queries.get_citizen(actor, pk, via="citizen_detail"))


def citizen_page(request: HttpRequest, actor: Actor, citizen: Citizen, **forms: object) -> HttpResponse:
    """The citizen page; a form posted from it and refused comes back in ``forms`` with its errors."""
    day = today()
    sections = sorted(
        [
            _target_groups_section(citizen, day),
            *(section for hook in hooks.citizen_page_sections for section in hook(actor, citizen, day)),
        ],
        key=lambda section: section.order,
    )
    context: dict[str, object] = {
        "nav": "citizens",
        "citizen": citizen,
        "today": day,
        "reveal_form": RevealCprForm(),
        "can_insight": actor.has_role(citizen.granted_by, REVIEW_ACCESS),  # type: ignore[attr-defined]
        "sections": sections,
    }
    for section in sections:
        context |= section.context
    context |= forms
    return render(request, "citizens/citizen_detail.html", context)


def _target_groups_section(citizen: Citizen, day: date) -> Section:
    """The citizen's target groups, read through the citizen (the page's logged read)."""
    markers = citizen.target_group_markers.select_related("group", "unit", "recorded_by")
    context = {
        "target_group_markers": list(markers),
        "target_group_form": TargetGroupMarkerForm(initial={"from_on": day}),
    }
    return Section("citizens/citizen_page/target_groups.html", context, order=5)


@case_work_required
@require_POST
def target_group_add(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    citizen = queries.get_citizen(actor, pk, via="target_group_add")
    form = TargetGroupMarkerForm(request.POST)
    data = form.cleaned_data if form.is_valid() else {}
    add = lambda: actions.add_target_group_marker(actor, citizen, data["group"], data["from_on"])  # noqa: E731
    if data and run_action(form, add) is not None:
        messages.success(request, _("The target group is recorded."))
        return redirect(f"{reverse('citizen_detail', args=[citizen.pk])}#target-groups")
    return citizen_page(request, actor, citizen, target_group_form=form)


@case_work_required
@require_POST
def target_group_end(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    marker = queries.get_citizen_record(actor, TargetGroupMarker, pk, via="target_group_end")
    form = EndTargetGroupMarkerForm(request.POST)
    data = form.cleaned_data if form.is_valid() else {}
    end = lambda: actions.end_target_group_marker(actor, marker, data["ended_on"])  # noqa: E731
    if data and run_action(form, end) is not None:
        messages.success(request, _("The target group marker is ended."))
        return redirect(f"{reverse('citizen_detail', args=[marker.citizen_id])}#target-groups")
    # The page is drawn for the citizen read (and logged) with the marker.
    return citizen_page(request, actor, marker.citizen, end_marker_form=form, end_marker_id=marker.pk)


@case_work_required
@require_POST
def citizen_reveal_cpr(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    citizen = queries.get_citizen(actor, pk, via="citizen_reveal_cpr")
    form = RevealCprForm(request.POST)
    cpr = (
        run_action(form, lambda: actions.reveal_cpr(actor, citizen, form.cleaned_data["purpose"]))
        if form.is_valid()
        else None
    )
    return render(
        request, "citizens/citizen_detail.html#cpr", {"citizen": citizen, "reveal_form": form, "cpr": cpr or ""}
    )


@case_work_required
def citizen_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    citizen = queries.get_citizen(actor, pk, via="citizen_edit")
    initial = {name: getattr(citizen, name) for name in actions.CONTACT_FIELDS} | {"version": citizen.version}
    hidden_address = citizen.address_protected and bool(citizen.address)
    if hidden_address:
        initial["address"] = ""  # name and address protection: not even the edit form shows it
    form = CitizenEditForm(request.POST or None, initial=initial)
    if hidden_address:
        form.fields["address"].help_text = _(
            "The address is hidden (name and address protection). Enter a new address to change it, "
            "or leave the field empty to keep it."
        )
    if request.method == "POST" and form.is_valid():
        changes = {
            k: v
            for k, v in form.cleaned_data.items()
            if k != "version" and not (citizen.is_anonymous and k in ("first_name", "last_name"))
        }
        if hidden_address and not changes.get("address"):
            del changes["address"]
        version = form.cleaned_data["version"]
        if run_action(form, lambda: actions.update_citizen(actor, citizen, version, **changes)):
            messages.success(request, _("The changes have been saved."))
            return redirect("citizen_detail", pk=citizen.pk)
    return render(request, "citizens/citizen_edit.html", {"nav": "citizens", "form": form, "citizen": citizen})
