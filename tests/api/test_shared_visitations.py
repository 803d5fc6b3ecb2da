# SPDX-License-Identifier: AGPL-3.0-or-later
"""POST /citizens/{id}/shared-visitations: a fælles visitation with the departments present, as
on the citizen's page."""

import pytest

from forlob.common.dates import today
from forlob.family.models import SharedVisitation
from tests.api.clients import api_client, send
from tests.conftest import new_citizen, new_request


@pytest.fixture
def citizen(world):  # type: ignore[no-untyped-def]
    return new_citizen(world)


def _body(**extra):  # type: ignore[no-untyped-def]
    return {"held_on": today().isoformat(), "departments": ["jobcenter", "health"], "decision": "Fælles plan", **extra}


def _record(user, citizen, body, read_only=False):  # type: ignore[no-untyped-def]
    client = api_client(user, read_only=read_only)
    return send(client, "POST", f"/api/v1/citizens/{citizen.pk}/shared-visitations", body)


def test_it_requires_a_token(world, citizen):
    assert _record(None, citizen, _body()).status_code == 401


def test_it_refuses_a_read_only_token(world, citizen):
    assert _record(world.behandler, citizen, _body(), read_only=True).status_code == 403
    assert not SharedVisitation.objects.exists()


def test_it_records_the_meeting_with_history(world, citizen):
    request = new_request(world, citizen)
    response = _record(world.behandler, citizen, _body(request_id=request.pk, present="Sagsbehandler"))
    assert response.status_code == 201, response.content
    assert response.json()["departments"] == ["health", "jobcenter"]
    visitation = SharedVisitation.objects.get()
    assert (visitation.request, visitation.recorded_by) == (request, world.behandler)
    assert visitation.history.first().history_user == world.behandler


def test_it_refuses_bad_input_in_danish(world, citizen):
    response = _record(world.behandler, citizen, _body(departments=[]))
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "departments"
    assert _record(world.behandler, citizen, _body(request_id=10**6)).status_code == 404


def test_it_refuses_another_municipality(world, citizen):
    assert _record(world.other_behandler, citizen, _body()).status_code == 404
    assert not SharedVisitation.objects.exists()
