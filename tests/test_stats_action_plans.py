# SPDX-License-Identifier: AGPL-3.0-or-later
"""The coordinated action plans report, on hand-built plans with the figures worked out by hand."""

from datetime import date

from forlob.coordination import actions
from forlob.coordination.models import PartyKind
from forlob.organisations.models import Role
from forlob.stats.reports.coordination import action_plans
from forlob.stats.suppression import INTERNAL
from forlob.treatment import actions as treatment_actions
from tests.conftest import make_user, new_citizen, new_course
from tests.test_stats_reports import cprs, faxe, texts


def _plan(world, numbers, started: date, agreed: date, review: date | None = None, psychiatry: bool = False):  # type: ignore[no-untyped-def]
    course = new_course(world, new_citizen(world, next(numbers), first_name="Plan"), started_on=started)
    actor = world.actor(world.behandler)
    plan = actions.create_plan(actor, course, actions.PlanData("Mål", agreed, "Bente", review))
    if psychiatry:
        actions.add_party(actor, plan, actions.PartyData(PartyKind.REGIONAL_PSYCHIATRY, "Psykiatrien"))
    actions.add_party(actor, plan, actions.PartyData(PartyKind.JOBCENTRE, "Jobcenter"))  # not psychiatry
    return plan


def _review(world, plan, held: date, next_review: date | None = None) -> None:  # type: ignore[no-untyped-def]
    plan.refresh_from_db()
    actions.hold_review(world.actor(world.behandler), plan, held, next_review, "", plan.version)


def _close(world, plan, closed: date) -> None:  # type: ignore[no-untyped-def]
    plan.refresh_from_db()
    actions.close_plan(world.actor(world.behandler), plan, closed, "", plan.version)


def build(world) -> None:  # type: ignore[no-untyped-def]
    """2025: A (psychiatry), B and C agreed; C closed 01.10.2025. A's review due 01.06.2025 held
    28.05 (on time), B's due 01.06.2025 held 10.06 (late). 2026: D (psychiatry) and E agreed; B
    closed 01.03.2026; A's review due 15.01.2026 held that day, D's due 01.09.2026 held 30.08
    (both on time); E's reviews due 01.06, 01.07 and 01.08.2026 held 01.06, 05.07 (late) and
    01.08. Not counted: a plan at Aalborg."""
    numbers = cprs("0381")
    a = _plan(world, numbers, date(2025, 2, 1), date(2025, 3, 1), date(2025, 6, 1), psychiatry=True)
    b = _plan(world, numbers, date(2025, 2, 1), date(2025, 3, 1), date(2025, 6, 1))
    c = _plan(world, numbers, date(2025, 2, 1), date(2025, 4, 1))
    _review(world, a, date(2025, 5, 28), date(2026, 1, 15))
    _review(world, b, date(2025, 6, 10))
    _close(world, c, date(2025, 10, 1))
    d = _plan(world, numbers, date(2026, 1, 15), date(2026, 2, 1), date(2026, 9, 1), psychiatry=True)
    e = _plan(world, numbers, date(2026, 1, 15), date(2026, 5, 1), date(2026, 6, 1))
    _review(world, e, date(2026, 6, 1), date(2026, 7, 1))
    _review(world, e, date(2026, 7, 5), date(2026, 8, 1))
    _review(world, e, date(2026, 8, 1))
    _close(world, b, date(2026, 3, 1))
    _review(world, a, date(2026, 1, 15))
    _review(world, d, date(2026, 8, 30))
    leader = make_user("aalborgleder", world.aalborg, Role.LEDER)
    citizen = new_citizen(world, next(numbers), unit=world.aalborg, user=leader)
    data = treatment_actions.RequestData(
        received_on=date(2026, 3, 1), channel="self", main_substance="alcohol", legal_basis="sul_141"
    )
    aalborg = world.actor(leader)
    request = treatment_actions.register_request(aalborg, citizen, world.aalborg, data)
    course = treatment_actions.start_course_from_request(
        aalborg,
        request,
        treatment_actions.CourseData(offer_type="ambulant", started_on=date(2026, 3, 2), responsible=leader),
    )
    plan = actions.create_plan(aalborg, course, actions.PlanData("Mål", date(2026, 3, 5), "Leder"))
    actions.add_party(aalborg, plan, actions.PartyData(PartyKind.REGIONAL_PSYCHIATRY, "Psykiatrien Nord"))


def test_action_plans_worked_out_by_hand(world):
    """Internal (exact): 2025 made 3 (A, B, C), in force 3, with psychiatry 1 (A), reviews held 2,
    on time 1: the share of a base under 5 is not shown. 2026 made 2 (D, E), in force 4 (A, B
    until 01.03, D, E; C closed in 2025), with psychiatry 2 (A, D), reviews held 5 (A, D, E's
    three), on time 4 = 80 %."""
    build(world)
    report = action_plans(faxe(world, 2025, 2026, actor=world.leder, view=INTERNAL))
    assert texts(report) == [
        ["2025", "3", "3", "1", "2", "1", "–"],
        ["2026", "2", "4", "2", "5", "4", "80.0"],
    ]


def test_published_the_small_counts_are_hidden(world):
    """Published, every count of 1-4 shows as "<5", and the share resting on one goes too."""
    build(world)
    assert texts(action_plans(faxe(world, 2025, 2026))) == [
        ["2025", "<5", "<5", "<5", "<5", "<5", "–"],
        ["2026", "<5", "<5", "<5", "5", "<5", "–"],
    ]
