# SPDX-License-Identifier: AGPL-3.0-or-later
"""POST /emergency-access and POST /emergency-access/{id}/review: taking emergency access with a
reason, and the leader's review of it, as on the emergency-access and log-review pages."""

import pytest

from forlob.audit.models import AccessLogEntry, EmergencyAccess, Use
from forlob.organisations.models import Role, Unit, UnitKind
from tests.api.clients import api_client, send
from tests.conftest import make_user, new_citizen

CPR = "0202801234"
REASON = "Akut indlæggelse, borgeren oplyser behandling andetsteds."


@pytest.fixture
def elsewhere(world):  # type: ignore[no-untyped-def]
    """A citizen of Faxe at a unit where the Faxe staff do not work."""
    house = Unit.objects.create(name="Familiehuset Faxe", municipality=world.faxe.municipality, kind=UnitKind.FAMILY)
    return new_citizen(world, CPR, unit=house, user=make_user("husbehandler", house, Role.VISITATOR))


def _take(user, unit, read_only=False, **extra):  # type: ignore[no-untyped-def]
    body = {"unit_id": unit.pk, "cpr": CPR, "reason": REASON, **extra}
    return send(api_client(user, read_only=read_only), "POST", "/api/v1/emergency-access", body)


def test_it_requires_a_token(world, elsewhere):
    assert _take(None, world.faxe).status_code == 401


def test_it_refuses_a_read_only_token(world, elsewhere):
    assert _take(world.behandler, world.faxe, read_only=True).status_code == 403
    assert not EmergencyAccess.objects.exists()


def test_it_grants_access_logged_with_the_reason_and_the_leader_reviews_it(world, elsewhere):
    response = _take(world.behandler, world.faxe)
    assert response.status_code == 201, response.content
    assert response.json()["citizen_id"] == elsewhere.pk
    entry = AccessLogEntry.objects.get(use=Use.EMERGENCY)
    assert (entry.user, entry.citizen_id, entry.purpose) == (world.behandler, elsewhere.pk, REASON)
    assert api_client(world.behandler).get(f"/api/v1/citizens/{elsewhere.pk}").status_code == 200

    access = EmergencyAccess.objects.get()
    url = f"/api/v1/emergency-access/{access.pk}/review"
    assert send(api_client(world.behandler), "POST", url, {"note": "Selv"}).status_code == 403
    reviewed = send(api_client(world.leder), "POST", url, {"note": "I orden"})
    assert reviewed.status_code == 200, reviewed.content
    access.refresh_from_db()
    assert (access.reviewed_by, access.review_note) == (world.leder, "I orden")
    assert send(api_client(world.leder), "POST", url, {"note": "Igen"}).status_code == 422


def test_it_refuses_a_short_reason(world, elsewhere):
    response = _take(world.behandler, world.faxe, reason="Akut")
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "reason"


def test_it_refuses_another_municipality(world, elsewhere):
    assert _take(world.other_behandler, world.aalborg).status_code == 422  # not found in Aalborg
    assert _take(world.other_behandler, world.faxe).status_code == 403
    assert not EmergencyAccess.objects.exists()
