# SPDX-License-Identifier: AGPL-3.0-or-later
"""When a session started, ending one session, and ending every session of a user at once
(database sessions, Django's default)."""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.contrib.sessions.backends.base import SessionBase
from django.contrib.sessions.models import Session
from django.http import HttpRequest
from django.utils import timezone

from forlob.accounts.models import SignedInSession
from forlob.common.sessions import TOUCHED

SIGNED_IN_AT = "forlob_signed_in_at"


def mark_signed_in(session: SessionBase) -> None:
    session[SIGNED_IN_AT] = session[TOUCHED] = int(timezone.now().timestamp())  # saved with the sign-in


def remember_session(request: HttpRequest, user: User) -> None:
    """A signed-in session is kept with its user (so all of them can be ended) and its start."""
    if request.session.session_key is None:
        request.session.save()
    SignedInSession.objects.get_or_create(session_key=request.session.session_key, defaults={"user": user})
    mark_signed_in(request.session)


def lifetime_is_over(session: SessionBase) -> bool:
    """The session is older than FORLOB_SESSION_MAX_HOURS, or does not say when it started."""
    started = session.get(SIGNED_IN_AT)
    if not isinstance(started, int):
        return True
    return timezone.now().timestamp() - started >= settings.FORLOB_SESSION_MAX_HOURS * 3600


def end_session(request: HttpRequest) -> None:
    """Sign this session out, leaving the user's sessions on other devices alone (which
    ``django.contrib.auth.logout`` would end, see signals.py)."""
    SignedInSession.objects.filter(session_key=request.session.session_key).delete()
    request.session.flush()
    request.user = AnonymousUser()


def end_all_sessions(user: User) -> int:
    """Expire (rather than delete) the sessions, so a device that still sends one is recognised as
    signed out, not logged as presenting an unknown session. ``clearsessions`` removes them."""
    keys = list(SignedInSession.objects.filter(user=user).values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).update(expire_date=timezone.now())
    SignedInSession.objects.filter(user=user).delete()
    return len(keys)
