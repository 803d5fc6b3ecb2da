# SPDX-License-Identifier: AGPL-3.0-or-later
"""Each role's home page, and the Danish refusal pages, in a real headless Chromium. Screenshots
go to var/screenshots/, as in test_browser."""

from datetime import timedelta

import pytest

from forlob.common.dates import today
from forlob.kl12 import actions as kl12_actions
from forlob.organisations.models import Region, Role
from tests.conftest import make_user, new_course
from tests.test_browser import page, shot, sign_in  # noqa: F401  # the browser fixture, screenshots, the login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def sign_out(page) -> None:  # noqa: F811
    page.context.clear_cookies()


# What each role's home shows (headings), and what it does not.
HOMES = {
    "behandler": (["Mine forløb"], ["Statistik", "Opsætning af organisationen"]),
    "leder": (["Dine enheder i dag", "Statistik", "KL's 12 anbefalinger", "Mine forløb"], []),
    "analytiker": (["Statistik", "KL's 12 anbefalinger"], ["Mine forløb"]),
    "koordinator": (["Statistik", "KL's 12 anbefalinger"], ["Mine forløb"]),
    "administrator": (["Opsætning af organisationen"], ["Mine forløb", "Statistik"]),
}


def test_each_roles_home_page_shows_its_work(world, live_server, page):  # noqa: F811
    new_course(world)
    year = today().year
    region = Region.objects.get(code="1085")
    kl12_actions.open_round(
        world.actor(world.administrator), region, year, f"Selvevaluering {year}", today() + timedelta(days=30)
    )
    world.koordinator = make_user("koordinator", world.faxe, Role.KOORDINATOR)
    for role, (shown, hidden) in HOMES.items():
        sign_in(page, live_server.url, getattr(world, role).username)
        page.get_by_role("heading", name="Mit overblik", exact=True).wait_for()
        for heading in shown:
            assert page.get_by_role("heading", name=heading, exact=True).count() == 1, (role, heading)
        for heading in hidden:
            assert page.get_by_role("heading", name=heading, exact=True).count() == 0, (role, heading)
        shot(page, f"hjem-{role}")
        sign_out(page)


def test_refusals_are_danish_pages_that_say_why_and_where_to_go(world, live_server, page):  # noqa: F811
    sign_in(page, live_server.url, world.analytiker.username)
    page.get_by_role("heading", name="Mit overblik", exact=True).wait_for()
    page.goto(live_server.url + "/borgere/")
    page.get_by_role("heading", name="Du har ikke adgang til denne side").wait_for()
    page.get_by_text("Dine roller giver ikke adgang til borgeres oplysninger.").wait_for()
    shot(page, "fejl-403")
    page.get_by_role("link", name="Gå til Mit overblik").click()
    page.get_by_role("heading", name="Mit overblik", exact=True).wait_for()

    sign_out(page)
    sign_in(page, live_server.url, world.behandler.username)
    page.get_by_role("heading", name="Mit overblik", exact=True).wait_for()
    page.goto(live_server.url + "/borgere/999999/")
    page.get_by_role("heading", name="Siden blev ikke fundet").wait_for()
    page.get_by_text("Borgeren findes ikke i dine enheder.").wait_for()
    shot(page, "fejl-404")

    sign_out(page)
    page.goto(live_server.url + "/ingen-side-her/")
    page.get_by_role("heading", name="Siden blev ikke fundet").wait_for()
    assert page.get_by_role("link", name="Medarbejdere: log ind").count() == 1
    shot(page, "fejl-404-offentlig")
