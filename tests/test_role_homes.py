# SPDX-License-Identifier: AGPL-3.0-or-later
"""Each role's home page ("Mit overblik") shows what the role works with, and no page links to a
page the role cannot open."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from forlob.common.dates import today
from forlob.kl12 import actions as kl12_actions
from forlob.organisations.models import Membership, Region, Role
from tests.conftest import CPR_2, make_user, new_citizen, new_course, new_request

ROLES = ("behandler", "visitator", "familiekonsulent", "leder", "analytiker", "administrator", "koordinator")


@pytest.fixture
def demo_like(world):
    """The world with a course, a request past its guarantee deadline, a self-assessment round
    open in Region Sjælland and a cluster coordinator at Faxe (Klynge Syd)."""
    new_course(world)
    new_request(world, new_citizen(world, cpr=CPR_2), received_on=today() - timedelta(days=20))
    region = Region.objects.get(code="1085")
    year = today().year
    kl12_actions.open_round(
        world.actor(world.administrator), region, year, f"Selvevaluering {year}", today() + timedelta(days=30)
    )
    world.koordinator = make_user("koordinator", world.faxe, Role.KOORDINATOR)
    return world


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def internal_links(html: str) -> set[str]:
    """The addresses of the page's links within Forløb, without the files (static, exports)."""
    found = {href.split("#")[0] for href in re.findall(r'href="(/[^"]*)"', html)}
    files = ("/static/", "format=")
    return {href.replace("&amp;", "&") for href in found if href and not any(f in href for f in files)}


@pytest.mark.parametrize("role", ROLES)
def test_every_link_on_a_roles_home_and_statistics_page_opens(demo_like, role):
    client = signed_in(getattr(demo_like, role))
    home = client.get(reverse("overview"))
    assert home.status_code == 200
    pages = [home.content.decode()]
    if f'href="{reverse("stats_index")}"' in pages[0]:
        statistics = client.get(reverse("stats_index"))
        assert statistics.status_code == 200
        pages.append(statistics.content.decode())
    links = set().union(*(internal_links(html) for html in pages))
    assert len(links) >= 3
    refused = {link: code for link in sorted(links) if (code := client.get(link).status_code) in (403, 404)}
    assert refused == {}


def test_the_coordinators_statistics_page_leaves_out_the_municipalitys_strategies(demo_like):
    html = signed_in(demo_like.koordinator).get(reverse("stats_index")).content.decode()
    assert reverse("stats_end_reasons") in html
    assert reverse("strategy_list") not in html
    assert reverse("stats_extract") not in html


def test_an_analyst_is_shown_statistics_and_the_self_assessment_and_no_caseload(demo_like):
    html = signed_in(demo_like.analytiker).get(reverse("overview")).content.decode()
    assert 'id="stats-shortcuts"' in html
    assert f"{reverse('stats_guarantee')}?scope=unit:{demo_like.faxe.pk}" in html
    assert f"{reverse('stats_guarantee')}?scope=municipality:{demo_like.faxe.municipality_id}" in html
    assert 'id="kl12-status"' in html
    assert "Klynge Syd" in html
    assert 'id="courses"' not in html and 'id="today"' not in html


def test_a_coordinator_sees_the_clusters_progress_and_its_statistics(demo_like):
    html = signed_in(demo_like.koordinator).get(reverse("overview")).content.decode()
    assert 'id="kl12-status"' in html
    assert "0 af " in html  # nobody in the cluster has answered yet
    assert "?scope=cluster:" in html
    assert 'id="courses"' not in html


def test_a_leader_sees_the_units_figures_above_the_caseload(demo_like):
    html = signed_in(demo_like.leder).get(reverse("overview")).content.decode()
    row = re.search(r"<th scope=\"row\">Rusmiddelcentret Faxe</th>(.*?)</tr>", html, re.S)
    assert row is not None
    # One open course (new_course), one request awaiting visitation and past its deadline.
    figures = re.findall(r">(\d+)<", row.group(1))
    assert figures == ["1", "1", "1", "0"]
    assert 'id="courses"' in html  # the leader's own caseload is still there
    assert "Faxe" in html and 'id="kl12-status"' in html


def test_an_administrator_sees_the_set_up_and_the_roles_awaiting_approval(demo_like):
    newcomer = make_user("ny", demo_like.faxe)
    Membership.objects.create(user=newcomer, unit=demo_like.faxe, role=Role.BEHANDLER)  # not approved yet
    html = signed_in(demo_like.administrator).get(reverse("overview")).content.decode()
    assert 'id="setup"' in html
    assert "1 enhed" in html  # Faxe's municipality has one unit; Aalborg's is not theirs
    # behandler, visitator, familiekonsulent, leder, analytiker, administrator, koordinator, ny
    assert "8 aktive brugere" in html
    assert "1 rolle afventer" in html
    assert 'id="courses"' not in html and 'id="stats-shortcuts"' not in html


def test_a_clinicians_home_is_the_caseload_only(demo_like):
    html = signed_in(demo_like.behandler).get(reverse("overview")).content.decode()
    assert 'id="courses"' in html
    assert 'id="stats-shortcuts"' not in html and 'id="kl12-status"' not in html and 'id="setup"' not in html
