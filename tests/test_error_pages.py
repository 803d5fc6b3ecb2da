# SPDX-License-Identifier: AGPL-3.0-or-later
"""The 400/403/404/500 pages: Danish, in the normal layout, with the reason Forløb gave and the
way on; under /api/ the API's JSON shape."""

from django.db import OperationalError
from django.test import Client, override_settings
from django.urls import reverse

from tests.conftest import new_citizen


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@override_settings(DEBUG=False)
def test_a_refused_page_says_why_in_danish_inside_the_layout(world):
    # An administrator holds no statistics role: stats/views.py refuses with its own Danish reason.
    response = signed_in(world.administrator).get(reverse("stats_index"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "Du har ikke adgang til denne side" in html
    assert "Dine roller giver ikke adgang til statistik." in html
    assert 'class="mainmenu"' in html  # the normal layout, with the user's menu
    assert f'href="{reverse("overview")}"' in html
    assert "Forbidden" not in html


@override_settings(DEBUG=False)
def test_a_citizen_of_another_unit_is_not_found_with_the_queries_reason(world):
    citizen = new_citizen(world)
    response = signed_in(world.other_behandler).get(reverse("citizen_detail", args=[citizen.pk]))
    assert response.status_code == 404
    html = response.content.decode()
    assert "Siden blev ikke fundet" in html
    assert 'id="error-reason"' in html
    assert "Not Found" not in html


@override_settings(DEBUG=False)
def test_an_unknown_address_shows_no_django_text(world):
    response = signed_in(world.behandler).get("/ingen-side-her/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Siden blev ikke fundet" in html
    assert 'id="error-reason"' not in html  # Django's resolver text names the patterns tried
    assert "ingen-side-her" not in html


@override_settings(DEBUG=False)
def test_an_anonymous_visitor_is_offered_the_login_and_the_public_page(db):
    response = Client().get("/find-behandling/999/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "No Municipality matches" not in html  # get_object_or_404's English text
    assert f'href="{reverse("login")}"' in html
    assert f'href="{reverse("find_treatment_index")}"' in html


@override_settings(DEBUG=False, ALLOWED_HOSTS=["testserver"])
def test_a_bad_host_is_a_danish_page(db):
    # Refused before the authentication middleware has run: the page is drawn without a user.
    response = Client().get("/", HTTP_HOST="angriber.example")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Forespørgslen kunne ikke læses" in html
    assert "angriber.example" not in html


@override_settings(DEBUG=False)
def test_the_server_error_page_needs_neither_the_database_nor_the_user(world, monkeypatch, django_assert_num_queries):
    from forlob.common.health import server_error

    request = Client().get("/").wsgi_request
    with django_assert_num_queries(0):
        response = server_error(request)
    html = response.content.decode()
    assert response.status_code == 500
    assert "Der opstod en fejl" in html
    assert 'class="mainmenu"' not in html
    assert f'href="{reverse("overview")}"' in html


@override_settings(DEBUG=False)
def test_a_lost_database_is_the_unavailable_page(world, monkeypatch):
    def down(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr("forlob.treatment.views.queries.overview", down)
    client = signed_in(world.behandler)
    client.raise_request_exception = False
    response = client.get(reverse("overview"))
    assert response.status_code == 503
    assert "Gå til forsiden" in response.content.decode()


@override_settings(DEBUG=False)
def test_errors_under_the_api_stay_json(world):
    client = signed_in(world.administrator)
    response = client.get("/api/v1/ingen-operation")
    assert response.status_code == 404
    assert response.json() == {"detail": "Findes ikke."}
    refused = client.get("/api/v1/stats/reports")
    assert refused["Content-Type"].startswith("application/json")
