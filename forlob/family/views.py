# SPDX-License-Identifier: AGPL-3.0-or-later
"""The household and network on the citizen page."""

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forlob.citizens import queries as citizen_queries
from forlob.citizens.models import Citizen
from forlob.common.dates import today
from forlob.common.forms import DkfdsForm
from forlob.common.views import page_of, run_action
from forlob.family import actions, course_page
from forlob.family import queries as family_queries
from forlob.family.forms import (
    ChildrenAssessmentForm,
    ConsentForm,
    FamilyOfferAnswerForm,
    FamilyOfferForm,
    RelationForm,
    SessionChildrenForm,
    SharedVisitationForm,
    WithdrawConsentForm,
)
from forlob.family.models import Consent, Relation
from forlob.organisations.view_access import actor_of, case_work_required
from forlob.treatment import queries as treatment_queries
from forlob.treatment import views as treatment_views
from forlob.treatment.models import Course


def _data(form: RelationForm) -> actions.RelationData:
    return actions.RelationData(**{name: form.cleaned_data[name] for name in actions.FIELDS})


def _saved(request: HttpRequest, form: DkfdsForm, action: Callable[[], object]) -> bool:
    """Posted, valid and accepted by the action; otherwise the form carries the reasons."""
    return request.method == "POST" and form.is_valid() and run_action(form, action) is not None


def _form_page(request: HttpRequest, citizen: Citizen, form: DkfdsForm, title: str) -> HttpResponse:
    """The page of a form about one citizen; a refused form comes back with its input and errors."""
    return render(
        request, "family/citizen_form.html", {"form": form, "citizen": citizen, "title": title, "nav": "citizens"}
    )


@case_work_required
def relation_create(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    citizen = citizen_queries.get_citizen(actor, pk, via="relation_create")
    form = RelationForm(request.POST or None)
    if _saved(request, form, lambda: actions.add_relation(actor, citizen, _data(form))):
        messages.success(request, _("The relation is added."))
        return redirect("citizen_detail", citizen.pk)
    return _form_page(request, citizen, form, _("Add to household and network"))


@case_work_required
def relation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    relation = citizen_queries.get_citizen_record(actor, Relation, pk, via="relation_edit")
    initial = {name: getattr(relation, name) for name in actions.FIELDS}
    form = RelationForm(request.POST or None, initial=initial)
    if _saved(request, form, lambda: actions.change_relation(actor, relation, _data(form))):
        messages.success(request, _("The relation is saved."))
        return redirect("citizen_detail", relation.citizen_id)
    return _form_page(request, relation.citizen, form, _("Edit relation"))


@case_work_required
@require_POST
def relation_remove(request: HttpRequest, pk: int) -> HttpResponse:
    relation = citizen_queries.get_citizen_record(actor_of(request), Relation, pk, via="relation_remove")
    actions.remove_relation(actor_of(request), relation)
    messages.success(request, _("The relation is removed."))
    return redirect("citizen_detail", relation.citizen_id)


@case_work_required
@require_POST
def children_assessment(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    citizen = citizen_queries.get_citizen(actor, pk, via="children_assessment")
    form = ChildrenAssessmentForm(request.POST)
    data = form.cleaned_data if form.is_valid() else {}
    assess = lambda: actions.assess_children(  # noqa: E731
        actor, citizen, data["assessed_on"], data["note"], data["action"], data["action_on"]
    )
    if _saved(request, form, assess):
        messages.success(request, _("The assessment of the children's situation is recorded."))
        return redirect("citizen_detail", citizen.pk)
    from forlob.citizens.views import citizen_page

    return citizen_page(request, actor, citizen, assessment_form=form)


@case_work_required
def consent_create(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    citizen = citizen_queries.get_citizen(actor, pk, via="consent_create")
    form = ConsentForm(request.POST or None, initial={"given_on": today(), "phone": citizen.phone})
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    consent_data = actions.ConsentData(
        kind=data.get("kind", ""),
        given_on=data.get("given_on"),
        department=data.get("department", ""),
        phone=data.get("phone", ""),
        preferred_time=data.get("preferred_time", ""),
        parents_involved=data.get("parents_involved"),
    )
    if _saved(request, form, lambda: actions.give_consent(actor, citizen, consent_data)):
        messages.success(request, _("The consent is recorded."))
        return redirect("citizen_detail", citizen.pk)
    return _form_page(request, citizen, form, _("Record consent"))


@case_work_required
@require_POST
def consent_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    consent = citizen_queries.get_citizen_record(actor, Consent, pk, via="consent_withdraw")
    form = WithdrawConsentForm(request.POST)
    data = form.cleaned_data if form.is_valid() else {}
    withdraw = lambda: actions.withdraw_consent(actor, consent, data.get("withdrawn_on"), data.get("version"))  # noqa: E731
    if _saved(request, form, withdraw):
        messages.success(request, _("The consent is withdrawn."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("citizen_detail", consent.citizen_id)


@case_work_required
def shared_visitation_create(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    citizen = citizen_queries.get_citizen(actor, pk, via="shared_visitation_create")
    # The citizen's requests at the actor's units, to link the meeting to: rows of the logged citizen.
    requests = citizen.requests.filter(unit_id__in=actor.case_unit_ids).order_by("-received_on")
    form = SharedVisitationForm(request.POST or None, initial={"held_on": today()}, requests=requests)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    visitation = actions.SharedVisitationData(
        held_on=data.get("held_on"),
        departments=data.get("departments", []),
        decision=data.get("decision", ""),
        present=data.get("present", ""),
        request=data.get("request"),
    )
    if _saved(request, form, lambda: actions.record_shared_visitation(actor, citizen, visitation)):
        messages.success(request, _("The shared visitation is recorded."))
        return redirect("citizen_detail", citizen.pk)
    return _form_page(request, citizen, form, _("Record shared visitation"))


@case_work_required
def shared_visitation_list(request: HttpRequest) -> HttpResponse:
    """The shared visitations the user may see: their units' own, and as a partner department's
    staff those their department took part in, while the citizen's consent reaches them."""
    actor = actor_of(request)
    shown = family_queries.shared_visitation_list(actor, today(), page_of(request), via="shared_visitation_list")
    context = {"rows": shown.rows, "page_obj": shown.page, "nav": "shared_visitation"}
    return render(request, "family/shared_visitation_list.html", context)


# --- On the course page: the family offer and the children in the sessions ---------------------


def _back_to_course(request: HttpRequest, course: Course, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect(reverse("course_detail", args=[course.pk]) + "#familie")


@case_work_required
@require_POST
def family_offer(request: HttpRequest, pk: int) -> HttpResponse:
    """Record that family-oriented treatment was offered on the course, or correct the offer."""
    actor = actor_of(request)
    course = treatment_queries.get_course(actor, pk, via="family_offer")
    form = FamilyOfferForm(request.POST)
    data = form.cleaned_data if form.is_valid() else {}
    record = lambda: actions.record_family_offer(  # noqa: E731
        actor, course, data["offered_on"], data["note"], data["version"]
    )
    if _saved(request, form, record):
        return _back_to_course(request, course, _("The family offer is recorded."))
    return treatment_views.course_page(request, course, offer_form=form)


@case_work_required
@require_POST
def family_offer_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the citizen's answer to the course's family offer."""
    actor = actor_of(request)
    course = treatment_queries.get_course(actor, pk, via="family_offer_answer")
    form = FamilyOfferAnswerForm(request.POST)
    data = form.cleaned_data if form.is_valid() else {}
    answer = lambda: actions.answer_family_offer(  # noqa: E731
        actor, course, data["outcome"], data["answered_on"], data["version"]
    )
    if _saved(request, form, answer):
        return _back_to_course(request, course, _("The answer to the family offer is recorded."))
    return treatment_views.course_page(request, course, answer_form=form)


@case_work_required
@require_POST
def session_children(request: HttpRequest, pk: int) -> HttpResponse:
    """Record which of the citizen's children took part in one of the course's sessions."""
    actor = actor_of(request)
    course = treatment_queries.get_course(actor, pk, via="session_children")
    sessions = {session.pk: session for session in course_page.sessions_taken_place(course)}
    form = SessionChildrenForm(request.POST, sessions=list(sessions.values()), children=course_page.children_of(course))
    data = form.cleaned_data if form.is_valid() else {}
    chosen = lambda: actions.set_session_children(actor, sessions[data["session"]], data["children"])  # noqa: E731
    if _saved(request, form, chosen):
        return _back_to_course(request, course, _("The children in the session are recorded."))
    return treatment_views.course_page(request, course, children_form=form)
