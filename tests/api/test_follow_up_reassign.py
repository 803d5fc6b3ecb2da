# SPDX-License-Identifier: AGPL-3.0-or-later
"""POST /follow-ups/{id}/reassign: a leader hands an open follow-up to a colleague, as on the
follow-up's page."""

import pytest

from tests.api.clients import api_client, send
from tests.conftest import CPR_1
from tests.test_followup import discharged


@pytest.fixture
def follow_up(world):  # type: ignore[no-untyped-def]
    return discharged(world, CPR_1).follow_ups.order_by("months").first()


def _reassign(user, follow_up, body):  # type: ignore[no-untyped-def]
    return send(api_client(user), "POST", f"/api/v1/follow-ups/{follow_up.pk}/reassign", body)


def test_it_requires_a_token(world, follow_up):
    assert _reassign(None, follow_up, {"assigned_to_id": world.behandler.pk}).status_code == 401


def test_it_refuses_a_read_only_token(world, follow_up):
    client = api_client(world.leder, read_only=True)
    body = {"assigned_to_id": world.behandler.pk}
    assert send(client, "POST", f"/api/v1/follow-ups/{follow_up.pk}/reassign", body).status_code == 403
    follow_up.refresh_from_db()
    assert follow_up.assigned_to == world.familiekonsulent


def test_it_reassigns_with_history(world, follow_up):
    response = _reassign(world.leder, follow_up, {"assigned_to_id": world.behandler.pk, "version": 1})
    assert response.status_code == 200, response.content
    assert response.json()["assigned_to_id"] == world.behandler.pk
    follow_up.refresh_from_db()
    assert (follow_up.assigned_to, follow_up.version) == (world.behandler, 2)
    assert follow_up.history.first().history_user == world.leder

    stale = _reassign(world.leder, follow_up, {"assigned_to_id": world.visitator.pk, "version": 1})
    assert stale.status_code == 422


def test_it_refuses_a_clinician_and_staff_of_another_unit(world, follow_up):
    body = {"assigned_to_id": world.behandler.pk, "version": follow_up.version}
    assert _reassign(world.behandler, follow_up, body).status_code == 403
    elsewhere = _reassign(world.leder, follow_up, body | {"assigned_to_id": world.other_behandler.pk})
    assert elsewhere.status_code == 422 and elsewhere.json()["detail"][0]["field"] != "version"


def test_it_refuses_another_municipality(world, follow_up):
    body = {"assigned_to_id": world.other_behandler.pk, "version": follow_up.version}
    assert _reassign(world.other_behandler, follow_up, body).status_code == 404
