# SPDX-License-Identifier: AGPL-3.0-or-later
"""GET /kl12/rounds/{round_id}/answers/{municipality_code}: the answer sheet the web form shows,
for the leaders of the municipality's units."""

import pytest

from forlob.common.dates import today
from forlob.kl12.models import Indicator, Round, RoundIndicator
from forlob.organisations.models import Region
from tests.api.clients import api_client, send


@pytest.fixture
def round_(world):  # type: ignore[no-untyped-def]
    found = Round.objects.create(
        region=Region.objects.get(code="1085"), year=today().year, title="Selvevaluering", deadline=today()
    )
    for shipped in Indicator.objects.filter(code__in=("1.1", "5.3")):
        RoundIndicator.objects.create(
            round=found, recommendation=shipped.recommendation, code=shipped.code, text=shipped.text, kind=shipped.kind
        )
    return found


def test_it_requires_a_token(world, round_):
    assert api_client(None).get(f"/api/v1/kl12/rounds/{round_.pk}/answers/320").status_code == 401


def test_it_shows_the_sheet_before_and_after_the_answers(world, round_):
    url = f"/api/v1/kl12/rounds/{round_.pk}/answers/320"
    empty = api_client(world.leder).get(url).json()
    assert (empty["version"], empty["answers"], empty["closed"]) == (None, [], False)
    assert [(i["code"], i["kind"]) for i in empty["indicators"]] == [("1.1", "yes_no"), ("5.3", "number")]

    body = {"answers": [{"code": "1.1", "value": "ja"}, {"code": "5.3", "value": "6"}]}
    assert send(api_client(world.leder), "PUT", url, body).status_code == 200
    sheet = api_client(world.leder).get(url).json()
    assert sheet["version"] == 2
    assert {"code": "1.1", "part": "samlet", "value": "ja"} in sheet["answers"]


def test_it_refuses_a_clinician(world, round_):
    response = api_client(world.behandler).get(f"/api/v1/kl12/rounds/{round_.pk}/answers/320")
    assert response.status_code == 403
    assert response.json() == {"detail": "Kun lederne af Faxe' enheder svarer for Faxe."}


def test_it_refuses_another_municipality(world, round_):
    assert api_client(world.leder).get(f"/api/v1/kl12/rounds/{round_.pk}/answers/336").status_code == 403
