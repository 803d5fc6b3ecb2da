# SPDX-License-Identifier: AGPL-3.0-or-later
"""Errors under /api/ are JSON in the API's shape, whoever makes them, and each status an operation
can answer is in the schema with that body."""

from forlob.api.openapi import EVERY_OPERATION
from forlob.api.routes import api
from tests.api.clients import api_client, send
from tests.conftest import new_citizen


def test_it_answers_an_unknown_address_in_json(world):
    response = api_client(world.leder).get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json() == {"detail": "Findes ikke."}


def test_it_answers_a_body_that_is_not_json_in_json(world):
    response = api_client(world.leder).generic("POST", "/api/v1/groups", "{", content_type="application/json")
    assert response.status_code == 400
    assert set(response.json()) == {"detail"}


def test_it_answers_a_nul_in_the_address_in_json(world):
    response = api_client(world.leder).get("/api/v1/citizens?offset=%00")
    assert response.status_code == 400
    assert set(response.json()) == {"detail"}


def test_it_answers_a_server_error_in_json(world, monkeypatch):
    monkeypatch.setattr("forlob.treatment.api.CODE_LISTS", None)
    client = api_client(world.leder)
    client.raise_request_exception = False
    response = client.get("/api/v1/codes")
    assert response.status_code == 500
    assert set(response.json()) == {"detail"}


def test_it_refuses_a_time_with_an_offset_naming_the_field(world):
    body = {
        "unit_id": world.faxe.pk,
        "name": "Tirsdagsgruppen",
        "weekday": 1,
        "start_time": "00:00:00Z",
        "starts_on": "2026-01-06",
        "staff_ids": [world.behandler.pk],
    }
    response = send(api_client(world.leder), "POST", "/api/v1/groups", body)
    assert response.status_code == 422
    assert response.json() == {"detail": [{"field": "start_time", "message": "Ugyldig værdi."}]}


def test_it_refuses_a_number_for_a_date(world):
    response = api_client(world.leder).get("/api/v1/prevention/activities?last=0")
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "last"


def test_every_operation_declares_every_status_it_can_answer():
    for path, operations in api.get_openapi_schema()["paths"].items():
        for method, operation in operations.items():
            declared = set(operation["responses"])
            assert set(EVERY_OPERATION) <= declared, f"{method} {path}"
            if operation.get("parameters") or operation.get("requestBody"):
                assert "422" in declared, f"{method} {path}"


def test_a_created_request_links_to_starting_its_course():
    created = api.get_openapi_schema()["paths"]["/api/v1/requests"]["post"]["responses"]["201"]
    link = created["links"]["start_course_from_request"]
    assert link == {
        "operationId": "forlob_api_routes_start_course_from_request",
        "parameters": {"request_id": "$response.body#/id"},
    }


def test_it_refuses_a_body_that_is_not_an_object(world):
    citizen = new_citizen(world)
    response = send(api_client(world.leder), "PATCH", f"/api/v1/citizens/{citizen.pk}", [None, None])
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] is None
