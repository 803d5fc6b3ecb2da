# SPDX-License-Identifier: AGPL-3.0-or-later
"""The two small scripts of the forms, in a real headless Chromium: "Anonym behandling" hides the
CPR number (static/anonymous.js) and "Tilføj afdeling" adds a row to the training form
(static/formset.js)."""

import pytest
from django.urls import reverse

from forlob.citizens.models import Citizen
from forlob.competences.models import TrainingCourse
from tests.test_browser import page, sign_in  # noqa: F401  (the fixture)
from tests.test_target_groups import danish

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_ticking_anonymous_hides_the_cpr_number_and_does_not_send_it(world, live_server, page):  # noqa: F811
    sign_in(page, live_server.url, world.visitator.username, reverse("citizen_create"))
    cpr = page.get_by_label("CPR-nummer")
    cpr.fill("0303801234")
    page.get_by_label("Anonym behandling").check()
    assert not cpr.is_visible()
    page.get_by_label("Alias").fill("Kasper")
    page.get_by_label("Fødselsår").fill("1990")
    page.get_by_label("Køn").select_option("M")
    page.get_by_role("button", name="Opret borger").click()
    page.wait_for_url("**/borgere/*/")
    citizen = Citizen.objects.get()
    assert (citizen.is_anonymous, citizen.cpr_hash) == (True, None)
    page.goto(live_server.url + reverse("citizen_create"))
    page.get_by_label("Anonym behandling").check()
    page.get_by_label("Anonym behandling").uncheck()
    assert page.get_by_label("CPR-nummer").is_visible()


def test_adding_a_department_row_in_the_browser(world, live_server, page):  # noqa: F811
    sign_in(page, live_server.url, world.familiekonsulent.username, reverse("training_create"))
    page.get_by_label("Titel").fill("Nøglepersonskursus")
    for n in range(4):
        if n == 3:
            page.get_by_role("button", name=danish("Add department")).click()
        page.locator(f'input[name="afdeling-{n}-department"]').fill(f"Afdeling {n + 1}")
        page.locator(f'input[name="afdeling-{n}-participants"]').fill(str(n + 1))
    page.get_by_role("button", name="Gem", exact=True).click()
    page.wait_for_url("**" + reverse("training_list"))
    course = TrainingCourse.objects.get()
    assert sorted(course.participations.values_list("department", "participants")) == [
        ("Afdeling 1", 1),
        ("Afdeling 2", 2),
        ("Afdeling 3", 3),
        ("Afdeling 4", 4),
    ]
