# SPDX-License-Identifier: AGPL-3.0-or-later
"""Where requests come from (seed 001 judges outreach by it): the full list of referral channels,
the same on the request form, in the API's code list and enum, and accepted when registering."""

import re

from django.urls import reverse
from django.utils import translation

from forlob.treatment.models import Channel, Request
from tests.conftest import new_citizen, new_request
from tests.test_api import api
from tests.test_views import client_for

# The order the forms show: the citizen and their own, health, the municipality's departments,
# school and care, justice, another unit, other.
ORDER = [
    "self",
    "family",
    "gp",
    "hospital",
    "jobcenter",
    "social",
    "school",
    "daycare",
    "mentor",
    "homecare",
    "corrections",
    "unit",
    "other",
]


def test_the_request_form_offers_every_channel_in_order(world):
    citizen = new_citizen(world)
    page = client_for(world.visitator).get(reverse("request_create") + f"?borger={citizen.pk}").content.decode()
    select = re.search(r'<select name="channel".*?</select>', page, re.S)
    assert select is not None
    assert re.findall(r'<option value="([a-z]+)"', select.group(0)) == ORDER


def test_the_api_lists_and_accepts_the_new_channels_and_corrections_keeps_its_code(world):
    token = api(world.visitator)
    assert [c["code"] for c in token.get("/api/v1/codes").json()["channel"]] == ORDER
    citizen = new_citizen(world)
    for channel in ("school", "daycare", "mentor", "homecare"):
        new_request(world, citizen, channel=channel)
    body = {
        "citizen_id": citizen.pk,
        "unit_id": world.faxe.pk,
        "received_on": "2026-11-30",
        "main_substance": "alcohol",
        "legal_basis": "sul_141",
    }
    school = token.post("/api/v1/requests", body | {"channel": "school"}, content_type="application/json")
    assert school.status_code == 201 and school.json()["channel"] == "school"
    assert token.post("/api/v1/requests", body | {"channel": "ssp"}, content_type="application/json").status_code == 422
    assert sorted(Request.objects.values_list("channel", flat=True)) == [
        "daycare",
        "homecare",
        "mentor",
        "school",
        "school",
    ]
    with translation.override("en"):
        assert str(Channel("corrections").label) == "Police, crime prevention or prison and probation service"
