# SPDX-License-Identifier: AGPL-3.0-or-later
"""Treatment in the API: the code lists, referrals, requests and visitation, courses, sessions,
discharge and groups."""

from datetime import date
from functools import partial

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from forlob.citizens.queries import get_citizen
from forlob.common.api import ERRORS, Id, Paging, rules, window
from forlob.common.errors import refuse
from forlob.organisations.access import Actor
from forlob.organisations.api import active_unit, case_actor, users
from forlob.treatment import actions, journal, models, queries
from forlob.treatment import api_schemas as s
from forlob.treatment.models import Group, Session

router = Router()

CODE_LISTS = {
    "channel": models.Channel,
    "substance": models.Substance,
    "legal_basis": models.LegalBasis,
    "close_reason": models.CloseReason,
    "offer_type": models.OfferType,
    "end_reason": models.EndReason,
    "session_kind": models.SessionKind,
    "session_method": models.SessionMethod,
    "session_place": models.SessionPlace,
    "attendance": models.Attendance,
}


def _unit_offer(offer_id: int | None) -> models.UnitOffer | None:
    """The catalogue offer named; the action refuses one of another unit, or inactive."""
    if offer_id is None:
        return None
    offer = models.UnitOffer.objects.filter(pk=offer_id).first()
    if offer is None:
        raise refuse("unit_offer", _("Choose one of the unit's active offers."), "not_in_catalogue")
    return offer


def _course_data(actor: Actor, body: s.StartCourseIn, **extra: object) -> actions.CourseData:
    residential = body.residential_course_id
    if not body.offer_type and body.unit_offer_id is None:
        raise refuse("offer_type", _("Choose an offer from the catalogue or a national offer type."), "required")
    return actions.CourseData(
        unit_offer=_unit_offer(body.unit_offer_id),
        residential_course=queries.get_course(actor, residential, via="api") if residential else None,
        offer_type=body.offer_type,
        started_on=body.started_on,
        responsible=users([body.responsible_id], "responsible_id")[0],
        plan=body.plan,
        goals=body.goals,
        **extra,  # type: ignore[arg-type]
    )


def _session_data(body: s.SessionIn) -> actions.SessionData:
    return actions.SessionData(
        held_on=body.held_on,
        kind=body.kind,
        attendance=body.attendance,
        staff=users(body.staff_ids, "staff_ids"),
        minutes=body.minutes,
        start_time=body.start_time,
        note=body.note,
        method=body.method,
        place=body.place,
    )


@router.get("/codes", response=dict[str, list[s.Code]], tags=["Koder"])
def code_lists(request: HttpRequest) -> dict[str, list[dict[str, str]]]:
    """The codes the other endpoints accept, with their Danish names."""
    return {
        name: [{"code": str(value), "label": str(label)} for value, label in choices.choices]
        for name, choices in CODE_LISTS.items()
    }


@router.post(
    "/citizens/{citizen_id}/referrals",
    response={201: s.ReferralOut, **ERRORS},
    tags=["Borgere"],
    openapi_extra=rules(
        ("to_unit", "An active unit other than the citizen's own."),
        ("consent_given_on", "Not in the future."),
        ("legal_basis", "sul_141 for alcohol; sel_101 for drugs, sel_101a for an anonymous citizen."),
        (None, "Only a unit where the citizen is registered can refer them, and not once they are anonymised."),
    ),
)
def refer_citizen(request: HttpRequest, citizen_id: Id, body: s.ReferralIn) -> Status[object]:
    """Refer the citizen, with their consent, to another unit in this or another municipality."""
    actor = case_actor(request)
    citizen = get_citizen(actor, citizen_id, via="api")
    data = actions.ReferralData(to_unit=active_unit(body.to_unit_id, "to_unit_id"), **body.dict(exclude={"to_unit_id"}))
    return Status(201, actions.refer_citizen(actor, citizen, data))


# --- Requests and visitation -----------------------------------------------------------


@router.get("/requests", response={200: s.RequestList, **ERRORS}, tags=["Henvendelser"])
def list_requests(request: HttpRequest, paging: Query[Paging], citizen_id: Id | None = None) -> dict[str, object]:
    """Open requests, fewest days left first (the visitation queue); or a citizen's requests."""
    actor = case_actor(request)
    if citizen_id is None:
        shown = queries.visitation_queue(actor, window(paging), via="api")
    else:
        shown = queries.citizen_requests(actor, citizen_id, window(paging), via="api")
    return {"count": shown.total, "items": shown.rows}


@router.post(
    "/requests",
    response={201: s.RequestOut, **ERRORS},
    tags=["Henvendelser"],
    openapi_extra=rules(
        ("received_on", "Not in the future."),
        ("legal_basis", "sul_141 for alcohol; sel_101 for drugs, sel_101a for an anonymous citizen."),
    ),
)
def create_request(request: HttpRequest, body: s.RequestIn) -> Status[object]:
    actor = case_actor(request)
    data = actions.RequestData(**body.dict(exclude={"citizen_id", "unit_id"}))
    citizen = get_citizen(actor, body.citizen_id, via="api")
    return Status(201, actions.register_request(actor, citizen, active_unit(body.unit_id), data))


@router.get("/requests/{request_id}", response={200: s.RequestOut, **ERRORS}, tags=["Henvendelser"])
def get_request(request: HttpRequest, request_id: Id) -> object:
    return queries.get_request(case_actor(request), request_id, via="api")


@router.post(
    "/requests/{request_id}/start-course",
    response={201: s.CourseOut, **ERRORS},
    tags=["Henvendelser"],
    openapi_extra=rules(
        ("started_on", "Not in the future, nor before the request was received."),
        ("responsible", "An active staff member of the unit."),
        (None, "The request is still open."),
        ("offer_type", "No other open course of this offer for the citizen at the unit."),
        ("unit_offer", "One of the unit's active catalogue offers."),
        ("residential_course", "For aftercare: the same citizen's residential course, started no later."),
    ),
)
def start_course_from_request(request: HttpRequest, request_id: Id, body: s.StartCourseIn) -> Status[object]:
    actor = case_actor(request)
    req = queries.get_request(actor, request_id, via="api")
    return Status(201, actions.start_course_from_request(actor, req, _course_data(actor, body)))


@router.post(
    "/requests/{request_id}/refer",
    response={200: s.RequestOut, **ERRORS},
    tags=["Henvendelser"],
    openapi_extra=rules(
        (None, "The request is still open."),
    ),
)
def refer_request(request: HttpRequest, request_id: Id, body: s.ReferIn) -> object:
    actor = case_actor(request)
    return actions.refer_request(actor, queries.get_request(actor, request_id, via="api"), body.referred_to, body.note)


@router.post(
    "/requests/{request_id}/close",
    response={200: s.RequestOut, **ERRORS},
    tags=["Henvendelser"],
    openapi_extra=rules(
        (None, "The request is still open."), ("decision_note", "Required when the reason is 'other'.")
    ),
)
def close_request(request: HttpRequest, request_id: Id, body: s.CloseIn) -> object:
    actor = case_actor(request)
    return actions.close_request(actor, queries.get_request(actor, request_id, via="api"), body.reason, body.note)


# --- Courses, sessions and discharge ---------------------------------------------------


@router.get("/courses", response=s.CourseList, tags=["Forløb"])
def list_courses(
    request: HttpRequest, paging: Query[Paging], open_only: bool = True, mine: bool = False
) -> dict[str, object]:
    actor = case_actor(request)
    shown = queries.course_list(actor, window(paging), via="api", open_only=open_only, mine=mine, with_goals=True)
    return {"count": shown.total, "items": shown.rows}


@router.post(
    "/courses",
    response={201: s.CourseOut, **ERRORS},
    tags=["Forløb"],
    openapi_extra=rules(
        ("started_on", "Not in the future."),
        ("responsible", "An active staff member of the unit."),
        ("index_course", "Given for, and only for, relatives' and family courses; another person's course."),
        ("legal_basis", "sul_141 for alcohol; sel_101 for drugs, sel_101a for an anonymous citizen."),
        ("offer_type", "No other open course of this offer for the citizen at the unit."),
        ("unit_offer", "One of the unit's active catalogue offers."),
        ("residential_course", "For aftercare: the same citizen's residential course, started no later."),
    ),
)
def create_course(request: HttpRequest, body: s.CourseIn) -> Status[object]:
    """A course without a request of its own, e.g. for relatives, linked to the index course."""
    actor = case_actor(request)
    citizen = get_citizen(actor, body.citizen_id, via="api")
    index_course = queries.get_course(actor, body.index_course_id, via="api") if body.index_course_id else None
    data = _course_data(
        actor, body, legal_basis=body.legal_basis, main_substance=body.main_substance, index_course=index_course
    )
    return Status(201, actions.start_course(actor, citizen, active_unit(body.unit_id), data))


@router.get("/courses/{course_id}", response={200: s.CourseOut, **ERRORS}, tags=["Forløb"])
def get_course(request: HttpRequest, course_id: Id) -> object:
    return queries.get_course(case_actor(request), course_id, via="api")


@router.get("/courses/{course_id}/sessions", response={200: list[s.SessionOut], **ERRORS}, tags=["Forløb"])
def list_sessions(request: HttpRequest, course_id: Id) -> object:
    course = queries.get_course(case_actor(request), course_id, via="api")
    return list(course.sessions.all())


@router.get(
    "/courses/{course_id}/journal",
    response={200: s.JournalList, **ERRORS},
    tags=["Forløb"],
    openapi_extra=rules(("end", "Not before start.")),
)
def course_journal(
    request: HttpRequest, course_id: Id, paging: Query[Paging], start: date | None = None, end: date | None = None
) -> dict[str, object]:
    """The course's journal, oldest first: sessions with their notes and addenda, plan changes,
    measurements, consents, follow-up attempts and the discharge, each with author and time;
    optionally from ``start`` to ``end`` (the days the entries concern). Logged as a read."""
    actor = case_actor(request)
    if start and end and end < start:
        raise refuse("end", _("The end of the period cannot be before its start."), "before_start")
    course = queries.get_course(actor, course_id, via="api")
    rows = window(paging)
    read = partial(journal.read_slice, offset=rows.offset, limit=rows.limit)
    shown = queries.course_journal(actor, course, read, via="api:journal", start=start, end=end)
    items = [
        {
            "day": e.day,
            "at": e.at,
            "kind": e.kind,
            "author": e.author,
            "course_id": e.course_id,
            "title": e.described.title,
            "text": e.described.text,
        }
        for e in shown.entries
    ]
    return {"count": shown.total, "items": items}


@router.post(
    "/courses/{course_id}/sessions",
    response={201: s.SessionOut, **ERRORS},
    tags=["Forløb"],
    openapi_extra=rules(
        ("held_on", "Within the course: not before it started, nor after it ended."),
        ("attendance", "attended or no_show only for a session that has taken place."),
        ("kind", "Group sessions are registered on the group."),
        ("staff", "Active staff of the unit; a family session has both a family consultant and a clinician."),
    ),
)
def create_session(request: HttpRequest, course_id: Id, body: s.SessionIn) -> Status[object]:
    actor = case_actor(request)
    return Status(
        201, actions.register_session(actor, queries.get_course(actor, course_id, via="api"), _session_data(body))
    )


@router.put(
    "/courses/{course_id}/plan",
    response={200: s.CourseOut, **ERRORS},
    tags=["Forløb"],
    openapi_extra=rules(
        (None, "The course is open."),
        ("achieved_goal_ids", "Goals of this course."),
        ("expected_end_on", "Not before the course started."),
        ("expected_end_reason", "Given when the expected end changes."),
    ),
)
def change_plan(request: HttpRequest, course_id: Id, body: s.PlanIn) -> object:
    """Replace the treatment plan text, add goals and mark goals achieved today."""
    actor = case_actor(request)
    course = queries.get_course(actor, course_id, via="api")
    actions.update_plan(
        actor,
        course,
        body.plan,
        body.new_goals,
        body.achieved_goal_ids,
        body.version,
        expected_end_on=body.expected_end_on,
        expected_end_reason=body.expected_end_reason,
    )
    return queries.get_course(actor, course_id, via="api")


@router.post(
    "/sessions/{session_id}/attendance",
    response={200: s.SessionOut, **ERRORS},
    tags=["Forløb"],
    openapi_extra=rules(
        ("attendance", "attended or no_show only for a session that has taken place."),
        (None, "Group attendance is registered on the group."),
    ),
)
def session_attendance(request: HttpRequest, session_id: Id, body: s.AttendanceIn) -> object:
    """Mark a planned session attended, no-show or cancelled."""
    actor = case_actor(request)
    session = queries.get_session(actor, session_id, via="api")
    return actions.register_attendance(actor, session, body.attendance)


@router.post(
    "/courses/{course_id}/discharge",
    response={200: s.CourseOut, **ERRORS},
    tags=["Forløb"],
    openapi_extra=rules(
        (None, "The course is open."), ("ended_on", "Not in the future, nor before the course started.")
    ),
)
def discharge(request: HttpRequest, course_id: Id, body: s.DischargeIn) -> object:
    """End the course with one of NAB's nine end reasons."""
    actor = case_actor(request)
    course = queries.get_course(actor, course_id, via="api")
    return actions.discharge_course(actor, course, body.ended_on, body.end_reason, body.note, body.version)


# --- Groups -----------------------------------------------------------------------------


def _group(actor: Actor, group_id: int) -> Group:
    return get_object_or_404(queries.visible_groups(actor).select_related("unit"), pk=group_id)


@router.get("/groups", response=list[s.GroupOut], tags=["Grupper"])
def list_groups(request: HttpRequest) -> object:
    return list(queries.visible_groups(case_actor(request)).prefetch_related("staff").order_by("name"))


@router.post(
    "/groups",
    response={201: s.GroupOut, **ERRORS},
    tags=["Grupper"],
    openapi_extra=rules(("ends_on", "Not before starts_on."), ("staff", "Active staff of the unit.")),
)
def create_group(request: HttpRequest, body: s.GroupIn) -> Status[object]:
    actor = case_actor(request)
    data = actions.GroupData(**body.dict(exclude={"unit_id", "staff_ids"}), staff=users(body.staff_ids, "staff_ids"))
    return Status(201, actions.create_group(actor, active_unit(body.unit_id), data))


@router.get("/groups/{group_id}", response={200: s.GroupOut, **ERRORS}, tags=["Grupper"])
def get_group(request: HttpRequest, group_id: Id) -> object:
    return queries.get_group(case_actor(request), group_id)


@router.get("/groups/{group_id}/members", response={200: list[s.MemberOut], **ERRORS}, tags=["Grupper"])
def list_members(request: HttpRequest, group_id: Id) -> object:
    return queries.get_group(case_actor(request), group_id).active_memberships  # type: ignore[attr-defined]


@router.post(
    "/groups/{group_id}/members",
    response={201: s.MemberOut, **ERRORS},
    tags=["Grupper"],
    openapi_extra=rules(
        ("course", "An open course at the group's unit, not already a member."),
        ("joined_on", "Not before the course started."),
    ),
)
def add_member(request: HttpRequest, group_id: Id, body: s.MemberIn) -> Status[object]:
    actor = case_actor(request)
    group = _group(actor, group_id)
    return Status(
        201,
        actions.add_group_member(actor, group, queries.get_course(actor, body.course_id, via="api"), body.joined_on),
    )


@router.post(
    "/groups/{group_id}/members/{member_id}/leave",
    response={200: s.MemberOut, **ERRORS},
    tags=["Grupper"],
    openapi_extra=rules(("left_on", "Not before joining."), (None, "The member has not left already.")),
)
def remove_member(request: HttpRequest, group_id: Id, member_id: Id, body: s.LeaveIn) -> object:
    actor = case_actor(request)
    membership = queries.get_membership(actor, member_id, via="api", group_id=group_id)
    return actions.remove_group_member(actor, membership, body.left_on)


@router.post(
    "/groups/{group_id}/sessions",
    response={201: s.SessionOut, **ERRORS},
    tags=["Grupper"],
    openapi_extra=rules(
        ("held_on", "Not before the group's first meeting."),
        ("attendance", "Only for the group's members; attended or no_show only once the session has taken place."),
        ("staff", "Active staff of the unit."),
        ("kind", "A group session."),
    ),
)
def create_group_session(request: HttpRequest, group_id: Id, body: s.GroupSessionIn) -> Status[Session]:
    actor = case_actor(request)
    group = _group(actor, group_id)
    return Status(201, actions.register_group_session(actor, group, _session_data(body), body.member_attendance))


@router.get("/contacts", response={200: s.ContactList, **ERRORS}, tags=["Henvendelser"])
def list_contacts(request: HttpRequest, paging: Query[Paging], unit_id: Id | None = None) -> dict[str, object]:
    """Open contact requests from the public page ("Bliv kontaktet") at my units, oldest first."""
    actor = case_actor(request)
    shown = queries.open_contacts(actor, window(paging), via="api", unit_id=unit_id)
    return {"count": shown.total, "items": shown.rows}


@router.post("/contacts/{contact_id}/request", response={201: s.RequestOut, **ERRORS}, tags=["Henvendelser"])
def register_request_from_contact(request: HttpRequest, contact_id: int, body: s.ContactRequestIn) -> Status[object]:
    """The person is reached: register the citizen's request, received on the day of the contact
    request, which is then handled."""
    actor = case_actor(request)
    contact = queries.get_contact(actor, contact_id, via="api")
    citizen = get_citizen(actor, body.citizen_id, via="api")
    data = actions.RequestData(received_on=contact.received_on, **body.dict(exclude={"citizen_id", "unit_id"}))
    created = actions.register_request_from_contact(actor, contact, citizen, active_unit(body.unit_id), data)
    return Status(201, created)


@router.post("/contacts/{contact_id}/close", response={200: s.ContactOut, **ERRORS}, tags=["Henvendelser"])
def close_contact(request: HttpRequest, contact_id: int, body: s.ContactCloseIn) -> object:
    """Close a contact request without a request, with a reason."""
    actor = case_actor(request)
    return actions.close_contact(actor, queries.get_contact(actor, contact_id, via="api"), body.close_reason)
