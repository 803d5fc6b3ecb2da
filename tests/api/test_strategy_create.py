# SPDX-License-Identifier: AGPL-3.0-or-later
"""POST /strategies: a whole strategy set up by its municipality's administrators, as in the
administration."""

from forlob.strategy.models import Indicator, Initiative, Strategy
from tests.api.clients import api_client, send

BODY = {
    "municipality_code": "320",
    "title": "Rusmiddelstrategi 2026–2029",
    "first_year": 2026,
    "last_year": 2029,
    "areas": [
        {
            "title": "Unge",
            "goals": [{"text": "Færre unge prøver hash", "indicators": [{"name": "Andel (%)", "target": 15}]}],
            "initiatives": [{"title": "Gruppeforløb", "department": "Rusmiddelcentret"}],
        }
    ],
}


def _create(user, body=BODY, read_only=False):  # type: ignore[no-untyped-def]
    return send(api_client(user, read_only=read_only), "POST", "/api/v1/strategies", body)


def test_it_requires_a_token(world):
    assert _create(None).status_code == 401


def test_it_refuses_a_read_only_token(world):
    assert _create(world.administrator, read_only=True).status_code == 403
    assert not Strategy.objects.exists()


def test_it_creates_the_strategy_with_its_content_and_history(world):
    response = _create(world.administrator)
    assert response.status_code == 201, response.content
    created = response.json()
    assert (created["municipality_code"], created["may_keep"]) == ("320", False)
    assert created["areas"][0]["goals"][0]["indicators"][0]["target"] == "15.0"
    strategy = Strategy.objects.get()
    assert strategy.history.first().history_user == world.administrator
    assert Initiative.objects.get().history.first().history_user == world.administrator
    assert Indicator.objects.get().goal.area.strategy == strategy


def test_it_refuses_a_leader(world):
    response = _create(world.leder)
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] is None
    assert not Strategy.objects.exists()


def test_it_refuses_another_municipality(world):
    assert _create(world.administrator, {**BODY, "municipality_code": "851"}).status_code == 422
    assert _create(world.administrator, {**BODY, "municipality_code": "999"}).status_code == 422
    assert not Strategy.objects.exists()
