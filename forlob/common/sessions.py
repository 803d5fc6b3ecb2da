# SPDX-License-Identifier: AGPL-3.0-or-later
"""Django's database sessions (SESSION_ENGINE), telling a database that cannot be written from a
session that was deleted.

Django reads every database error on saving a session as "the session was deleted meanwhile"
(UpdateError), and SessionMiddleware answers that with an English "Bad Request (400)". When the
database is read-only, full or gone, the error is raised as it is instead, so the user gets the
Danish 503 page (health.server_error), or JSON under /api/.

RefreshIdleSessions (middleware) moves a session's idle end at most once a minute."""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.sessions.backends import db
from django.contrib.sessions.backends.base import UpdateError
from django.http import HttpRequest, HttpResponseBase

from forlob.common.health import unavailable


class SessionStore(db.SessionStore):
    def save(self, must_create: bool = False) -> None:
        try:
            super().save(must_create)
        except UpdateError as refused:
            error = refused.__context__
            if error is not None and unavailable(error):
                raise error from error.__cause__  # keeps the driver's error, which unavailable() reads
            raise


# When the session was last saved, in seconds since the epoch.
TOUCHED = "_forlob_touched"


class RefreshIdleSessions:
    """The idle timeout without a write on every request (SESSION_SAVE_EVERY_REQUEST is off).

    Saving a session moves its end SESSION_COOKIE_AGE ahead. A request saves it only when it was
    last saved FORLOB_SESSION_REFRESH_SECONDS ago or more (or when the request changed it anyway),
    so a user clicking through pages costs one session write a minute, not one a page. The session
    of someone who stops ends between SESSION_COOKIE_AGE minus the refresh interval and
    SESSION_COOKIE_AGE after their last request: never later than the idle timeout."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.is_empty():
            return response  # no session cookie, or signed out by the view
        touched = session.get(TOUCHED, 0)  # reads the session, if nothing did
        if session.is_empty():
            return response  # the cookie named no live session: none is made for it
        now = int(time.time())
        if session.modified or now - touched >= settings.FORLOB_SESSION_REFRESH_SECONDS:
            session[TOUCHED] = now  # SessionMiddleware saves it, with a new end
        return response
