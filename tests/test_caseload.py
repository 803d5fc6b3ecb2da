# SPDX-License-Identifier: AGPL-3.0-or-later
"""Capacity and caseload: a role's profession and weekly hours, and the leader's page of the
unit's staff figures, worked out by hand.

Today is Tuesday 1.12.2026 (ISO week 49). The 4 whole weeks before it run from Monday 2.11 to
Sunday 29.11, the 12 whole weeks from Monday 7.9.

- behandler: 37 hours (1 full-time post), responsible for 3 open courses (started 1.10, 2.11,
  20.11); 6 sessions held in the 4 weeks (a cancelled one and one this week do not count):
  6 / 4 = 1.5 sessions a week; 3 / 1.0 = 3.0 courses per full-time post.
- familiekonsulent: 18.5 hours (0.5 post), responsible for 1 open course (started 10.11); one
  session held and one the citizen missed: 2 / 4 = 0.5 a week; 1 / 0.5 = 2.0 courses per post.
- visitator and leder: no hours set up; left out of the posts.
- The unit: 1.5 posts, 4 open courses, 4 / 1.5 = 2.67 courses per post. Requests: one per course
  (received the day it started) and three waiting, received 10.11 (deadline 24.11, late), 20.11
  (deadline 4.12, within 7 days) and 1.12 (this week, deadline 15.12). In the 4 weeks: 3 + 2 = 5,
  1.25 a week; in the 12 weeks: 4 + 2 = 6, 0.5 a week. Courses started: 3 / 4 = 0.75 and 4 / 12.
"""

import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from forlob.accounts import actions as account_actions
from forlob.organisations.actions import set_staffing
from forlob.organisations.models import Membership, Profession, Role, Unit, UnitKind
from forlob.stats.caseload import caseload, whole_weeks
from forlob.treatment.actions.sessions import SessionData, register_session
from tests.conftest import World, make_user, new_citizen, new_course, new_request, password_login
from tests.test_api import api

DAY = date(2026, 12, 1)
SOCIAL_WORKER = str(Profession.SOCIALRAADGIVER.label)


def staffing(world: World, user, profession: str, hours: str | None) -> Membership:
    membership = Membership.objects.get(user=user, unit=world.faxe)
    return set_staffing(
        world.actor(world.leder), membership, profession, None if hours is None else Decimal(hours), membership.version
    )


def session(world: World, course, user, held_on: date, attendance: str = "attended") -> None:
    data = SessionData(held_on=held_on, kind="individual", attendance=attendance, staff=[user])
    register_session(world.actor(user), course, data)


@pytest.fixture
def unit(world: World) -> World:
    staffing(world, world.behandler, "socialraadgiver", "37")
    staffing(world, world.familiekonsulent, "paedagog", "18.5")
    cprs = iter(f"{n:02d}{n:02d}801234" for n in range(1, 10))
    for started in (date(2026, 10, 1), date(2026, 11, 20)):
        new_course(world, new_citizen(world, next(cprs)), started_on=started)
    main = new_course(world, new_citizen(world, next(cprs)), started_on=date(2026, 11, 2))
    family = new_course(
        world, new_citizen(world, next(cprs)), started_on=date(2026, 11, 10), responsible=world.familiekonsulent
    )
    for day in (3, 5, 10, 12, 17, 24):
        session(world, main, world.behandler, date(2026, 11, day))
    session(world, main, world.behandler, date(2026, 11, 25), "cancelled")
    session(world, main, world.behandler, DAY)
    session(world, family, world.familiekonsulent, date(2026, 11, 11))
    session(world, family, world.familiekonsulent, date(2026, 11, 18), "no_show")
    for received in (date(2026, 11, 10), date(2026, 11, 20), DAY):
        new_request(world, new_citizen(world, next(cprs)), received_on=received)
    return world


def test_whole_weeks_are_iso_weeks_before_this_one():
    assert whole_weeks(DAY, 4) == (date(2026, 11, 2), date(2026, 11, 29))
    assert whole_weeks(DAY, 12) == (date(2026, 9, 7), date(2026, 11, 29))


def test_it_works_out_the_caseload_by_hand(unit):
    figures = caseload(unit.faxe.pk, DAY)
    rows = {c.name: c for c in figures.clinicians}
    behandler, familiekonsulent = rows["Behandler Test"], rows["Familiekonsulent Test"]
    assert (behandler.profession, behandler.weekly_hours, behandler.full_time) == (SOCIAL_WORKER, 37, 1)
    assert (behandler.open_courses, behandler.sessions_per_week, behandler.courses_per_full_time) == (3, 1.5, 3)
    assert (familiekonsulent.full_time, familiekonsulent.open_courses) == (Decimal("0.5"), 1)
    assert (familiekonsulent.sessions_per_week, familiekonsulent.courses_per_full_time) == (Decimal("0.5"), 2)
    assert rows["Visitator Test"].weekly_hours is None and rows["Visitator Test"].courses_per_full_time is None
    assert "Analytiker Test" not in rows  # no case role: no caseload
    assert figures.without_hours == 2  # visitator, leder
    assert (figures.full_time, figures.open_courses) == (Decimal("1.5"), 4)
    assert round(figures.courses_per_full_time, 2) == Decimal("2.67")
    assert figures.requests_per_week == {4: Decimal("1.25"), 12: Decimal("0.5")}
    assert figures.started_per_week[4] == Decimal("0.75") and round(figures.started_per_week[12], 3) == Decimal("0.333")
    assert (figures.waiting, figures.waiting_late, figures.waiting_soon) == (3, 1, 1)


def test_a_person_with_two_roles_counts_the_hours_of_both(world):
    staffing(world, world.behandler, "socialraadgiver", "30")
    account_actions.grant_by_operator(world.behandler, world.faxe, Role.VISITATOR, "test")
    second = Membership.objects.get(user=world.behandler, unit=world.faxe, role=Role.VISITATOR)
    set_staffing(world.actor(world.leder), second, "", Decimal("7"), second.version)
    [person] = [c for c in caseload(world.faxe.pk, DAY).clinicians if c.user_id == world.behandler.pk]
    labels = [str(Role.BEHANDLER.label), str(Role.VISITATOR.label)]
    assert (person.weekly_hours, person.full_time, person.roles) == (37, 1, labels)


@pytest.mark.parametrize(
    ("hours", "code"), [("-1", "out_of_range"), ("60.01", "out_of_range"), ("12.345", "precision")]
)
def test_it_refuses_hours_outside_0_to_60(world, hours, code):
    with pytest.raises(ValidationError) as refused:
        staffing(world, world.behandler, "psykolog", hours)
    assert refused.value.error_dict["weekly_hours"][0].code == code
    assert Membership.objects.get(user=world.behandler, unit=world.faxe).weekly_hours is None


def test_it_refuses_a_change_made_from_an_old_copy(world):
    membership = Membership.objects.get(user=world.behandler, unit=world.faxe)
    set_staffing(world.actor(world.leder), membership, "psykolog", Decimal(20), 1)
    with pytest.raises(ValidationError):
        set_staffing(world.actor(world.administrator), membership, "laege", Decimal(30), 1)
    membership.refresh_from_db()
    assert (membership.profession, membership.weekly_hours, membership.version) == ("psykolog", 20, 2)
    assert membership.history.first().history_user == world.leder


def test_only_the_leader_or_an_administrator_sets_the_staffing(world):
    membership = Membership.objects.get(user=world.visitator, unit=world.faxe)
    with pytest.raises(PermissionDenied):
        set_staffing(world.actor(world.behandler), membership, "psykolog", Decimal(20), 1)
    set_staffing(world.actor(world.administrator), membership, "psykolog", Decimal(20), 1)


def test_the_administrator_sets_the_staffing_up_with_the_role(world):
    user = make_user("ny", world.faxe)
    membership = account_actions.grant_role(
        world.actor(world.administrator), user, world.faxe, Role.BEHANDLER, "ergoterapeut", Decimal("32.5")
    )
    assert (membership.profession, membership.weekly_hours) == ("ergoterapeut", Decimal("32.5"))


def test_the_leader_changes_the_staffing_on_the_roles_page(world):
    client = Client()
    password_login(client, "leder")
    membership = Membership.objects.get(user=world.behandler, unit=world.faxe)
    posted = {"action": "staffing", "membership": membership.pk, "profession": "psykolog", "weekly_hours": "29,6"}
    client.post(reverse("unit_roles"), posted | {"version": 1})
    membership.refresh_from_db()
    assert (membership.profession, membership.weekly_hours) == ("psykolog", Decimal("29.6"))
    page = client.post(reverse("unit_roles"), posted | {"version": 1, "weekly_hours": "61"}, follow=True)
    assert page.status_code == 200 and list(page.context["messages"])[-1].level_tag == "error"
    membership.refresh_from_db()
    assert membership.weekly_hours == Decimal("29.6")


def test_the_page_is_the_leaders_only(world):
    other_leader = make_user("lederaalborg", world.aalborg, Role.LEDER)
    client = Client()
    password_login(client, "lederaalborg")
    assert client.get(reverse("stats_caseload") + f"?unit={world.faxe.pk}").status_code == 404
    assert client.get(reverse("stats_caseload")).status_code == 200
    password_login(client, "behandler")
    assert client.get(reverse("stats_caseload")).status_code == 403
    password_login(client, "analytiker")
    assert client.get(reverse("stats_caseload")).status_code == 403
    assert api(other_leader).get(f"/api/v1/units/{world.faxe.pk}/caseload").status_code == 404
    assert api(world.behandler).get(f"/api/v1/units/{world.faxe.pk}/caseload").status_code == 403


def test_a_leader_of_two_units_starts_on_the_home_unit(world):
    """Not on the first by name: Faxe's leader also leads a family house whose name sorts first."""
    family = Unit.objects.create(name="Familiehuset Faxe", municipality=world.faxe.municipality, kind=UnitKind.FAMILY)
    account_actions.grant_by_operator(world.leder, family, Role.LEDER, "test")
    client = Client()
    password_login(client, "leder")
    page = client.get(reverse("stats_caseload")).content.decode()
    assert f": {world.faxe.name}</h1>" in page
    assert client.get(reverse("stats_caseload") + f"?unit={family.pk}").status_code == 200


def test_the_page_shows_the_figures_labelled_internal(unit):
    client = Client()
    password_login(client, "leder")
    page = client.get(reverse("stats_caseload")).content.decode()
    assert "Behandler Test" in page and "2,67" in page and "1,25" in page
    assert "Internal figures" in page or "Interne tal" in page


def test_the_api_answers_the_same_figures(unit):
    body = api(unit.leder).get(f"/api/v1/units/{unit.faxe.pk}/caseload").json()
    assert (body["view"], body["full_time"], body["open_courses"], body["courses_per_full_time"]) == (
        "internal",
        1.5,
        4,
        2.67,
    )
    assert body["requests_per_week"] == {"4": 1.25, "12": 0.5}
    behandler = next(c for c in body["clinicians"] if c["user_id"] == unit.behandler.pk)
    assert (behandler["sessions_per_week"], behandler["courses_per_full_time"]) == (1.5, 3.0)


def test_the_export_holds_the_figures(unit):
    client = Client()
    password_login(client, "leder")
    response = client.get(reverse("stats_caseload") + "?format=xlsx")
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert cells[2][0].startswith("Internal figures") or cells[2][0].startswith("Interne tal")
    behandler = next(row for row in cells if row[0] == "Behandler Test")
    assert behandler[2:8] == [SOCIAL_WORKER, 37, 1, 3, 1.5, 3]
    unit_rows = {
        row[0]: row[1] for row in cells[cells.index(next(r for r in cells if r[0] in ("The unit", "Enheden"))) :]
    }
    assert 1.5 in unit_rows.values() and 4 in unit_rows.values() and 1.25 in unit_rows.values()
