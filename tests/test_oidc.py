# SPDX-License-Identifier: AGPL-3.0-or-later
"""Single sign-on against a local fake OpenID Connect provider (real HTTP, RS256 with JWKS)."""

import json
import secrets
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlparse

import jwt
import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa
from django.test import Client
from django.urls import reverse

from forlob.audit.models import SecurityEvent
from forlob.organisations.models import Membership, Role

CLIENT_ID = "forlob-test"


class FakeProvider:
    """Just enough of an identity broker: authorize, token, userinfo and JWKS."""

    def __init__(self) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.claims: dict[str, object] = {}
        self.codes: dict[str, dict[str, object]] = {}
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.issuer = f"http://127.0.0.1:{self.server.server_port}"

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # type: ignore[no-untyped-def]
                pass

            def _json(self, body: object) -> None:
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                url = urlparse(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                if url.path == "/authorize":
                    code = secrets.token_urlsafe(8)
                    provider.codes[code] = {"nonce": query["nonce"], "claims": dict(provider.claims)}
                    self.send_response(302)
                    self.send_header(
                        "Location", f"{query['redirect_uri']}?{urlencode({'code': code, 'state': query['state']})}"
                    )
                    self.end_headers()
                elif url.path == "/jwks":
                    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(provider.key.public_key()))
                    self._json({"keys": [jwk | {"kid": "k1", "alg": "RS256", "use": "sig"}]})
                elif url.path == "/userinfo":
                    code = self.headers["Authorization"].removeprefix("Bearer at-")
                    self._json(provider.codes[code]["claims"])
                else:
                    self.send_error(404)

            def do_POST(self) -> None:
                form = parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
                grant = provider.codes.get(form["code"][0])
                if self.path != "/token" or grant is None or form["client_id"][0] != CLIENT_ID:
                    self.send_error(400)
                    return
                now = int(time.time())
                id_token = jwt.encode(
                    {
                        "iss": provider.issuer,
                        "aud": CLIENT_ID,
                        "sub": grant["claims"]["sub"],
                        "nonce": grant["nonce"],
                        "iat": now,
                        "exp": now + 300,
                    },
                    provider.key,
                    algorithm="RS256",
                    headers={"kid": "k1"},
                )
                self._json({"id_token": id_token, "access_token": f"at-{form['code'][0]}", "token_type": "Bearer"})

        return Handler


@pytest.fixture
def provider(settings) -> Iterator[FakeProvider]:
    fake = FakeProvider()
    thread = threading.Thread(target=fake.server.serve_forever, daemon=True)
    thread.start()
    settings.OIDC_ENABLED = True
    settings.AUTHENTICATION_BACKENDS = [
        "axes.backends.AxesStandaloneBackend",
        "forlob.accounts.oidc.MembershipOIDCBackend",
        "forlob.accounts.backends.LocalLoginBackend",
    ]
    settings.OIDC_OP_ISSUER = fake.issuer
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{fake.issuer}/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{fake.issuer}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{fake.issuer}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{fake.issuer}/jwks"
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = "hemmelighed"
    settings.OIDC_RP_SIGN_ALGO = "RS256"
    yield fake
    fake.server.shutdown()
    fake.server.server_close()


def sso_login(client: Client) -> str:
    """Follow the login through the provider; return where Forløb sends the user afterwards."""
    to_provider = client.get(reverse("oidc_authentication_init"))
    assert to_provider.status_code == 302
    back = requests.get(to_provider["Location"], allow_redirects=False, timeout=10)
    callback = urlparse(back.headers["Location"])
    return client.get(f"{callback.path}?{callback.query}")["Location"]


def test_single_sign_on_creates_the_user_with_the_claimed_roles(world, provider, settings):
    settings.FORLOB_REQUIRE_2FA = True  # the broker's own two-factor login counts
    provider.claims = {
        "sub": "a1b2c3",
        "preferred_username": "mette.sso",
        "given_name": "Mette",
        "family_name": "Sørensen",
        "email": "mette@faxe.dk",
        "forlob_roles": ["3502:behandler", "3502:leder", "9999:behandler", "3502:kejser"],
    }
    client = Client()
    assert "Log ind med kommunens login" in client.get(reverse("login")).content.decode()
    assert sso_login(client) == reverse("overview")
    assert client.get(reverse("citizen_list")).status_code == 200
    memberships = Membership.objects.filter(user__username="mette.sso")
    assert sorted(memberships.values_list("unit__institution_code", "role")) == [
        ("3502", Role.BEHANDLER),
        ("3502", Role.LEDER),
    ]
    user = memberships.first().user
    assert (user.first_name, user.last_name, user.email) == ("Mette", "Sørensen", "mette@faxe.dk")

    # The broker decides: at the next login the leader role is gone.
    provider.claims["forlob_roles"] = ["3502:behandler"]
    client.post(reverse("logout"))
    sso_login(Client())
    assert list(Membership.objects.filter(user=user).values_list("role", flat=True)) == [Role.BEHANDLER]


def test_single_sign_on_without_a_known_role_is_refused_and_logged(world, provider):
    provider.claims = {"sub": "x9", "email": "ukendt@faxe.dk", "forlob_roles": ["0000:behandler"]}
    client = Client()
    assert sso_login(client) == reverse("login")
    assert "_auth_user_id" not in client.session
    page = client.get(reverse("login")).content.decode()
    assert "giver dig ingen rolle" in page
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.OIDC_REFUSED, username="x9").count() == 1


def test_sso_is_not_offered_when_it_is_not_configured(world):
    assert Client().get(reverse("oidc_authentication_init")).status_code == 404
    assert "kommunens login" not in Client().get(reverse("login")).content.decode()
