# SPDX-License-Identifier: AGPL-3.0-or-later
"""The monthly submissions' pages for the units' leaders: the overview of the last finished
months, a month's preview with the form that makes the submission, and the files made."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from forlob.common.dates import today
from forlob.common.exports import file_response
from forlob.common.views import run_action
from forlob.organisations.access import REGISTER_EXTRACT
from forlob.organisations.models import Unit
from forlob.organisations.view_access import actor_of
from forlob.registers import adapter
from forlob.registers.actions.submissions import make_submission, month_spec, require_finished
from forlob.registers.forms import SubmissionForm
from forlob.registers.models import Register
from forlob.registers.overview import finished_months, statuses
from forlob.registers.queries import month_preview, submission_file, submissions_of
from forlob.registers.submission import DISCHARGE, INTAKE, deadline


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    if not actor.unit_ids(REGISTER_EXTRACT):
        raise PermissionDenied(_("Only a unit's leader makes the submissions to the national registers."))
    context = {"table": statuses(actor, finished_months()), "today": today(), "nav": "registration"}
    return render(request, "registers/submission_overview.html", context)


def _month(value: str) -> date:
    try:
        month = date.fromisoformat(f"{value}-01")
        require_finished(month)
    except (ValueError, ValidationError):  # not a month, or not over yet
        raise Http404 from None
    return month


@login_required
def preview(request: HttpRequest, unit_id: int, register: str, month: str) -> HttpResponse:
    actor = actor_of(request)
    unit = get_object_or_404(Unit, pk=unit_id, active=True)
    actor.require(unit.pk, REGISTER_EXTRACT)
    if register not in Register.values:
        raise Http404
    first = _month(month)
    try:
        spec = month_spec(register, first)
    except ValidationError:  # no version of the register applies to the month
        raise Http404 from None
    form = SubmissionForm(request.POST or None, system=bool(adapter.endpoint(register)))
    if request.method == "POST" and form.is_valid():
        made = run_action(form, lambda: make_submission(actor, unit, register, first, form.cleaned_data["channel"]))
        if made is not None:
            messages.success(
                request,
                _("The submission for %(month)s is made with %(count)s records.")
                % {"month": f"{first:%m.%Y}", "count": made.record_count},
            )
            return redirect("submission_preview", unit_id=unit.pk, register=register, month=month)
    built = month_preview(actor, unit.pk, register, first, via="submission_preview")
    context = {
        "unit": unit,
        "register": register,
        "spec": spec,
        "month": first,
        "deadline": deadline(spec, first),
        "intakes": built.count(INTAKE),
        "discharges": built.count(DISCHARGE),
        "held_back": built.held_back,
        "form": form,
        "earlier": submissions_of(actor, unit.pk, register, first),
        "today": today(),
        "nav": "registration",
    }
    return render(request, "registers/submission_preview.html", context)


@login_required
def download(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    found = submission_file(actor, pk, via="submission_file")
    return file_response(bytes(found.content), found.filename, "text/csv; charset=utf-8")
