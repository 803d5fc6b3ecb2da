# SPDX-License-Identifier: AGPL-3.0-or-later
"""Contact requests from the public page in the API: GET /contacts, POST /contacts/{id}/request
and POST /contacts/{id}/close, as on the contact request's page."""

from datetime import timedelta

import pytest

from forlob.common.dates import today
from forlob.treatment import actions
from forlob.treatment.models import ContactRequest, ContactStatus
from tests.api.clients import api_client, send
from tests.conftest import new_citizen

REQUEST = {"channel": "self", "main_substance": "alcohol", "legal_basis": "sul_141"}


@pytest.fixture
def contact(world):  # type: ignore[no-untyped-def]
    world.faxe.public = True
    world.faxe.save()
    data = actions.ContactData(about="self", name="Ole Olsen", phone="12345678")
    return actions.receive_contact(world.faxe, data, received_on=today() - timedelta(days=4))


def test_it_requires_a_token(world, contact):
    assert api_client(None).get("/api/v1/contacts").status_code == 401


def test_it_refuses_a_read_only_token(world, contact):
    client = api_client(world.visitator, read_only=True)
    assert send(client, "POST", f"/api/v1/contacts/{contact.pk}/close", {"close_reason": "declined"}).status_code == 403
    assert ContactRequest.objects.get().status == ContactStatus.OPEN


def test_it_lists_the_open_contacts(world, contact):
    listed = api_client(world.visitator).get("/api/v1/contacts").json()
    assert [(c["id"], c["name"]) for c in listed["items"]] == [(contact.pk, "Ole Olsen")]


def test_it_registers_the_request_received_on_the_day_of_the_contact(world, contact):
    citizen = new_citizen(world)
    body = {"citizen_id": citizen.pk, "unit_id": world.faxe.pk, **REQUEST}
    response = send(api_client(world.visitator), "POST", f"/api/v1/contacts/{contact.pk}/request", body)
    assert response.status_code == 201, response.content
    assert response.json()["received_on"] == contact.received_on.isoformat()
    contact.refresh_from_db()
    assert (contact.status, contact.request.citizen) == (ContactStatus.REQUEST, citizen)
    assert contact.handled_by == world.visitator


def test_it_closes_a_contact_with_a_reason(world, contact):
    url = f"/api/v1/contacts/{contact.pk}/close"
    assert send(api_client(world.visitator), "POST", url, {"close_reason": "maybe"}).status_code == 422
    response = send(api_client(world.visitator), "POST", url, {"close_reason": "declined"})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == ContactStatus.CLOSED
    assert send(api_client(world.visitator), "POST", url, {"close_reason": "declined"}).status_code == 422


def test_it_refuses_another_municipality(world, contact):
    client = api_client(world.other_behandler)
    assert client.get("/api/v1/contacts").json()["count"] == 0
    assert send(client, "POST", f"/api/v1/contacts/{contact.pk}/close", {"close_reason": "declined"}).status_code == 404
