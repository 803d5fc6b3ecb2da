# SPDX-License-Identifier: AGPL-3.0-or-later
"""The psychiatric pathway on the course page: thin views posting to the actions; a refused form
comes back on the course page with the user's input and the reasons."""

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from forlob.common.dates import today
from forlob.common.forms import DkfdsForm
from forlob.common.pdf import render_pdf
from forlob.common.views import run_action
from forlob.organisations.view_access import actor_of, case_work_required
from forlob.psychiatry import actions, queries
from forlob.psychiatry.forms import AssessmentForm, FindingForm, LetterForm, ReferralForm, SentForm
from forlob.psychiatry.models import GpLetter
from forlob.treatment import queries as treatment_queries
from forlob.treatment import views as treatment_views
from forlob.treatment.models import Course


def _saved(form: DkfdsForm, action: Callable[[], object]) -> bool:
    return form.is_valid() and run_action(form, action) is not None


def _back(request: HttpRequest, course_id: int, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect(reverse("course_detail", args=[course_id]) + "#psykiatri")


def _screenings(course: Course) -> list:
    return queries.course_pathway(course).screenings


@case_work_required
@require_POST
def assessment_create(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    course = treatment_queries.get_course(actor, pk, via="psychiatric_assessment")
    form = AssessmentForm(request.POST, screenings=_screenings(course))
    data = form.cleaned_data if form.is_valid() else {}
    assess = lambda: actions.record_assessment(actor, course, actions.AssessmentData(**data))  # noqa: E731
    if _saved(form, assess):
        return _back(request, course.pk, _("The assessment is recorded."))
    return treatment_views.course_page(request, course, assessment_form=form)


@case_work_required
@require_POST
def finding_create(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    course = treatment_queries.get_course(actor, pk, via="outside_finding")
    form = FindingForm(request.POST)
    data = form.cleaned_data if form.is_valid() else {}
    record = lambda: actions.record_outside_finding(actor, course, actions.FindingData(**data))  # noqa: E731
    if _saved(form, record):
        return _back(request, course.pk, _("The screening or diagnosis made elsewhere is recorded."))
    return treatment_views.course_page(request, course, finding_form=form)


@case_work_required
@require_POST
def letter_create(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    course = treatment_queries.get_course(actor, pk, via="gp_letter_create")
    form = LetterForm(request.POST, screenings=_screenings(course))
    data = form.cleaned_data if form.is_valid() else {}
    write = lambda: actions.write_gp_letter(actor, course, actions.LetterData(**data))  # noqa: E731
    if _saved(form, write):
        return _back(request, course.pk, _("The letter to the doctor is written. Print it as PDF and send it."))
    return treatment_views.course_page(request, course, letter_form=form)


@case_work_required
@require_GET
def letter_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The letter to the doctor as a PDF, for sending by letter, secure e-mail or EDI."""
    letter, cpr = queries.letter_for_sending(actor_of(request), pk, via="gp_letter_pdf")
    context = {"letter": letter, "citizen": letter.course.citizen, "cpr": cpr, "today": today()}
    response = HttpResponse(render_pdf("psychiatry/gp_letter.html", context), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="brev-til-egen-laege-{letter.pk}.pdf"'
    return response


def _letter_page(request: HttpRequest, letter: GpLetter, kind: str, form: DkfdsForm) -> HttpResponse:
    course = treatment_queries.get_course(actor_of(request), letter.course_id, via="course_detail")
    return treatment_views.course_page(request, course, letter_refused=(letter.pk, kind, form))


@case_work_required
@require_POST
def letter_sent(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    letter = queries.get_letter(actor, pk, via="gp_letter_sent")
    form = SentForm(request.POST)
    data = form.cleaned_data if form.is_valid() else {}
    sent = lambda: actions.record_letter_sent(actor, letter, data["sent_on"], data["sent_how"], data["version"])  # noqa: E731
    if _saved(form, sent):
        return _back(request, letter.course_id, _("The letter is recorded as sent."))
    return _letter_page(request, letter, "sent", form)


@case_work_required
@require_POST
def gp_referral(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    letter = queries.get_letter(actor, pk, via="gp_referral")
    form = ReferralForm(request.POST)
    data = form.cleaned_data if form.is_valid() else {}
    referral = lambda: actions.record_gp_referral(  # noqa: E731
        actor,
        letter,
        actions.ReferralData(data["referred"], data["referred_on"], data["outcome"], data["outcome_on"]),
        data["version"],
    )
    if _saved(form, referral):
        return _back(request, letter.course_id, _("The doctor's referral is recorded."))
    return _letter_page(request, letter, "referral", form)
