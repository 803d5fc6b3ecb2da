# SPDX-License-Identifier: AGPL-3.0-or-later
"""Emergency access, the leaders' log review and log search, and the citizen's insight report."""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forlob.audit.models import EmergencyAccess, LogReview, Use
from forlob.citizens import queries as citizen_queries
from forlob.common.dates import today
from forlob.common.paging import WebPage
from forlob.common.views import run_action
from forlob.organisations.access import EMERGENCY_ACCESS, REVIEW_ACCESS
from forlob.organisations.view_access import actor_of
from forlob.oversight import actions, log_search
from forlob.oversight.forms import EmergencyAccessForm, EmergencyReviewForm, LogReviewForm, LogSearchForm
from forlob.oversight.insight import insight_pdf


@login_required
def emergency_access(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    unit_ids = actor.unit_ids(EMERGENCY_ACCESS)
    if not unit_ids:
        raise PermissionDenied(_("You do not have access to do this at this unit."))
    form = EmergencyAccessForm(request.POST or None, unit_ids=unit_ids)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        access = run_action(
            form, lambda: actions.grant_emergency_access(actor, data["unit"], data["cpr"], data["reason"])
        )
        if access is not None:
            messages.warning(
                request,
                _("You have emergency access to the citizen until %(time)s. Your leader has been told.")
                % {"time": timezone.localtime(access.expires_at).strftime("%d.%m.%Y %H:%M")},
            )
            return redirect("citizen_detail", access.citizen_id)
    context = {"form": form, "nav": "citizens", "hours": settings.FORLOB_EMERGENCY_ACCESS_HOURS}
    return render(request, "audit/emergency_access.html", context)


@login_required
def log_review_list(request: HttpRequest) -> HttpResponse:
    """The leader's page: last month's sample to review, earlier reviews, emergency accesses."""
    actor = actor_of(request)
    units = log_search.leader_units(actor)
    month = actions.previous_month(today())
    for unit in units:
        actions.log_review(unit, month)
    reviews = LogReview.objects.filter(unit__in=units).select_related("unit", "completed_by")[:36]
    emergencies = (
        EmergencyAccess.objects.filter(unit__in=units)
        .select_related("user", "unit", "reviewed_by")
        .order_by("reviewed_at", "-granted_at")[:50]
    )
    return render(
        request,
        "audit/log_review_list.html",
        {"nav": "log_review", "reviews": reviews, "emergencies": emergencies, "review_form": EmergencyReviewForm()},
    )


@login_required
def log_review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    review = get_object_or_404(LogReview.objects.select_related("unit"), pk=pk, unit__in=log_search.leader_units(actor))
    items = list(review.items.select_related("entry__user", "entry__citizen", "entry__unit"))
    form = LogReviewForm(request.POST if request.method == "POST" else None, items=items)
    if request.method == "POST" and form.is_valid():
        done = run_action(form, lambda: actions.complete_log_review(actor, review, form.verdicts(items)) or True)
        if done:
            messages.success(request, _("The review is recorded."))
            return redirect("log_review_list")
    rows = [(item, form[f"verdict_{item.pk}"], form[f"note_{item.pk}"]) for item in items]
    return render(
        request, "audit/log_review_detail.html", {"nav": "log_review", "review": review, "form": form, "rows": rows}
    )


# The period a new log search starts from: the last 30 days.
DEFAULT_SEARCH_DAYS = 30


@login_required
def access_log_search(request: HttpRequest) -> HttpResponseBase:
    """The leader's search of the units' access log, a page of rows at a time, or exported."""
    actor = actor_of(request)
    units = log_search.leader_units(actor)
    initial = {"date_from": today() - timedelta(days=DEFAULT_SEARCH_DAYS), "date_to": today()}
    form = LogSearchForm(request.POST or None, units=units, initial=initial)
    context: dict[str, object] = {"nav": "log_review", "form": form, "formats": log_search.EXPORT_FORMATS}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        search = log_search.LogSearch(
            units=(data["unit"],) if data["unit"] else tuple(units),
            date_from=data["date_from"],
            date_to=data["date_to"],
            citizen=data["citizen"],
            user=data["user"],
            use=data["use"],
        )
        fmt = request.POST.get("format")
        via = "access_log_search"
        if fmt:
            response = run_action(form, lambda: log_search.export_log(actor, search, fmt, via=via))
            if response is not None:
                return response
        else:
            page = WebPage(request.POST.get("page"), settings.PAGE_SIZE)
            shown = run_action(form, lambda: log_search.search_log(actor, search, page, via=via))
            if shown is not None:
                context |= {"search": search, "rows": shown.rows, "page_obj": shown.page}
    return render(request, "audit/access_log_search.html", context)


@login_required
@require_POST
def emergency_review(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    access = get_object_or_404(EmergencyAccess, pk=pk, unit__in=log_search.leader_units(actor))
    form = EmergencyReviewForm(request.POST)
    if form.is_valid():
        try:
            actions.review_emergency_access(actor, access, form.cleaned_data["note"])
            messages.success(request, _("The emergency access is marked as reviewed."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return redirect("log_review_list")


@login_required
def citizen_insight(request: HttpRequest, pk: int) -> HttpResponse:
    """The citizen's right to know who looked: the access log for one citizen, as a PDF."""
    actor = actor_of(request)
    log_search.leader_units(actor)
    citizen = citizen_queries.get_citizen(
        actor, pk, via="citizen_insight", purpose=_("Insight into the access log"), use=Use.EXPORT
    )
    actor.require(citizen.granted_by, REVIEW_ACCESS)  # type: ignore[attr-defined]
    response = HttpResponse(insight_pdf(citizen), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="indsigt-adgangslog-{citizen.pk}.pdf"'
    return response
