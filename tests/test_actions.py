# SPDX-License-Identifier: AGPL-3.0-or-later
"""The actions of the treatment chain: each rule, each refusal, and that a refusal saves nothing."""

from datetime import date, time, timedelta

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404

from forlob.audit.models import AccessLogEntry, Use
from forlob.citizens import actions as citizen_actions
from forlob.citizens.actions import CitizenData, DuplicateCitizen
from forlob.citizens.models import Citizen
from forlob.citizens.queries import citizen_list, get_citizen, search_citizens
from forlob.common.dates import today
from forlob.common.paging import FirstHits
from forlob.treatment import actions
from forlob.treatment.models import (
    Attendance,
    Course,
    EndReason,
    GroupMembership,
    OfferType,
    Request,
    RequestStatus,
    Session,
)
from forlob.treatment.queries import get_course, visitation_queue
from tests.conftest import CPR_1, CPR_2, new_citizen, new_course, new_request


def refused(call, *args, **kwargs) -> tuple[str, str]:
    """Run an action that must be refused; return (field, code) of the single error."""
    with pytest.raises(ValidationError) as info:
        call(*args, **kwargs)
    [(field, errors)] = info.value.error_dict.items()
    return field, errors[0].code


def counts() -> tuple[int, ...]:
    return (Citizen.objects.count(), Request.objects.count(), Course.objects.count(), Session.objects.count())


# --- Requests --------------------------------------------------------------------------------


def test_guarantee_deadline_is_received_plus_14_days(world):
    citizen = new_citizen(world)
    # Worked by hand: 2 November 2026 + 14 days = 16 November 2026 (across no month end);
    # 25 December 2025 + 14 days = 8 January 2026 (across the year end).
    assert new_request(world, citizen, received_on=date(2026, 11, 2)).deadline == date(2026, 11, 16)
    assert new_request(world, citizen, received_on=date(2025, 12, 25)).deadline == date(2026, 1, 8)


def test_queue_is_sorted_by_days_left_and_marks_overdue(world):
    citizen = new_citizen(world)
    late = new_request(world, citizen, received_on=today() - timedelta(days=20))
    fresh = new_request(world, citizen, received_on=today())
    middle = new_request(world, citizen, received_on=today() - timedelta(days=10))
    queue = visitation_queue(world.actor(world.visitator), FirstHits(50), via="test").rows
    assert queue == [late, middle, fresh]
    assert [r.days_left for r in queue] == [-6, 4, 14]


@pytest.mark.parametrize(
    ("substance", "anonymous", "basis"),
    [("alcohol", False, "sul_141"), ("cannabis", False, "sel_101"), ("cannabis", True, "sel_101a")],
)
def test_legal_basis_follows_substance_and_anonymity(world, substance, anonymous, basis):
    if anonymous:
        data = CitizenData(is_anonymous=True, alias="Ravnen", birth_year=1990, sex="M")
        citizen = citizen_actions.create_citizen(world.actor(world.visitator), world.faxe, data)
    else:
        citizen = new_citizen(world)
    wrong = {"sul_141", "sel_101", "sel_101a"} - {basis}
    for other in sorted(wrong):
        before = counts()
        assert refused(new_request, world, citizen, main_substance=substance, legal_basis=other) == (
            "legal_basis",
            "legal_basis",
        )
        assert counts() == before
    assert new_request(world, citizen, main_substance=substance, legal_basis=basis).legal_basis == basis


def test_request_refusals_save_nothing(world):
    citizen = new_citizen(world)
    before = counts()
    tomorrow = today() + timedelta(days=1)
    assert refused(new_request, world, citizen, received_on=tomorrow) == ("received_on", "future")
    assert refused(new_request, world, citizen, channel="brevdue") == ("channel", "unknown_code")
    assert refused(new_request, world, citizen, main_substance="te") == ("main_substance", "unknown_code")
    assert refused(new_request, world, citizen, other_substances=["te"]) == ("other_substances", "unknown_code")
    assert counts() == before


def test_only_staff_with_a_case_role_register_requests(world):
    citizen = new_citizen(world)
    data = actions.RequestData(received_on=today(), channel="self", main_substance="alcohol", legal_basis="sul_141")
    with pytest.raises(PermissionDenied):
        actions.register_request(world.actor(world.analytiker), citizen, world.faxe, data)
    with pytest.raises(PermissionDenied):
        actions.register_request(world.actor(world.other_behandler), citizen, world.faxe, data)
    assert not Request.objects.exists()


def test_decided_request_cannot_be_decided_again(world):
    request = new_request(world, new_citizen(world))
    actor = world.actor(world.visitator)
    actions.refer_request(actor, request, "Egen læge")
    request.refresh_from_db()
    assert (request.status, request.referred_to, request.decided_by) == (
        RequestStatus.REFERRED,
        "Egen læge",
        world.visitator,
    )
    assert refused(actions.close_request, actor, request, "no_contact") == (NON_FIELD_ERRORS, "decided")


def test_close_with_other_needs_a_description_and_behandler_cannot_decide(world):
    request = new_request(world, new_citizen(world))
    with pytest.raises(PermissionDenied):
        actions.close_request(world.actor(world.behandler), request, "no_contact")
    actor = world.actor(world.visitator)
    assert refused(actions.close_request, actor, request, "other") == ("decision_note", "required")
    assert refused(actions.close_request, actor, request, "bortkommet") == ("close_reason", "unknown_code")
    request.refresh_from_db()
    assert request.status == RequestStatus.OPEN


# --- Courses ---------------------------------------------------------------------------------


def test_second_open_course_of_the_same_offer_is_refused_until_the_first_ends(world):
    citizen = new_citizen(world)
    first = new_course(world, citizen)
    before = counts()
    assert refused(new_course, world, citizen) == ("offer_type", "duplicate_course")
    # The refused start also left its request open: nothing of the attempt was saved.
    assert counts()[2:] == before[2:]
    other_offer = new_course(world, citizen, offer_type=OfferType.DAY)
    assert other_offer.offer_type == OfferType.DAY
    actions.discharge_course(world.actor(world.behandler), first, today(), EndReason.COMPLETED)
    assert new_course(world, citizen).is_open


def test_course_refusals(world):
    citizen = new_citizen(world)
    request = new_request(world, citizen, received_on=today() - timedelta(days=5))
    actor = world.actor(world.visitator)

    def start(**changes):
        values = {"offer_type": OfferType.AMBULANT, "started_on": today(), "responsible": world.behandler} | changes
        return actions.start_course_from_request(actor, request, actions.CourseData(**values))

    assert refused(start, started_on=today() - timedelta(days=6)) == ("started_on", "before_request")
    assert refused(start, started_on=today() + timedelta(days=1)) == ("started_on", "future")
    assert refused(start, offer_type="kursus") == ("offer_type", "unknown_code")
    assert refused(start, responsible=world.other_behandler) == ("responsible", "not_staff")
    assert refused(start, responsible=world.analytiker) == ("responsible", "not_staff")
    assert refused(start, offer_type=OfferType.RELATIVES) == ("index_course", "required")
    assert not Course.objects.exists()
    request.refresh_from_db()
    assert request.status == RequestStatus.OPEN

    course = start(goals=["Ingen alkohol i hverdagen", " "])
    request.refresh_from_db()
    assert request.status == RequestStatus.COURSE_STARTED
    assert (course.legal_basis, course.main_substance) == ("sul_141", "alcohol")
    assert [g.description for g in course.goals.all()] == ["Ingen alkohol i hverdagen"]


def test_course_for_relatives_links_to_another_persons_course(world):
    index = new_course(world)
    partner = new_citizen(world, CPR_2, first_name="Grete")
    actor = world.actor(world.familiekonsulent)
    data = actions.CourseData(
        offer_type=OfferType.RELATIVES,
        started_on=today(),
        responsible=world.familiekonsulent,
        index_course=index,
        legal_basis="sul_141",
    )
    self_link = actions.CourseData(**{**data.__dict__})
    assert refused(actions.start_course, actor, index.citizen, world.faxe, self_link) == ("index_course", "self")
    relatives = actions.start_course(actor, partner, world.faxe, data)
    assert list(index.linked_courses.all()) == [relatives]
    unlinked = actions.CourseData(
        offer_type=OfferType.DAY,
        started_on=today(),
        responsible=world.behandler,
        index_course=index,
        legal_basis="sul_141",
    )
    assert refused(actions.start_course, actor, partner, world.faxe, unlinked) == ("index_course", "unlinked")


# --- Sessions --------------------------------------------------------------------------------


def test_session_rules(world):
    course = new_course(world, started_on=today() - timedelta(days=7))
    actor = world.actor(world.behandler)

    def session(**changes):
        values = {
            "held_on": today(),
            "kind": "individual",
            "attendance": Attendance.ATTENDED,
            "staff": [world.behandler],
        } | changes
        return actions.register_session(actor, course, actions.SessionData(**values))

    assert refused(session, held_on=today() - timedelta(days=8)) == ("held_on", "before_start")
    assert refused(session, held_on=today() + timedelta(days=1)) == ("attendance", "future")
    assert refused(session, kind="family") == ("staff", "family")
    # Two clinicians are not a joint family session: the family consultant must be there too.
    assert refused(session, kind="family", staff=[world.behandler, world.leder]) == ("staff", "family")
    assert refused(session, kind="group") == ("kind", "group")
    assert refused(session, staff=[]) == ("staff", "required")
    assert refused(session, staff=[world.other_behandler]) == ("staff", "not_staff")
    assert refused(session, minutes=0) == ("minutes", "range")
    assert refused(session, kind="seance") == ("kind", "unknown_code")
    assert not Session.objects.exists()

    family = session(kind="family", staff=[world.behandler, world.familiekonsulent])
    assert set(family.staff.all()) == {world.behandler, world.familiekonsulent}
    planned = session(held_on=today() + timedelta(days=7), attendance=Attendance.PLANNED)
    assert refused(actions.register_attendance, actor, planned, Attendance.NO_SHOW) == ("attendance", "future")


# --- Discharge -------------------------------------------------------------------------------


def test_there_are_exactly_the_nine_nab_end_reasons():
    assert len(EndReason.choices) == 9


@pytest.mark.parametrize("reason", EndReason.values)
def test_discharge_with_each_end_reason(world, reason):
    course = new_course(world, started_on=today() - timedelta(days=30))
    actions.discharge_course(world.actor(world.behandler), course, today(), reason)
    course.refresh_from_db()
    assert (course.ended_on, course.end_reason, course.closed_by) == (today(), reason, world.behandler)
    assert not course.is_open


def test_discharge_refusals_save_nothing(world):
    course = new_course(world, started_on=today() - timedelta(days=10))
    actor = world.actor(world.behandler)
    assert refused(actions.discharge_course, actor, course, today(), "") == ("end_reason", "required")
    assert refused(actions.discharge_course, actor, course, today(), "fled") == ("end_reason", "unknown_code")
    assert refused(actions.discharge_course, actor, course, None, EndReason.COMPLETED) == ("ended_on", "required")
    tomorrow = today() + timedelta(days=1)
    assert refused(actions.discharge_course, actor, course, tomorrow, EndReason.COMPLETED) == ("ended_on", "future")
    too_early = today() - timedelta(days=11)
    assert refused(actions.discharge_course, actor, course, too_early, EndReason.COMPLETED) == (
        "ended_on",
        "before_start",
    )
    with pytest.raises(PermissionDenied):
        actions.discharge_course(world.actor(world.visitator), course, today(), EndReason.COMPLETED)
    course.refresh_from_db()
    assert course.is_open and course.end_reason == ""

    actions.discharge_course(actor, course, today(), EndReason.COMPLETED)
    assert refused(actions.discharge_course, actor, course, today(), EndReason.COMPLETED) == (
        NON_FIELD_ERRORS,
        "closed",
    )


def test_discharge_cancels_later_planned_sessions_and_ends_group_membership(world):
    course = new_course(world, started_on=today() - timedelta(days=10))
    actor = world.actor(world.behandler)
    later = actions.register_session(
        actor,
        course,
        actions.SessionData(
            held_on=today() + timedelta(days=3),
            kind="individual",
            attendance=Attendance.PLANNED,
            staff=[world.behandler],
        ),
    )
    group = actions.create_group(
        actor,
        world.faxe,
        actions.GroupData(
            name="Tirsdagsgruppen",
            weekday=1,
            start_time=time(13, 0),
            starts_on=today() - timedelta(days=30),
            staff=[world.behandler],
        ),
    )
    membership = actions.add_group_member(actor, group, course, today() - timedelta(days=5))
    ended = today() - timedelta(days=1)
    actions.discharge_course(actor, course, ended, EndReason.OWN_WISH)
    later.refresh_from_db()
    membership.refresh_from_db()
    assert later.attendance == Attendance.CANCELLED
    assert membership.left_on == ended
    assert not GroupMembership.objects.filter(course=course, left_on__isnull=True).exists()


# --- Citizens, scoping and the access log ----------------------------------------------------


def test_duplicate_cpr_is_refused_inside_the_units_and_silent_outside(world):
    citizen = new_citizen(world, phone="11111111")
    with pytest.raises(DuplicateCitizen) as info:
        new_citizen(world, "010180-1234")
    assert info.value.citizen == citizen
    # Aalborg registers the same CPR: no error, no hint of Faxe. Aalborg gets a record of its own
    # holding what its user typed; the two are linked only by the keyed CPR hash.
    same = new_citizen(world, CPR_1, unit=world.aalborg, user=world.other_behandler, first_name="Anders")
    assert same.pk != citizen.pk
    assert (same.unit, same.first_name, same.phone) == (world.aalborg, "Anders", "")
    assert same.cpr_hash == citizen.cpr_hash
    citizen.refresh_from_db()
    assert (citizen.unit, citizen.first_name, citizen.phone) == (world.faxe, "Hans", "11111111")
    assert citizen_list(world.actor(world.other_behandler), FirstHits(50), via="test").rows == [same]


def test_anonymous_citizen_needs_alias_birth_year_and_sex(world):
    actor = world.actor(world.visitator)
    create = citizen_actions.create_citizen
    assert refused(create, actor, world.faxe, CitizenData(is_anonymous=True, birth_year=1980, sex="K")) == (
        "alias",
        "required",
    )
    assert refused(create, actor, world.faxe, CitizenData(is_anonymous=True, alias="X", sex="K")) == (
        "birth_year",
        "required",
    )
    assert refused(create, actor, world.faxe, CitizenData(is_anonymous=True, alias="X", birth_year=1850, sex="K")) == (
        "birth_year",
        "range",
    )
    assert refused(create, actor, world.faxe, CitizenData(is_anonymous=True, alias="X", birth_year=1980, sex="?")) == (
        "sex",
        "unknown_code",
    )
    assert refused(create, actor, world.faxe, CitizenData(cpr="3102801234", first_name="A", last_name="B")) == (
        "cpr",
        "cpr_date",
    )
    assert not Citizen.objects.exists()
    anonymous = create(actor, world.faxe, CitizenData(is_anonymous=True, alias="Måge", birth_year=1980, sex="K"))
    assert (anonymous.cpr_hash, anonymous.cpr_encrypted, anonymous.display_name) == (None, "", "Måge (anonym)")


def test_reads_of_another_units_citizen_are_404_and_not_logged(world):
    citizen = new_citizen(world)
    course = new_course(world, citizen)
    outsider = world.actor(world.other_behandler)
    with pytest.raises(Http404):
        get_citizen(outsider, citizen.pk, via="test")
    with pytest.raises(Http404):
        get_course(outsider, course.pk, via="test")
    assert search_citizens(outsider, "Hansen", FirstHits(50), via="test").rows == []
    assert search_citizens(outsider, CPR_1, FirstHits(50), via="test").rows == []
    assert not AccessLogEntry.objects.filter(user=world.other_behandler, citizen=citizen).exists()
    with pytest.raises(Http404):
        actions.register_request(
            outsider,
            citizen,
            world.aalborg,
            actions.RequestData(received_on=today(), channel="self", main_substance="alcohol", legal_basis="sul_141"),
        )


def test_each_write_and_read_leaves_a_log_row_and_history(world):
    citizen = new_citizen(world)
    course = new_course(world, citizen)
    actor = world.actor(world.behandler)
    get_course(actor, course.pk, via="test")
    actions.discharge_course(actor, course, today(), EndReason.COMPLETED)
    rows = list(AccessLogEntry.objects.filter(citizen=citizen).order_by("id").values_list("use", "via"))
    assert rows == [
        (Use.CREATE, "create_citizen"),
        (Use.CREATE, "register_request"),
        (Use.CREATE, "start_course"),
        (Use.CHANGE, "visitation"),
        (Use.VIEW, "test"),
        (Use.CHANGE, "discharge_course"),
    ]
    history = list(course.history.order_by("history_id").values_list("history_type", "end_reason"))
    assert history == [("+", ""), ("~", EndReason.COMPLETED)]
