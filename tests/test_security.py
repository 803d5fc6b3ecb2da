# SPDX-License-Identifier: AGPL-3.0-or-later
"""Login, sessions, refused requests, and the headers that keep pages safe."""

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from forlob.audit.models import SecurityEvent
from forlob.citizens import cpr
from forlob.citizens.models import Citizen
from forlob.common.dates import today
from forlob.organisations.models import Role
from forlob.treatment import actions
from tests.conftest import CPR_1, CPR_2, PASSWORD, code_for, make_user, new_citizen, new_course, password_login
from tests.test_api import api, token_for
from tests.test_views import client_for

ROOT = Path(__file__).resolve().parent.parent


def events(kind: str) -> int:
    return SecurityEvent.objects.filter(kind=kind).count()


def sign_in(client: Client, username: str, password: str = PASSWORD):  # type: ignore[no-untyped-def]
    return client.post(reverse("login"), {"username": username, "password": password})


# --- Passwords and lockout -------------------------------------------------------------------


def test_passwords_are_hashed_with_argon2_and_validated(world):
    assert world.behandler.password.startswith("argon2")
    with pytest.raises(ValidationError) as refused:
        validate_password("kort12")
    assert "Denne adgangskode er for kort" in " ".join(refused.value.messages)


def test_repeated_failures_lock_the_user_out_with_a_danish_message(world):
    client = Client()
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = sign_in(client, "behandler", "forkert-kode-123")
        assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert events(SecurityEvent.Kind.LOGIN_FAILED) == settings.AXES_FAILURE_LIMIT - 1
    sign_in(client, "behandler", "forkert-kode-123")
    # Locked: even the right password is refused now, and the page says so in Danish.
    response = sign_in(client, "behandler")
    assert response.status_code == 429
    assert "midlertidigt spærret" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert events(SecurityEvent.Kind.LOCKED_OUT) >= 1
    # Another user is not affected.
    assert sign_in(Client(), "leder").status_code == 302


def test_local_login_can_be_turned_off(world, settings):
    settings.LOCAL_LOGIN = False
    client = Client()
    response = sign_in(client, "behandler")
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert 'name="password"' not in client.get(reverse("login")).content.decode()


# --- Two-factor login ------------------------------------------------------------------------


def test_two_factor_is_set_up_then_required_at_every_login(world, settings):
    settings.FORLOB_REQUIRE_2FA = True
    client = Client()
    assert sign_in(client, "behandler").status_code == 302
    # Signed in with the password alone: every page leads to the second factor first.
    response = client.get(reverse("citizen_list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("otp_verify"))
    response = client.get(response["Location"])
    assert response["Location"].startswith(reverse("otp_setup"))
    page = client.get(response["Location"]).content.decode()
    assert 'src="data:image/svg+xml' in page  # the QR code, no inline script needed
    device = TOTPDevice.objects.get(user=world.behandler)
    assert not device.confirmed

    response = client.post(reverse("otp_setup"), {"token": "000000", "next": "/borgere/"})
    assert "Koden er forkert eller udløbet" in response.content.decode()
    assert events(SecurityEvent.Kind.OTP_FAILED) == 1
    assert client.get(reverse("citizen_list")).status_code == 302
    # django-otp slows down repeated wrong codes; the real user waits until it is allowed again.
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0, throttling_failure_timestamp=None)

    response = client.post(reverse("otp_setup"), {"token": code_for(device), "next": "/borgere/"})
    assert response.status_code == 302 and response["Location"] == "/borgere/"
    assert client.get(reverse("citizen_list")).status_code == 200

    # The next login asks for a code from the confirmed device.
    second = Client()
    sign_in(second, "behandler")
    assert second.get(reverse("overview"))["Location"].startswith(reverse("otp_verify"))
    assert second.post(reverse("otp_verify"), {"token": "123456"}).status_code == 200
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0, throttling_failure_timestamp=None)
    assert second.post(reverse("otp_verify"), {"token": code_for(device, later=30)}).status_code == 302
    assert second.get(reverse("overview")).status_code == 200


def test_the_api_asks_a_session_without_second_factor_for_it(world, settings):
    settings.FORLOB_REQUIRE_2FA = True
    client = Client()
    sign_in(client, "behandler")
    response = client.get("/api/v1/citizens")
    assert response.status_code == 403 and response.json() == {"detail": "Tofaktor-login er påkrævet."}


def test_roles_without_person_data_need_no_second_factor_but_administrators_do(world, settings):
    settings.FORLOB_REQUIRE_2FA = True
    make_user("koordinator", world.faxe, Role.KOORDINATOR)
    client = Client()
    sign_in(client, "koordinator")
    assert client.get(reverse("overview")).status_code == 200
    client = Client()
    sign_in(client, "administrator")  # manages accounts and roles
    assert client.get(reverse("overview"))["Location"].startswith(reverse("otp_verify"))


# --- Sessions --------------------------------------------------------------------------------


def test_session_ends_after_idle_time_and_each_request_extends_it(world):
    client = client_for(world.behandler)
    assert client.get(reverse("overview")).status_code == 200
    session = Session.objects.get(session_key=client.session.session_key)
    idle = session.expire_date - timezone.now()
    assert timedelta(minutes=29) < idle <= timedelta(minutes=30)
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(reverse("overview"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    # An expired session is normal, not an attack: no security event.
    assert events(SecurityEvent.Kind.SESSION_INVALID) == 0


def test_logout_ends_the_users_sessions_everywhere(world):
    laptop, desktop = client_for(world.behandler), client_for(world.behandler)
    other = client_for(world.leder)
    laptop.post(reverse("logout"))
    assert desktop.get(reverse("overview")).status_code == 302
    assert other.get(reverse("overview")).status_code == 200
    assert events(SecurityEvent.Kind.SESSION_INVALID) == 0  # signed out, not an attack


def test_deactivated_user_loses_sessions_and_tokens_at_once(world):
    client = client_for(world.behandler)
    token_client = api(world.behandler)
    assert token_client.get("/api/v1/citizens").status_code == 200
    world.behandler.is_active = False
    world.behandler.save()
    assert client.get(reverse("overview")).status_code == 302
    response = token_client.get("/api/v1/citizens")
    assert response.status_code == 401 and "flb_" not in response.content.decode()
    assert events(SecurityEvent.Kind.TOKEN_REFUSED) == 1


def test_tampered_session_cookie_signs_nobody_in_and_is_logged(world):
    client = client_for(world.behandler)
    client.cookies[settings.SESSION_COOKIE_NAME] = client.session.session_key[:-4] + "abcd"
    response = client.get(reverse("citizen_list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert events(SecurityEvent.Kind.SESSION_INVALID) == 1


def test_forged_csrf_is_refused_in_danish_and_logged(world):
    client = Client(enforce_csrf_checks=True)
    password_login(client, "visitator")
    before = Citizen.objects.count()
    response = client.post(
        reverse("citizen_create"),
        {"unit": world.faxe.pk, "cpr": CPR_1, "first_name": "Ida", "last_name": "Holm", "sex": "K"},
    )
    assert response.status_code == 403
    assert "Formularen var forældet" in response.content.decode()
    assert Citizen.objects.count() == before
    assert events(SecurityEvent.Kind.CSRF_FAILED) == 1


# --- Secrets never in addresses ---------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    ["token=flb_abc", "access_token=xyz", "q=0101801234", "q=010180-1234", "side=2&cpr=1505920001"],
)
def test_tokens_and_cpr_numbers_in_the_address_are_refused(world, query):
    token = token_for(world.behandler)
    for client, path in ((api(world.behandler), "/api/v1/citizens"), (client_for(world.behandler), "/borgere/")):
        response = client.get(f"{path}?{query}")
        assert response.status_code == 400
        assert "må ikke sendes i adressen" in response.content.decode()
    logged = SecurityEvent.objects.filter(kind=SecurityEvent.Kind.SECRET_IN_URL)
    assert logged.count() == 2
    assert all(token not in e.path and "0101801234" not in e.path and "?" not in e.path for e in logged)


def test_ordinary_query_strings_pass(world):
    assert client_for(world.behandler).get("/borgere/?page=2").status_code == 200


# --- Where a form sends the user afterwards ---------------------------------------------------


def _post_attendance(world, next_address: str):  # type: ignore[no-untyped-def]
    """Mark a planned session attended from a form that asks to go to ``next_address``; return
    the course and the answer."""
    course = new_course(world)
    session = actions.register_session(
        world.actor(world.behandler),
        course,
        actions.SessionData(held_on=today(), kind="individual", attendance="planned", staff=[world.behandler]),
    )
    url = reverse("session_attendance", args=[session.pk])
    return course, client_for(world.behandler).post(url, {"attendance": "attended", "next": next_address})


OFF_SITE = ["https://evil.example/", "//evil.example/", "javascript:alert(1)", "/\\evil.example"]


@pytest.mark.parametrize("target", OFF_SITE)
def test_attendance_ignores_a_next_address_off_the_site(world, target):
    course, response = _post_attendance(world, target)
    assert response.status_code == 302
    assert response["Location"] == reverse("course_detail", args=[course.pk])


def test_attendance_follows_a_next_address_on_the_site(world):
    _course, response = _post_attendance(world, reverse("overview"))
    assert response.status_code == 302 and response["Location"] == reverse("overview")


@pytest.mark.parametrize("target", OFF_SITE)
def test_login_ignores_a_next_address_off_the_site(world, target):
    client = Client()
    response = client.post(reverse("login"), {"username": "behandler", "password": PASSWORD, "next": target})
    assert response.status_code == 302 and response["Location"] == reverse("overview")


def test_next_address_must_be_https_in_production(world, settings):
    settings.PRODUCTION = True
    client = Client()
    response = client.post(
        reverse("login"), {"username": "behandler", "password": PASSWORD, "next": "http://testserver/borgere/"}
    )
    assert response["Location"] == reverse("overview")


# --- Headers ---------------------------------------------------------------------------------


def test_security_headers_and_no_caching_of_person_data(world):
    citizen = new_citizen(world, CPR_2)
    response = client_for(world.behandler).get(reverse("citizen_detail", args=[citizen.pk]))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-store" in response["Cache-Control"]


def test_templates_have_no_inline_scripts():
    for template in (ROOT / "templates").rglob("*.html"):
        text = template.read_text()
        assert "<script>" not in text and " on" + "click=" not in text, template


def _manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        # Not the test run's own switches (DEBUG, and the browser tests' DJANGO_ALLOW_ASYNC_UNSAFE).
        env={k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}} | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def production_env(tmp_path: Path) -> dict[str, str]:
    return {
        "FORLOB_PRODUCTION": "1",
        "FORLOB_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "ALLOWED_HOSTS": "forlob.kommune.dk",
        "SECRET_KEY": Fernet.generate_key().decode() + Fernet.generate_key().decode(),
        "FORLOB_CPR_HMAC_KEY": Fernet.generate_key().decode(),
        "FORLOB_CPR_ENCRYPTION_KEY": Fernet.generate_key().decode(),
    }


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = _manage(production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_development_keys(tmp_path):
    env = production_env(tmp_path)
    (tmp_path / "dev-keys.json").write_text(f'{{"FORLOB_CPR_HMAC_KEY": "{env["FORLOB_CPR_HMAC_KEY"]}"}}')
    result = _manage(env, "check")
    assert result.returncode != 0 and "development keys: FORLOB_CPR_HMAC_KEY" in result.stderr


# Each weak value, and the variable the refusal must name; the value itself must not be printed.
WEAK_KEYS = [
    ("SECRET_KEY", "kort-men-hemmelig"),
    ("SECRET_KEY", "ab" * 40),  # long, but only two different characters
    ("SECRET_KEY", "django-insecure-" + "q7Zp3xK9mW2vR8tY5nB1cL6hJ4gF0dS-aE_uI"),
    ("FORLOB_CPR_HMAC_KEY", "x"),
    ("FORLOB_CPR_HMAC_KEY", "hemmelig-noegle-1"),  # 17 characters
    ("FORLOB_CPR_HMAC_KEY", "abcabcabc" * 5),  # 45 characters, three different ones
    ("FORLOB_CPR_ENCRYPTION_KEY", "ikke-en-fernet-noegle"),
    ("FORLOB_CPR_ENCRYPTION_KEY", "c2hvcnQ="),  # base64, but of 5 bytes, not 32
    ("FORLOB_CPR_ENCRYPTION_KEY", Fernet.generate_key().decode() + ",gammel-noegle"),  # rotation, one part bad
]


@pytest.mark.parametrize(("name", "value"), WEAK_KEYS)
def test_production_refuses_weak_keys_naming_the_variable_not_the_value(tmp_path, name, value):
    result = _manage(production_env(tmp_path) | {name: value}, "check")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and f"weak keys: {name} must be" in result.stderr
    for part in value.split(","):
        assert len(part) < 8 or part not in result.stderr + result.stdout  # "x" is in any traceback


def test_production_accepts_two_fernet_keys_while_rotating(tmp_path):
    env = production_env(tmp_path)
    env["FORLOB_CPR_ENCRYPTION_KEY"] = f"{Fernet.generate_key().decode()}, {env['FORLOB_CPR_ENCRYPTION_KEY']}"
    result = _manage(env, "check")
    assert result.returncode == 0, result.stderr


# --- Keys ------------------------------------------------------------------------------------


def test_key_rotation_keeps_every_cpr_readable(world, settings):
    old = settings.CPR_ENCRYPTION_KEY
    numbers = [CPR_1, CPR_2, "2412671111"]
    for i, number in enumerate(numbers):
        new_citizen(world, number, first_name=f"Navn{i}")
    new = Fernet.generate_key().decode()
    settings.CPR_ENCRYPTION_KEY = f"{new},{old}"  # step 1: new key first, old still readable
    new_citizen(world, "0302034444", first_name="Efter")
    call_command("rotate_cpr_key", stdout=open(os.devnull, "w"))  # noqa: SIM115
    settings.CPR_ENCRYPTION_KEY = new  # step 3: the old key is gone
    stored = {cpr.decrypt(c.cpr_encrypted) for c in Citizen.objects.exclude(cpr_encrypted="")}
    assert stored == {*numbers, "0302034444"}
