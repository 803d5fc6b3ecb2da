# SPDX-License-Identifier: AGPL-3.0-or-later
"""A strategy's status: live indicators worked out by hand, indicators entered by hand, initiative
status and notes, and the committee's report read back from the PDF and the Word file."""

import io
import re
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from forlob.common.dates import today
from forlob.strategy.actions import (
    AreaData,
    GoalData,
    IndicatorData,
    InitiativeData,
    StrategyData,
    create_strategy,
    delete_set_up,
    save_set_up,
    set_actual,
    update_initiative,
)
from forlob.strategy.models import Area, Goal, Indicator, Initiative, StatusNote, Strategy
from forlob.treatment import actions
from tests.conftest import new_citizen, new_course
from tests.test_views import client_for

SCRIPT = "<script>alert('x')</script>"


@pytest.fixture
def strategy(world):  # type: ignore[no-untyped-def]
    faxe = world.faxe.municipality
    found = Strategy.objects.create(
        municipality=faxe, title="Rusmiddelstrategi 2024–2027", first_year=2024, last_year=2027
    )
    area = Area.objects.create(strategy=found, title="Borgere i behandling", position=1)
    goal = Goal.objects.create(area=area, text="Flere gennemfører behandlingen")
    Indicator.objects.create(goal=goal, name="Forløb startet", live="courses_started", baseline=4, target=8)
    Indicator.objects.create(goal=goal, name="Andel færdigbehandlet", live="completion_share", baseline=40, target=50)
    Indicator.objects.create(goal=goal, name="Unge der har prøvet hash (%)", baseline=20, target=15)
    Initiative.objects.create(area=area, title="Gruppeforløb for unge", department="Rusmiddelcentret")
    # Ten Faxe citizens start a course in 2025; five complete it and five are still in treatment.
    for n in range(10):
        citizen = new_citizen(world, f"0101{70 + n}1234", municipality=faxe)
        course = new_course(world, citizen, started_on=date(2025, 3, 1))
        if n < 5:
            actions.discharge_course(world.actor(world.behandler), course, date(2025, 9, 1), "completed")
    return found


def test_the_status_page_works_out_live_indicators_and_keeps_the_hand_entered(world, strategy):
    leader = world.actor(world.leder)
    manual = Indicator.objects.get(live="")
    with pytest.raises(ValidationError, match="kilden"):
        set_actual(leader, manual, "17", "")
    set_actual(leader, manual, "17,0", "Ungeprofilen 2025")
    with pytest.raises(ValidationError, match="Kun kommunens ledere"):
        set_actual(world.actor(world.behandler), manual, "12", "Ungeprofilen 2025")

    page = client_for(world.leder).get(reverse("strategy_detail", args=[strategy.pk]) + "?aar=2025").content.decode()
    rows = [row for row in page.split("<tr") if "Forløb startet" in row or "Andel færdigbehandlet" in row]
    cells = [[c.split(">", 1)[1].split("<")[0] for c in row.split("<td")[1:]] for row in rows]
    assert cells[0][2:] == ["4", "8", "10", "Nået"]  # baseline, target, 10 started, reached
    assert cells[1][2:] == ["40", "50", "50", "Nået"]  # 5 of 10 completed


def test_initiative_status_and_the_report_as_pdf_and_word(world, strategy):
    import docx

    initiative = Initiative.objects.get()
    leader = world.actor(world.leder)
    with pytest.raises(ValidationError, match="fremtiden"):
        update_initiative(leader, initiative, "in_progress", "Startet", today() + timedelta(days=1), 1)
    update_initiative(leader, initiative, "in_progress", f"To grupper i gang. {SCRIPT}", today(), 1)
    with pytest.raises(ValidationError, match="efter at du åbnede siden"):
        update_initiative(leader, initiative, "done", "Afsluttet", today(), 1)  # made from version 1
    set_actual(leader, Indicator.objects.get(live=""), "17", "Ungeprofilen 2025")

    client = client_for(world.leder)
    page = client.get(reverse("strategy_detail", args=[strategy.pk]) + "?aar=2025").content.decode()
    assert "I gang" in page and "&lt;script&gt;" in page and SCRIPT not in page

    pdf = client.get(reverse("strategy_report", args=[strategy.pk]) + "?aar=2025&format=pdf")
    assert pdf["Content-Type"] == "application/pdf"
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages))
    for expected in (
        "Rusmiddelstrategi 2024–2027",
        "Faxe Kommune",
        "Status 2025",
        "Gruppeforløb for unge",
        "I gang",
        "To grupper i gang.",
        "Ungeprofilen 2025",
        "Ikke nået",
        "Kilde: Forløb, udtrukket",
    ):
        assert expected in text, expected

    word = client.get(reverse("strategy_report", args=[strategy.pk]) + "?aar=2025&format=docx")
    document = docx.Document(io.BytesIO(word.content))
    paragraphs = [p.text for p in document.paragraphs]
    cells = [[c.text for c in row.cells] for table in document.tables for row in table.rows]
    assert paragraphs[0] == "Rusmiddelstrategi 2024–2027" and "Borgere i behandling" in paragraphs
    assert [
        "Gruppeforløb for unge",
        "Rusmiddelcentret",
        "I gang",
        f"{today():%d.%m.%Y}: To grupper i gang. {SCRIPT}",
    ] in cells
    assert ["Forløb startet", "Forløb", "4", "8", "10", "Nået"] in cells
    assert ["Andel færdigbehandlet", "Forløb", "40", "50", "50", "Nået"] in cells
    assert ["Unge der har prøvet hash (%)", "Ungeprofilen 2025", "20", "15", "17", "Ikke nået"] in cells
    assert len(document.inline_shapes) == 1  # the chart


def test_strategies_are_for_the_municipalitys_statistics_roles(world, strategy):
    assert client_for(world.other_behandler).get(reverse("strategy_detail", args=[strategy.pk])).status_code == 404
    assert client_for(world.administrator).get(reverse("strategy_list")).status_code == 403
    listed = client_for(world.analytiker).get(reverse("strategy_list")).content.decode()
    assert "Rusmiddelstrategi 2024–2027" in listed


def _strategy_data(municipality, **changes):  # type: ignore[no-untyped-def]
    area = AreaData(
        "Unge",
        [GoalData("Færre unge ryger hash", [IndicatorData("Prøvet hash (%)", source="Ungeprofilen", target=15)])],
        [InitiativeData("Rusmiddelpolitik", "Forebyggelse")],
    )
    fields = {"title": "Strategi 2026–2029", "first_year": 2026, "last_year": 2029, "areas": [area]}
    return StrategyData(municipality, **(fields | changes))


def test_create_strategy_writes_the_whole_strategy_with_its_history(world):
    strategy = create_strategy(world.actor(world.administrator), _strategy_data(world.faxe.municipality))
    area = strategy.areas.get()
    assert area.position == 1 and area.goals.get().indicators.get().source == "Ungeprofilen"
    assert area.initiatives.get().status == "planned"
    for model in (Strategy, Area, Goal, Indicator, Initiative):
        assert model.history.filter(history_type="+").count() == 1, model


def test_only_the_municipalitys_administrators_set_up_its_strategy(world):
    data = _strategy_data(world.aalborg.municipality)
    for user in (world.administrator, world.leder):  # Faxe's administrator; a leader
        with pytest.raises(ValidationError) as refused:
            create_strategy(world.actor(user), data)
        assert refused.value.error_dict["__all__"][0].code == "not_allowed"
    assert not Strategy.objects.exists() and not Strategy.history.exists()


def test_create_strategy_validates_and_saves_nothing_when_refused(world):
    admin = world.actor(world.administrator)
    with pytest.raises(ValidationError) as refused:
        create_strategy(admin, _strategy_data(world.faxe.municipality, first_year=2030))
    assert refused.value.error_dict["last_year"][0].code == "order"
    live_with_actual = AreaData(
        "Behandling", [GoalData("Flere", [IndicatorData("Startet", live="courses_started", actual=3)])]
    )
    with pytest.raises(ValidationError, match="beregnes ud fra Forløbs data"):
        create_strategy(admin, _strategy_data(world.faxe.municipality, areas=[live_with_actual]))
    assert not Strategy.objects.exists() and not Area.objects.exists()


def test_set_up_changes_and_deletes_go_through_the_actions(world):
    admin = world.actor(world.administrator)
    strategy = create_strategy(admin, _strategy_data(world.faxe.municipality))
    initiative = Initiative.objects.get()
    initiative.title = "Rusmiddelpolitik på alle skoler"
    save_set_up(admin, initiative)
    assert Initiative.objects.get().version == 2  # a status form made before the change is refused
    with pytest.raises(ValidationError) as refused:
        delete_set_up(world.actor(world.leder), strategy)
    assert refused.value.error_dict["__all__"][0].code == "not_allowed"
    pk = strategy.pk
    delete_set_up(admin, strategy)
    assert not Strategy.objects.filter(pk=pk).exists()
    assert Strategy.history.filter(id=pk, history_type="-").exists()


def test_the_admin_sets_a_strategy_up_through_the_actions(world):
    client = client_for(world.administrator)
    response = client.post(
        "/admin/strategy/strategy/add/",
        {
            "municipality": world.faxe.municipality.pk,
            "title": "Strategi fra admin",
            "first_year": 2026,
            "last_year": 2028,
            "description": "",
            "areas-TOTAL_FORMS": 1,
            "areas-INITIAL_FORMS": 0,
            "areas-0-title": "Unge",
            "areas-0-position": 1,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    strategy = Strategy.objects.get(title="Strategi fra admin")
    assert strategy.areas.get().title == "Unge"
    assert {h.history_user.username for h in Strategy.history.all()} == {world.administrator.username}
    # Aalborg's municipality is not one Faxe's administrator can choose.
    response = client.post(
        "/admin/strategy/strategy/add/",
        {"municipality": world.aalborg.municipality.pk, "title": "X", "first_year": 2026, "last_year": 2028},
    )
    assert response.status_code == 200 and not Strategy.objects.filter(title="X").exists()


def test_a_status_note_keeps_its_history(world, strategy):
    initiative = Initiative.objects.get()
    update_initiative(world.actor(world.leder), initiative, "planned", "Skrevet", today(), 1)
    assert StatusNote.history.filter(history_type="+", text="Skrevet").count() == 1


def test_the_new_refusals_have_their_danish_text_in_the_catalogue():
    """Compiled when the catalogue is next built; until then the messages show in English."""
    catalogue = (settings.BASE_DIR / "locale/da/LC_MESSAGES/django.po").read_text()
    for msgid, danish in (
        ("Only the municipality's administrators set up its strategies.", "Kun kommunens administratorer"),
        ("The strategy cannot end before it starts.", "Strategien kan ikke slutte"),
    ):
        assert f'msgid "{msgid}"\nmsgstr "{danish}' in catalogue
