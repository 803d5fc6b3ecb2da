# SPDX-License-Identifier: AGPL-3.0-or-later
"""A clinician's day in a real headless Chromium: a request with other substances, the course,
two sessions with notes, an AUDIT and the end of the course; the journal shows it all in order,
and so does its print view. Screenshots go to var/screenshots/ (journal.png, journal-print.png)."""

import pytest

from forlob.audit.models import AccessLogEntry, Use
from forlob.common.dates import today
from forlob.treatment.models import Course
from tests.conftest import new_citizen
from tests.test_browser import page, shot, sign_in  # noqa: F401  (the page fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_clinicians_day_ends_in_the_journal_and_its_print(world, live_server, page):  # noqa: F811
    citizen = new_citizen(world, first_name="Jens", last_name="Jensen")
    sign_in(page, live_server.url, world.leder.username, path=f"/borgere/{citizen.pk}/")
    page.get_by_role("heading", name="Jens Jensen").wait_for()

    page.get_by_role("link", name="Ny henvendelse").last.click()
    page.get_by_label("Kanal").select_option("gp")
    page.get_by_label("Hovedrusmiddel").select_option("alcohol")
    page.get_by_label("Alkohol").check()  # the main substance again: refused
    page.get_by_label("Cannabis").check()
    page.get_by_label("Lovgrundlag").select_option("sul_141")
    page.get_by_role("button", name="Registrér henvendelse").click()
    page.get_by_text("Alkohol er hovedrusmidlet; vælg det ikke også blandt de andre rusmidler.").wait_for()
    page.get_by_label("Alkohol").uncheck()
    page.get_by_role("button", name="Registrér henvendelse").click()
    page.get_by_text("Henvendelsen er registreret").wait_for()
    page.locator("dd", has_text="Cannabis").wait_for()  # other substances shown on the request

    page.get_by_label("National tilbudstype").select_option("ambulant")
    page.get_by_label("Ansvarlig").select_option(str(world.leder.pk))
    page.get_by_role("button", name="Start forløb").click()
    page.get_by_text("Beslutningen er registreret").wait_for()
    page.locator("dd", has_text="Cannabis").wait_for()  # and on the course
    course = Course.objects.get()

    for note in ("Første samtale: motivation og mål drøftet.", "Anden samtale: plan for weekenden lagt."):
        form = page.locator("#session-form")
        form.get_by_label("Art").select_option("individual")
        form.get_by_label(world.leder.get_full_name()).check()
        form.get_by_label("Notat").fill(note)
        page.get_by_role("button", name="Registrér samtale").click()
        page.get_by_text("Samtalen er registreret").wait_for()

    page.get_by_role("link", name="AUDIT", exact=True).click()
    for n in range(1, 11):
        page.locator(f'input[name="q{n}"]').nth(1 if n <= 3 else 0).check()
    page.get_by_role("button", name="Gem").click()
    page.get_by_text("AUDIT er gemt: 3 point").wait_for()

    page.goto(f"{live_server.url}/forloeb/{course.pk}/")
    page.get_by_role("link", name="Afslut forløb").click()
    page.get_by_role("heading", name="Afslut forløb: Jens Jensen").wait_for()
    page.get_by_label("Afslutningsårsag").select_option("completed")
    page.get_by_role("button", name="Afslut forløbet").click()
    page.get_by_text("Forløbet er afsluttet").wait_for()

    titles = page.locator("#journal ~ ol.journal .journal-head").all_text_contents()
    expected = ["Henvendelse modtaget", "Forløb startet", "Individuel samtale", "Individuel samtale", "AUDIT"]
    expected.append("Forløb afsluttet: Færdigbehandlet")
    assert [next(e for e in expected if e in t) for t in titles] == expected, titles
    journal_text = page.locator("#journal ~ ol.journal").inner_text()
    assert journal_text.index("Første samtale") < journal_text.index("Anden samtale")

    page.get_by_role("link", name="Hele journalen, udskrift og PDF").click()
    page.get_by_role("heading", name="Journal: Ambulant behandling: Jens Jensen").wait_for()
    shot(page, "journal")
    page.get_by_role("button", name="Udskriftsvisning").click()
    page.get_by_text("Angiv formålet med udskriften.").wait_for()  # no purpose, no print
    page.get_by_label("Formål").fill("Sagskonference")
    page.get_by_role("button", name="Udskriftsvisning").click()
    page.get_by_role("heading", name="Journal: Ambulant behandling: Jens Jensen").wait_for()
    page.get_by_text("Formål").wait_for()
    printed = page.locator("body").inner_text()
    assert printed.index("Henvendelse modtaget") < printed.index("Første samtale") < printed.index("Anden samtale")
    assert printed.index("Anden samtale") < printed.index("AUDIT") < printed.index("Forløb afsluttet")
    assert "Sagskonference" in printed and "Registrér samtale" not in printed
    page.emulate_media(media="print")
    shot(page, "journal-print")
    assert AccessLogEntry.objects.filter(
        citizen=citizen, use=Use.EXPORT, purpose="Sagskonference", via="course_journal_print"
    ).exists()
    assert course.sessions.filter(held_on=today()).count() == 2
