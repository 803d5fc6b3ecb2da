# SPDX-License-Identifier: AGPL-3.0-or-later
"""An anonymous citizen has no CPR number and no name: the form hides those fields when
"Anonym behandling" is ticked (static/anonymous.js), and the server refuses them if sent anyway."""

from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from forlob.citizens.models import Citizen
from tests.api.clients import api_client, send
from tests.conftest import password_login

ANONYMOUS = {"is_anonymous": "on", "alias": "Kasper", "birth_year": "1990", "sex": "M"}


def cpr_refusal() -> str:
    with translation.override("da"):
        return gettext("An anonymous citizen has no CPR number. Clear the field or untick anonymous treatment.")


def test_the_form_loads_the_script_that_hides_the_cpr_field(world):
    staff = Client()
    assert password_login(staff, world.visitator.username)
    page = staff.get(reverse("citizen_create")).content.decode()
    assert "anonymous.js" in page and 'id="identified"' in page and 'id="id_is_anonymous"' in page


def test_a_cpr_number_sent_for_an_anonymous_citizen_is_refused_and_the_input_kept(world):
    staff = Client()
    assert password_login(staff, world.visitator.username)
    refused = staff.post(reverse("citizen_create"), {"unit": world.faxe.pk, "cpr": "0303801234", **ANONYMOUS})
    text = refused.content.decode()
    assert refused.status_code == 200 and cpr_refusal() in text
    assert 'value="0303801234"' in text and 'value="Kasper"' in text
    assert not Citizen.objects.exists()

    registered = staff.post(reverse("citizen_create"), {"unit": world.faxe.pk, **ANONYMOUS})
    assert registered.status_code == 302
    citizen = Citizen.objects.get()
    assert (citizen.is_anonymous, citizen.alias, citizen.cpr_hash) == (True, "Kasper", None)


def test_the_api_refuses_a_cpr_number_or_a_name_for_an_anonymous_citizen(world):
    client = api_client(world.visitator)
    body = {"unit_id": world.faxe.pk, "is_anonymous": True, "alias": "K", "birth_year": 1990, "sex": "K"}
    with_cpr = send(client, "POST", "/api/v1/citizens", {**body, "cpr": "0303801234"})
    with_name = send(client, "POST", "/api/v1/citizens", {**body, "first_name": "Karen"})
    assert with_cpr.status_code == with_name.status_code == 422
    assert (with_cpr.json()["detail"][0]["field"], with_name.json()["detail"][0]["field"]) == ("cpr", "first_name")
    assert not Citizen.objects.exists()
