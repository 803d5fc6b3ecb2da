# SPDX-License-Identifier: AGPL-3.0-or-later
"""Optimistic locking cannot be skipped: a change posted without the version it was made from
(an old page, a hand-made request) is refused as out of date, on every form that has a version
and in every API operation that takes one, and nothing is saved."""

import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from forlob.citizens.models import Citizen
from forlob.common.dates import today
from forlob.family import actions as family_actions
from forlob.family.models import Consent, FamilyOffer
from forlob.followup.models import FollowUp
from forlob.kl12.models import Participation
from forlob.prevention.models import Activity
from forlob.strategy.models import Initiative
from forlob.treatment.models import Course
from tests.conftest import new_citizen
from tests.test_access_matrix import api_request, places  # noqa: F401 - places is a fixture
from tests.test_api import token_for

STALE = (
    "Formularen er forældet: den siger ikke, hvilken version den er lavet ud fra. "
    "Genindlæs siden, og lav dine ændringer igen."
)
DAY = "today"  # the clock is fixed by a fixture, so the day is filled in when posted


def _offer(ids):  # type: ignore[no-untyped-def]
    return FamilyOffer.objects.get(course_id=ids["course"])


def _sheet(ids):  # type: ignore[no-untyped-def]
    return Participation.objects.get(round_id=ids["kl12_round"])


# The url name, the place id of the row it changes, the form (valid but for its version), and
# how to find the row when it is not the one of that id.
WEB_FORMS = [
    ("citizen_edit", "citizen", {"first_name": "Karla", "last_name": "Vestergaard", "phone": "99999999"}, None),
    ("course_plan", "course", {"plan": "Ny plan"}, None),
    ("course_discharge", "course", {"ended_on": DAY, "end_reason": "completed"}, None),
    ("follow_up_detail", "follow_up", {"attempted_on": DAY, "reached": "no"}, None),
    ("follow_up_reassign", "follow_up", {"assigned_to": "staff"}, None),
    ("consent_withdraw", "consent", {"withdrawn_on": DAY}, None),
    ("family_offer", "course", {"offer-offered_on": DAY, "offer-note": "Igen"}, _offer),
    ("family_offer_answer", "course", {"answer-outcome": "accepted", "answer-answered_on": DAY}, _offer),
    ("initiative_update", "initiative", {"status": "in_progress", "written_on": DAY, "text": "Status"}, None),
    (
        "activity_edit",
        "activity",
        {
            "unit": "unit",
            "held_on": DAY,
            "title": "Ændret",
            "level": "primary",
            "focus_area": "teaching",
            "target_group": "young",
            "setting": "school",
            "participants": "3",
            "contacts": "0",
        },
        None,
    ),
]
MODELS = {
    "citizen": Citizen,
    "course": Course,
    "follow_up": FollowUp,
    "consent": Consent,
    "initiative": Initiative,
    "activity": Activity,
}


def _row(key, row_of, ids):  # type: ignore[no-untyped-def]
    return row_of(ids) if row_of else MODELS[key].objects.get(pk=ids[key])


@pytest.fixture
def own(world, places):  # type: ignore[no-untyped-def]  # noqa: F811
    """The own unit's data, with the KL 12 sheet of its municipality saved once."""
    place = places["own"]
    Participation.objects.create(round_id=place.ids["kl12_round"], municipality=place.unit.municipality)
    return place


@pytest.mark.parametrize(("name", "key", "data", "row_of"), WEB_FORMS, ids=[f[0] for f in WEB_FORMS])
def test_a_form_posted_without_its_version_is_refused_as_out_of_date(own, name, key, data, row_of):
    ids = own.ids
    before = _row(key, row_of, ids)
    client = Client()
    client.force_login(own.staff)
    url = reverse(name, args=[ids[key]])
    filled = {"staff": str(ids["staff"]), "unit": str(ids["unit"]), DAY: today().isoformat()}
    posted = {field: filled.get(value, value) for field, value in data.items()}
    for version in ({}, {"version": ""}, {"answer-version": ""}, {"offer-version": ""}):
        response = client.post(url, posted | version, follow=True)
        assert response.status_code == 200
        assert STALE in response.content.decode()
    after = _row(key, row_of, ids)
    assert after.version == before.version


API_OPERATIONS = [
    ("PATCH /citizens/{citizen_id}", "citizen", None),
    ("PUT /courses/{course_id}/plan", "course", None),
    ("POST /courses/{course_id}/discharge", "course", None),
    ("POST /follow-ups/{follow_up_id}/attempts", "follow_up", None),
    ("POST /follow-ups/{follow_up_id}/reassign", "follow_up", None),
    ("POST /consents/{consent_id}/withdraw", "consent", None),
    ("PUT /courses/{course_id}/family-offer", "course", _offer),
    ("POST /courses/{course_id}/family-offer/answer", "course", _offer),
    ("POST /initiatives/{initiative_id}/status", "initiative", None),
    ("PUT /prevention/activities/{activity_id}", "activity", None),
    ("PUT /kl12/rounds/{round_id}/answers/{municipality_code}", "kl12_round", _sheet),
]


@pytest.mark.parametrize(("operation", "key", "row_of"), API_OPERATIONS, ids=[o[0] for o in API_OPERATIONS])
def test_an_api_change_without_its_version_is_refused_as_out_of_date(own, operation, key, row_of):
    before = _row(key, row_of, own.ids)
    client = Client(headers={"authorization": f"Bearer {token_for(own.staff)}"})
    method, url, body = api_request(operation, own)
    assert body is not None
    body = {k: v for k, v in body.items() if k != "version"}
    for version in ({}, {"version": None}):
        response = client.generic(method, url, data=json.dumps(body | version), content_type="application/json")
        assert response.status_code == 422, response.content
        assert {"field": "version", "message": STALE} in response.json()["detail"]
    assert _row(key, row_of, own.ids).version == before.version


def test_a_stale_consent_withdrawal_says_in_danish_who_changed_which_fields_and_when(world):
    citizen = new_citizen(world)
    consent = family_actions.give_consent(
        world.actor(world.behandler), citizen, family_actions.ConsentData(kind="network", given_on=today())
    )
    url = reverse("consent_withdraw", args=[consent.pk])
    withdrawal = {"withdrawn_on": today().isoformat(), "version": consent.version}  # both pages show it
    first, second = Client(), Client()
    first.force_login(world.behandler)
    second.force_login(world.visitator)
    first.post(url, withdrawal)
    refused = second.post(url, withdrawal, follow=True)
    at = timezone.localtime(Consent.objects.get(pk=consent.pk).history.latest().history_date)
    assert [str(m) for m in refused.context["messages"]] == [
        f"Behandler Test ændrede felterne »trukket tilbage den« og »tilbagetrækning registreret af« "
        f"den {at:%d.%m.%Y} kl. {at:%H:%M}, efter at du åbnede siden. "
        "Dine ændringer er ikke gemt; de står stadig i formularen. Se de nye oplysninger, og gem igen."
    ]
    assert Consent.objects.get(pk=consent.pk).withdrawn_by == world.behandler
