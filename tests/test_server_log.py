# SPDX-License-Identifier: AGPL-3.0-or-later
"""CPR numbers never reach the server's log: a CPR number in the address, in any notation, is
refused (forlob/accounts/middleware.py)."""

from urllib.parse import quote

import pytest

from forlob.accounts.middleware import CPR_LIKE
from forlob.audit.models import SecurityEvent
from forlob.citizens import cpr
from tests.test_api import api
from tests.test_views import client_for

# CPR_1 of tests/conftest.py in every notation people use.
NOTATIONS = [
    "0101801234",
    "010180-1234",
    "010180 1234",
    "010180 - 1234",
    "010180/1234",
    "01.01.80-1234",
    "01.01.80 1234",
    "01.01.801234",
    "01 01 80 1234",
    "01-01-80-1234",
    "01/01/80-1234",
    "cpr: 010180-1234",
    "tlf. 12 34 010180 1234",  # digits just before do not hide it
]


def holds_cpr(text: str) -> bool:
    return any(cpr.normalise_or_none("".join(m.groups())) for m in CPR_LIKE.finditer(text))


# --- Refused in the address, in every notation --------------------------------------------------


@pytest.mark.parametrize("number", NOTATIONS)
def test_a_cpr_number_in_any_notation_in_the_address_is_refused(world, number):
    for client, path in ((client_for(world.behandler), "/borgere/"), (api(world.behandler), "/api/v1/citizens")):
        # As a browser sends it: spaces as + or %20, the rest percent-encoded where needed.
        for query in (f"q={quote(number)}", f"q={quote(number).replace('%20', '+')}", quote(number)):
            response = client.get(f"{path}?{query}")
            assert response.status_code == 400, query
            assert "må ikke sendes i adressen" in response.content.decode()
    logged = SecurityEvent.objects.filter(kind=SecurityEvent.Kind.SECRET_IN_URL)
    assert logged.count() == 6
    assert not any(holds_cpr(event.path) or "?" in event.path for event in logged)


@pytest.mark.parametrize(
    "value",
    [
        "12345678",  # a phone number
        "+45 12 34 56 78",
        "12 34 56 78 90",  # ten digits, but no date
        "1234567890",
        "3213801234",  # day 32
        "0113801234",  # month 13
        "01.01.2024",  # a date
        "2024-01-01 12:00",
        "01.01.80-12345",  # one digit too many
        "3502",  # an institution code
    ],
)
def test_digits_that_are_not_a_cpr_number_pass(world, value):
    assert client_for(world.behandler).get("/borgere/", {"q": value}).status_code == 200
    assert not SecurityEvent.objects.exists()
