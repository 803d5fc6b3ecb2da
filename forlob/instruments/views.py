# SPDX-License-Identifier: AGPL-3.0-or-later
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forlob.common.dates import today
from forlob.common.views import next_url, run_action
from forlob.instruments import actions
from forlob.instruments import queries as instrument_queries
from forlob.instruments.forms import ResponseForm
from forlob.instruments.models import Phase
from forlob.organisations.view_access import actor_of, case_work_required
from forlob.treatment import queries


@case_work_required
def response_create(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    """Fill in an instrument on a course: one screen, the live total beside the questions."""
    actor = actor_of(request)
    course = queries.get_course(actor, pk, via="response_create")
    instrument = actions.current_instrument(code)
    if instrument is None:
        raise Http404(_("Unknown instrument."))
    if request.method == "POST":
        form = ResponseForm(request.POST, instrument=instrument)
        if form.is_valid():
            d = form.cleaned_data
            data = actions.ResponseData(
                instrument=code,
                phase=d["phase"],
                answered_on=d["answered_on"],
                answers={name: d.get(name) for name in form.item_names},
                action=d.get("action") or "",
                note=d["note"],
            )
            response = run_action(form, lambda: actions.record_response(actor, course, data))
            if response is not None:
                result = ", ".join(
                    part
                    for part in (
                        _("%(n)s points") % {"n": f"{response.total:.0f}"} if response.total is not None else "",
                        response.band_label,
                    )
                    if part
                )
                saved = {"instrument": instrument.name, "result": result}
                text = (
                    _("%(instrument)s has been saved: %(result)s.") if result else _("%(instrument)s has been saved.")
                )
                messages.success(request, text % saved)
                return redirect(reverse("course_detail", args=[course.pk]) + "#maalinger")
    else:
        earlier = course.responses.filter(instrument__code=code).exists()
        phase = Phase.INTAKE if not earlier else (Phase.FOLLOW_UP if not course.is_open else Phase.DURING)
        day = today() if course.ended_on is None or phase == Phase.FOLLOW_UP else course.ended_on
        form = ResponseForm(initial={"answered_on": day, "phase": phase}, instrument=instrument)
    context = {"nav": "courses", "course": course, "instrument": instrument, "form": form, "points": form.points()}
    return render(request, "instruments/response_form.html", context)


@case_work_required
def response_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    response = instrument_queries.get_response(actor, pk, via="response_detail")
    course = response.course
    definition = response.instrument.definition
    rows = []
    for item in definition["items"]:
        value = response.answers.get(item["code"])
        option = next((o for o in item.get("options", []) if o["value"] == value), None)
        rows.append((item["text"], option["label"] if option else value, option.get("points") if option else None))
    action = next((a["label"] for a in definition.get("actions", []) if a["value"] == response.action), "")
    context = {"nav": "courses", "course": course, "response": response, "rows": rows, "action": action}
    return render(request, "instruments/response_detail.html", context)


@case_work_required
@require_POST
def critical_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    """A clinician acknowledges a critical answer: it is no longer flagged on the course page and
    in "Mit overblik"."""
    actor = actor_of(request)
    response = instrument_queries.get_response(actor, pk, via="critical_acknowledge")
    try:
        actions.acknowledge_critical(actor, response)
        messages.success(request, _("The critical answer is acknowledged."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(next_url(request, reverse("course_detail", args=[response.course_id])))
