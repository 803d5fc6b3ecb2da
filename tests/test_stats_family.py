# SPDX-License-Identifier: AGPL-3.0-or-later
"""The family-oriented treatment report and KL-12's live evidence for recommendation 1, on
hand-built data with the figures worked out by hand."""

from datetime import date

from forlob.family import actions as family_actions
from forlob.kl12.report import EVIDENCE
from forlob.organisations.models import Role
from forlob.stats.live import LiveMeasure, live_value
from forlob.stats.reports.family import family_oriented
from forlob.treatment import actions
from forlob.treatment.models import OfferType
from tests.conftest import make_user, new_citizen, new_request
from tests.test_stats_reports import cprs, faxe, start, texts


def _courses(world, numbers, year: int, n: int):  # type: ignore[no-untyped-def]
    """``n`` ambulant courses at Faxe of Faxe citizens started on 2 March of ``year``, their
    requests received 1 March."""
    made = []
    for i in range(n):
        citizen = new_citizen(
            world, next(numbers), first_name=f"Familie{year}-{i}", municipality=world.faxe.municipality
        )
        made.append(start(world, new_request(world, citizen, date(year, 3, 1)), date(year, 3, 2)))
    return made


def _attended_session(world, course, day: date):  # type: ignore[no-untyped-def]
    data = actions.SessionData(held_on=day, kind="individual", attendance="attended", staff=[world.behandler])
    return actions.register_session(world.actor(world.behandler), course, data)


def build(world) -> None:  # type: ignore[no-untyped-def]
    """2025: 10 courses; the offer made on 8, 5 accepted and 3 declined; 2 citizens' children
    assessed during the course with a notification. 2026: 7 courses; the offer made on 6, 5
    accepted and 1 awaiting; children took part in a session on 5; one assessment leading to a
    family offer. Not counted: a 2026 relatives' course, a notification made before a course's
    request, and a course at Aalborg."""
    actor, numbers = world.actor(world.behandler), cprs("0375")
    old = _courses(world, numbers, 2025, 10)
    for n, course in enumerate(old[:8]):
        family_actions.record_family_offer(actor, course, date(2025, 3, 2))
        outcome = "accepted" if n < 5 else "declined"
        family_actions.answer_family_offer(actor, course, outcome, date(2025, 3, 20))
    for course in old[8:10]:
        day = date(2025, 4, 1)
        family_actions.assess_children(actor, course.citizen, day, action="notification", action_on=day)

    new = _courses(world, numbers, 2026, 7)
    for n, course in enumerate(new[:6]):
        family_actions.record_family_offer(actor, course, date(2026, 3, 1))  # at the visitation
        if n < 5:
            family_actions.answer_family_offer(actor, course, "accepted", date(2026, 3, 9))
    for course in new[1:6]:
        child = family_actions.add_relation(
            actor, course.citizen, family_actions.RelationData(kind="child", name="Barn", birth_year=2015)
        )
        family_actions.set_session_children(actor, _attended_session(world, course, date(2026, 3, 16)), [child.pk])
    day = date(2026, 5, 4)
    family_actions.assess_children(actor, new[0].citizen, day, action="family_offer", action_on=day)
    earlier = date(2026, 2, 1)  # before new[6]'s request: not while the course ran
    family_actions.assess_children(actor, new[6].citizen, earlier, action="notification", action_on=earlier)

    relative = new_citizen(world, next(numbers), first_name="Pårørende")
    linked = actions.CourseData(
        offer_type=OfferType.RELATIVES,
        started_on=date(2026, 3, 2),
        responsible=world.behandler,
        legal_basis="sul_141",
        index_course=new[0],
    )
    actions.start_course(actor, relative, world.faxe, linked)


def test_family_oriented_treatment_worked_out_by_hand(world):
    """Each column is suppressed with its total: 2025's 3 declined and 2 notifications and 2026's
    1 family offer are "<5", their totals too (the other year is 0, so the total equals the hidden
    count and pins nothing). Share offered: 8/10 = 80 %, 6/7 = 85.7 %, 14/17 = 82.4 %."""
    build(world)
    report = family_oriented(faxe(world, 2025, 2026))
    assert report.header[-1] == report.measures[0].label
    assert texts(report) == [
        ["2025", "10", "8", "5", "<5", "0", "0", "<5", "80.0"],
        ["2026", "7", "6", "5", "0", "5", "<5", "0", "85.7"],
        ["I alt", "17", "14", "10", "<5", "5", "<5", "<5", "82.4"],
    ]


def test_a_share_resting_on_a_hidden_count_is_not_shown(world):
    """2024: one course started, no offer: the 1 is hidden, so is the share (0 of <5)."""
    (course,) = _courses(world, cprs("0376"), 2024, 1)
    assert texts(family_oriented(faxe(world, 2024, 2024)))[0] == ["2024", "<5", "0", "0", "0", "0", "0", "0", "–"]
    family_actions.record_family_offer(world.actor(world.behandler), course, date(2024, 3, 2))
    assert family_oriented(faxe(world, 2024, 2024)).rows[0].measures == [None]


def test_kl12_shows_the_offer_share_beside_the_family_involved_for_recommendation_1(world):
    """Faxe's citizens, 2026 (the report's data, live): 6 of 7 courses offered = 85.7 %. The
    family involved (a linked relatives' course) on 1 of 7: hidden, so no share."""
    build(world)
    faxe_m = world.faxe.municipality
    assert round(live_value(LiveMeasure.FAMILY_OFFER_SHARE, faxe_m, 2026), 1) == 85.7
    assert live_value(LiveMeasure.FAMILY_OFFER_SHARE, faxe_m, 2025) == 80.0
    assert live_value(LiveMeasure.FAMILY_SHARE, faxe_m, 2026) is None
    assert live_value(LiveMeasure.FAMILY_OFFER_SHARE, faxe_m, 2023) is None  # nothing started
    assert EVIDENCE[1] == (LiveMeasure.FAMILY_OFFER_SHARE, LiveMeasure.FAMILY_SHARE)


def test_courses_of_other_units_are_not_counted(world):
    """Five Faxe courses with the offer made; an Aalborg course with its offer is not Faxe's."""
    numbers = cprs("0377")
    for course in _courses(world, numbers, 2026, 5):
        family_actions.record_family_offer(world.actor(world.behandler), course, date(2026, 3, 2))
    leader = make_user("aalborgleder", world.aalborg, Role.LEDER)
    aalborg = world.actor(leader)
    citizen = new_citizen(world, next(numbers), unit=world.aalborg, user=leader)
    data = actions.RequestData(
        received_on=date(2026, 3, 1), channel="self", main_substance="alcohol", legal_basis="sul_141"
    )
    request = actions.register_request(aalborg, citizen, world.aalborg, data)
    course = actions.start_course_from_request(
        aalborg,
        request,
        actions.CourseData(offer_type="ambulant", started_on=date(2026, 3, 2), responsible=leader),
    )
    family_actions.record_family_offer(aalborg, course, date(2026, 3, 2))
    assert texts(family_oriented(faxe(world, 2026, 2026)))[0][:3] == ["2026", "5", "5"]
