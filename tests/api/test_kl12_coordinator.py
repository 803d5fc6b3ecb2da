# SPDX-License-Identifier: AGPL-3.0-or-later
"""The KL-12 coordinator's writes, as on the cluster report: PUT
/kl12/rounds/{id}/clusters/{id}/text and POST /kl12/rounds/{id}/clusters/{id}/resolutions."""

from datetime import timedelta

import pytest

from forlob.common.dates import today
from forlob.kl12 import actions
from forlob.kl12.models import ClusterText, Resolution
from forlob.organisations.models import Cluster, Region, Role
from tests.api.clients import api_client, send
from tests.conftest import make_user
from tests.test_kl12 import answer


@pytest.fixture
def round_(world):  # type: ignore[no-untyped-def]
    region = Region.objects.get(code="1085")
    found = actions.open_round(
        world.actor(world.administrator), region, today().year, "Selvevaluering", today() + timedelta(days=30)
    )
    answer(world, found, {"320": world.leder}, "320", {"2.1": "delvis"})
    return found


@pytest.fixture
def coordinator(world):  # type: ignore[no-untyped-def]
    return make_user("koordinator", world.faxe, Role.KOORDINATOR)  # Faxe: Klynge Syd


def _url(round_, what, cluster_name="Klynge Syd"):  # type: ignore[no-untyped-def]
    return f"/api/v1/kl12/rounds/{round_.pk}/clusters/{Cluster.objects.get(name=cluster_name).pk}/{what}"


RESOLUTION = {"municipality_code": "320", "code": "2.1", "value": "ja", "reason": "Handleplanen dækker synlighed."}


def test_it_requires_a_token(world, round_):
    assert send(api_client(None), "PUT", _url(round_, "text"), {"priorities": "Unge"}).status_code == 401


def test_it_refuses_a_read_only_token(world, round_, coordinator):
    client = api_client(coordinator, read_only=True)
    assert send(client, "POST", _url(round_, "resolutions"), RESOLUTION).status_code == 403
    assert not Resolution.objects.exists()


def test_it_saves_the_clusters_text_with_history(world, round_, coordinator):
    response = send(api_client(coordinator), "PUT", _url(round_, "text"), {"priorities": " Unge ", "comments": "OK"})
    assert response.status_code == 200, response.content
    assert response.json()["priorities"] == "Unge"
    text = ClusterText.objects.get()
    assert text.updated_by == coordinator
    assert text.history.first().history_user == coordinator


def test_it_resolves_a_partly_with_history(world, round_, coordinator):
    response = send(api_client(coordinator), "POST", _url(round_, "resolutions"), RESOLUTION)
    assert response.status_code == 200, response.content
    resolution = Resolution.objects.get()
    assert (resolution.value, resolution.resolved_by) == ("ja", coordinator)
    assert resolution.history.first().history_user == coordinator

    not_partly = send(api_client(coordinator), "POST", _url(round_, "resolutions"), {**RESOLUTION, "code": "1.1"})
    assert not_partly.status_code == 422


def test_it_refuses_a_leader_and_another_cluster(world, round_, coordinator):
    assert send(api_client(world.leder), "POST", _url(round_, "resolutions"), RESOLUTION).status_code == 403
    other = send(api_client(coordinator), "PUT", _url(round_, "text", "Klynge Øst"), {"priorities": "Unge"})
    assert other.status_code == 403
    assert not ClusterText.objects.exists() and not Resolution.objects.exists()


def test_it_refuses_another_municipality(world, round_):
    aalborg_coordinator = make_user("nordkoordinator", world.aalborg, Role.KOORDINATOR)
    response = send(api_client(aalborg_coordinator), "PUT", _url(round_, "text"), {"priorities": "Unge"})
    assert response.status_code == 404
