# SPDX-License-Identifier: AGPL-3.0-or-later
"""Medical treatment's pages: recording and stopping a medication, a detoxification episode, and
the unit's daily dispensing list with its register buttons."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forlob.common.dates import today
from forlob.common.views import page_of, run_action
from forlob.medical import actions, queries
from forlob.medical.forms import DayForm, DetoxEndForm, DetoxForm, DispensingForm, MedicationForm, StopForm
from forlob.medical.models import Outcome
from forlob.organisations.access import DISPENSE, MEDICATION_RECORD, WORK_WITH_COURSE, Actor
from forlob.organisations.models import Role, Unit
from forlob.organisations.view_access import actor_of, case_work_required
from forlob.treatment import queries as treatment_queries
from forlob.treatment.models import Course

SECTION = "#medicin"


def _course_url(course_id: int) -> str:
    return reverse("course_detail", args=[course_id]) + SECTION


def _doctors(unit_id: int) -> QuerySet[User]:
    return (
        User.objects.filter(
            is_active=True,
            memberships__unit_id=unit_id,
            memberships__role=Role.LAEGE,
            memberships__approved_at__isnull=False,
        )
        .distinct()
        .order_by("first_name", "last_name")
    )


def _recording_course(request: HttpRequest, pk: int, via: str) -> tuple[Actor, Course]:
    """The course (404 outside the actor's units), for its unit's doctors only (403)."""
    actor = actor_of(request)
    course = treatment_queries.get_course(actor, pk, via=via)
    actor.require(course.unit_id, MEDICATION_RECORD)
    return actor, course


@case_work_required
def medication_create(request: HttpRequest, pk: int) -> HttpResponse:
    actor, course = _recording_course(request, pk, "medication_create")
    doctors = _doctors(course.unit_id)
    if request.method == "POST":
        form = MedicationForm(request.POST, doctors=doctors)
        if form.is_valid():
            data = actions.MedicationData(**form.cleaned_data)
            if run_action(form, lambda: actions.record_medication(actor, course, data)) is not None:
                messages.success(request, _("The medication is recorded."))
                return redirect(_course_url(course.pk))
    else:
        initial = {"started_on": today(), "prescriber": actor.user if doctors.filter(pk=actor.user.pk) else None}
        form = MedicationForm(initial=initial, doctors=doctors)
    context = {"nav": "courses", "course": course, "form": form, "title": _("Record medication")}
    return render(request, "medical/medication_form.html", context)


@case_work_required
def medication_stop(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    medication = queries.get_medication(actor, pk, via="medication_stop")
    actor.require(medication.course.unit_id, MEDICATION_RECORD)
    if request.method == "POST":
        form = StopForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            stop = lambda: actions.stop_medication(actor, medication, d["stopped_on"], d["stop_reason"], d["version"])  # noqa: E731
            if run_action(form, stop) is not None:
                messages.success(request, _("The medication is stopped."))
                return redirect(_course_url(medication.course_id))
    else:
        form = StopForm(initial={"stopped_on": today(), "version": medication.version})
    context = {
        "nav": "courses",
        "course": medication.course,
        "medication": medication,
        "form": form,
        "title": _("Stop medication"),
    }
    return render(request, "medical/medication_form.html", context)


@case_work_required
def detox_create(request: HttpRequest, pk: int) -> HttpResponse:
    actor, course = _recording_course(request, pk, "detox_create")
    if request.method == "POST":
        form = DetoxForm(request.POST)
        if form.is_valid():
            data = actions.DetoxData(**form.cleaned_data)
            if run_action(form, lambda: actions.record_detox(actor, course, data)) is not None:
                messages.success(request, _("The detoxification is recorded."))
                return redirect(_course_url(course.pk))
    else:
        form = DetoxForm(initial={"started_on": today()})
    context = {"nav": "courses", "course": course, "form": form, "title": _("Record detoxification")}
    return render(request, "medical/medication_form.html", context)


@case_work_required
def detox_end(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    episode = queries.get_detox(actor, pk, via="detox_end")
    actor.require(episode.course.unit_id, MEDICATION_RECORD)
    if request.method == "POST":
        form = DetoxEndForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            if run_action(form, lambda: actions.end_detox(actor, episode, d["ended_on"], d["version"])) is not None:
                messages.success(request, _("The detoxification has ended."))
                return redirect(_course_url(episode.course_id))
    else:
        form = DetoxEndForm(initial={"ended_on": today(), "version": episode.version})
    context = {"nav": "courses", "course": episode.course, "form": form, "title": _("End detoxification")}
    return render(request, "medical/medication_form.html", context)


def _list_url(unit_id: int, day: date) -> str:
    return reverse("dispensing_list") + "?" + f"enhed={unit_id}&dato={day.isoformat()}"


@case_work_required
def dispensing_list(request: HttpRequest) -> HttpResponse:
    """The unit's medications to give or hand out on a day, one row per citizen and medicine, with
    the register buttons for its doctors and nurses and a warning after missed doses."""
    actor = actor_of(request)
    mine = actor.unit_ids(WORK_WITH_COURSE)
    units = list(Unit.objects.filter(pk__in=mine).order_by("name").values_list("pk", "name"))
    dispensing_units = actor.unit_ids(DISPENSE)
    default = min(dispensing_units or mine)
    form = DayForm(request.GET or None, units=units, initial={"enhed": default, "dato": today()})
    unit_id, day = default, today()
    if request.GET:
        form.is_valid()
        if "enhed" in form.errors:
            raise Http404(_("The unit is not one of yours."))
        unit_id = form.cleaned_data.get("enhed") or default
        day = form.cleaned_data.get("dato") or today()
    shown = queries.dispensing_list(actor, unit_id, day, page_of(request), via="dispensing_list")
    context = {
        "nav": "medical",
        "form": form,
        "unit_name": dict(units)[unit_id],
        "unit_id": unit_id,
        "day": day,
        "is_today": day == today(),
        "can_register": actor.has_role(unit_id, DISPENSE) and day <= today(),
        "rows": shown.rows,
        "page_obj": shown.page,
        "query": f"enhed={unit_id}&dato={day.isoformat()}" + "&",
        "outcomes": Outcome,
    }
    return render(request, "medical/dispensing.html", context)


@case_work_required
@require_POST
def dispensing_register(request: HttpRequest, pk: int) -> HttpResponse:
    """One register button of the dispensing list; back to the list with what happened."""
    actor = actor_of(request)
    medication = queries.get_medication(actor, pk, via="dispensing_register")
    form = DispensingForm(request.POST)
    day = today()
    if not form.is_valid():
        messages.error(request, _("The registration could not be read. Reload the list and try again."))
    else:
        d = form.cleaned_data
        day = d["day"]
        try:
            done = actions.register_dispensing(actor, medication, day, d["outcome"], d["note"])
            text = _("%(citizen)s, %(medicine)s: %(outcome)s.") % {
                "citizen": medication.course.citizen.display_name,
                "medicine": medication.name,
                "outcome": done.get_outcome_display(),
            }
            messages.success(request, text)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return redirect(_list_url(medication.course.unit_id, day))
