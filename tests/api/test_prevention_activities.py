# SPDX-License-Identifier: AGPL-3.0-or-later
"""GET and PUT /prevention/activities/{activity_id}: an activity corrected as on its page."""

import pytest

from forlob.common.dates import today
from forlob.prevention import actions
from forlob.prevention.models import Activity
from tests.api.clients import api_client, send

FIELDS = {
    "level": "secondary",
    "focus_area": "advice",
    "target_group": "parents",
    "setting": "school",
    "title": "Forældremøde",
    "participants": 12,
}


@pytest.fixture
def activity(world):  # type: ignore[no-untyped-def]
    data = actions.ActivityData(held_on=today(), **FIELDS)
    return actions.register_activity(world.actor(world.behandler), world.faxe, data)


def _change(world, user, activity, **extra):  # type: ignore[no-untyped-def]
    body = {**FIELDS, "held_on": today().isoformat(), "participants": 30, "version": 1, **extra}
    return send(api_client(user), "PUT", f"/api/v1/prevention/activities/{activity.pk}", body)


def test_it_requires_a_token(world, activity):
    assert api_client(None).get(f"/api/v1/prevention/activities/{activity.pk}").status_code == 401


def test_it_changes_an_activity_with_history(world, activity):
    assert api_client(world.visitator).get(f"/api/v1/prevention/activities/{activity.pk}").json()["version"] == 1
    response = _change(world, world.visitator, activity)
    assert response.status_code == 200, response.content
    changed = Activity.objects.get()
    assert (changed.participants, changed.version) == (30, 2)
    assert changed.history.first().history_user == world.visitator
    assert _change(world, world.visitator, activity).status_code == 422  # made from version 1


def test_it_refuses_another_municipality(world, activity):
    assert _change(world, world.other_behandler, activity).status_code == 404
    assert Activity.objects.get().participants == 12


def test_it_refuses_a_read_only_token_for_writes(world, activity):
    body = {**FIELDS, "held_on": today().isoformat(), "version": 1}
    client = api_client(world.behandler, read_only=True)
    assert send(client, "PUT", f"/api/v1/prevention/activities/{activity.pk}", body).status_code == 403


def test_it_still_reads_a_deprecated_iom_code_as_its_level(world, activity):
    """One version of grace for clients that send the IOM codes of the first API version."""
    assert _change(world, world.visitator, activity, level="indicated").status_code == 200
    assert Activity.objects.get().level == "tertiary"
    listed = api_client(world.visitator).get("/api/v1/prevention/activities?level=universal").json()
    assert listed["count"] == 0
    assert _change(world, world.visitator, activity, level="iom", version=2).status_code == 422
