# SPDX-License-Identifier: AGPL-3.0-or-later
"""Fixtures of the API tests."""

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections


@pytest.fixture
def keep_the_test_connection():  # type: ignore[no-untyped-def]
    """Schemathesis calls the WSGI application directly, whose request signals would close the
    test's database connection (and its transaction) after every call; Django's own test client
    holds them back the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
