# SPDX-License-Identifier: AGPL-3.0-or-later
"""GET /stats/scopes, and a municipality's statistics asked for by its official code
(``scope=municipality_code:<code>``)."""

from forlob.common.dates import today
from tests.api.clients import api_client

YEARS = f"first_year={today().year - 1}&last_year={today().year}"


def test_it_requires_a_token(world):
    assert api_client(None).get("/api/v1/stats/scopes").status_code == 401


def test_it_lists_my_scopes_with_the_municipality_code(world):
    scopes = api_client(world.analytiker).get("/api/v1/stats/scopes").json()
    municipality = world.faxe.municipality
    assert {
        "key": f"municipality:{municipality.pk}",
        "kind": "municipality",
        "label": "Borgere i Faxe",
        "municipality_code": "320",
    } in scopes
    assert {
        "key": f"unit:{world.faxe.pk}",
        "kind": "unit",
        "label": world.faxe.name,
        "municipality_code": None,
    } in scopes


def test_it_takes_the_municipality_code_as_the_scope(world):
    client = api_client(world.analytiker)
    by_code = client.get(f"/api/v1/stats/courses-started?scope=municipality_code:320&{YEARS}")
    by_id = client.get(f"/api/v1/stats/courses-started?scope=municipality:{world.faxe.municipality.pk}&{YEARS}")
    assert by_code.status_code == 200
    assert by_code.json() == by_id.json()


def test_it_refuses_another_municipality(world):
    client = api_client(world.analytiker)
    for code in ("851", "999"):
        response = client.get(f"/api/v1/stats/courses-started?scope=municipality_code:{code}&{YEARS}")
        assert response.status_code == 403
        assert response.json() == {
            "detail": "Dine roller giver ikke adgang til statistik for denne enhed eller kommune."
        }
    # No code at all is not a scope: the schema's format refuses it.
    response = client.get(f"/api/v1/stats/courses-started?scope=municipality_code:&{YEARS}")
    assert response.status_code == 422 and response.json()["detail"][0]["field"] == "scope"
