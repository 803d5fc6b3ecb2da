# SPDX-License-Identifier: AGPL-3.0-or-later
"""API clients for the endpoint tests: a user's token, full or read-only, or none."""

import json

from django.contrib.auth.models import User
from django.test import Client

from forlob.api.actions import issue_token


def api_client(user: User | None, read_only: bool = False) -> Client:
    if user is None:
        return Client()
    token = issue_token(user, "test", read_only=read_only)[1]
    return Client(headers={"authorization": f"Bearer {token}"})


def send(client: Client, method: str, url: str, body: dict[str, object]):  # type: ignore[no-untyped-def]
    return client.generic(method, url, data=json.dumps(body), content_type="application/json")
