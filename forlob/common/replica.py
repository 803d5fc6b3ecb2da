# SPDX-License-Identifier: AGPL-3.0-or-later
"""Statistics read from a replica of the database, when one is configured (DATABASE_REPLICA_URL).

The statistics pages, their exports and the statistics API count over whole municipalities: the
heaviest reads Forløb makes, and the only ones that may be a few seconds behind. Inside
``reading_from_replica()`` (entered for them by ``ReadStatisticsFromReplica``) the router sends
reads to the ``replica`` alias; everything else, and every write, goes to ``default``:

- writes always (the access log of a statistics page, the suppression store);
- reads inside a transaction on ``default``: an action reads what it is about to change, and a
  replica can neither lock a row nor see what the transaction has not committed;
- sessions, accounts, second factors, lockouts and memberships: who is signed in and what they
  may see is decided on the primary, never on a copy a few seconds old.

Without a replica configured every query goes to ``default``. Migrations run on ``default`` only:
the replica receives them through replication."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import Any, ParamSpec, TypeVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model
from django.http import HttpRequest, HttpResponseBase

REPLICA = "replica"

# Apps and models always read on the primary (label_lower or app_label).
ALWAYS_PRIMARY = {"sessions", "auth", "otp_totp", "axes", "organisations.membership"}

# Where the statistics live: the pages (and their ?format= exports) and the API's routers.
STATISTICS_PATHS = ("/statistik/", "/api/v1/stats/")

_reading = ContextVar("forlob_reading_from_replica", default=False)

P = ParamSpec("P")
R = TypeVar("R")


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@contextmanager
def reading_from_replica() -> Iterator[None]:
    """Reads in this block (outside transactions) go to the replica, when there is one."""
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


def reads_from_replica(view: Callable[P, R]) -> Callable[P, R]:
    """A view, or any function, whose reads go to the replica."""

    @wraps(view)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> R:
        with reading_from_replica():
            return view(*args, **kwargs)

    return wrapped


class ReplicaRouter:
    """DATABASE_ROUTERS: reads to ``replica`` inside ``reading_from_replica()``, the rest to ``default``."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str:
        if (
            _reading.get()
            and replica_configured()
            and model._meta.app_label not in ALWAYS_PRIMARY
            and model._meta.label_lower not in ALWAYS_PRIMARY
            and not connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool:
        return True  # the same database, one of them a copy

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS


class ReadStatisticsFromReplica:
    """Middleware: a GET or HEAD of a statistics page, export or API endpoint reads from the
    replica. Last in MIDDLEWARE, after the user, the session and the second factor were read (and
    the router keeps them on the primary in any case); a POST (an extract, a comment on a return
    table) stays on the primary."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.method in ("GET", "HEAD") and request.path.startswith(STATISTICS_PATHS) and replica_configured():
            with reading_from_replica():
                return self.get_response(request)
        return self.get_response(request)
