# SPDX-License-Identifier: AGPL-3.0-or-later
"""A form shown on a page but posted to a URL of its own goes back to the page's own address when
it is refused, with the input and the messages kept (forlob.common.kept_forms): a reload or a
bookmark after an error opens the page, never a URL that only accepts POST."""

from datetime import time

from django.urls import reverse

from forlob.common.dates import today
from forlob.competences.models import Competence, PlannedSeats
from forlob.strategy.models import Area, Initiative, Strategy
from forlob.treatment import actions as treatment_actions
from tests.conftest import new_course
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


def test_a_refused_initiative_status_goes_back_to_the_strategy_page(world):
    strategy = Strategy.objects.create(
        municipality=world.faxe.municipality, title="Rusmiddelstrategi", first_year=2024, last_year=2027
    )
    area = Area.objects.create(strategy=strategy, title="Borgere i behandling", position=1)
    initiative = Initiative.objects.create(area=area, title="Gruppeforløb for unge", department="Rusmiddelcentret")
    client = client_for(world.leder)
    page_url = reverse("strategy_detail", args=[strategy.pk])
    posted = {"status": "in_progress", "written_on": "", "text": "To grupper i gang", "version": initiative.version}
    refused = client.post(reverse("initiative_update", args=[initiative.pk]), posted, follow=True)
    assert refused.redirect_chain == [(f"{page_url}#initiativ-{initiative.pk}", 302)]
    text = refused.content.decode()
    assert f'id="id_i{initiative.pk}_written_on_error"' in text and "To grupper i gang" in text
    assert client.get(page_url).status_code == 200


def test_a_refused_group_member_goes_back_to_the_group_page(world):
    group = treatment_actions.create_group(
        world.actor(world.behandler),
        world.faxe,
        treatment_actions.GroupData(
            name="Tirsdagsgruppen", weekday=1, start_time=time(13, 0), starts_on=today(), staff=[world.behandler]
        ),
    )
    client = client_for(world.behandler)
    page_url = reverse("group_detail", args=[group.pk])
    refused = client.post(reverse("group_add_member", args=[group.pk]), {"joined_on": "2026-11-30"}, follow=True)
    assert refused.redirect_chain == [(page_url, 302)]
    assert 'id="id_course_error"' in refused.content.decode() and 'value="2026-11-30"' in refused.content.decode()
    assert client.get(page_url).status_code == 200


def test_a_refused_session_comes_back_on_the_course_page_with_its_note(world):
    course = new_course(world)
    client = client_for(world.behandler)
    page_url = reverse("course_detail", args=[course.pk])
    posted = {"held_on": "", "kind": "individual", "minutes": 60, "attendance": "attended", "note": "Godt møde"}
    refused = client.post(reverse("session_create", args=[course.pk]), posted, follow=True)
    assert refused.redirect_chain == [(page_url + "#samtaler", 302)]
    text = refused.content.decode()
    assert 'id="id_held_on_error"' in text and "Godt møde" in text
    assert not course.sessions.exists()
    assert "Godt møde" not in client.get(page_url).content.decode()  # shown once
