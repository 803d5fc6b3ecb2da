# SPDX-License-Identifier: AGPL-3.0-or-later
"""Ending every session of a user at once (database sessions, Django's default)."""

from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.utils import timezone

from forlob.accounts.models import SignedInSession


def end_all_sessions(user: User) -> int:
    """Expire (rather than delete) the sessions, so a device that still sends one is recognised as
    signed out, not logged as presenting an unknown session. ``clearsessions`` removes them."""
    keys = list(SignedInSession.objects.filter(user=user).values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).update(expire_date=timezone.now())
    SignedInSession.objects.filter(user=user).delete()
    return len(keys)
