# SPDX-License-Identifier: AGPL-3.0-or-later
"""A form shown on a page but posted to a URL of its own goes back to the page's own address when
it is refused, with the input and the messages kept (forlob.common.kept_forms): a reload or a
bookmark after an error opens the page, never a URL that only accepts POST."""

from django.urls import reverse

from forlob.competences.models import Competence, PlannedSeats
from tests.test_views import client_for


def test_a_refused_seats_plan_is_shown_on_the_overview_address_with_its_input(world):
    client = client_for(world.leder)
    page_url = reverse("competence_overview")
    competence = Competence.objects.first()
    posted = {"unit": world.faxe.pk, "competence": competence.pk, "year": "2027", "seats": "-3"}
    refused = client.post(reverse("seats_plan"), posted, follow=True)
    assert refused.redirect_chain == [(page_url + "#uddannelsesplan", 302)]
    assert refused.request["PATH_INFO"] == page_url and refused.status_code == 200
    text = refused.content.decode()
    assert 'id="id_seats_error"' in text
    assert 'name="seats" value="-3"' in text and 'name="year" value="2027"' in text
    assert not PlannedSeats.objects.exists()

    again = client.get(page_url)  # a reload: the page, the refusal shown once
    assert again.status_code == 200 and 'value="-3"' not in again.content.decode()


def test_a_refusal_by_the_action_is_kept_too(world):
    client = client_for(world.leder)
    page_url = reverse("competence_overview")
    competence = Competence.objects.first()
    # The form takes any date; the action refuses one in the future.
    posted = {"user": world.behandler.pk, "competence": competence.pk, "since": "2027-01-01"}
    refused = client.post(reverse("competence_add"), posted, follow=True)
    assert refused.redirect_chain == [(page_url + "#registrer-kompetence", 302)]
    assert "fremtiden" in refused.content.decode() and 'value="2027-01-01"' in refused.content.decode()
