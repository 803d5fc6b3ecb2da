# SPDX-License-Identifier: AGPL-3.0-or-later
"""National registration in a real headless Chromium: the clinician sees on the course page what
the register still lacks, answers the questions, and the list of problems empties."""

import pytest

from forlob.common.dates import today
from forlob.family.actions import assess_children
from forlob.registers.models import CourseAnswers
from forlob.treatment.models import Course
from tests.conftest import new_citizen, new_course, new_request
from tests.test_browser import page, shot, sign_in  # noqa: F401 - page is the fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_clinician_answers_the_registers_questions_on_the_course_page(world, live_server, page):  # noqa: F811
    course = new_course(world, new_citizen(world, municipality=world.faxe.municipality))
    assess_children(world.actor(world.behandler), course.citizen, today())

    sign_in(page, live_server.url, world.behandler.username, f"/forloeb/{course.pk}/")
    section = page.locator("#national-registrering")
    section.wait_for()
    warning = page.locator("#register-answers-form").locator("xpath=ancestor::details/preceding-sibling::div[1]")
    assert "Boligsituation mangler" in warning.inner_text()
    form = page.locator("#register-answers-form")
    form.get_by_label("Tidligere alkoholbehandling").select_option("1")
    form.get_by_label("Antal genstande den seneste typiske uge", exact=True).fill("900")
    form.get_by_label("Boligsituation").select_option("1")
    form.get_by_role("button").click()
    page.wait_for_load_state()
    # Refused: the range is said at the field and the answers typed are kept.
    assert "700" in page.locator("#register-answers-form").inner_text()
    assert page.locator("#register-answers-form").get_by_label("Boligsituation").input_value() == "1"
    assert not CourseAnswers.objects.filter(course=course).exists()
    shot(page, "50-registrering-afvist")

    form = page.locator("#register-answers-form")
    form.get_by_label("Antal genstande den seneste typiske uge", exact=True).fill("40")
    for label, value in [
        ("Antal dage med alkohol de seneste 30 dage", "20"),
        ("Antal dage med mere end 5 genstande de seneste 30 dage", "10"),
        ("Alder ved debut af alkoholproblemer", "30"),
    ]:
        form.get_by_label(label).fill(value)
    for label, value in [
        ("Samlivsstatus", "2"),
        ("Hovedindtægtskilde (beskæftigelse og forsørgelse)", "1"),
        ("Højeste fuldførte uddannelse", "3"),
    ]:
        form.get_by_label(label).select_option(value)
    form.get_by_role("button").click()
    page.wait_for_load_state()
    assert (
        "Alt, hvad registeret spørger om, er registreret."
        in page.locator("#national-registrering").locator("xpath=..").inner_text()
    )
    shot(page, "51-registrering-komplet")
    assert CourseAnswers.objects.get(course=course).answers["units_week"] == 40


def test_the_visitator_answers_the_intake_questions_when_starting_the_course(world, live_server, page):  # noqa: F811
    citizen = new_citizen(world, municipality=world.faxe.municipality)
    request = new_request(world, citizen)

    sign_in(page, live_server.url, world.visitator.username, f"/henvendelser/{request.pk}/")
    form = page.locator("form", has=page.locator("input[name=decision][value=course]"))
    form.get_by_label("Ansvarlig").select_option(str(world.behandler.pk))
    form.get_by_label("National tilbudstype").select_option("ambulant")
    form.get_by_label("Boligsituation").select_option("4")
    form.get_by_label("Antal dage med alkohol de seneste 30 dage").fill("31")
    shot(page, "52-visitation-med-registrering")
    form.get_by_role("button", name="Start forløb").click()
    page.wait_for_load_state()
    # Refused at the field: no course, the answers kept.
    assert not Course.objects.filter(request=request).exists()
    form = page.locator("form", has=page.locator("input[name=decision][value=course]"))
    assert form.get_by_label("Boligsituation").input_value() == "4"
    form.get_by_label("Antal dage med alkohol de seneste 30 dage").fill("12")
    form.get_by_role("button", name="Start forløb").click()
    page.get_by_role("heading", name="National registrering").wait_for()
    course = Course.objects.get(request=request)
    assert CourseAnswers.objects.get(course=course).answers == {"housing": "4", "drinking_days": 12}
