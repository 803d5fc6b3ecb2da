# SPDX-License-Identifier: AGPL-3.0-or-later
"""API tokens that expire and may be limited to reading, and made only after the second factor;
sessions with an absolute lifetime; the second factor for everyone who reads person-level data.
Time is moved by editing the stored timestamps."""

import importlib
from datetime import timedelta

from django.apps import apps
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import formats, timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from forlob.accounts.sessions import SIGNED_IN_AT
from forlob.api.models import ApiToken
from forlob.audit.models import SecurityEvent
from forlob.citizens.models import Citizen
from tests.conftest import CPR_2, PASSWORD, code_for, new_citizen, pass_second_factor
from tests.test_api import token_for
from tests.test_views import client_for


def events(kind: str) -> int:
    return SecurityEvent.objects.filter(kind=kind).count()


def bearer(token: str) -> Client:
    return Client(headers={"authorization": f"Bearer {token}"})


def verified_client(user) -> Client:  # type: ignore[no-untyped-def]
    client = client_for(user)
    pass_second_factor(client, user)
    return client


def made_on_page(client: Client, **data: object):  # type: ignore[no-untyped-def]
    """Post the token form; the page's answer, and the token it shows (None when none was made)."""
    response = client.post(reverse("api_tokens"), {"name": "Rapportscript", "days": 90, **data})
    page = response.content.decode()
    shown = page.split('<code id="new-token">')[1].split("</code>")[0] if 'id="new-token"' in page else None
    return response, shown


# --- Tokens expire -----------------------------------------------------------------------------


def test_an_expired_token_is_refused_like_an_unknown_one_and_logged(world):
    client = bearer(token_for(world.behandler))
    assert client.get("/api/v1/citizens").status_code == 200
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    expired = client.get("/api/v1/citizens")
    unknown = bearer("flb_unknown").get("/api/v1/citizens")
    assert expired.status_code == unknown.status_code == 401
    assert expired.json() == unknown.json() == {"detail": "Log ind eller send en gyldig API-nøgle."}
    assert events(SecurityEvent.Kind.TOKEN_REFUSED) == 2


def test_a_token_at_its_maximum_lifetime_is_accepted_and_a_longer_one_cannot_be_made(world, settings):
    client = verified_client(world.behandler)
    response, shown = made_on_page(client, days=settings.FORLOB_API_TOKEN_MAX_DAYS)
    assert response.status_code == 200 and shown
    row = ApiToken.objects.get()
    lifetime = row.expires_at - row.created_at
    assert abs(lifetime - timedelta(days=365)) < timedelta(seconds=5)
    # The last minute of its life: still accepted.
    ApiToken.objects.update(
        created_at=timezone.now() - lifetime + timedelta(minutes=1), expires_at=timezone.now() + timedelta(minutes=1)
    )
    assert bearer(shown).get("/api/v1/citizens").status_code == 200

    response, shown = made_on_page(client, days=366)
    assert shown is None and ApiToken.objects.count() == 1
    assert "En nøgle kan gælde i 1 til 365 dage." in response.content.decode()
    settings.FORLOB_API_TOKEN_MAX_DAYS = 30
    response, shown = made_on_page(client, days=31)
    assert shown is None and "En nøgle kan gælde i 1 til 30 dage." in response.content.decode()


def test_the_lifetime_defaults_to_90_days(world):
    page = verified_client(world.behandler).get(reverse("api_tokens")).content.decode()
    assert 'name="days" value="90"' in page and 'max="365"' in page


def test_the_page_lists_each_tokens_expiry_and_shows_expired_ones_as_expired(world):
    token_for(world.behandler, "Gammelt script")
    token_for(world.behandler, "Nyt script", days=30)
    ApiToken.objects.filter(name="Gammelt script").update(expires_at=timezone.now() - timedelta(days=1))
    page = client_for(world.behandler).get(reverse("api_tokens")).content.decode()
    for row in ApiToken.objects.all():
        shown = formats.date_format(timezone.localtime(row.expires_at), "SHORT_DATETIME_FORMAT")
        assert shown in page
    old_row = page.split("Gammelt script")[1].split("</tr>")[0]
    new_row = page.split("Nyt script")[1].split("</tr>")[0]
    assert "Udløbet" in old_row and "Tilbagekald" not in old_row
    assert "Udløbet" not in new_row and "Tilbagekald" in new_row


def test_existing_tokens_expire_90_days_after_they_were_made(world):
    token_for(world.behandler)
    made = timezone.now() - timedelta(days=200)
    ApiToken.objects.update(created_at=made, expires_at=timezone.now() + timedelta(days=3650))
    migration = importlib.import_module("forlob.api.migrations.0002_apitoken_expires_at_read_only")
    migration.expire_existing_tokens(apps, None)
    assert ApiToken.objects.get().expires_at == made + timedelta(days=90)


# --- Read-only tokens --------------------------------------------------------------------------


def test_a_read_only_token_reads_but_cannot_write(world):
    citizen = new_citizen(world)
    client = bearer(token_for(world.visitator, read_only=True))
    assert client.get("/api/v1/citizens").status_code == 200
    assert client.get(f"/api/v1/citizens/{citizen.pk}").status_code == 200

    created = client.post(
        "/api/v1/citizens",
        {"unit_id": world.faxe.pk, "cpr": CPR_2, "first_name": "Ida", "last_name": "Holm"},
        content_type="application/json",
    )
    changed = client.patch(f"/api/v1/citizens/{citizen.pk}", {"first_name": "Ændret"}, content_type="application/json")
    for response in (created, changed):
        assert response.status_code == 403
        assert response.json() == {"detail": "Denne nøgle må kun læse. Opret en nøgle, der også må ændre data."}
    assert Citizen.objects.count() == 1
    assert Citizen.objects.get().first_name == "Hans"


def test_a_read_only_token_is_chosen_on_the_page(world):
    client = verified_client(world.behandler)
    _response, shown = made_on_page(client, read_only="on")
    assert ApiToken.objects.get().read_only
    assert "Kun læsning" in client.get(reverse("api_tokens")).content.decode()
    response = bearer(shown).post("/api/v1/citizens/search", {"term": "Hans"}, content_type="application/json")
    assert response.status_code == 403


# --- The second factor to make a token ---------------------------------------------------------


def test_the_page_refuses_to_make_a_token_without_the_second_factor_and_makes_one_after_it(world, settings):
    assert not settings.FORLOB_REQUIRE_2FA  # a token outlives the session: asked for regardless
    client = client_for(world.behandler)
    page = client.get(reverse("api_tokens")).content.decode()
    assert "Der skal tofaktor-login til at oprette en nøgle" in page and 'name="days"' not in page
    link = f"{reverse('otp_setup')}?next=/api-noegler/"
    assert f'href="{link}"' in page

    response, shown = made_on_page(client)
    assert response.status_code == 403 and shown is None
    assert ApiToken.objects.count() == 0

    client.get(link)  # the set-up page makes the app's key; the user scans it and gives a code
    device = TOTPDevice.objects.get(user=world.behandler)
    response = client.post(link, {"token": code_for(device), "next": "/api-noegler/"})
    assert response.status_code == 302 and response["Location"] == "/api-noegler/"
    response, shown = made_on_page(client)
    assert response.status_code == 200 and shown
    assert bearer(shown).get("/api/v1/citizens").status_code == 200


def test_a_user_with_an_app_is_sent_to_the_code_page(world):
    TOTPDevice.objects.create(user=world.behandler, name="App", confirmed=True)
    page = client_for(world.behandler).get(reverse("api_tokens")).content.decode()
    assert f'href="{reverse("otp_verify")}?next=/api-noegler/"' in page


def test_a_broker_login_with_its_own_second_factor_may_make_tokens(world):
    client = client_for(world.behandler)
    session = client.session
    session["forlob_mfa_by_broker"] = True
    session.save()
    response, shown = made_on_page(client)
    assert response.status_code == 200 and shown


def test_tokens_can_be_revoked_without_the_second_factor(world):
    token = token_for(world.behandler)
    client = client_for(world.behandler)
    client.post(reverse("api_token_revoke", args=[ApiToken.objects.get().pk]))
    assert ApiToken.objects.get().revoked_at is not None
    assert bearer(token).get("/api/v1/citizens").status_code == 401


# --- The absolute session lifetime -------------------------------------------------------------


def started_hours_ago(client: Client, hours: float) -> None:
    session = client.session
    session[SIGNED_IN_AT] = int((timezone.now() - timedelta(hours=hours)).timestamp())
    session.save()


def test_signing_in_records_when_the_session_started(world):
    client = Client()
    response = client.post(reverse("login"), {"username": "behandler", "password": PASSWORD})
    assert response.status_code == 302
    started = client.session[SIGNED_IN_AT]
    assert abs(timezone.now().timestamp() - started) < 5


def test_a_session_past_its_absolute_lifetime_is_signed_out_though_active_a_minute_ago(world, settings):
    assert settings.FORLOB_SESSION_MAX_HOURS == 8
    client, other_device = client_for(world.behandler), client_for(world.behandler)
    started_hours_ago(client, 8 - 1 / 60)
    assert client.get(reverse("overview")).status_code == 200  # a minute left, and active now
    idle_end = Session.objects.get(session_key=client.session.session_key).expire_date
    assert idle_end > timezone.now() + timedelta(minutes=29)  # the idle timeout is far away

    started_hours_ago(client, 8 + 1 / 60)
    response = client.get(reverse("citizen_list"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={reverse('citizen_list')}"
    page = client.get(response["Location"]).content.decode()
    assert "Du har været logget ind i 8 timer, som er det længste, en session varer. Log ind igen." in page
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("overview")).status_code == 302
    # Only this session ends: the user's session on another device started later and goes on.
    assert other_device.get(reverse("overview")).status_code == 200
    assert events(SecurityEvent.Kind.SESSION_INVALID) == 0  # over, not an attack


def test_the_api_answers_401_to_a_session_past_its_lifetime(world):
    client = client_for(world.behandler)
    assert client.get("/api/v1/citizens").status_code == 200
    started_hours_ago(client, 9)
    response = client.get("/api/v1/citizens")
    assert response.status_code == 401
    assert response.json() == {
        "detail": "Du har været logget ind i 8 timer, som er det længste, en session varer. Log ind igen."
    }


# --- The second factor for analysts ------------------------------------------------------------


def test_an_analyst_without_the_second_factor_is_sent_to_the_code_page(world, settings):
    settings.FORLOB_REQUIRE_2FA = True
    client = client_for(world.analytiker)
    response = client.get(reverse("stats_extract"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('otp_verify')}?next={reverse('stats_extract')}"
    response = client.get("/api/v1/stats/extract?scope=municipality:1&first_year=2025&last_year=2026")
    assert response.status_code == 403 and response.json() == {"detail": "Tofaktor-login er påkrævet."}

    pass_second_factor(client, world.analytiker)
    assert client.get(reverse("stats_extract")).status_code == 200
