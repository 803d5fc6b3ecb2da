# SPDX-License-Identifier: AGPL-3.0-or-later
"""A phone number someone must call back on is a Danish number of 8 digits, kept as the 8 digits:
on the public "Bliv kontaktet" form, on a citizen's record (page and API) and on a follow-up consent."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from forlob.common.dates import today
from forlob.common.phone import normalise_phone
from forlob.family import actions as family_actions
from forlob.treatment.models import ContactRequest
from tests.api.clients import api_client, send
from tests.conftest import new_citizen, password_login

FORM = {"about": "self", "name": "Mette", "phone": "", "email": "", "best_time": "", "message": ""}


def invalid_phone_message() -> str:
    with translation.override("da"):
        return gettext("Write a Danish phone number of 8 digits, e.g. 12 34 56 78.")


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("12345678", "12345678"),
        ("12 34 56 78", "12345678"),
        ("+45 12 34 56 78", "12345678"),
        ("0045 1234 5678", "12345678"),
        ("  ", ""),
    ],
)
def test_a_danish_number_is_kept_as_its_eight_digits(typed, kept):
    assert normalise_phone("phone", typed) == kept


@pytest.mark.parametrize("typed", ["abc", "1234567", "123456789", "+46 12345678", "45 12345678", "1234-5678"])
def test_anything_else_is_refused_at_the_field(typed):
    with pytest.raises(ValidationError) as refused:
        normalise_phone("phone", typed)
    assert list(refused.value.message_dict) == ["phone"]


@pytest.fixture
def public_faxe(world):
    world.faxe.public = True
    world.faxe.save()
    return world


def test_the_public_form_refuses_a_phone_nobody_can_call_and_keeps_the_input(public_faxe):
    url = reverse("find_treatment_contact", args=["320"])
    refused = Client().post(url, {**FORM, "phone": "abc", "message": "Ring til mig"})
    text = refused.content.decode()
    assert refused.status_code == 200
    assert invalid_phone_message() in text
    assert 'value="abc"' in text and "Ring til mig" in text
    assert ContactRequest.objects.count() == 0


def test_the_public_form_takes_a_danish_number_or_an_e_mail_and_the_queue_shows_the_digits(public_faxe):
    url = reverse("find_treatment_contact", args=["320"])
    by_phone = Client().post(url, {**FORM, "phone": "+45 22 33 44 55"})
    by_mail = Client().post(url, {**FORM, "name": "Ole", "email": "ole@example.org"})
    assert by_phone.status_code == by_mail.status_code == 302
    assert list(ContactRequest.objects.order_by("pk").values_list("phone", "email")) == [
        ("22334455", ""),
        ("", "ole@example.org"),
    ]
    staff = Client()
    assert password_login(staff, public_faxe.visitator.username)
    assert "22334455" in staff.get(reverse("visitation_queue")).content.decode()


def test_a_citizens_phone_is_checked_on_the_page_and_in_the_api(world):
    staff = Client()
    assert password_login(staff, world.visitator.username)
    form = {"unit": world.faxe.pk, "cpr": "0303801234", "first_name": "Dan", "last_name": "Dansk", "phone": "112"}
    refused = staff.post(reverse("citizen_create"), form)
    assert refused.status_code == 200 and invalid_phone_message() in refused.content.decode()
    assert 'value="Dan"' in refused.content.decode()

    citizen = new_citizen(world, phone="0045 11 22 33 44")
    assert citizen.phone == "11223344"
    client = api_client(world.visitator)
    body = {"phone": "ring efter kl. 16", "version": citizen.version}
    answer = send(client, "PATCH", f"/api/v1/citizens/{citizen.pk}", body)
    assert answer.status_code == 422 and answer.json()["detail"][0]["field"] == "phone"
    citizen.refresh_from_db()
    assert citizen.phone == "11223344"


def test_a_follow_up_consent_needs_a_number_that_can_be_called(world):
    citizen = new_citizen(world)
    actor = world.actor(world.behandler)
    with pytest.raises(ValidationError) as refused:
        family_actions.give_consent(
            actor, citizen, family_actions.ConsentData(kind="follow_up", given_on=today(), phone="ring til mor")
        )
    assert list(refused.value.message_dict) == ["phone"]
    consent = family_actions.give_consent(
        actor, citizen, family_actions.ConsentData(kind="follow_up", given_on=today(), phone="22 33 44 55")
    )
    assert consent.phone == "22334455"
