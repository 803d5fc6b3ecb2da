# SPDX-License-Identifier: AGPL-3.0-or-later
"""Strategies: read them, and keep their status (POST /initiatives/{id}/status, PUT
/indicators/{id}/actual) as the municipality's leaders do on the strategy page."""

from decimal import Decimal

import pytest

from forlob.common.dates import today
from forlob.strategy.models import Area, Goal, Indicator, Initiative, Strategy
from tests.api.clients import api_client, send


@pytest.fixture
def strategy(world):  # type: ignore[no-untyped-def]
    found = Strategy.objects.create(
        municipality=world.faxe.municipality, title="Rusmiddelstrategi 2024–2027", first_year=2024, last_year=2027
    )
    area = Area.objects.create(strategy=found, title="Borgere i behandling", position=1)
    goal = Goal.objects.create(area=area, text="Færre unge prøver hash")
    Indicator.objects.create(goal=goal, name="Unge der har prøvet hash (%)", baseline=20, target=15)
    Initiative.objects.create(area=area, title="Gruppeforløb for unge", department="Rusmiddelcentret")
    return found


def test_it_requires_a_token(world, strategy):
    assert api_client(None).get("/api/v1/strategies").status_code == 401


def test_it_reads_the_strategy_with_its_areas(world, strategy):
    assert api_client(world.analytiker).get("/api/v1/strategies").json()["count"] == 1
    detail = api_client(world.leder).get(f"/api/v1/strategies/{strategy.pk}").json()
    assert detail["may_keep"] is True and detail["municipality_code"] == "320"
    area = detail["areas"][0]
    assert area["initiatives"][0]["status"] == "planned"
    assert area["goals"][0]["indicators"][0]["target"] == "15.0"


def test_it_updates_an_initiative_with_history(world, strategy):
    initiative = Initiative.objects.get()
    body = {"status": "in_progress", "text": "Første hold er startet.", "version": 1}
    response = send(api_client(world.leder), "POST", f"/api/v1/initiatives/{initiative.pk}/status", body)
    assert response.status_code == 200, response.content
    assert response.json()["notes"] == [{"written_on": today().isoformat(), "text": "Første hold er startet."}]
    initiative.refresh_from_db()
    assert (initiative.status, initiative.version) == ("in_progress", 2)
    assert initiative.history.first().history_user == world.leder

    stale = send(api_client(world.leder), "POST", f"/api/v1/initiatives/{initiative.pk}/status", body)
    assert stale.status_code == 422


def test_it_sets_an_indicator_entered_by_hand_with_history(world, strategy):
    indicator = Indicator.objects.get()
    body = {"actual": 17.5, "source": "Ungeprofilen 2025"}
    response = send(api_client(world.leder), "PUT", f"/api/v1/indicators/{indicator.pk}/actual", body)
    assert response.status_code == 200, response.content
    indicator.refresh_from_db()
    assert (indicator.actual, indicator.source) == (Decimal("17.5"), "Ungeprofilen 2025")
    assert indicator.history.first().history_user == world.leder


def test_it_refuses_a_clinician_in_danish(world, strategy):
    indicator = Indicator.objects.get()
    body = {"actual": 12, "source": "Ungeprofilen 2025"}
    response = send(api_client(world.behandler), "PUT", f"/api/v1/indicators/{indicator.pk}/actual", body)
    assert response.status_code == 422
    assert response.json()["detail"][0]["message"] == "Kun kommunens ledere kan opdatere strategiens status."


def test_it_refuses_another_municipality(world, strategy):
    initiative = Initiative.objects.get()
    body = {"status": "done", "text": "Færdig.", "version": initiative.version}
    response = send(api_client(world.other_behandler), "POST", f"/api/v1/initiatives/{initiative.pk}/status", body)
    assert response.status_code == 404
    assert api_client(world.other_behandler).get(f"/api/v1/strategies/{strategy.pk}").status_code == 404


def test_it_refuses_a_read_only_token_for_writes(world, strategy):
    initiative = Initiative.objects.get()
    body = {"status": "done", "text": "Færdig."}
    client = api_client(world.leder, read_only=True)
    assert send(client, "POST", f"/api/v1/initiatives/{initiative.pk}/status", body).status_code == 403
    assert Initiative.objects.get().status == "planned"
