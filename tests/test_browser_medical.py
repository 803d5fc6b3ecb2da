# SPDX-License-Identifier: AGPL-3.0-or-later
"""The dispensing list in a real headless Chromium: the nurse registers a dose given and a dose
missed, and sees the warning after missed doses."""

from datetime import timedelta

import pytest

from forlob.common.dates import today
from forlob.medical.actions import MedicationData, record_medication, register_dispensing
from forlob.medical.models import Dispensing
from forlob.organisations.models import Role
from tests.conftest import CPR_2, make_user, new_citizen, new_course
from tests.test_browser import page, shot, sign_in  # noqa: F401 - page is the fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_nurse_registers_doses_on_the_dispensing_list(world, live_server, page):  # noqa: F811
    doctor = world.actor(make_user("laege", world.faxe, Role.LAEGE))
    nurse = make_user("sygeplejerske", world.faxe, Role.SYGEPLEJERSKE)
    start = today() - timedelta(days=5)
    hans = new_course(world, started_on=start - timedelta(days=10))
    ida = new_course(world, new_citizen(world, CPR_2, first_name="Ida", last_name="Holm"), started_on=start)
    data = MedicationData("methadone", "60 mg", "supervised", start, "Opioidafhængighed", prescriber=doctor.user)
    hans_methadone = record_medication(doctor, hans, data)
    ida_methadone = record_medication(doctor, ida, data)
    # Hans did not come yesterday.
    register_dispensing(world.actor(nurse), hans_methadone, today() - timedelta(days=1), "missed")

    sign_in(page, live_server.url, nurse.username, "/medicin/udlevering/")
    hans_row = page.locator("tbody tr", has_text="Hans Hansen")
    ida_row = page.locator("tbody tr", has_text="Ida Holm")
    hans_row.wait_for()
    assert hans_row.locator(".missed-flag").count() == 1 and "1" in hans_row.locator(".missed-flag").inner_text()
    assert ida_row.locator(".missed-flag").count() == 0
    shot(page, "40-udleveringsliste")

    hans_row.locator("button[value=given]").click()
    page.wait_for_load_state()
    ida_row.locator("button[value=missed]").click()
    page.wait_for_load_state()
    assert hans_row.locator("button").count() == 0 and ida_row.locator("button").count() == 0
    assert "Sygeplejerske" in ida_row.inner_text()
    shot(page, "41-udleveringsliste-registreret")
    assert Dispensing.objects.get(medication=hans_methadone, day=today()).outcome == "given"
    assert Dispensing.objects.get(medication=ida_methadone, day=today()).outcome == "missed"

    # Tomorrow Ida's row warns of the dose missed today, and Hans's does not: he came today.
    page.goto(f"{live_server.url}/medicin/udlevering/?enhed={world.faxe.pk}&dato={today() + timedelta(days=1)}")
    ida_row.wait_for()
    assert ida_row.locator(".missed-flag").count() == 1
    assert hans_row.locator(".missed-flag").count() == 0
    assert page.locator("tbody button").count() == 0  # no registering for a day to come
