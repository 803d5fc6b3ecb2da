# SPDX-License-Identifier: AGPL-3.0-or-later
"""The action plan page and its forms (each posted to its own address; a refused form comes back
on the page with its input and the reasons), the copy for a party as a PDF, and the case manager
on the course page."""

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forlob.common.dates import today
from forlob.common.forms import DkfdsForm
from forlob.common.pdf import render_pdf
from forlob.common.views import run_action
from forlob.coordination import actions, queries
from forlob.coordination.forms import (
    ActionForm,
    ActionStatusForm,
    CloseForm,
    EndCaseManagerForm,
    PartyConsentForm,
    PartyForm,
    PartyPrintForm,
    PlanForm,
    ReviewForm,
    party_id,
)
from forlob.coordination.models import ActionPlan, PlanAction
from forlob.coordination.treatment_pages import case_manager_form
from forlob.organisations.view_access import actor_of, case_work_required
from forlob.treatment import queries as treatment_queries
from forlob.treatment import views as treatment_views


def _saved(form: DkfdsForm, action: Callable[[], object]) -> bool:
    """Valid and accepted by the action; otherwise the form carries the reasons."""
    return form.is_valid() and run_action(form, action) is not None


def _plan_form(plan: ActionPlan, data: object = None) -> PlanForm:
    initial = {
        "citizen_goals": plan.citizen_goals,
        "agreed_on": plan.agreed_on,
        "coordinator_party": str(plan.coordinator_party_id or ""),
        "coordinator_name": plan.coordinator_name,
        "next_review_on": plan.next_review_on,
        "version": plan.version,
    }
    return PlanForm(data, initial=initial, parties=plan.parties.all(), unit_name=plan.unit.name)


def _action_form(plan: ActionPlan, data: object = None) -> ActionForm:
    return ActionForm(data, parties=plan.parties.all(), unit_name=plan.unit.name)


# The forms of one party or action among several on the page, each with its own prefix (and ids).
def consent_form(pk: int, data: object = None, **kwargs: object) -> PartyConsentForm:
    return PartyConsentForm(data, prefix=f"samtykke-{pk}", **kwargs)  # type: ignore[arg-type]


def print_form(pk: int, data: object = None) -> PartyPrintForm:
    return PartyPrintForm(data, prefix=f"udskrift-{pk}")  # type: ignore[arg-type]


def status_form(pk: int, data: object = None, **kwargs: object) -> ActionStatusForm:
    return ActionStatusForm(data, prefix=f"status-{pk}", **kwargs)  # type: ignore[arg-type]


def _status(action: PlanAction) -> dict[str, object]:
    return {"status": action.status, "version": action.version}


def _plan_page(
    request: HttpRequest,
    plan: ActionPlan,
    *,
    consent_forms: dict[int, PartyConsentForm] | None = None,
    print_forms: dict[int, PartyPrintForm] | None = None,
    status_forms: dict[int, ActionStatusForm] | None = None,
    **forms: object,
) -> HttpResponse:
    day = today()
    consent_forms, print_forms, status_forms = consent_forms or {}, print_forms or {}, status_forms or {}
    context = {
        "nav": "courses",
        "plan": plan,
        "course": plan.course,
        "today": day,
        "parties": [
            (
                party,
                party.consent is not None and party.consent.in_force_on(day),
                consent_forms.get(party.pk) or consent_form(party.pk, initial={"given_on": day}),
                print_forms.get(party.pk) or print_form(party.pk),
            )
            for party in plan.parties.all()
        ],
        "plan_form": _plan_form(plan),
        "party_form": PartyForm(),
        "action_form": _action_form(plan),
        "review_form": ReviewForm(initial={"held_on": day, "version": plan.version}),
        "close_form": CloseForm(initial={"closed_on": day, "version": plan.version}),
        "actions": [
            (action, status_forms.get(action.pk) or status_form(action.pk, initial=_status(action)))
            for action in plan.actions.all()
        ],
        **forms,
    }
    return render(request, "coordination/plan_detail.html", context)


def _back_to_plan(request: HttpRequest, plan_id: int, message: str, anchor: str = "") -> HttpResponse:
    messages.success(request, message)
    return redirect(reverse("action_plan_detail", args=[plan_id]) + anchor)


@case_work_required
def action_plan_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Agree a coordinated action plan on the course."""
    actor = actor_of(request)
    course = treatment_queries.get_course(actor, pk, via="action_plan_create")
    form = PlanForm(request.POST or None, initial={"agreed_on": today()})
    d = form.cleaned_data if form.is_bound and form.is_valid() else {}
    data = lambda: actions.PlanData(  # noqa: E731
        d["citizen_goals"], d["agreed_on"], d["coordinator_name"], d["next_review_on"]
    )
    if request.method == "POST" and _saved(form, lambda: actions.create_plan(actor, course, data())):
        messages.success(request, _("The action plan is agreed."))
        return redirect(reverse("course_detail", args=[course.pk]) + "#indsatsplan")
    return render(request, "coordination/plan_form.html", {"nav": "courses", "course": course, "form": form})


@case_work_required
def action_plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan; posted: its goals, coordinator, agreed date or next review changed."""
    actor = actor_of(request)
    plan = queries.get_plan(actor, pk, via="action_plan_detail")
    if request.method != "POST":
        return _plan_page(request, plan)
    form = _plan_form(plan, request.POST)
    d = form.cleaned_data if form.is_valid() else {}
    change = lambda: actions.change_plan(  # noqa: E731
        actor,
        plan,
        actions.PlanData(
            d["citizen_goals"],
            d["agreed_on"],
            d["coordinator_name"],
            d["next_review_on"],
            party_id(d["coordinator_party"]),
        ),
        d["version"],
    )
    if _saved(form, change):
        return _back_to_plan(request, plan.pk, _("The action plan is saved."))
    return _plan_page(request, plan, plan_form=form)


@case_work_required
@require_POST
def action_plan_party_add(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    plan = queries.get_plan(actor, pk, via="action_plan_party_add")
    form = PartyForm(request.POST)
    d = form.cleaned_data if form.is_valid() else {}
    add = lambda: actions.add_party(actor, plan, actions.PartyData(d["kind"], d["name"], d["contact"]))  # noqa: E731
    if _saved(form, add):
        return _back_to_plan(request, plan.pk, _("The party is added."), "#parter")
    return _plan_page(request, plan, party_form=form)


@case_work_required
@require_POST
def plan_party_consent(request: HttpRequest, pk: int) -> HttpResponse:
    """The citizen's consent to share the plan with the party."""
    actor = actor_of(request)
    party = queries.get_party(actor, pk, via="plan_party_consent")
    form = consent_form(party.pk, request.POST)
    d = form.cleaned_data if form.is_valid() else {}
    if _saved(form, lambda: actions.record_party_consent(actor, party, d["given_on"])):
        return _back_to_plan(request, party.plan_id, _("The consent is recorded."), "#parter")
    plan = queries.get_plan(actor, party.plan_id, via="plan_party_consent")
    return _plan_page(request, plan, consent_forms={party.pk: form})


@case_work_required
@require_POST
def plan_party_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan as a PDF for one party, only with the citizen's consent to share it with them;
    logged as an export with its purpose."""
    actor = actor_of(request)
    party = queries.get_party(actor, pk, via="plan_party_pdf")
    form = print_form(party.pk, request.POST)
    purpose = form.cleaned_data["purpose"] if form.is_valid() else ""
    copy = (
        run_action(form, lambda: queries.party_copy(actor, party, purpose, today(), via="plan_party_pdf"))
        if purpose
        else None
    )
    if copy is None:
        plan = queries.get_plan(actor, party.plan_id, via="plan_party_pdf")
        return _plan_page(request, plan, print_forms={party.pk: form})
    context = {
        "plan": copy.plan,
        "party": copy.party,
        "day": copy.day,
        "purpose": purpose,
        "printed_by": actor.user.get_full_name() or actor.user.username,
    }
    response = HttpResponse(render_pdf("coordination/plan_pdf.html", context), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="indsatsplan-{copy.plan.pk}-part-{party.pk}.pdf"'
    return response


@case_work_required
@require_POST
def action_plan_action_add(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    plan = queries.get_plan(actor, pk, via="action_plan_action_add")
    form = _action_form(plan, request.POST)
    d = form.cleaned_data if form.is_valid() else {}
    data = lambda: actions.ActionData(d["what"], d["owner_name"], d["due_on"], party_id(d["owner_party"]))  # noqa: E731
    if _saved(form, lambda: actions.add_action(actor, plan, data())):
        return _back_to_plan(request, plan.pk, _("The action is added."), "#handlinger")
    return _plan_page(request, plan, action_form=form)


@case_work_required
@require_POST
def plan_action_status(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    action = queries.get_action(actor, pk, via="plan_action_status")
    form = status_form(action.pk, request.POST)
    d = form.cleaned_data if form.is_valid() else {}
    if _saved(form, lambda: actions.set_action_status(actor, action, d["status"], d["version"])):
        return _back_to_plan(request, action.plan_id, _("The status of the action is saved."), "#handlinger")
    plan = queries.get_plan(actor, action.plan_id, via="plan_action_status")
    return _plan_page(request, plan, status_forms={action.pk: form})


@case_work_required
@require_POST
def action_plan_review(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    plan = queries.get_plan(actor, pk, via="action_plan_review")
    form = ReviewForm(request.POST)
    d = form.cleaned_data if form.is_valid() else {}
    hold = lambda: actions.hold_review(  # noqa: E731
        actor, plan, d["held_on"], d["next_review_on"], d["note"], d["version"]
    )
    if _saved(form, hold):
        return _back_to_plan(request, plan.pk, _("The review is recorded."), "#opfoelgning")
    return _plan_page(request, plan, review_form=form)


@case_work_required
@require_POST
def action_plan_close(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    plan = queries.get_plan(actor, pk, via="action_plan_close")
    form = CloseForm(request.POST)
    d = form.cleaned_data if form.is_valid() else {}
    if _saved(form, lambda: actions.close_plan(actor, plan, d["closed_on"], d["close_note"], d["version"])):
        return _back_to_plan(request, plan.pk, _("The action plan is closed."))
    return _plan_page(request, plan, close_form=form)


@case_work_required
@require_POST
def case_manager_add(request: HttpRequest, pk: int) -> HttpResponse:
    """The course's case manager from a date."""
    actor = actor_of(request)
    course = treatment_queries.get_course(actor, pk, via="case_manager_add")
    form = case_manager_form(course, request.POST)
    d = form.cleaned_data if form.is_valid() else {}
    data = lambda: actions.CaseManagerData(  # noqa: E731
        d["from_on"], d["staff"], d["external_name"], d["party_kind"], d["to_on"]
    )
    if _saved(form, lambda: actions.add_case_manager(actor, course, data())):
        messages.success(request, _("The case manager is recorded."))
        return redirect(reverse("course_detail", args=[course.pk]) + "#tovholder")
    return treatment_views.course_page(request, course, case_manager_form=form)


@case_work_required
@require_POST
def case_manager_end(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    manager = queries.get_case_manager(actor, pk, via="case_manager_end")
    form = EndCaseManagerForm(request.POST, prefix=f"slut-{manager.pk}")
    d = form.cleaned_data if form.is_valid() else {}
    if _saved(form, lambda: actions.end_case_manager(actor, manager, d["to_on"], d["version"])):
        messages.success(request, _("The case manager's period is ended."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect(reverse("course_detail", args=[manager.course_id]) + "#tovholder")
