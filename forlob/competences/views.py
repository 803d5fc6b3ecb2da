# SPDX-License-Identifier: AGPL-3.0-or-later
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forlob.common.dates import today
from forlob.common.kept_forms import back_to_page, kept_form
from forlob.common.views import paginate, run_action
from forlob.competences import actions, queries
from forlob.competences.forms import DepartmentFormSet, SeatsForm, StaffCompetenceForm, TrainingForm, WhoForm
from forlob.competences.models import StaffCompetence
from forlob.organisations.access import TRAINING, Actor
from forlob.organisations.models import Unit
from forlob.organisations.view_access import actor_of


def _municipalities(request: HttpRequest) -> list:
    found = actions.training_municipalities(actor_of(request))
    if not found:
        raise PermissionDenied(_("Only leaders and family consultants register training."))
    return found


def _leader(request: HttpRequest) -> Actor:
    actor = actor_of(request)
    if not actor.unit_ids(TRAINING):
        raise PermissionDenied(_("Only leaders and family consultants register training and competences."))
    return actor


@login_required
def training_list(request: HttpRequest) -> HttpResponse:
    _municipalities(request)
    page = paginate(request, queries.training_courses(actor_of(request)))
    context = {"nav": "stats", "rows": list(page.object_list), "page_obj": page}
    return render(request, "competences/training_list.html", context)


@login_required
def training_create(request: HttpRequest) -> HttpResponse:
    municipalities = _municipalities(request)
    actor = actor_of(request)
    form = TrainingForm(request.POST or None, municipalities=municipalities, initial={"starts_on": today()})
    rows = DepartmentFormSet(request.POST or None, prefix="afdeling")
    if request.method == "POST" and all([form.is_valid(), rows.is_valid()]):
        d = form.cleaned_data
        data = actions.TrainingData(
            kind=d["kind"],
            title=d["title"],
            starts_on=d["starts_on"],
            days=d["days"],
            notes=d["notes"],
            participants=rows.participants(),
        )
        if run_action(form, lambda: actions.register_training(actor, d["municipality"], data)):
            messages.success(request, _("The course has been registered."))
            return redirect("training_list")
    context = {"nav": "stats", "form": form, "rows": rows, "departments": queries.departments(actor)}
    return render(request, "competences/training_form.html", context)


def _overview(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    units = list(queries.colleague_units(actor))
    if not units:
        raise PermissionDenied(_("Your roles do not give access to the competence overview."))
    year = today().year
    who = WhoForm(request.GET or None)
    found = None
    if who.is_valid() and who.cleaned_data["competence"]:
        found = queries.holders(units, who.cleaned_data["competence"], who.cleaned_data["supervisors"])
    leads = bool(actor.unit_ids(TRAINING))
    own_units = Unit.objects.filter(pk__in=actor.unit_ids(TRAINING)).order_by("name")
    staff = queries.staff_of(actor)
    context = {
        "nav": "stats",
        "units": units,
        "year": year,
        "coverage": queries.coverage(units, year),
        "who": who,
        "holders": found,
        "leads": leads,
        "competence_form": kept_form(request, "competence", lambda data: StaffCompetenceForm(data, staff=staff))
        or StaffCompetenceForm(staff=staff, initial={"since": today()}),
        "seats_form": kept_form(request, "seats", lambda data: SeatsForm(data, units=own_units))
        or SeatsForm(units=own_units, initial={"year": year}),
        "held": StaffCompetence.objects.filter(user__in=staff)
        .select_related("user", "competence")
        .order_by("user__first_name", "competence__name")
        if leads
        else [],
    }
    return render(request, "competences/overview.html", context)


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """Competences per unit across the cluster, who holds one, and (for leaders) the registering."""
    return _overview(request)


@login_required
@require_POST
def competence_add(request: HttpRequest) -> HttpResponse:
    actor = _leader(request)
    form = StaffCompetenceForm(request.POST, staff=queries.staff_of(actor))
    if form.is_valid():
        d = form.cleaned_data
        if run_action(
            form, lambda: actions.register_competence(actor, d["user"], d["competence"], d["since"], d["can_supervise"])
        ):
            messages.success(request, _("The competence has been registered."))
            return redirect("competence_overview")
    return back_to_page(request, "competence", form, reverse("competence_overview") + "#registrer-kompetence")


@login_required
@require_POST
def competence_remove(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _leader(request)
    held = get_object_or_404(StaffCompetence.objects.filter(user__in=queries.staff_of(actor)), pk=pk)
    actions.remove_competence(actor, held)
    messages.success(request, _("The competence has been removed."))
    return redirect("competence_overview")


@login_required
@require_POST
def seats_plan(request: HttpRequest) -> HttpResponse:
    actor = _leader(request)
    form = SeatsForm(request.POST, units=Unit.objects.filter(pk__in=actor.unit_ids(TRAINING)))
    if form.is_valid():
        d = form.cleaned_data
        if run_action(form, lambda: actions.plan_seats(actor, d["unit"], d["competence"], d["year"], d["seats"])):
            messages.success(request, _("The education plan has been saved."))
            return redirect("competence_overview")
    return back_to_page(request, "seats", form, reverse("competence_overview") + "#uddannelsesplan")
