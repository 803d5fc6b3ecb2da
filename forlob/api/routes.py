# SPDX-License-Identifier: AGPL-3.0-or-later
"""The JSON API, /api/v1/. It calls the same actions and scoped queries as the pages, so the
same rules, refusals and access log apply. Refusals come back as 422 naming the field:
``{"detail": [{"field": "cpr", "message": "…"}]}``."""

from collections.abc import Callable, Iterable
from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Query, Schema, Status
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as SchemaError
from ninja.security import django_auth

from forlob.api import schemas as s
from forlob.api.auth import TokenAuth
from forlob.audit.refusals import NotVisible
from forlob.citizens import actions as citizen_actions
from forlob.citizens import queries as citizen_queries
from forlob.citizens.models import Citizen
from forlob.common.errors import refuse, today
from forlob.family import actions as family_actions
from forlob.family.models import Consent, Relation
from forlob.followup import actions as followup_actions
from forlob.followup import queries as followup_queries
from forlob.followup.forms import PeriodForm
from forlob.followup.models import FollowUpRule
from forlob.instruments import actions as instrument_actions
from forlob.instruments.queries import instruments_in_use
from forlob.kl12 import actions as kl12_actions
from forlob.kl12 import queries as kl12_queries
from forlob.kl12 import report as kl12_report
from forlob.kl12.models import Participation as Kl12Participation
from forlob.kl12.models import Round as Kl12Round
from forlob.organisations.access import FOLLOW_UP, PREVENTION, STATISTICS, Actor
from forlob.organisations.models import Cluster, Municipality, Unit
from forlob.organisations.view_access import require_case_role
from forlob.prevention import actions as prevention_actions
from forlob.prevention import queries as prevention_queries
from forlob.stats import extracts, suppression
from forlob.stats.forms import ReportFilterForm
from forlob.stats.report import Report
from forlob.stats.report import Row as ReportRow
from forlob.stats.reports.activity import activity
from forlob.stats.reports.children import children_affected
from forlob.stats.reports.courses import end_reasons_per_year, relatives_and_family_courses, started_and_completed
from forlob.stats.reports.follow_up import reach_rate
from forlob.stats.reports.guarantee import treatment_guarantee
from forlob.stats.reports.outcomes import outcome_change
from forlob.stats.reports.prevention import prevention_activities, prevention_participants
from forlob.stats.reports.screening import screening
from forlob.stats.reports.training import training_participants
from forlob.stats.scopes import Filters, scope_for, scopes_for
from forlob.stats.suppression import Count as SuppressedCount
from forlob.treatment import actions, queries
from forlob.treatment import models as treatment_models
from forlob.treatment.models import Course, Group, GroupMembership, Session

api = NinjaAPI(
    title="Forløb API",
    version="1",
    urls_namespace="api",
    auth=[TokenAuth(), django_auth],
    description=_(
        "Citizens, requests, visitation, courses, sessions, discharge, groups, household and consents, "
        "follow-up and statistics."
    ),
)

User = get_user_model()
# 429: too many refused requests in a short time (forlob.audit.refusals), on any operation that can refuse.
ERRORS = {422: s.Errors, 404: s.Message, 403: s.Message, 429: s.Message}


# --- Errors: Danish messages, always naming the field ------------------------------------


def _error(request: HttpRequest, items: list[dict[str, str | None]], status: int = 422) -> HttpResponse:
    return api.create_response(request, {"detail": items}, status=status)


@api.exception_handler(ValidationError)
def refused(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    if hasattr(exc, "error_dict"):
        items = [
            {"field": None if name == NON_FIELD_ERRORS else name, "message": message}
            for name, errors in exc.message_dict.items()
            for message in errors
        ]
    else:
        items = [{"field": None, "message": m} for m in exc.messages]
    return _error(request, items)


@api.exception_handler(SchemaError)
def malformed(request: HttpRequest, exc: SchemaError) -> HttpResponse:
    items: list[dict[str, str | None]] = []
    for error in exc.errors:
        loc = [str(part) for part in error.get("loc", ()) if part not in ("body", "query", "path", "payload")]
        message = _("Required.") if error.get("type") == "missing" else _("Invalid value.")
        items.append({"field": ".".join(loc) or None, "message": message})
    return _error(request, items)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    request.forlob_refusal = exc  # type: ignore[attr-defined]  # logged by LogRefusals
    return api.create_response(request, {"detail": str(exc) or _("Not found.")}, status=404)


@api.exception_handler(PermissionDenied)
def denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    request.forlob_refusal = exc  # type: ignore[attr-defined]  # logged by LogRefusals
    return api.create_response(request, {"detail": str(exc) or _("Access denied.")}, status=403)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(request, {"detail": _("Sign in or send a valid API token.")}, status=401)


# --- Helpers ----------------------------------------------------------------------------


class Paging(Schema):
    limit: int = 25
    offset: int = 0


def _page(qs: QuerySet, paging: Paging) -> tuple[int, list]:  # type: ignore[type-arg]
    limit = min(max(paging.limit, 1), 100)
    offset = min(max(paging.offset, 0), 10**12)  # past any table, and within what a database counts
    return qs.count(), list(qs[offset : offset + limit])


def _logged_page(actor: Actor, qs: QuerySet, paging: Paging) -> dict[str, object]:  # type: ignore[type-arg]
    """One page of requests or courses; each citizen shown is logged."""
    count, rows = _page(qs, paging)
    queries.log_rows(actor, rows, via="api")
    return {"count": count, "items": rows}


def _actor(request: HttpRequest) -> Actor:
    actor = Actor.for_user(request.user)
    require_case_role(actor)
    return actor


def _unit(unit_id: int, field: str = "unit_id") -> Unit:
    unit = Unit.objects.filter(pk=unit_id, active=True).first()
    if unit is None:
        raise refuse(field, _("Unknown unit."), "unknown_code")
    return unit


def _municipality(code: str | None) -> Municipality | None:
    if not code:
        return None
    municipality = Municipality.objects.filter(code=code).first()
    if municipality is None:
        raise refuse("municipality_code", _("Unknown municipality code."), "unknown_code")
    return municipality


def _users(ids: Iterable[int], field: str) -> list:  # type: ignore[type-arg]
    wanted = set(ids)
    users = list(User.objects.filter(pk__in=wanted))
    if len(users) != len(wanted):
        raise refuse(field, _("Unknown staff member."), "unknown_code")
    return users


def _visible_citizen(actor: Actor, citizen_id: int) -> Citizen:
    citizen = citizen_queries.visible_citizens(actor).filter(pk=citizen_id).first()
    if citizen is None:
        raise citizen_queries.not_visible(citizen_id)
    return citizen


def _course(actor: Actor, course_id: int) -> Course:
    course = queries.visible_courses(actor).select_related("unit").filter(pk=course_id).first()
    if course is None:
        raise NotVisible(Course, course_id, _("The course is not found in your units."))
    return course


def _course_data(body: s.StartCourseIn, **extra: object) -> actions.CourseData:
    return actions.CourseData(
        offer_type=body.offer_type,
        started_on=body.started_on,
        responsible=_users([body.responsible_id], "responsible_id")[0],
        plan=body.plan,
        goals=body.goals,
        **extra,  # type: ignore[arg-type]
    )


def _session_data(body: s.SessionIn) -> actions.SessionData:
    return actions.SessionData(
        held_on=body.held_on,
        kind=body.kind,
        attendance=body.attendance,
        staff=_users(body.staff_ids, "staff_ids"),
        minutes=body.minutes,
        start_time=body.start_time,
        note=body.note,
    )


# --- Code lists -------------------------------------------------------------------------

CODE_LISTS = {
    "channel": treatment_models.Channel,
    "substance": treatment_models.Substance,
    "legal_basis": treatment_models.LegalBasis,
    "close_reason": treatment_models.CloseReason,
    "offer_type": treatment_models.OfferType,
    "end_reason": treatment_models.EndReason,
    "session_kind": treatment_models.SessionKind,
    "attendance": treatment_models.Attendance,
}


@api.get("/codes", response=dict[str, list[s.Code]], tags=["Koder"])
def code_lists(request: HttpRequest) -> dict[str, list[dict[str, str]]]:
    """The codes the other endpoints accept, with their Danish names."""
    return {
        name: [{"code": str(value), "label": str(label)} for value, label in choices.choices]
        for name, choices in CODE_LISTS.items()
    }


# --- Citizens ---------------------------------------------------------------------------


@api.get("/citizens", response=s.CitizenList, tags=["Borgere"])
def list_citizens(request: HttpRequest, paging: Query[Paging]) -> dict[str, object]:
    """Citizens of my units, by name. Search by CPR or name with POST /citizens/search."""
    actor = _actor(request)
    qs = (
        citizen_queries.visible_citizens(actor).select_related("municipality").order_by("last_name", "first_name", "pk")
    )
    count, rows = _page(qs, paging)
    citizen_queries.log_shown(actor, [c.pk for c in rows], via="api")
    return {"count": count, "items": rows}


@api.post("/citizens/search", response=s.CitizenList, tags=["Borgere"])
def search_citizens(request: HttpRequest, body: s.SearchIn, paging: Query[Paging]) -> dict[str, object]:
    """Search by CPR (exact) or name. POST, so no person data ends up in URLs or server logs."""
    actor = _actor(request)
    qs = citizen_queries.search_citizens(actor, body.term, via="api").order_by("last_name", "first_name", "pk")
    count, rows = _page(qs, paging)
    citizen_queries.log_shown(actor, [c.pk for c in rows], via="api")
    return {"count": count, "items": rows}


@api.post("/citizens", response={201: s.CitizenOut, **ERRORS}, tags=["Borgere"])
def create_citizen(request: HttpRequest, body: s.CitizenIn) -> Status[object]:
    actor = _actor(request)
    municipality = _municipality(body.municipality_code)
    data = citizen_actions.CitizenData(**body.dict(exclude={"unit_id", "municipality_code"}), municipality=municipality)
    try:
        citizen = citizen_actions.create_citizen(actor, _unit(body.unit_id), data)
    except citizen_actions.DuplicateCitizen as duplicate:
        item = {"field": "cpr", "message": duplicate.messages[0], "citizen_id": duplicate.citizen.pk}
        return Status(422, {"detail": [item]})
    return Status(201, citizen)


@api.get("/citizens/{citizen_id}", response={200: s.CitizenOut, **ERRORS}, tags=["Borgere"])
def get_citizen(request: HttpRequest, citizen_id: int) -> object:
    return citizen_queries.get_citizen(_actor(request), citizen_id, via="api")


@api.patch("/citizens/{citizen_id}", response={200: s.CitizenOut, **ERRORS}, tags=["Borgere"])
def change_citizen(request: HttpRequest, citizen_id: int, body: s.CitizenChange) -> object:
    """Change name and contact details; only the fields sent change."""
    actor = _actor(request)
    changes = body.dict(exclude_unset=True, exclude={"version"})
    if "municipality_code" in changes:
        changes["municipality"] = _municipality(changes.pop("municipality_code"))
    citizen = _visible_citizen(actor, citizen_id)
    return citizen_actions.update_citizen(actor, citizen, body.version, **changes)


@api.post("/citizens/{citizen_id}/reveal-cpr", response={200: s.CprOut, **ERRORS}, tags=["Borgere"])
def reveal_cpr(request: HttpRequest, citizen_id: int, body: s.RevealIn) -> dict[str, str]:
    actor = _actor(request)
    citizen = _visible_citizen(actor, citizen_id)
    return {"cpr": citizen_actions.reveal_cpr(actor, citizen, body.purpose)}


@api.post("/citizens/{citizen_id}/referrals", response={201: s.ReferralOut, **ERRORS}, tags=["Borgere"])
def refer_citizen(request: HttpRequest, citizen_id: int, body: s.ReferralIn) -> Status[object]:
    """Refer the citizen, with their consent, to another unit in this or another municipality."""
    actor = _actor(request)
    citizen = _visible_citizen(actor, citizen_id)
    data = actions.ReferralData(to_unit=_unit(body.to_unit_id, "to_unit_id"), **body.dict(exclude={"to_unit_id"}))
    return Status(201, actions.refer_citizen(actor, citizen, data))


# --- Requests and visitation -----------------------------------------------------------


@api.get("/requests", response={200: s.RequestList, **ERRORS}, tags=["Henvendelser"])
def list_requests(request: HttpRequest, paging: Query[Paging], citizen_id: s.Id | None = None) -> dict[str, object]:
    """Open requests, fewest days left first (the visitation queue); or a citizen's requests."""
    actor = _actor(request)
    if citizen_id is None:
        qs = queries.visitation_queue(actor)
    else:
        qs = queries.visible_requests(actor).filter(citizen_id=citizen_id).order_by("-received_on", "-pk")
    return _logged_page(actor, qs, paging)


@api.post("/requests", response={201: s.RequestOut, **ERRORS}, tags=["Henvendelser"])
def create_request(request: HttpRequest, body: s.RequestIn) -> Status[object]:
    actor = _actor(request)
    data = actions.RequestData(**body.dict(exclude={"citizen_id", "unit_id"}))
    citizen = _visible_citizen(actor, body.citizen_id)
    return Status(201, actions.register_request(actor, citizen, _unit(body.unit_id), data))


@api.get("/requests/{request_id}", response={200: s.RequestOut, **ERRORS}, tags=["Henvendelser"])
def get_request(request: HttpRequest, request_id: int) -> object:
    return queries.get_request(_actor(request), request_id, via="api")


@api.post("/requests/{request_id}/start-course", response={201: s.CourseOut, **ERRORS}, tags=["Henvendelser"])
def start_course_from_request(request: HttpRequest, request_id: int, body: s.StartCourseIn) -> Status[object]:
    actor = _actor(request)
    req = queries.get_request(actor, request_id, via="api")
    return Status(201, actions.start_course_from_request(actor, req, _course_data(body)))


@api.post("/requests/{request_id}/refer", response={200: s.RequestOut, **ERRORS}, tags=["Henvendelser"])
def refer_request(request: HttpRequest, request_id: int, body: s.ReferIn) -> object:
    actor = _actor(request)
    return actions.refer_request(actor, queries.get_request(actor, request_id, via="api"), body.referred_to, body.note)


@api.post("/requests/{request_id}/close", response={200: s.RequestOut, **ERRORS}, tags=["Henvendelser"])
def close_request(request: HttpRequest, request_id: int, body: s.CloseIn) -> object:
    actor = _actor(request)
    return actions.close_request(actor, queries.get_request(actor, request_id, via="api"), body.reason, body.note)


# --- Courses, sessions and discharge ---------------------------------------------------


@api.get("/courses", response=s.CourseList, tags=["Forløb"])
def list_courses(
    request: HttpRequest, paging: Query[Paging], open_only: bool = True, mine: bool = False
) -> dict[str, object]:
    actor = _actor(request)
    qs = queries.course_list(actor, open_only=open_only, mine=mine).prefetch_related("goals")
    return _logged_page(actor, qs, paging)


@api.post("/courses", response={201: s.CourseOut, **ERRORS}, tags=["Forløb"])
def create_course(request: HttpRequest, body: s.CourseIn) -> Status[object]:
    """A course without a request of its own, e.g. for relatives, linked to the index course."""
    actor = _actor(request)
    citizen = _visible_citizen(actor, body.citizen_id)
    index_course = _course(actor, body.index_course_id) if body.index_course_id else None
    data = _course_data(
        body, legal_basis=body.legal_basis, main_substance=body.main_substance, index_course=index_course
    )
    return Status(201, actions.start_course(actor, citizen, _unit(body.unit_id), data))


@api.get("/courses/{course_id}", response={200: s.CourseOut, **ERRORS}, tags=["Forløb"])
def get_course(request: HttpRequest, course_id: int) -> object:
    return queries.get_course(_actor(request), course_id, via="api")


@api.get("/courses/{course_id}/sessions", response={200: list[s.SessionOut], **ERRORS}, tags=["Forløb"])
def list_sessions(request: HttpRequest, course_id: int) -> object:
    course = queries.get_course(_actor(request), course_id, via="api")
    return list(course.sessions.all())


@api.post("/courses/{course_id}/sessions", response={201: s.SessionOut, **ERRORS}, tags=["Forløb"])
def create_session(request: HttpRequest, course_id: int, body: s.SessionIn) -> Status[object]:
    actor = _actor(request)
    return Status(201, actions.register_session(actor, _course(actor, course_id), _session_data(body)))


@api.get("/instruments", response=list[s.InstrumentOut], tags=["Måleredskaber"])
def list_instruments(request: HttpRequest) -> object:
    """The instruments in use (the newest version of each), with their items, options, points and bands."""
    return instruments_in_use()


@api.get("/courses/{course_id}/responses", response={200: list[s.ResponseOut], **ERRORS}, tags=["Måleredskaber"])
def list_responses(request: HttpRequest, course_id: int) -> object:
    course = queries.get_course(_actor(request), course_id, via="api")
    return list(course.responses.select_related("instrument"))


@api.post("/courses/{course_id}/responses", response={201: s.ResponseOut, **ERRORS}, tags=["Måleredskaber"])
def create_response(request: HttpRequest, course_id: int, body: s.ResponseIn) -> Status[object]:
    """Fill in an instrument. Answers are checked and scored as on the course page; every item
    in error is named in ``detail``."""
    actor = _actor(request)
    data = instrument_actions.ResponseData(
        instrument=body.instrument,
        phase=body.phase,
        answered_on=body.answered_on,
        answers=dict(body.answers),
        action=body.action,
        note=body.note,
    )
    return Status(201, instrument_actions.record_response(actor, _course(actor, course_id), data))


@api.put("/courses/{course_id}/plan", response={200: s.CourseOut, **ERRORS}, tags=["Forløb"])
def change_plan(request: HttpRequest, course_id: int, body: s.PlanIn) -> object:
    """Replace the treatment plan text, add goals and mark goals achieved today."""
    actor = _actor(request)
    course = _course(actor, course_id)
    actions.update_plan(actor, course, body.plan, body.new_goals, body.achieved_goal_ids, body.version)
    return queries.get_course(actor, course_id, via="api")


@api.post("/sessions/{session_id}/attendance", response={200: s.SessionOut, **ERRORS}, tags=["Forløb"])
def session_attendance(request: HttpRequest, session_id: int, body: s.AttendanceIn) -> object:
    """Mark a planned session attended, no-show or cancelled."""
    actor = _actor(request)
    session = get_object_or_404(
        Session.objects.select_related("course"), pk=session_id, course__in=queries.visible_courses(actor)
    )
    return actions.register_attendance(actor, session, body.attendance)


@api.post("/courses/{course_id}/discharge", response={200: s.CourseOut, **ERRORS}, tags=["Forløb"])
def discharge(request: HttpRequest, course_id: int, body: s.DischargeIn) -> object:
    """End the course with one of NAB's nine end reasons."""
    actor = _actor(request)
    course = _course(actor, course_id)
    return actions.discharge_course(actor, course, body.ended_on, body.end_reason, body.note, body.version)


# --- Groups -----------------------------------------------------------------------------


def _group(actor: Actor, group_id: int) -> Group:
    return get_object_or_404(queries.visible_groups(actor).select_related("unit"), pk=group_id)


@api.get("/groups", response=list[s.GroupOut], tags=["Grupper"])
def list_groups(request: HttpRequest) -> object:
    return list(queries.visible_groups(_actor(request)).prefetch_related("staff").order_by("name"))


@api.post("/groups", response={201: s.GroupOut, **ERRORS}, tags=["Grupper"])
def create_group(request: HttpRequest, body: s.GroupIn) -> Status[object]:
    actor = _actor(request)
    data = actions.GroupData(**body.dict(exclude={"unit_id", "staff_ids"}), staff=_users(body.staff_ids, "staff_ids"))
    return Status(201, actions.create_group(actor, _unit(body.unit_id), data))


@api.get("/groups/{group_id}", response={200: s.GroupOut, **ERRORS}, tags=["Grupper"])
def get_group(request: HttpRequest, group_id: int) -> object:
    return queries.get_group(_actor(request), group_id)


@api.get("/groups/{group_id}/members", response={200: list[s.MemberOut], **ERRORS}, tags=["Grupper"])
def list_members(request: HttpRequest, group_id: int) -> object:
    return queries.get_group(_actor(request), group_id).active_memberships  # type: ignore[attr-defined]


@api.post("/groups/{group_id}/members", response={201: s.MemberOut, **ERRORS}, tags=["Grupper"])
def add_member(request: HttpRequest, group_id: int, body: s.MemberIn) -> Status[object]:
    actor = _actor(request)
    group = _group(actor, group_id)
    return Status(201, actions.add_group_member(actor, group, _course(actor, body.course_id), body.joined_on))


@api.post("/groups/{group_id}/members/{member_id}/leave", response={200: s.MemberOut, **ERRORS}, tags=["Grupper"])
def remove_member(request: HttpRequest, group_id: int, member_id: int, body: s.LeaveIn) -> object:
    actor = _actor(request)
    membership = get_object_or_404(
        GroupMembership.objects.select_related("group"), pk=member_id, group=_group(actor, group_id)
    )
    return actions.remove_group_member(actor, membership, body.left_on)


@api.post("/groups/{group_id}/sessions", response={201: s.SessionOut, **ERRORS}, tags=["Grupper"])
def create_group_session(request: HttpRequest, group_id: int, body: s.GroupSessionIn) -> Status[Session]:
    actor = _actor(request)
    group = _group(actor, group_id)
    return Status(201, actions.register_group_session(actor, group, _session_data(body), body.member_attendance))


# --- Household and network ---------------------------------------------------------------


@api.get("/citizens/{citizen_id}/relations", response={200: list[s.RelationOut], **ERRORS}, tags=["Familie"])
def list_relations(request: HttpRequest, citizen_id: int) -> object:
    return list(citizen_queries.get_citizen(_actor(request), citizen_id, via="api").relations.all())  # type: ignore[attr-defined]


@api.post("/citizens/{citizen_id}/relations", response={201: s.RelationOut, **ERRORS}, tags=["Familie"])
def create_relation(request: HttpRequest, citizen_id: int, body: s.RelationIn) -> Status[object]:
    actor = _actor(request)
    citizen = _visible_citizen(actor, citizen_id)
    return Status(201, family_actions.add_relation(actor, citizen, family_actions.RelationData(**body.dict())))


@api.put("/relations/{relation_id}", response={200: s.RelationOut, **ERRORS}, tags=["Familie"])
def change_relation(request: HttpRequest, relation_id: int, body: s.RelationIn) -> object:
    actor = _actor(request)
    relation = citizen_queries.get_citizen_record(actor, Relation, relation_id, via="api")
    return family_actions.change_relation(actor, relation, family_actions.RelationData(**body.dict()))


@api.delete("/relations/{relation_id}", response={204: None, **ERRORS}, tags=["Familie"])
def delete_relation(request: HttpRequest, relation_id: int) -> Status[None]:
    actor = _actor(request)
    family_actions.remove_relation(actor, citizen_queries.get_citizen_record(actor, Relation, relation_id, via="api"))
    return Status(204, None)


@api.get(
    "/citizens/{citizen_id}/children-assessments",
    response={200: list[s.ChildrenAssessmentOut], **ERRORS},
    tags=["Familie"],
)
def list_children_assessments(request: HttpRequest, citizen_id: int) -> object:
    citizen = citizen_queries.get_citizen(_actor(request), citizen_id, via="api")
    return list(citizen.children_assessments.all())  # type: ignore[attr-defined]


@api.post(
    "/citizens/{citizen_id}/children-assessments",
    response={201: s.ChildrenAssessmentOut, **ERRORS},
    tags=["Familie"],
)
def create_children_assessment(request: HttpRequest, citizen_id: int, body: s.ChildrenAssessmentIn) -> Status[object]:
    actor = _actor(request)
    citizen = _visible_citizen(actor, citizen_id)
    return Status(201, family_actions.assess_children(actor, citizen, body.assessed_on, body.note))


@api.get("/citizens/{citizen_id}/consents", response={200: list[s.ConsentOut], **ERRORS}, tags=["Familie"])
def list_consents(request: HttpRequest, citizen_id: int) -> object:
    return list(citizen_queries.get_citizen(_actor(request), citizen_id, via="api").consents.all())  # type: ignore[attr-defined]


@api.post("/citizens/{citizen_id}/consents", response={201: s.ConsentOut, **ERRORS}, tags=["Familie"])
def give_consent(request: HttpRequest, citizen_id: int, body: s.ConsentIn) -> Status[object]:
    actor = _actor(request)
    citizen = _visible_citizen(actor, citizen_id)
    return Status(201, family_actions.give_consent(actor, citizen, family_actions.ConsentData(**body.dict())))


@api.post("/consents/{consent_id}/withdraw", response={200: s.ConsentOut, **ERRORS}, tags=["Familie"])
def withdraw_consent(request: HttpRequest, consent_id: int, body: s.WithdrawIn) -> object:
    actor = _actor(request)
    consent = citizen_queries.get_citizen_record(actor, Consent, consent_id, via="api")
    return family_actions.withdraw_consent(actor, consent, body.withdrawn_on, body.version)


# --- Follow-up ---------------------------------------------------------------------------


@api.get("/follow-ups", response={200: s.FollowUpList, **ERRORS}, tags=["Opfølgning"])
def list_follow_ups(
    request: HttpRequest, paging: Query[Paging], section: str = "aktuelle", unit_id: s.Id | None = None
) -> dict[str, object]:
    """My follow-ups, or all of one of my units' (``unit_id``). Sections: aktuelle (overdue and due
    this week), senere, afsluttede."""
    actor = _actor(request)
    if section not in followup_queries.Section.ALL:
        raise refuse("section", _("Unknown value: %(value)s.") % {"value": section}, "unknown_code")
    if unit_id is not None and unit_id not in actor.unit_ids(FOLLOW_UP):
        raise refuse("unit_id", _("Unknown unit."), "unknown_code")
    count, rows = _page(followup_queries.worklist(actor, today(), section, unit_id=unit_id), paging)
    followup_queries.log_rows(actor, rows, via="api")
    return {"count": count, "items": rows}


@api.get("/follow-ups/{follow_up_id}", response={200: s.FollowUpOut, **ERRORS}, tags=["Opfølgning"])
def get_follow_up(request: HttpRequest, follow_up_id: int) -> object:
    return followup_queries.get_follow_up(_actor(request), follow_up_id, via="api")


@api.post("/follow-ups/{follow_up_id}/attempts", response={200: s.FollowUpOut, **ERRORS}, tags=["Opfølgning"])
def record_attempt(request: HttpRequest, follow_up_id: int, body: s.AttemptIn) -> object:
    """An attempt to reach the citizen; with ``reached`` the short form in ``answers``."""
    actor = _actor(request)
    task = followup_queries.get_follow_up(actor, follow_up_id, via="api")
    data = followup_actions.AttemptData(
        attempted_on=body.attempted_on,
        reached=body.reached,
        note=body.note,
        answers=followup_actions.ShortForm(**body.answers.dict()),
        version=body.version,
    )
    followup_actions.record_attempt(actor, task, data)
    return followup_queries.get_follow_up(actor, follow_up_id, via="api")


@api.get("/units/{unit_id}/follow-up-rule", response={200: s.FollowUpRuleOut, **ERRORS}, tags=["Opfølgning"])
def get_follow_up_rule(request: HttpRequest, unit_id: int) -> object:
    actor = _actor(request)
    if unit_id not in actor.unit_ids(FOLLOW_UP):
        raise PermissionDenied(_("You do not have access to do this at this unit."))
    return FollowUpRule.for_unit(unit_id)


@api.put("/units/{unit_id}/follow-up-rule", response={200: s.FollowUpRuleOut, **ERRORS}, tags=["Opfølgning"])
def put_follow_up_rule(request: HttpRequest, unit_id: int, body: s.FollowUpRuleIn) -> object:
    """Only the unit's leaders. Follow-ups already made keep their due dates."""
    return followup_actions.save_rule(_actor(request), _unit(unit_id), followup_actions.RuleData(**body.dict()))


# --- Prevention ----------------------------------------------------------------------------


class ActivityQuery(Schema):
    first: date | None = None
    last: date | None = None
    level: str = ""
    focus_area: str = ""


@api.get("/prevention/activities", response={200: s.ActivityPage, **ERRORS}, tags=["Forebyggelse"])
def list_activities(request: HttpRequest, paging: Query[Paging], filters: Query[ActivityQuery]) -> object:
    """The prevention activities of the units where the user works, newest first."""
    actor = Actor.for_user(request.user)
    if not actor.unit_ids(PREVENTION):
        raise PermissionDenied(_("Your roles do not give access to prevention activities."))
    count, rows = _page(prevention_queries.activities(actor, **filters.dict()), paging)
    return {"count": count, "items": rows}


@api.post("/prevention/activities", response={201: s.ActivityOut, **ERRORS}, tags=["Forebyggelse"])
def create_activity(request: HttpRequest, body: s.ActivityIn) -> Status[object]:
    actor = Actor.for_user(request.user)
    data = prevention_actions.ActivityData(**body.dict(exclude={"unit_id"}))
    return Status(201, prevention_actions.register_activity(actor, _unit(body.unit_id), data))


# --- Statistics --------------------------------------------------------------------------


def _count(count: SuppressedCount) -> dict[str, object]:
    return {"value": count.value, "text": str(count)}


def _report_out(report: Report, scope: str) -> dict[str, object]:
    """A report as JSON: the same suppressed cells as on screen and in the exports."""

    def row(r: ReportRow) -> dict[str, object]:
        return {
            "label": r.label,
            "cells": [_count(c) for c in r.cells],
            "total": r.total and _count(r.total),
            "measures": r.measures,
        }

    return {
        "title": report.title,
        "scope": scope,
        "row_header": report.row_header,
        "columns": report.column_labels,
        "row_total": report.row_total_label,
        "measures": [m.label for m in report.measures],
        "rows": [row(r) for r in report.rows],
        "totals": row(report.totals) if report.totals else None,
        "note": suppression.note(),
    }


@api.get("/stats/follow-up-reach", response={200: s.ReportOut, **ERRORS}, tags=["Statistik"])
def follow_up_reach(request: HttpRequest, unit_id: int, first: str, last: str, by: str = "month") -> object:
    """Reach rate = reached / due, by month of the due date or by staff member (``by=assignee``),
    for whole months given as YYYY-MM. Suppressed exactly as on screen and in the exports."""
    actor = Actor.for_user(request.user)
    if unit_id not in actor.unit_ids(STATISTICS):
        raise PermissionDenied(_("Your roles do not give access to statistics."))
    if by not in ("month", "assignee"):
        raise refuse("by", _("Unknown value: %(value)s.") % {"value": by}, "unknown_code")
    unit = _unit(unit_id)
    form = PeriodForm({"unit": unit_id, "first": first, "last": last}, units=[unit])
    if not form.is_valid():
        raise ValidationError({name: errors for name, errors in form.errors.items()})
    d = form.cleaned_data
    return _report_out(reach_rate({unit_id}, d["first"], d["last"], today(), by=by), unit.name)


def _filters(actor: Actor, params: dict[str, object]) -> Filters:
    """The statistics filters in ``params``, checked as on the statistics pages."""
    form = ReportFilterForm(params, scopes=scopes_for(actor))
    if not form.is_valid():
        if "scope" in form.errors:
            raise PermissionDenied(_("Your roles do not give access to statistics for this unit or municipality."))
        raise ValidationError({name: errors for name, errors in form.errors.items()})
    d = form.cleaned_data
    return Filters(scope_for(actor, d["scope"]), d["first_year"], d["last_year"], d["offer_type"], d["substance"])


def _report(request: HttpRequest, build: Callable[[Filters], Report], params: dict[str, object]) -> object:
    """A statistics report for the filters in ``params``, suppressed as on screen."""
    filters = _filters(Actor.for_user(request.user), params)
    return _report_out(build(filters), filters.scope.label)


class ReportQuery(Schema):
    scope: str
    first_year: int
    last_year: int
    offer_type: str = ""
    substance: str = ""


@api.get("/stats/end-reasons", response={200: s.ReportOut, **ERRORS}, tags=["Statistik"])
def end_reasons(request: HttpRequest, params: Query[ReportQuery]) -> object:
    """Seed 001's table: courses ended per year by NAB's nine end reasons, with yearly totals.
    ``scope`` is ``unit:<id>`` (a unit's production) or ``municipality:<id>`` (its citizens)."""
    return _report(request, end_reasons_per_year, params.dict())


@api.get("/stats/courses-started", response={200: s.ReportOut, **ERRORS}, tags=["Statistik"])
def courses_started(request: HttpRequest, params: Query[ReportQuery]) -> object:
    """Courses started per year: completed, ended otherwise, still open; completion share."""
    return _report(request, started_and_completed, params.dict())


@api.get("/stats/relatives-and-family-courses", response={200: s.ReportOut, **ERRORS}, tags=["Statistik"])
def relatives_family_courses(request: HttpRequest, params: Query[ReportQuery]) -> object:
    """Seed 001's second table: courses for relatives and family courses started per year."""
    return _report(request, relatives_and_family_courses, params.dict())


@api.get("/stats/treatment-guarantee", response={200: s.ReportOut, **ERRORS}, tags=["Statistik"])
def treatment_guarantee_report(request: HttpRequest, params: Query[ReportQuery]) -> object:
    """The 14-day guarantee by year of the request: started in time, late, waiting; share in time,
    median and 90th percentile wait in days. Never the person-level list of breaches."""
    return _report(request, treatment_guarantee, params.dict())


@api.get("/stats/children", response={200: s.ReportOut, **ERRORS}, tags=["Statistik"])
def children_report(request: HttpRequest, params: Query[ReportQuery]) -> object:
    """Citizens in treatment per year, those with children under 18 at home, and the children."""
    return _report(request, children_affected, params.dict())


@api.get("/stats/activity", response={200: s.ReportOut, **ERRORS}, tags=["Statistik"])
def activity_report(request: HttpRequest, params: Query[ReportQuery]) -> object:
    """Sessions in the period by kind and attendance (group sessions per participant); no-show rate."""
    return _report(request, activity, params.dict())


@api.get("/stats/extract", response={200: s.ExtractOut, **ERRORS}, tags=["Statistik"])
def pseudonymised_extract(request: HttpRequest, params: Query[ReportQuery]) -> object:
    """The municipality's own person-level extract: one row per course open in the period, with a
    stable pseudonym per citizen and no CPR number or name; codes and ISO dates. For the
    municipality's analysts and leaders; every citizen in the answer is logged as exported."""
    actor = Actor.for_user(request.user)
    filters = _filters(actor, params.dict())
    rows = extracts.pseudonymised_courses(actor, filters, via="api")
    return {
        "scope": filters.scope.label,
        "first_year": filters.first_year,
        "last_year": filters.last_year,
        "count": len(rows),
        "items": rows,
    }


@api.get("/stats/screening", response={200: s.ReportOut, **ERRORS}, tags=["Statistik"])
def screening_report(request: HttpRequest, params: Query[ReportQuery]) -> object:
    """Courses started per year: screened at intake, psychiatric screening, positive, referred on."""
    return _report(request, screening, params.dict())


@api.get("/stats/outcome-change", response={200: s.ReportOut, **ERRORS}, tags=["Statistik"])
def outcome_change_report(request: HttpRequest, params: Query[ReportQuery]) -> object:
    """Courses ended in the period measured at intake and discharge: mean at each and mean change."""
    return _report(request, outcome_change, params.dict())


@api.get("/stats/prevention-activities", response={200: s.ReportOut, **ERRORS}, tags=["Statistik"])
def prevention_activities_report(request: HttpRequest, params: Query[ReportQuery]) -> object:
    """Prevention activities held in the period by focus area and level; for a unit, or the units
    of a municipality or cluster."""
    return _report(request, prevention_activities, params.dict())


@api.get("/stats/prevention-participants", response={200: s.ReportOut, **ERRORS}, tags=["Statistik"])
def prevention_participants_report(request: HttpRequest, params: Query[ReportQuery]) -> object:
    """The participants of those activities, by focus area and level."""
    return _report(request, prevention_participants, params.dict())


@api.get("/stats/training", response={200: s.ReportOut, **ERRORS}, tags=["Statistik"])
def training_report(request: HttpRequest, params: Query[ReportQuery]) -> object:
    """Participants in key-person training by department and year (seed 000's table)."""
    return _report(request, training_participants, params.dict())


# --- KL's 12 recommendations ---------------------------------------------------------------


def _kl12_round(request: HttpRequest, round_id: int) -> Kl12Round:
    return get_object_or_404(kl12_queries.visible_rounds(Actor.for_user(request.user)), pk=round_id)


@api.get("/kl12/rounds", response=list[s.Kl12RoundOut], tags=["KL's 12 anbefalinger"])
def kl12_rounds(request: HttpRequest) -> object:
    """The self-assessment rounds of the regions the user works in, with their clusters."""
    rounds = kl12_queries.visible_rounds(Actor.for_user(request.user)).prefetch_related("region__clusters")
    return [
        {
            "id": r.pk,
            "region": r.region.name,
            "year": r.year,
            "title": r.title,
            "deadline": r.deadline,
            "clusters": [{"id": c.pk, "name": c.name} for c in r.region.clusters.all()],
        }
        for r in rounds
    ]


@api.get("/kl12/rounds/{round_id}/matrix", response={200: s.Kl12MatrixOut, **ERRORS}, tags=["KL's 12 anbefalinger"])
def kl12_matrix(request: HttpRequest, round_id: int, cluster: int | None = None) -> object:
    """The answer matrix of a cluster (``cluster``) or of the whole region, as in the reports."""
    round_ = _kl12_round(request, round_id)
    chosen = get_object_or_404(Cluster, pk=cluster, region=round_.region) if cluster else None
    report = kl12_report.build(round_, chosen, with_evidence=False)
    header, rows = report.matrix()
    return {
        "round": round_.title,
        "scope": report.scope,
        "header": header,
        "rows": rows,
        "took_part": [m.name for m in report.took_part],
        "did_not_take_part": [m.name for m in report.did_not_take_part],
    }


def _sheet_out(participation: Kl12Participation) -> dict[str, object]:
    answers = participation.answers.select_related("indicator").order_by("indicator__order", "indicator__code")
    return {
        "municipality": participation.municipality.name,
        "split": participation.split,
        "version": participation.version,
        "answers": [{"code": a.indicator.code, "part": a.part, "value": a.value} for a in answers],
    }


@api.put(
    "/kl12/rounds/{round_id}/answers/{municipality_code}",
    response={200: s.Kl12SheetOut, **ERRORS},
    tags=["KL's 12 anbefalinger"],
)
def kl12_answer(request: HttpRequest, round_id: int, municipality_code: str, body: s.Kl12SheetIn) -> object:
    """A municipality's answers, all at once, by its units' leaders, before the deadline. Every
    yes/no indicator must be answered; a refused answer is named as ``<code>/<part>``."""
    round_ = _kl12_round(request, round_id)
    municipality = get_object_or_404(Municipality, code=municipality_code, region=round_.region)
    indicators = {i.code: i for i in round_.indicators.all()}
    names: dict[str, str] = {}
    answers: dict[str, str] = {}
    for item in body.answers:
        indicator = indicators.get(item.code)
        if indicator is None:
            raise refuse(item.code, _("The indicator is not part of this round."))
        name = kl12_actions.field_name(indicator, item.part)
        names[name] = f"{item.code}/{item.part}"
        answers[name] = item.value
    for indicator in indicators.values():
        for part in ("alkohol", "stof") if body.split else ("samlet",):
            names.setdefault(kl12_actions.field_name(indicator, part), f"{indicator.code}/{part}")
    data = kl12_actions.SheetData(split=body.split, answers=answers, expected_version=body.version)
    try:
        participation = kl12_actions.save_answers(Actor.for_user(request.user), round_, municipality, data)
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        raise ValidationError({names.get(k, k): v for k, v in error.error_dict.items()}) from None
    return _sheet_out(participation)
