# SPDX-License-Identifier: AGPL-3.0-or-later
"""GET /units/mine and GET /units/{unit_id}/staff: my units with my roles; a unit's staff by name
and role, for its leaders."""

from forlob.organisations.models import Membership, Role
from tests.api.clients import api_client
from tests.conftest import make_user


def test_it_requires_a_token(world):
    assert api_client(None).get("/api/v1/units/mine").status_code == 401


def test_it_lists_my_units_with_my_roles(world):
    Membership.objects.create(user=world.leder, unit=world.aalborg, role=Role.ANALYTIKER)  # not approved: not in force
    response = api_client(world.leder).get("/api/v1/units/mine")
    assert response.status_code == 200
    assert response.json() == {
        "count": 1,
        "items": [
            {
                "id": world.faxe.pk,
                "name": "Rusmiddelcentret Faxe",
                "kind": "substance",
                "institution_code": "3502",
                "municipality_code": "320",
                "municipality": "Faxe",
                "roles": ["leder"],
            }
        ],
    }


def test_it_shows_the_staff_to_the_units_leader_by_name_and_role_only(world):
    make_user("venter", world.faxe)  # works nowhere in force
    Membership.objects.create(user=world.behandler, unit=world.faxe, role=Role.ANALYTIKER)  # awaits approval
    response = api_client(world.leder).get(f"/api/v1/units/{world.faxe.pk}/staff?limit=2")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 6
    assert body["items"] == [
        {"id": world.administrator.pk, "name": "Administrator Test", "roles": ["administrator"]},
        {"id": world.analytiker.pk, "name": "Analytiker Test", "roles": ["analytiker"]},
    ]
    everyone = api_client(world.leder).get(f"/api/v1/units/{world.faxe.pk}/staff?limit=100").json()["items"]
    assert {"id": world.behandler.pk, "name": "Behandler Test", "roles": ["behandler"]} in everyone


def test_it_refuses_the_staff_to_a_clinician(world):
    response = api_client(world.behandler).get(f"/api/v1/units/{world.faxe.pk}/staff")
    assert response.status_code == 403
    assert response.json() == {"detail": "Du har ikke adgang til at gøre dette i denne enhed."}


def test_it_refuses_another_municipality(world):
    assert api_client(world.leder).get(f"/api/v1/units/{world.aalborg.pk}/staff").status_code == 403
