# SPDX-License-Identifier: AGPL-3.0-or-later
"""Pages of the treatment chain. Thin: forms in, actions for writes, queries for reads."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forlob.audit.models import EmergencyAccess
from forlob.citizens.queries import get_citizen
from forlob.common.dates import today
from forlob.common.kept_forms import back_to_page, kept_form
from forlob.common.sections import render_sections
from forlob.common.views import next_url, page_of, run_action, search_or_page
from forlob.organisations.access import (
    DECIDE_VISITATION,
    IMPORT_COURSES,
    REGISTER_REQUEST,
    REVIEW_ACCESS,
    START_COURSE,
    Actor,
)
from forlob.organisations.models import Unit
from forlob.organisations.view_access import actor_of, case_work_required
from forlob.treatment import actions, form_parts, hooks, importer, journal, queries
from forlob.treatment.forms import (
    CloseForm,
    ContactCloseForm,
    CourseForm,
    DischargeForm,
    ImportForm,
    LinkedCourseForm,
    PlanForm,
    ReferForm,
    ReferralForm,
    RequestForm,
    SessionForm,
)
from forlob.treatment.hooks import DISCHARGE_STAGE, INTAKE_STAGE
from forlob.treatment.import_file import ImportFileError
from forlob.treatment.models import (
    Channel,
    ContactAbout,
    ContactRequest,
    Course,
)

# The newest journal entries the course page shows; the journal page has them all.
JOURNAL_ON_COURSE_PAGE = 10


def _query_string(request: HttpRequest, page_param: str = "page") -> str:
    params = request.GET.copy()
    params.pop(page_param, None)
    return params.urlencode() + "&" if params else ""


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    day = today()
    leader_units = actor.unit_ids(REVIEW_ACCESS)
    # Each role's home: the caseload for case staff; what the apps above add (the statistics,
    # the self-assessment, the organisation set-up) for everyone whose role they concern.
    context = {
        "nav": "overview",
        "today": day,
        "o": queries.overview(actor, day) if actor.case_unit_ids else None,
        "sections": render_sections(request, [section(actor, day) for section in hooks.overview_sections]),
        # Flagged to the leader: emergency access at their units that nobody has reviewed yet.
        "emergencies_to_review": (
            EmergencyAccess.objects.filter(unit__in=leader_units, reviewed_at__isnull=True).count()
            if leader_units
            else 0
        ),
    }
    return render(request, "treatment/overview.html", context)


# --- Requests and visitation -------------------------------------------------------------


@case_work_required
def request_create(request: HttpRequest) -> HttpResponse:
    """Register a henvendelse for a citizen chosen on the citizen page (?borger=<id>), possibly
    answering a contact request from the public page (?kontakt=<id>)."""
    actor = actor_of(request)
    citizen_id = request.GET.get("borger", "")
    contact_id = request.GET.get("kontakt", "")
    contact = queries.get_contact(actor, int(contact_id), via="request_create") if contact_id.isdigit() else None
    if not citizen_id.isdigit():
        return render(request, "treatment/request_pick_citizen.html", {"nav": "request", "contact": contact})
    citizen = get_citizen(actor, int(citizen_id), via="request_create")
    form = RequestForm(
        request.POST or None,
        unit_ids=actor.unit_ids(REGISTER_REQUEST),
        initial=_request_initial(contact),
        received_fixed=contact is not None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        request_data = actions.RequestData(
            received_on=contact.received_on if contact else data["received_on"],
            channel=data["channel"],
            main_substance=data["main_substance"],
            other_substances=data["other_substances"],
            legal_basis=data["legal_basis"],
            note=data["note"],
        )
        if contact is not None:
            created = run_action(
                form,
                lambda: actions.register_request_from_contact(actor, contact, citizen, data["unit"], request_data),
            )
        else:
            created = run_action(form, lambda: actions.register_request(actor, citizen, data["unit"], request_data))
        if created:
            messages.success(
                request,
                _("The request has been registered. Deadline: %(date)s.") % {"date": f"{created.deadline:%d.%m.%Y}"},
            )
            return redirect("request_detail", pk=created.pk)
    context = {"nav": "request", "form": form, "citizen": citizen, "contact": contact}
    return render(request, "treatment/request_form.html", context)


@case_work_required
def citizen_refer(request: HttpRequest, pk: int) -> HttpResponse:
    """Refer the citizen, with their consent, to another unit in Forløb (in this or another
    municipality): the receiving unit gets a request in its visitation queue."""
    actor = actor_of(request)
    citizen = get_citizen(actor, pk, via="citizen_refer")
    form = ReferralForm(request.POST or None, exclude_unit_ids={citizen.granted_by})  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        referral_data = actions.ReferralData(
            to_unit=data["to_unit"],
            consent_given_on=data["consent_given_on"],
            main_substance=data["main_substance"],
            other_substances=data["other_substances"],
            legal_basis=data["legal_basis"],
            note=data["note"],
        )
        referral = run_action(form, lambda: actions.refer_citizen(actor, citizen, referral_data))
        if referral is not None:
            messages.success(
                request,
                _("The citizen is referred to %(unit)s, which finds the request in its visitation queue.")
                % {"unit": referral.to_unit.name},
            )
            return redirect("citizen_detail", pk=citizen.pk)
    return render(request, "treatment/referral_form.html", {"nav": "citizens", "form": form, "citizen": citizen})


def _request_initial(contact: ContactRequest | None) -> dict[str, object]:
    if contact is None:
        return {}
    channel = Channel.SELF if contact.about == ContactAbout.SELF else Channel.FAMILY
    return {"unit": contact.unit_id, "channel": channel, "note": contact.message}


@case_work_required
def contact_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A contact request from the public page: call back, then register the citizen and the
    request, or close it with a reason."""
    actor = actor_of(request)
    contact = queries.get_contact(actor, pk, via="contact_detail")
    form = ContactCloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["close_reason"]
        if run_action(form, lambda: actions.close_contact(actor, contact, reason)) is not None:
            messages.success(request, _("The contact request has been closed."))
            return redirect("visitation_queue")
    return render(request, "treatment/contact_detail.html", {"nav": "visitation", "contact": contact, "form": form})


@case_work_required
def visitation_queue(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    units = Unit.objects.filter(pk__in=actor.case_unit_ids)
    unit_id = request.GET.get("enhed", "")
    only_unit = int(unit_id) if unit_id.isdigit() else None
    via = "visitation_queue"
    context = search_or_page(
        request,
        lambda window: queries.visitation_queue(actor, window, via=via, unit_id=only_unit),
        lambda term, window: queries.visitation_queue(actor, window, via=via, unit_id=only_unit, term=term),
    )
    contacts = queries.open_contacts(actor, page_of(request, "kontakter"), via=via, unit_id=only_unit).page
    context.update(
        nav="visitation",
        today=today(),
        units=units,
        unit_id=unit_id,
        query_string=_query_string(request),
        contacts=contacts,
        contacts_query_string=_query_string(request, "kontakter"),
    )
    return render(request, "treatment/visitation_queue.html", context)


def _decision_forms(actor: Actor, req, data=None, which: str = "") -> dict[str, object]:
    return {
        "course_form": CourseForm(
            data if which == "course" else None,
            unit_ids={req.unit_id},
            residential_courses=queries.residential_course_choices(actor, req.citizen_id, via="request_detail"),
        ),
        "course_parts": form_parts.part_forms(INTAKE_STAGE, None, req.legal_basis, data if which == "course" else None),
        "refer_form": ReferForm(data if which == "refer" else None),
        "close_form": CloseForm(data if which == "close" else None),
    }


@case_work_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    req = queries.get_request(actor, pk, via="request_detail")
    forms = _decision_forms(actor, req)
    which = request.POST.get("decision", "") if request.method == "POST" else ""
    if which:
        forms = _decision_forms(actor, req, request.POST, which)
        decided = _decide(actor, req, which, forms)
        if decided is not None:
            messages.success(request, _("The decision has been registered."))
            return redirect(decided)
    return render(
        request,
        "treatment/request_detail.html",
        {
            "nav": "visitation",
            "req": req,
            "today": today(),
            "can_decide": actor.has_role(req.unit_id, DECIDE_VISITATION),
            "which": which,
            "course_parts_forms": form_parts.forms_of(forms["course_parts"]),  # type: ignore[arg-type]
            **forms,
        },
    )


def _decide(actor: Actor, req, which: str, forms: dict) -> str | None:
    """Run the chosen visitation decision; return where to go next, or None on refusal."""
    if which == "course":
        form, parts = forms["course_form"], forms["course_parts"]
        if form.is_valid() & form_parts.valid(parts):
            d = form.cleaned_data
            start = lambda: actions.start_course_from_request(  # noqa: E731
                actor,
                req,
                actions.CourseData(
                    offer_type=d["offer_type"],
                    started_on=d["started_on"],
                    responsible=d["responsible"],
                    plan=d["plan"],
                    goals=form.goal_lines(),
                    unit_offer=d["unit_offer"],
                    residential_course=d["residential_course"],
                ),
            )
            course = run_action(form, form_parts.with_parts(actor, parts, start))
            return reverse("course_detail", args=[course.pk]) if course else None
    elif which == "refer":
        form = forms["refer_form"]
        if form.is_valid() and run_action(
            form, lambda: actions.refer_request(actor, req, form.cleaned_data["referred_to"], form.cleaned_data["note"])
        ):
            return reverse("visitation_queue")
    elif which == "close":
        form = forms["close_form"]
        if form.is_valid() and run_action(
            form,
            lambda: actions.close_request(
                actor, req, form.cleaned_data["close_reason"], form.cleaned_data["decision_note"]
            ),
        ):
            return reverse("visitation_queue")
    return None


# --- Courses -------------------------------------------------------------------------------


@case_work_required
def course_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    status = request.GET.get("status", "open")
    mine = request.GET.get("mine") == "1"
    open_only = status != "all"
    context = search_or_page(
        request,
        lambda window: queries.course_list(actor, window, via="course_list", open_only=open_only, mine=mine),
        lambda term, window: queries.course_list(
            actor, window, via="course_list", open_only=open_only, mine=mine, term=term
        ),
    )
    context.update(nav="courses", status=status, mine=mine, query_string=_query_string(request))
    return render(request, "treatment/course_list.html", context)


@case_work_required
def course_create(request: HttpRequest) -> HttpResponse:
    """A course without a request, e.g. a course for relatives linked to the index person's course."""
    actor = actor_of(request)
    citizen_id = request.GET.get("borger", "")
    if not citizen_id.isdigit():
        return redirect("citizen_list")
    citizen = get_citizen(actor, int(citizen_id), via="course_create")
    index_courses = queries.course_choices(actor, via="course_create", other_than_citizen_id=citizen.pk)
    form = LinkedCourseForm(
        request.POST or None,
        unit_ids=actor.unit_ids(START_COURSE),
        index_courses=index_courses,
        residential_courses=queries.residential_course_choices(actor, citizen.pk, via="course_create"),
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        course = run_action(
            form,
            lambda: actions.start_course(
                actor,
                citizen,
                d["unit"],
                actions.CourseData(
                    offer_type=d["offer_type"],
                    started_on=d["started_on"],
                    responsible=d["responsible"],
                    legal_basis=d["legal_basis"],
                    main_substance=d["main_substance"],
                    plan=d["plan"],
                    goals=form.goal_lines(),
                    index_course=d["index_course"],
                    unit_offer=d["unit_offer"],
                    residential_course=d["residential_course"],
                ),
            ),
        )
        if course:
            messages.success(request, _("The course has been started."))
            return redirect("course_detail", pk=course.pk)
    return render(request, "treatment/course_form.html", {"nav": "courses", "form": form, "citizen": citizen})


def course_page(request: HttpRequest, course: Course, **forms: object) -> HttpResponse:
    """The course page; a form posted from it and refused (the page's own, or one of the other
    apps' sections, which find theirs by name) comes back in ``forms`` with its errors."""
    newest = partial(journal.read_latest, limit=JOURNAL_ON_COURSE_PAGE)
    context = {
        "nav": "courses",
        "course": course,
        "today": today(),
        "journal": queries.course_journal(actor_of(request), course, newest, via="course_detail", use=None),
        "plan_form": PlanForm(
            initial={"plan": course.plan, "version": course.version, "expected_end_on": course.expected_end_on},
            course=course,
        ),
        "session_form": SessionForm(unit_id=course.unit_id, initial={"staff": [request.user.pk]}),
        "sections": render_sections(request, [section(course) for section in hooks.course_page_sections], forms),
        **forms,
    }
    return render(request, "treatment/course_detail.html", context)


@case_work_required
def course_detail(request: HttpRequest, pk: int) -> HttpResponse:
    course = queries.get_course(actor_of(request), pk, via="course_detail")
    refused = {
        "plan_form": kept_form(request, f"plan:{course.pk}", lambda data: PlanForm(data, course=course)),
        "session_form": kept_form(
            request, f"session:{course.pk}", lambda data: SessionForm(data, unit_id=course.unit_id)
        ),
    }
    return course_page(request, course, **{name: form for name, form in refused.items() if form is not None})


@case_work_required
@require_POST
def course_plan(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    course = queries.get_course(actor, pk, via="course_plan")
    form = PlanForm(request.POST, course=course)
    if form.is_valid():
        lines = [line for line in form.cleaned_data["new_goals"].splitlines() if line.strip()]
        achieved = [int(pk) for pk in form.cleaned_data["achieved"]]
        d = form.cleaned_data
        if run_action(
            form,
            lambda: actions.update_plan(
                actor,
                course,
                d["plan"],
                lines,
                achieved,
                d["version"],
                expected_end_on=d["expected_end_on"],
                expected_end_reason=d["expected_end_reason"],
            ),
        ):
            messages.success(request, _("The treatment plan has been saved."))
            return redirect("course_detail", pk=course.pk)
    return back_to_page(request, f"plan:{course.pk}", form, reverse("course_detail", args=[course.pk]) + "#plan")


@case_work_required
@require_POST
def session_create(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    course = queries.get_course(actor, pk, via="session_create")
    form = SessionForm(request.POST, unit_id=course.unit_id)
    if form.is_valid():
        d = form.cleaned_data
        data = actions.SessionData(
            held_on=d["held_on"],
            kind=d["kind"],
            attendance=d["attendance"],
            staff=list(d["staff"]),
            minutes=d["minutes"],
            start_time=d["start_time"],
            note=d["note"],
            method=d["method"],
            place=d["place"],
        )
        if run_action(form, lambda: actions.register_session(actor, course, data)):
            messages.success(request, _("The session has been registered."))
            return redirect(reverse("course_detail", args=[course.pk]) + "#samtaler")
    return back_to_page(request, f"session:{course.pk}", form, reverse("course_detail", args=[course.pk]) + "#samtaler")


@case_work_required
@require_POST
def session_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark a planned session attended / no-show / cancelled (a button on the overview or course page)."""
    actor = actor_of(request)
    session = queries.get_session(actor, pk, via="session_attendance")
    try:
        actions.register_attendance(actor, session, request.POST.get("attendance", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Attendance has been registered."))
    return redirect(next_url(request, reverse("course_detail", args=[session.course_id])))


@case_work_required
def course_discharge(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    course = queries.get_course(actor, pk, via="course_discharge")
    form = DischargeForm(request.POST or None, initial={"version": course.version})
    parts = form_parts.part_forms(DISCHARGE_STAGE, course, course.legal_basis, request.POST or None)
    if request.method == "POST" and form.is_valid() & form_parts.valid(parts):
        d = form.cleaned_data
        discharge = lambda: actions.discharge_course(  # noqa: E731
            actor, course, d["ended_on"], d["end_reason"], d["note"], d["version"]
        )
        if run_action(form, form_parts.with_parts(actor, parts, discharge)):
            messages.success(request, _("The course has been closed."))
            return redirect("course_detail", pk=course.pk)
    context = {"nav": "courses", "form": form, "parts": form_parts.forms_of(parts), "course": course}
    return render(request, "treatment/discharge_form.html", context)


@login_required
def course_import(request: HttpRequest) -> HttpResponse:
    """Upload of historical courses for the unit's leader: checked row by row, imported only when
    asked and no row has a problem."""
    actor = actor_of(request)
    if not actor.unit_ids(IMPORT_COURSES):
        raise PermissionDenied(_("Only a unit's leader may import courses into it."))
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = actions.import_courses(actor, upload.name, upload.read(), commit=form.cleaned_data["commit"])
        except (ImportFileError, actions.ImportStopped) as error:
            # At the file field, which asks for the file again: nothing of this one was imported
            # (or, when the database stopped it, the slices before are, and a new run finishes it).
            form.add_error("file", str(error))
    context = {
        "nav": "import",
        "form": form,
        "result": result,
        "columns": [(name, importer.COLUMN_HELP[name], name in importer.REQUIRED) for name in importer.COLUMNS],
    }
    return render(request, "treatment/course_import.html", context)
