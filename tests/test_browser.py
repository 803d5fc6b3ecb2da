# SPDX-License-Identifier: AGPL-3.0-or-later
"""The core chain in a real headless Chromium: log in, register a citizen and a request, start a
course, register a session, discharge. A screenshot of each screen goes to var/screenshots/."""

import os
import re
import shutil
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import sync_playwright
from pypdf import PdfReader

from forlob.audit.models import AccessLogEntry, LogReview
from forlob.citizens.models import TargetGroup, TargetGroupMarker
from forlob.common.dates import today
from forlob.kl12 import actions as kl12_actions
from forlob.organisations.models import Cluster, Region, Role
from forlob.oversight.actions import previous_month
from forlob.treatment.models import Course, Request
from tests.conftest import CPR_1, PASSWORD, family_house, logged_at, make_user, new_citizen
from tests.test_security import code_for
from tests.test_stats_reports import build_guarantee
from tests.test_target_groups import danish

# Playwright's sync API runs an event loop in this thread; the test's own ORM calls are safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def page(live_server):
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--lang=da-DK"],
        )
        context = browser.new_context(locale="da-DK", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(15000)
        # Chromium reports every script or style the Content Security Policy blocks on the console.
        blocked: list[str] = []
        page.on("console", lambda msg: blocked.append(msg.text) if "Content Security Policy" in msg.text else None)
        yield page
        assert not blocked, blocked
        # While Playwright's event loop runs, Django keeps the test's ORM connection per context,
        # not per thread; close it here, or PostgreSQL refuses to drop the test database.
        connections.close_all()
        browser.close()


def sign_in(page, base_url: str, username: str, path: str = "/") -> None:
    """Open ``path`` and sign in on the login page it leads to."""
    page.goto(base_url + path)
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_request_course_session_discharge(world, live_server, page):
    page.goto(live_server.url + "/")
    shot(page, "01-login")
    sign_in(page, live_server.url, world.leder.username)
    page.get_by_role("heading", name="Mit overblik").wait_for()
    shot(page, "02-mit-overblik")

    page.get_by_role("link", name="Borgere").first.click()
    page.get_by_role("link", name="Opret ny borger").first.click()
    page.get_by_label("CPR-nummer").fill("010180-1234")
    page.get_by_label("Fornavn").fill("Jens")
    page.get_by_label("Efternavn").fill("Jensen")
    shot(page, "03-opret-borger")
    page.get_by_role("button", name="Opret borger").click()
    page.get_by_role("heading", name="Jens Jensen").wait_for()
    page.get_by_role("link", name="Tilføj til husstand og netværk").click()
    page.get_by_label("Relation").select_option("child")
    page.get_by_label("Navn").fill("Emma")
    page.get_by_label("Fødselsår").fill(str(today().year - 9))
    page.get_by_label("Bor i husstanden").check()
    shot(page, "04a-husstand")
    page.get_by_role("button", name="Gem").click()
    page.get_by_text("1 barn under 18 i husstanden.").wait_for()
    page.get_by_text("Børnenes situation er ikke vurderet").wait_for()
    page.get_by_role("link", name="Registrér samtykke").click()
    page.get_by_label("Opfølgende kontakt efter behandling").check()
    page.get_by_label("Telefon til opfølgning").fill("22334455")
    page.get_by_label("Foretrukket tidspunkt").fill("Hverdage efter kl. 16")
    shot(page, "04b-samtykke")
    page.get_by_role("button", name="Gem").click()
    page.get_by_text("Samtykket er registreret").wait_for()
    page.get_by_text("I kraft").wait_for()
    shot(page, "04-borgerside")

    page.get_by_role("link", name="Ny henvendelse").last.click()
    page.get_by_label("Modtaget").fill((today() - timedelta(days=2)).isoformat())
    page.get_by_label("Kanal").select_option("gp")
    page.get_by_label("Hovedrusmiddel").select_option("alcohol")
    page.get_by_label("Lovgrundlag").select_option("sul_141")
    shot(page, "05-henvendelse")
    page.get_by_role("button", name="Registrér henvendelse").click()
    page.get_by_text("Henvendelsen er registreret").wait_for()
    assert Request.objects.get().deadline == today() - timedelta(days=2) + timedelta(days=14)

    page.get_by_role("link", name="Visitation").first.click()
    page.get_by_role("link", name="Jens Jensen").click()
    shot(page, "06-visitation")
    page.get_by_label("National tilbudstype").select_option("ambulant")
    page.get_by_label("Ansvarlig").select_option(str(world.behandler.pk))
    page.get_by_label("Mål").fill("Ædru i weekenden")
    page.get_by_role("button", name="Start forløb").click()
    page.get_by_text("Beslutningen er registreret").wait_for()
    shot(page, "07-forloeb")
    course = Course.objects.get()

    page.locator("#session-form").get_by_label("Art").select_option("individual")
    page.locator("#session-form").get_by_label(world.leder.get_full_name()).check()
    page.get_by_role("button", name="Registrér samtale").click()
    page.get_by_text("Samtalen er registreret").wait_for()
    assert course.sessions.count() == 1

    page.get_by_role("link", name="Afslut forløb").click()
    page.get_by_role("button", name="Afslut forløbet").click()
    page.locator(".form-error-message").first.wait_for()
    shot(page, "08-udskrivning-fejl")
    page.get_by_label("Afslutningsårsag").select_option("completed")
    page.get_by_role("button", name="Afslut forløbet").click()
    page.get_by_text("Forløbet er afsluttet").wait_for()
    shot(page, "09-afsluttet")
    course.refresh_from_db()
    assert (course.end_reason, course.closed_by_id) == ("completed", world.leder.pk)

    # Completed, with consent: follow-ups at 3 and 6 months wait on the closer's worklist.
    page.get_by_role("link", name="Opfølgning").first.click()
    page.get_by_role("link", name="Senere (2)").click()
    page.get_by_text("22334455").first.wait_for()
    shot(page, "10-opfoelgning-arbejdsliste")
    page.get_by_role("link", name="Jens Jensen").first.click()
    page.locator("#id_reached_0").check()  # contact made: yes
    page.get_by_role("button", name="Gem").click()
    page.get_by_text("Angiv, hvordan forbruget er i forhold til ved afslutningen.").wait_for()
    page.get_by_label("Reduceret").check()
    page.locator("#id_new_treatment_needed_1").check()  # new treatment needed: no
    page.get_by_label("Tilfredshed med behandlingen").select_option("4")
    shot(page, "11-kort-skema")
    page.get_by_role("button", name="Gem").click()
    page.get_by_text("Opfølgningen er afsluttet.").wait_for()
    first = course.follow_ups.order_by("months").first()
    assert (first.status, first.use_change, first.new_treatment_needed, first.satisfaction) == (
        "reached",
        "reduced",
        False,
        4,
    )
    page.get_by_role("link", name=f"Alle opfølgninger i {world.faxe.name}").click()
    page.get_by_role("heading", name="Opnåelsesgrad").wait_for()
    shot(page, "12-opfoelgning-enhed")


def test_two_factor_setup_emergency_access_and_log_review(world, live_server, page, settings):
    settings.FORLOB_REQUIRE_2FA = True
    citizen = new_citizen(world, CPR_1)
    _house, staff = family_house(world)  # another unit of the citizen's municipality
    sign_in(page, live_server.url, staff.username)
    page.get_by_role("heading", name="Opsæt tofaktor-login").wait_for()
    shot(page, "10-tofaktor-opsaetning")
    device = TOTPDevice.objects.get(user=staff)
    page.get_by_label("Kode fra din godkendelsesapp").fill(code_for(device))
    page.get_by_role("button", name="Bekræft og fortsæt").click()
    page.get_by_role("heading", name="Mit overblik").wait_for()

    # A citizen outside the user's units: not found, then opened with emergency access.
    page.get_by_role("link", name="Borgere").first.click()
    page.get_by_label("Søg").fill(CPR_1)
    page.get_by_role("button", name="Søg").click()
    page.get_by_text("Borgeren findes ikke i dine enheder").wait_for()
    page.get_by_role("link", name="Nødadgang").click()
    page.get_by_label("CPR-nummer").fill(CPR_1)
    page.get_by_label("Begrundelse").fill("Borgeren er indlagt akut og oplyser behandling på rusmiddelcentret.")
    shot(page, "11-noedadgang")
    page.get_by_role("button", name="Åbn med nødadgang").click()
    page.get_by_role("heading", name=citizen.display_name).wait_for()
    page.get_by_text("via nødadgang").first.wait_for()
    shot(page, "12-borger-via-noedadgang")


def test_leader_reviews_last_months_log_sample(world, live_server, page):
    new_citizen(world, CPR_1)
    new_citizen(world, "1505920001", first_name="Ida", last_name="Holm")
    month = previous_month(today())
    logged_at(timezone.make_aware(datetime(month.year, month.month, 12, 10)), AccessLogEntry.objects.all())
    sign_in(page, live_server.url, world.leder.username)
    page.get_by_role("button", name="Mere").click()  # the menu's last items are under "Mere"
    page.get_by_role("link", name="Logkontrol").first.click()
    page.get_by_role("heading", name="Logkontrol").wait_for()
    shot(page, "13-logkontrol")
    page.get_by_role("link", name=month.strftime("%Y")).first.click()
    rows = page.locator("tbody tr")
    assert rows.count() == 2
    page.get_by_role("button", name="Registrér logkontrollen").click()
    page.get_by_text("Bekræft eller markér hver række.").first.wait_for()
    assert page.get_by_text("Bekræft eller markér hver række.").count() == 2
    rows.nth(0).get_by_label("Bekræftet: arbejdsbetinget").check()
    rows.nth(1).get_by_label("Markeret til opfølgning").check()
    rows.nth(1).get_by_label("Notat").fill("Ingen sag i enheden")
    shot(page, "14-logkontrol-stikproeve")
    page.get_by_role("button", name="Registrér logkontrollen").click()
    page.get_by_text("Logkontrollen er registreret").wait_for()
    review = LogReview.objects.get(unit=world.faxe, month=month)
    assert review.completed_by_id == world.leder.pk
    assert sorted(review.items.values_list("verdict", flat=True)) == ["confirmed", "flagged"]


def test_filling_audit_with_the_keyboard_shows_the_live_total_and_the_band(world, live_server, page):
    from forlob.instruments.actions import ResponseData, record_response
    from tests.conftest import new_course

    course = new_course(world, started_on=today() - timedelta(days=40))
    sign_in(page, live_server.url, world.behandler.username, path=f"/forloeb/{course.pk}/")
    page.get_by_role("heading", name="Screening og målinger").wait_for()
    page.get_by_role("link", name="AUDIT", exact=True).click()
    page.get_by_role("heading", name="AUDIT – alkoholforbrug").wait_for()

    # Keyboard: the first answer, then the arrow keys move within the question's answers.
    page.locator('input[name="q1"]').first.focus()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert page.locator('input[name="q1"]:checked').get_attribute("value") == "2"
    assert page.locator("#live-total").text_content() == "2 (1/10)"
    for n, option in [(2, 1), (3, 1), (4, 1), (5, 1), (6, 1), (7, 1)]:
        page.locator(f'input[name="q{n}"]').nth(option).check()
    assert page.locator("#live-total").text_content() == "8 (7/10)"
    page.get_by_role("button", name="Gem").click()  # three questions unanswered
    page.get_by_text("Besvar dette spørgsmål.").first.wait_for()
    assert page.locator(".form-error-message").count() == 3
    assert page.locator('input[name="q1"]:checked').get_attribute("value") == "2"  # nothing lost
    assert page.locator("#live-total").text_content() == "8 (7/10)"
    for n in (8, 9, 10):
        page.locator(f'input[name="q{n}"]').first.check()
    shot(page, "20-audit")
    page.get_by_role("button", name="Gem").click()
    page.get_by_text("AUDIT er gemt: 8 point, Zone II: risikabelt forbrug.").wait_for()

    answers = {f"q{n}": "0" for n in range(1, 11)}
    record_response(world.actor(world.behandler), course, ResponseData("audit", "discharge", today(), answers))
    page.reload()
    page.locator('svg[aria-label="Diagram: AUDIT gennem forløbet. Tallene står i tabellen."]').wait_for()
    comparison = page.locator("table", has_text="Indskrivning sammenlignet med afslutning")
    assert comparison.locator("tbody tr").inner_text().split() == ["I", "alt", "8", "0", "-8"]
    shot(page, "21-maalinger")


def test_registering_a_prevention_activity(world, live_server, page):
    sign_in(page, live_server.url, world.behandler.username)
    page.get_by_role("link", name="Forebyggelse").first.click()
    page.get_by_role("link", name="Registrér en aktivitet").click()
    page.get_by_label("Titel").fill("Oplæg om alkohol i 9. klasse")
    page.locator("input[name=level][value=primary]").check()  # Primær (generel)
    page.get_by_label("Fokusområde").select_option("teaching")
    page.get_by_label("Målgruppe").select_option("young")
    page.get_by_label("Arena").select_option("school")
    page.get_by_label("Deltagere").fill("48")
    page.get_by_label("Noter").fill("Eleverne spurgte mest til energidrikke og alkohol.")
    shot(page, "30-forebyggelse")
    page.get_by_role("button", name="Gem").click()
    page.get_by_text("Aktiviteten er registreret.").wait_for()
    page.get_by_role("link", name="Oplæg om alkohol i 9. klasse", exact=True).wait_for()
    page.get_by_text("1 aktivitet, 48 deltagere og 0 kontakter.").wait_for()
    shot(page, "31-forebyggelse-liste")


def test_marking_a_citizen_with_a_target_group_on_the_citizen_page(world, live_server, page):
    citizen = new_citizen(world, CPR_1, first_name="Jonas", last_name="Lund")
    sign_in(page, live_server.url, world.behandler.username, path=f"/borgere/{citizen.pk}/")
    page.get_by_role("heading", name="Jonas Lund").wait_for()
    page.get_by_text(danish("Record a target group"), exact=True).click()
    page.get_by_label("Målgruppe", exact=True).select_option(label="Unge under 25")
    date_field = page.get_by_label(danish("Belongs to the target group from"))
    date_field.fill((today() + timedelta(days=2)).isoformat())
    page.get_by_role("button", name=danish("Record the target group")).click()
    page.get_by_text(danish("The date cannot be in the future.")).wait_for()
    # The form comes back open, with the group chosen.
    assert page.get_by_label("Målgruppe", exact=True).input_value() == str(
        TargetGroup.objects.get(name="Unge under 25").pk
    )
    shot(page, "60-maalgruppe-fejl")
    date_field.fill((today() - timedelta(days=30)).isoformat())
    page.get_by_role("button", name=danish("Record the target group")).click()
    page.get_by_text(danish("The target group is recorded.")).wait_for()
    page.get_by_role("cell", name="Unge under 25", exact=True).wait_for()
    page.get_by_role("cell", name=f"{today() - timedelta(days=30):%d.%m.%Y}").wait_for()
    shot(page, "61-maalgruppe")
    marker = TargetGroupMarker.objects.get()
    assert (marker.citizen, marker.from_on, marker.ended_on, marker.unit) == (
        citizen,
        today() - timedelta(days=30),
        None,
        world.faxe,
    )


def test_a_public_contact_request_reaches_the_visitation_queue(world, live_server, page):
    world.faxe.public = True
    world.faxe.save()
    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    page.goto(live_server.url + "/find-behandling/")
    page.get_by_label("Din kommune").select_option("320")
    page.get_by_role("button", name="Vis behandlingstilbud").click()
    page.get_by_role("link", name="Bliv kontaktet").click()
    page.get_by_label("Mig selv").check()
    page.get_by_label("Dit navn").fill("Mette")
    page.get_by_label("Telefon").fill("00 00 00 09")
    page.get_by_label("Hvornår må vi ringe?").fill("Efter kl. 15")
    shot(page, "40-bliv-kontaktet")
    page.get_by_role("button", name="Send").click()
    page.get_by_role("heading", name="Tak for din besked").wait_for()
    shot(page, "41-tak")

    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server.url, world.visitator.username)
    page.get_by_role("link", name="Visitation").first.click()
    page.get_by_text("1 kontaktønske fra den offentlige side").wait_for()
    row = page.get_by_role("row").filter(has_text="Mette")
    assert f"{today():%d.%m.%Y}" in row.inner_text() and f"{today() + timedelta(days=14):%d.%m.%Y}" in row.inner_text()
    shot(page, "42-visitation-kontaktoensker")
    row.get_by_role("link", name="Mette").click()
    page.get_by_text("Efter kl. 15").wait_for()
    page.get_by_role("link", name="Registrér henvendelse").wait_for()


def test_kl12_answer_a_round_resolve_a_partly_and_download_the_cluster_pdf(world, live_server, page):
    region = Region.objects.get(code="1085")
    round_ = kl12_actions.open_round(
        world.actor(world.administrator), region, today().year, "Selvevaluering", today() + timedelta(days=14)
    )
    coordinator = make_user("koordinator", world.faxe, Role.KOORDINATOR)
    sign_in(page, live_server.url, world.leder.username)
    page.get_by_role("link", name="Al statistik").click()
    page.get_by_role("link", name="KL's 12 anbefalinger").click()
    page.get_by_role("link", name="Faxe").click()
    for indicator in round_.indicators.all():
        if indicator.counts_yes_no:
            value = "delvis" if indicator.code == "2.1" else "ja"
            page.locator(f'input[name="a{indicator.pk}_samlet"][value="{value}"]').check()
    page.locator(f'input[name="a{round_.indicators.get(code="5.3").pk}_samlet"]').fill("6")
    shot(page, "50-kl12-besvarelse")
    page.get_by_role("button", name=danish("Submit"), exact=True).click()
    page.get_by_text(danish("The answers for %(m)s have been submitted.") % {"m": "Faxe"}).wait_for()

    other = page.context.browser.new_context(locale="da-DK", viewport={"width": 1280, "height": 900}).new_page()
    sign_in(other, live_server.url, coordinator.username)
    other.goto(live_server.url + f"/kl12/{round_.pk}/klynge/{Cluster.objects.get(name='Klynge Syd').pk}/")
    form = other.locator("form.resolution").filter(has_text="Afgør delvis for Faxe")
    form.get_by_label("Ja").check()
    form.get_by_label("Begrundelse").fill("Handleplanen dækker synlighed.")
    form.get_by_role("button", name="Afgør").click()
    other.get_by_text("2.1 for Faxe er afgjort.").wait_for()
    other.get_by_text("Faxe: delvis afgjort til ja.").wait_for()
    shot(other, "51-kl12-klyngerapport")
    with other.expect_download() as download:
        other.get_by_role("link", name="Hent PDF").click()
    pdf = PdfReader(download.value.path())
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in pdf.pages))
    assert "Klynge Syd" in text and "Faxe: delvis afgjort til ja. Handleplanen dækker synlighed." in text
    assert "Deltog ikke: Guldborgsund, Lolland, Næstved, Stevns, Vordingborg." in text
    other.context.close()


def test_a_leader_reads_the_units_guarantee_exactly_with_a_full_width_chart(world, live_server, page):
    """The leader's own unit opens by default, in the internal view: 2025's two waiting past the
    deadline and three closed are shown as they are, beside the list of the two by name. The
    chart is under the table, as wide as the page's content. Published, the same table hides them."""
    build_guarantee(world)
    sign_in(page, live_server.url, "leder", "/statistik/behandlingsgaranti/?first_year=2024&last_year=2025")
    page.get_by_text("Interne tal: præcise tal").wait_for()
    row = page.locator("table.table").first.locator("tbody tr").nth(1)
    assert row.locator("td").nth(2).inner_text() == "2"  # waiting past the deadline, not "<5"
    chart = page.locator("figure.report-chart svg")
    table_box, chart_box = page.locator(".report-table").first.bounding_box(), chart.bounding_box()
    assert chart_box["y"] > table_box["y"] + table_box["height"] - 1  # below the table
    assert chart_box["width"] >= 900  # full width of the content, not a thumbnail beside it
    shot(page, "statistik-garanti-intern")
    page.get_by_label("Tal", exact=True).select_option("published")
    page.get_by_role("button", name="Vis").click()
    page.get_by_text("Offentliggjorte tal: små tal er skjult").wait_for()
    assert page.locator("table.table").first.locator("tbody tr").nth(1).locator("td").nth(2).inner_text() == "<5"
    assert page.get_by_text("Glemt0").count() == 0
    shot(page, "statistik-garanti-offentlig")


def test_recording_the_family_offer_and_the_children_in_a_session_on_the_course_page(world, live_server, page):
    """Located by the forms' ids, as the new texts wait for their Danish translation."""
    from forlob.family import actions as family_actions
    from forlob.family.models import FamilyOffer, SessionChild
    from forlob.treatment import actions as treatment_actions
    from tests.conftest import new_course

    course = new_course(world, started_on=today() - timedelta(days=14))
    actor = world.actor(world.behandler)
    emma = family_actions.add_relation(
        actor, course.citizen, family_actions.RelationData(kind="child", name="Emma", birth_year=today().year - 9)
    )
    session = treatment_actions.SessionData(
        held_on=today() - timedelta(days=7),
        kind="family",
        attendance="attended",
        staff=[world.behandler, world.familiekonsulent],
    )
    treatment_actions.register_session(actor, course, session)
    sign_in(page, live_server.url, world.behandler.username, path=f"/forloeb/{course.pk}/")
    offer = page.locator("#family-offer-form")
    offer.locator('[name="offer-offered_on"]').fill((today() - timedelta(days=14)).isoformat())
    offer.locator('[name="offer-note"]').fill("Tilbudt ved første samtale; partneren vil gerne deltage.")
    offer.locator('button[type="submit"]').click()
    answer = page.locator("#family-offer-answer-form")
    answer.wait_for()
    answer.locator('[name="answer-outcome"][value="accepted"]').check()
    answer.locator('[name="answer-answered_on"]').fill((today() - timedelta(days=10)).isoformat())
    answer.locator('button[type="submit"]').click()
    page.locator(".family-offer").get_by_text((today() - timedelta(days=10)).strftime("%d.%m.%Y")).wait_for()

    page.locator("details:has(#session-children-form) > summary").click()
    children = page.locator("#session-children-form")
    children.get_by_label("Emma").check()
    children.locator('button[type="submit"]').click()
    page.locator("#boern-i-samtaler + table").get_by_text("Emma").wait_for()
    page.locator("#familie").scroll_into_view_if_needed()
    shot(page, "50-familietilbud")
    offered = FamilyOffer.objects.get(course=course)
    assert (offered.outcome, offered.answered_on) == ("accepted", today() - timedelta(days=10))
    assert list(SessionChild.objects.values_list("relation_id", flat=True)) == [emma.pk]
