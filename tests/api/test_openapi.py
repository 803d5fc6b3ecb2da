# SPDX-License-Identifier: AGPL-3.0-or-later
"""The OpenAPI schema and the routes agree: every route it lists answers, and every route that
answers is listed."""

import re

import pytest
from django.test import Client
from django.urls import URLPattern

from forlob.api.routes import api
from forlob.common.api import Schema

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
# What NinjaAPI mounts besides the operations: the schema, its docs page and the root.
NOT_OPERATIONS = {"openapi-json", "openapi-view", "api-root"}


def listed() -> set[str]:
    return {f"{method.upper()} {path}" for path, ops in api.get_openapi_schema()["paths"].items() for method in ops}


def answered() -> set[str]:
    """Every method each mounted path answers: without a token, 401 where an operation exists and
    405 where none does (the method is checked before the token)."""
    found = set()
    client = Client()
    for pattern in api.urls[0]:
        assert isinstance(pattern, URLPattern)
        if pattern.name in NOT_OPERATIONS:
            continue
        route = str(pattern.pattern)
        path = "/api/v1/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)
        url = "/api/v1/" + re.sub(r"<(?:\w+:)?\w+>", "1", route)
        for method in METHODS:
            status = client.generic(method, url).status_code
            assert status in (401, 405), f"{method} {url}: {status}"
            if status == 401:
                found.add(f"{method} {path}")
    return found


@pytest.mark.django_db
def test_every_route_is_in_the_schema_and_every_listed_route_answers():
    assert answered() == listed()


def test_operation_ids_are_unique():
    ids = [op["operationId"] for ops in api.get_openapi_schema()["paths"].values() for op in ops.values()]
    assert len(ids) == len(set(ids))


def test_schema_names_are_unique():
    """django-ninja names a component after its class and keeps the last one of a name: two
    schemas called GoalOut would describe one operation's answer with the other's fields."""
    seen: dict[str, set[str]] = {}

    def walk(cls: type) -> None:
        for sub in cls.__subclasses__():
            if sub.__module__.startswith("forlob."):
                seen.setdefault(sub.__name__, set()).add(sub.__module__)
            walk(sub)

    walk(Schema)
    assert {name: modules for name, modules in seen.items() if len(modules) > 1} == {}
