# SPDX-License-Identifier: AGPL-3.0-or-later
"""Daily casework in a real headless Chromium (issue 24): a leader searches the unit's access log
from the log review, and a clinician acknowledges a critical answer on the course page."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from forlob.audit.models import AccessLogEntry, Use
from forlob.common.dates import today
from forlob.instruments.actions import ResponseData, record_response
from forlob.instruments.definitions import shipped
from forlob.instruments.models import Response
from tests.conftest import CPR_2, logged_at, new_citizen, new_course
from tests.test_browser import page, shot, sign_in  # noqa: F401 - page is the fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_leader_searches_the_access_log_by_citizen_and_pages_through(world, live_server, page):  # noqa: F811
    hans = new_citizen(world)
    new_citizen(world, CPR_2, first_name="Ida", last_name="Holm")
    logged_at(datetime(2026, 11, 12, 10, tzinfo=ZoneInfo("Europe/Copenhagen")), AccessLogEntry.objects.all())
    sign_in(page, live_server.url, world.leder.username, "/logkontrol/")
    page.locator("a[href='/logkontrol/soeg/']").click()
    page.locator("#id_citizen").fill("Hansen")
    page.locator("#id_date_from").fill("2026-11-01")
    page.locator("#id_date_to").fill("2026-11-30")
    page.locator("form[action='/logkontrol/soeg/'] button[type=submit]").first.click()
    page.locator("tbody tr").first.wait_for()
    shot(page, "30-adgangslog-soegning")
    cells = page.locator("tbody tr td:nth-child(4)")
    assert cells.all_inner_texts() == ["Hans Hansen"] * cells.count() and cells.count() >= 1
    assert page.get_by_text("Holm").count() == 0
    searched = AccessLogEntry.objects.get(use=Use.LOG_SEARCH, user=world.leder)
    assert "Hansen" in searched.search_term and searched.unit_id == world.faxe.pk
    assert AccessLogEntry.objects.filter(user=world.leder, use=Use.LIST, citizen=hans).exists()


def test_a_clinician_sees_and_acknowledges_a_critical_answer(world, live_server, page):  # noqa: F811
    course = new_course(world)
    basis = next(d for d in shipped() if d["code"] == "kl_basis")
    answers = {item["code"]: "negative" for item in basis["items"]} | {"suicide": "positive"}
    data = ResponseData("kl_basis", "intake", today(), answers, "assessment")
    response = record_response(world.actor(world.behandler), course, data)
    sign_in(page, live_server.url, world.behandler.username)
    flag = page.locator(".critical-answer")
    flag.first.wait_for()
    assert "Selvmordsrisiko: Positiv" in flag.first.inner_text()
    shot(page, "31-kritisk-svar-mit-overblik")
    page.goto(f"{live_server.url}/forloeb/{course.pk}/")
    flag.first.wait_for()
    shot(page, "32-kritisk-svar-forloeb")
    flag.first.locator("button").click()
    page.wait_for_load_state()
    assert page.locator(".critical-answer").count() == 0
    assert Response.objects.get(pk=response.pk).critical_acknowledged_by_id == world.behandler.pk
