# SPDX-License-Identifier: AGPL-3.0-or-later
"""The public "Bliv kontaktet" form: a contact request lands in the visitation queue, received
today; intake turns it into a citizen and a request that keeps the day the person wrote.
Floods, robots, oversized posts and script are refused or neutralised, and nothing on the
public side tells whether a person is known."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from forlob.audit.models import AccessLogEntry
from forlob.common.dates import today
from forlob.organisations.models import Unit, UnitKind
from forlob.oversight.retention import apply_retention
from forlob.treatment import actions
from forlob.treatment.models import ContactRequest, ContactStatus, Request
from tests.conftest import CPR_1, new_citizen, password_login

FORM = {"about": "self", "name": "Mette", "phone": "00 00 00 09", "email": "", "best_time": "", "message": ""}


@pytest.fixture
def public_faxe(world):
    world.faxe.public = True
    world.faxe.save()
    return world


def contact_url(code: str = "320") -> str:
    return reverse("find_treatment_contact", args=[code])


def post(client: Client, data: dict, address: str = "10.0.0.1", **extra):  # type: ignore[no-untyped-def]
    return client.post(contact_url(), data, REMOTE_ADDR=address, **extra)


def test_a_contact_request_is_received_today_and_answered_the_same_whether_known_or_not(public_faxe):
    world = public_faxe
    new_citizen(world, first_name="Mette", last_name="Hansen")  # a known citizen by that name
    anonymous = Client()

    form_page = anonymous.get(reverse("find_treatment", args=["320"]))
    assert contact_url() in form_page.content.decode()
    first = post(anonymous, {**FORM, "name": "Mette Hansen"})
    second = post(anonymous, {**FORM, "name": "Ukendt Person"})

    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == reverse("find_treatment_thanks", args=["320"])
    thanks = anonymous.get(first["Location"]).content.decode()
    deadline = today() + timedelta(days=14)
    assert "Tak for din besked" in thanks and f"senest {deadline.day}." in thanks
    assert "Mette" not in thanks

    contacts = list(ContactRequest.objects.order_by("pk"))
    assert [c.name for c in contacts] == ["Mette Hansen", "Ukendt Person"]
    assert all(c.unit == world.faxe and c.received_on == today() and c.status == ContactStatus.OPEN for c in contacts)
    assert contacts[0].deadline == deadline


def test_the_queue_shows_contact_requests_with_their_deadline_and_logs_who_saw_them(public_faxe):
    world = public_faxe
    post(Client(), {**FORM, "name": "<script>alert(1)</script>", "message": "<b>hjælp</b>\nnu"})
    contact = ContactRequest.objects.get()
    staff = Client()
    assert password_login(staff, world.visitator.username)

    queue = staff.get(reverse("visitation_queue")).content.decode()
    assert "1 kontaktønske fra den offentlige side" in queue
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in queue and "<script>alert" not in queue
    assert f"<td>{contact.received_on:%d.%m.%Y}</td>" in queue and f"<td>{contact.deadline:%d.%m.%Y}</td>" in queue
    detail = staff.get(reverse("contact_detail", args=[contact.pk])).content.decode()
    assert "&lt;b&gt;hjælp&lt;/b&gt;<br>nu" in detail
    vias = set(AccessLogEntry.objects.filter(user=world.visitator).values_list("use", "via"))
    assert ("list", f"visitation_queue:contact_request:{contact.pk}") in vias
    assert ("view", f"contact_detail:contact_request:{contact.pk}") in vias

    other = Client()
    assert password_login(other, world.other_behandler.username)
    assert "kontaktønske" not in other.get(reverse("visitation_queue")).content.decode()
    assert other.get(reverse("contact_detail", args=[contact.pk])).status_code == 404


def test_intake_registers_the_citizen_and_a_request_received_the_day_the_person_wrote(public_faxe):
    world = public_faxe
    post(Client(), {**FORM, "name": "Mette Hansen", "email": "mette@example.org", "message": "Jeg drikker for meget"})
    contact = ContactRequest.objects.get()
    written = today() - timedelta(days=3)
    ContactRequest.objects.filter(pk=contact.pk).update(received_on=written)
    staff = Client()
    assert password_login(staff, world.visitator.username)

    create = staff.get(reverse("citizen_create") + f"?kontakt={contact.pk}").content.decode()
    assert 'value="Mette"' in create and 'value="Hansen"' in create and 'value="mette@example.org"' in create
    made = staff.post(
        reverse("citizen_create") + f"?kontakt={contact.pk}",
        {"unit": world.faxe.pk, "cpr": CPR_1, "first_name": "Mette", "last_name": "Hansen"},
    )
    assert made.status_code == 302 and f"kontakt={contact.pk}" in made["Location"]
    form = staff.get(made["Location"]).content.decode()
    assert "Jeg drikker for meget" in form and f"modtaget den {written:%d.%m.%Y}" in form
    registered = staff.post(
        made["Location"],
        {
            "unit": world.faxe.pk,
            "channel": "self",
            "main_substance": "alcohol",
            "legal_basis": "sul_141",
            "note": "Ringet op",
            "received_on": today().isoformat(),  # ignored: the request keeps the day the person wrote
        },
    )
    assert registered.status_code == 302
    request = Request.objects.get()
    assert request.received_on == written and request.deadline == written + timedelta(days=14)
    contact.refresh_from_db()
    assert contact.status == ContactStatus.REQUEST and contact.request == request
    assert contact.handled_by == world.visitator and contact.handled_on == today()
    assert "kontaktønske" not in staff.get(reverse("visitation_queue")).content.decode()

    # A second answer to the same contact request is refused and saves nothing.
    answer = {"unit": world.faxe.pk, "channel": "self", "main_substance": "alcohol", "legal_basis": "sul_141"}
    again = staff.post(made["Location"], answer)
    assert "Kontaktønsket er allerede behandlet." in again.content.decode()
    assert Request.objects.count() == 1


def test_closing_a_contact_request_needs_a_reason(public_faxe):
    world = public_faxe
    post(Client(), FORM)
    contact = ContactRequest.objects.get()
    staff = Client()
    assert password_login(staff, world.visitator.username)
    refused = staff.post(reverse("contact_detail", args=[contact.pk]), {"close_reason": "whatever"})
    assert refused.status_code == 200 and ContactRequest.objects.get().status == ContactStatus.OPEN
    closed = staff.post(reverse("contact_detail", args=[contact.pk]), {"close_reason": "no_contact"})
    assert closed.status_code == 302
    contact.refresh_from_db()
    assert contact.status == ContactStatus.CLOSED and contact.close_reason == "no_contact"


def test_the_eleventh_post_within_a_minute_from_one_address_is_refused(public_faxe, settings):
    client = Client()
    for n in range(10):
        assert post(client, {**FORM, "name": f"Person {n}"}).status_code == 302
    refused = post(client, {**FORM, "name": "Person 11", "message": "Min besked"})
    assert refused.status_code == 429
    text = refused.content.decode()
    assert "for mange beskeder fra din forbindelse" in text
    assert 'value="Person 11"' in text and "Min besked" in text  # the input is kept
    assert ContactRequest.objects.count() == 10
    assert post(client, FORM, address="10.0.0.2").status_code == 302  # another address is not affected

    # Behind one proxy of our own the address is the one it saw, not the client's claim.
    settings.FORLOB_PROXY_HOPS = 1
    spoofed = post(client, FORM, address="10.9.9.9", HTTP_X_FORWARDED_FOR="1.2.3.4, 10.0.0.1")
    assert spoofed.status_code == 429
    assert post(client, FORM, address="10.9.9.9", HTTP_X_FORWARDED_FOR="10.0.0.3").status_code == 302


def test_robots_oversized_and_incomplete_posts_save_nothing(public_faxe):
    client = Client()
    robot = post(client, {**FORM, "website": "http://spam.example"})
    assert robot.status_code == 302 and robot["Location"].endswith("/tak/")  # thanked, dropped

    too_long = post(client, {**FORM, "name": "x" * 101, "message": "y" * 2001})
    text = too_long.content.decode()
    assert too_long.status_code == 200 and "højst have 100 tegn" in text and "højst have 2000 tegn" in text

    unreachable = post(client, {**FORM, "phone": "", "email": ""})
    assert "Skriv et telefonnummer eller en e-mailadresse" in unreachable.content.decode()
    assert 'value="Mette"' in unreachable.content.decode()

    flood = client.post(contact_url(), {**FORM, "message": "z" * 20_000}, REMOTE_ADDR="10.0.0.5")
    assert flood.status_code == 413 and "for lang" in flood.content.decode()
    assert ContactRequest.objects.count() == 0


def test_a_unit_that_is_not_public_cannot_be_contacted(world):
    assert Client().get(contact_url()).status_code == 404
    with pytest.raises(Exception, match="Vælg et af de viste steder"):
        actions.receive_contact(world.faxe, actions.ContactData(about="self", name="Mette", phone="1"))
    assert ContactRequest.objects.count() == 0


def test_handled_contact_requests_are_deleted_after_the_retention_period(public_faxe, settings):
    world = public_faxe
    for name in ["Åben", "Lukket for længe siden", "Lukket for nylig"]:
        post(Client(), {**FORM, "name": name}, address=name)
    open_, old, recent = ContactRequest.objects.order_by("pk")
    actor = world.actor(world.visitator)
    actions.close_contact(actor, old, "no_contact")
    actions.close_contact(actor, recent, "no_contact")
    ContactRequest.objects.filter(pk=old.pk).update(handled_on=today() - timedelta(days=91))
    ContactRequest.objects.filter(pk=open_.pk).update(received_on=today() - timedelta(days=200))

    run = apply_retention()

    assert run.contact_requests_deleted == 1
    assert set(ContactRequest.objects.values_list("name", flat=True)) == {"Åben", "Lukket for nylig"}


def test_with_two_places_the_person_chooses_where_to_be_contacted_from(public_faxe):
    world = public_faxe
    family_house = Unit.objects.create(
        name="Familiehuset Faxe", municipality=world.faxe.municipality, kind=UnitKind.FAMILY, public=True
    )
    client = Client()
    assert "Hvem vil du kontaktes af?" in client.get(contact_url()).content.decode()
    assert post(client, {**FORM, "unit": world.aalborg.pk}).status_code == 200  # not one of the places shown
    assert post(client, {**FORM, "unit": family_house.pk}).status_code == 302
    assert ContactRequest.objects.get().unit == family_house
