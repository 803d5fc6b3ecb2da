# SPDX-License-Identifier: AGPL-3.0-or-later
"""Django's database sessions (SESSION_ENGINE), telling a database that cannot be written from a
session that was deleted.

Django reads every database error on saving a session as "the session was deleted meanwhile"
(UpdateError), and SessionMiddleware answers that with an English "Bad Request (400)". When the
database is read-only, full or gone, the error is raised as it is instead, so the user gets the
Danish 503 page (health.server_error), or JSON under /api/."""

from django.contrib.sessions.backends import db
from django.contrib.sessions.backends.base import UpdateError

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
