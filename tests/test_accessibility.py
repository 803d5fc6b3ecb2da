# SPDX-License-Identifier: AGPL-3.0-or-later
"""WCAG 2.1 AA on every main page, as each role sees it, checked in Chromium by axe-core
(vendored in tests/vendor, no network). A serious or critical violation fails the test with the
rule, the page and the offending elements."""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from forlob.common.dates import today
from forlob.coordination import actions as coordination_actions
from forlob.instruments.actions import ResponseData, record_response
from forlob.prevention import actions as prevention_actions
from forlob.treatment import actions as treatment_actions
from tests.conftest import PASSWORD, new_course
from tests.test_browser import CHROMIUM
from tests.test_instruments import answers
from tests.test_prevention import data as activity

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}

pytestmark = pytest.mark.browser
DATABASE = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def violations(page) -> list[str]:
    """The page's serious and critical WCAG 2.1 AA violations, one line each."""
    # Evaluated through the DevTools protocol, so the page's Content Security Policy, which
    # rightly forbids inline scripts, does not stop the checker.
    page.evaluate(AXE + ";0")
    found = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations"
        ".map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' '))}))",
        WCAG_21_AA,
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {', '.join(v['nodes'][:5])}"
        for v in found
        if v["impact"] in BLOCKING
    ]


def seeded(world):
    """A course with two sessions, an AUDIT, a coordinated action plan and a prevention activity, so
    pages have content."""
    course = new_course(world, started_on=today() - timedelta(days=20))
    actor = world.actor(world.behandler)
    for days in (14, 7):
        treatment_actions.register_session(
            actor,
            course,
            treatment_actions.SessionData(
                held_on=today() - timedelta(days=days),
                kind="individual",
                attendance="attended",
                staff=[world.behandler],
            ),
        )
    audit = ResponseData(
        "audit", "intake", today() - timedelta(days=14), answers("audit", [2, 2, 1, 1, 1, 1, 0, 0, 0, 0])
    )
    record_response(actor, course, audit)
    plan = coordination_actions.create_plan(
        actor, course, coordination_actions.PlanData("Ro på angsten", today() - timedelta(days=7), "Mette")
    )
    coordination_actions.add_party(actor, plan, coordination_actions.PartyData("regional_psychiatry", "Psykiatrien"))
    coordination_actions.add_action(actor, plan, coordination_actions.ActionData("Udredning", "Overlæge", today()))
    prevention_actions.register_activity(world.actor(world.leder), world.faxe, activity())
    return course


def pages_by_role(world, course) -> dict[str, list[str | tuple[str, int]]]:
    citizen = course.citizen.pk
    return {
        "": [
            "/log-ind/",
            "/find-behandling/",
            "/find-behandling/320/",
            "/find-behandling/320/bliv-kontaktet/",
            "/find-behandling/320/tak/",
        ],
        world.behandler.username: [
            "/",
            "/forloeb/",
            f"/forloeb/{course.pk}/",
            f"/forloeb/{course.pk}/maaling/audit/",
            f"/forloeb/{course.pk}/journal/",
            f"/samtaler/{course.sessions.first().pk}/notat/",
            f"/borgere/{citizen}/journal/",
            "/borgere/",
            f"/borgere/{citizen}/",
            f"/borgere/{citizen}/rediger/",
            "/borgere/ny/",
            "/opfoelgning/",
            "/grupper/",
            "/kalender/",
            "/kalender/abonnement/",
            "/medicin/udlevering/",
            f"/indsatsplaner/{course.action_plans.get().pk}/",
        ],
        world.visitator.username: ["/", "/visitation/", "/henvendelser/ny/", "/forloeb/nyt/"],
        world.leder.username: [
            "/",
            f"/kalender/enhed/{world.faxe.pk}/",
            "/tilbud/",
            "/statistik/sted-og-metode/",
            "/statistik/",
            "/statistik/behandlingsgaranti/",
            "/statistik/medicinsk/",
            "/statistik/alder/",
            "/logkontrol/",
            "/logkontrol/soeg/",
            "/roller/",
            "/statistik/kapacitet/",
            "/forebyggelse/",
            "/forebyggelse/ny/",
            "/samarbejdsaftaler/",
            "/samarbejdsaftaler/ny/",
            "/uddannelse/",
            "/kompetencer/",
            "/strategier/",
            "/kl12/",
        ],
        # The Danish error pages, as a signed-in user meets them.
        world.analytiker.username: [
            "/",
            "/statistik/",
            "/statistik/forloeb/",
            ("/logkontrol/", 403),
            ("/findes-ikke/", 404),
        ],
    }


@DATABASE
def test_every_main_page_has_no_serious_or_critical_wcag_violation(world, live_server):
    world.faxe.public = True
    world.faxe.save()
    course = seeded(world)
    found: dict[str, list[str]] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        )
        for username, paths in pages_by_role(world, course).items():
            context = browser.new_context(locale="da-DK", viewport={"width": 1280, "height": 900})
            page = context.new_page()
            if username:
                page.goto(live_server.url + "/log-ind/")
                page.get_by_label("Brugernavn").fill(username)
                page.get_by_label("Adgangskode").fill(PASSWORD)
                page.get_by_role("button", name="Log ind").click()
                page.wait_for_load_state()
            for path, status in ((entry, 200) if isinstance(entry, str) else entry for entry in paths):
                response = page.goto(live_server.url + path)
                assert response is not None and response.status == status, (
                    username,
                    path,
                    response and response.status,
                )
                if problems := violations(page):
                    found[f"{username or 'offentlig'} {path}"] = problems
            context.close()
        browser.close()
    assert not found, "\n".join(f"{where}:\n  " + "\n  ".join(lines) for where, lines in found.items())


def test_the_checker_catches_a_field_without_a_label_and_poor_contrast():
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.set_content(
            '<html lang="da"><head><title>Prøve</title></head><body><main><h1>Prøve</h1>'
            '<input type="text" name="cpr"><p style="color:#bbb;background:#fff">Lys tekst</p></main></body></html>'
        )
        found = violations(page)
        browser.close()
    assert [line.split(" ")[0] for line in found] == ["color-contrast", "label"]
