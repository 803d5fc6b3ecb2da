# SPDX-License-Identifier: AGPL-3.0-or-later
"""Ending every session of a user at once."""

from importlib import import_module

from django.conf import settings
from django.contrib.auth.models import User

from forlob.accounts.models import SignedInSession


def end_all_sessions(user: User) -> int:
    store = import_module(settings.SESSION_ENGINE).SessionStore
    keys = list(SignedInSession.objects.filter(user=user).values_list("session_key", flat=True))
    for key in keys:
        store(session_key=key).delete()
    SignedInSession.objects.filter(user=user).delete()
    return len(keys)
