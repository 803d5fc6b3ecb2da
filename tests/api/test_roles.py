# SPDX-License-Identifier: AGPL-3.0-or-later
"""Roles through the API, as on the leader's roles page and in the administration: GET and POST
/units/{id}/roles, POST /roles/{id}/approve, DELETE /roles/{id}, POST /units/{id}/roles/reviewed."""

import pytest

from forlob.audit.models import SecurityEvent
from forlob.organisations.models import Membership, Role
from tests.api.clients import api_client, send
from tests.conftest import make_user


@pytest.fixture
def newcomer(world):  # type: ignore[no-untyped-def]
    return make_user("nyansat", world.faxe)


def _grant(world, user, role="behandler", unit=None):  # type: ignore[no-untyped-def]
    unit = unit or world.faxe
    body = {"user_id": user.pk, "role": role}
    return send(api_client(world.administrator), "POST", f"/api/v1/units/{unit.pk}/roles", body)


def test_it_requires_a_token(world):
    assert api_client(None).get(f"/api/v1/units/{world.faxe.pk}/roles").status_code == 401


def test_it_refuses_a_read_only_token(world, newcomer):
    body = {"user_id": newcomer.pk, "role": "behandler"}
    client = api_client(world.administrator, read_only=True)
    assert send(client, "POST", f"/api/v1/units/{world.faxe.pk}/roles", body).status_code == 403
    assert not Membership.objects.filter(user=newcomer).exists()


def test_it_grants_a_role_that_waits_for_the_leaders_approval(world, newcomer):
    response = _grant(world, newcomer)
    assert response.status_code == 201, response.content
    assert response.json()["in_force"] is False
    membership = Membership.objects.get(user=newcomer)
    assert membership.history.first().history_type == "+"
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.ROLE_GRANTED, user=newcomer).exists()

    listed = api_client(world.leder).get(f"/api/v1/units/{world.faxe.pk}/roles").json()
    assert listed["items"][0]["id"] == membership.pk  # awaiting approval first

    approved = api_client(world.leder).post(f"/api/v1/roles/{membership.pk}/approve")
    assert approved.status_code == 200, approved.content
    assert approved.json()["in_force"] is True
    membership.refresh_from_db()
    assert membership.approved_by == world.leder
    assert membership.history.first().history_user == world.leder
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.ROLE_APPROVED, user=newcomer).exists()


def test_it_refuses_another_municipality(world, newcomer):
    response = _grant(world, newcomer, unit=world.aalborg)
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "unit"
    aalborg_role = make_user("aalborgleder", world.aalborg, Role.LEDER).memberships.get()
    assert api_client(world.leder).post(f"/api/v1/roles/{aalborg_role.pk}/approve").status_code == 404
    assert api_client(world.leder).delete(f"/api/v1/roles/{aalborg_role.pk}").status_code == 404
    assert api_client(world.leder).get(f"/api/v1/units/{world.aalborg.pk}/roles").status_code == 403


def test_it_refuses_approving_for_a_clinician(world, newcomer):
    membership = Membership.objects.get(pk=_grant(world, newcomer).json()["id"])
    assert api_client(world.behandler).post(f"/api/v1/roles/{membership.pk}/approve").status_code == 404
    membership.refresh_from_db()
    assert membership.approved_at is None


def test_it_removes_a_role_with_a_security_event(world):
    membership = world.behandler.memberships.get()
    assert api_client(world.leder).delete(f"/api/v1/roles/{membership.pk}").status_code == 204
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert membership.history.first().history_type == "-"
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.ROLE_REMOVED, user=world.behandler).exists()


def test_it_records_the_review(world):
    response = api_client(world.leder).post(f"/api/v1/units/{world.faxe.pk}/roles/reviewed")
    assert response.status_code == 204
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.ROLES_REVIEWED, unit=world.faxe).exists()
    assert api_client(world.behandler).post(f"/api/v1/units/{world.faxe.pk}/roles/reviewed").status_code == 403
