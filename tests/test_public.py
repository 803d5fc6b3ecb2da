# SPDX-License-Identifier: AGPL-3.0-or-later
"""The public "Find behandling" page: no login, the offers of the units that serve the
municipality and are marked public, and nothing else."""

from django.test import Client
from django.urls import reverse

from forlob.organisations.models import Municipality


def test_a_municipalitys_public_page_lists_the_units_that_serve_it(world):
    stevns = Municipality.objects.get(code="336")
    world.faxe.serves.add(stevns)
    world.faxe.public = True
    world.faxe.address = "Demovej 1, 4640 Faxe"
    world.faxe.phone = "00 00 00 01"
    world.faxe.opening_hours = "Mandag-fredag 8-15"
    world.faxe.anonymous_possible = True
    world.faxe.public_description = "<b>Ambulant behandling</b>"
    world.faxe.save()
    world.aalborg.public = True
    world.aalborg.save()
    anonymous = Client()  # nobody logged in

    page = anonymous.get(reverse("find_treatment", args=["336"]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Behandling for alkohol eller stoffer for borgere i Stevns" in text
    assert "Demovej 1, 4640 Faxe" in text and 'href="tel:00000001"' in text and "Ja, det er muligt" in text
    assert "&lt;b&gt;Ambulant behandling&lt;/b&gt;" in text  # escaped
    assert world.aalborg.name not in text  # does not serve Stevns
    assert "senest 14 dage" in text and "gratis" in text

    world.faxe.public = False
    world.faxe.save()
    hidden = anonymous.get(reverse("find_treatment", args=["336"])).content.decode()
    assert world.faxe.name not in hidden and "Kontakt kommunens borgerservice" in hidden
    assert anonymous.get(reverse("find_treatment", args=["999"])).status_code == 404

    index = anonymous.get(reverse("find_treatment_index"))
    assert index.status_code == 200 and ">Aalborg<" in index.content.decode()
    assert anonymous.get(reverse("find_treatment_index") + "?kommune=851")["Location"].endswith("/find-behandling/851/")
