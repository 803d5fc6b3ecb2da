# SPDX-License-Identifier: AGPL-3.0-or-later
"""Health endpoints for the load balancer and the error pages shown when something fails.

The health endpoints are answered before any middleware (common/middleware.py): no session, no
cookie, no access log, so neither a session cookie nor a read-only database can break them.
The error pages are rendered without the request: no session, no user and no menu, so they
show even when the database is gone."""

import logging
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)

# PostgreSQL's "read-only transaction" (a standby after a fail-over, default_transaction_read_only):
# Django raises it as an InternalError, but it is the database being unavailable, not a bug.
READ_ONLY_SQLSTATE = "25006"


def unavailable(error: BaseException | None) -> bool:
    """The database cannot be reached, or is read-only, or full: not a bug, and it passes."""
    return isinstance(error, OperationalError | InterfaceError) or (
        isinstance(error, DatabaseError) and getattr(error.__cause__, "sqlstate", None) == READ_ONLY_SQLSTATE
    )


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """The process answers. Touches nothing else, so it stays cheap."""
    return JsonResponse({"status": "ok"})


def _database_file() -> Path | None:
    """The SQLite database file (forlob/common/sqlite); None on PostgreSQL and in memory."""
    database_file = getattr(connection, "database_file", None)
    return database_file() if database_file is not None else None


def _write_probe() -> None:
    """Write a row and roll it back: fails when the database cannot be written (a read-only file
    or mount, a PostgreSQL standby, a lock held past the busy timeout) and leaves nothing behind.
    A full disk may not show here, as the rolled-back row never reaches the disk: see _disk."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO django_migrations (app, name, applied) VALUES (%s, %s, %s)",
                ["forlob", "readyz write probe", connection.ops.adapt_datetimefield_value(timezone.now())],
            )
        transaction.set_rollback(True)


def _database() -> tuple[dict[str, object], list[str]]:
    """The database's part of the report, and what is wrong with it in Danish."""
    database_file = _database_file()
    if database_file is not None and not database_file.exists():
        return {"database": "missing"}, [_("The database file does not exist: restore it, or fix DATABASE_URL.")]
    try:
        executor = MigrationExecutor(connection)
        pending = len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    except DatabaseError as error:
        logger.warning("readyz: the database cannot be reached: %s", error)
        return {"database": "unreachable"}, [_("The database cannot be reached.")]
    if pending:
        message = ngettext(
            "%(count)d migration is not applied (manage.py migrate).",
            "%(count)d migrations are not applied (manage.py migrate).",
            pending,
        ) % {"count": pending}
        return {"database": "ok", "migrations": pending}, [message]
    try:
        _write_probe()
    except DatabaseError as error:
        logger.warning("readyz: the database cannot be written to: %s", error)
        message = _("The database cannot be written to: it is read-only, full or locked.")
        return {"database": "not_writable", "migrations": 0}, [message]
    return {"database": "ok", "migrations": 0}, []


def _disk() -> tuple[dict[str, object], list[str]]:
    """Free space on the disk holding the SQLite database, or Forløb's own files (FORLOB_VAR_DIR)
    beside PostgreSQL, whose disk its server watches. A full disk fails every write, the access
    log's on each page included, and a rolled-back probe may not notice: so it is reported while
    there is still some room, below FORLOB_MIN_FREE_DISK_MB."""
    database_file = _database_file()
    folder = database_file.parent if database_file is not None else Path(settings.VAR_DIR)
    if not folder.is_dir():
        return {}, []
    free = shutil.disk_usage(folder).free // 2**20
    minimum = settings.FORLOB_MIN_FREE_DISK_MB
    if free >= minimum:
        return {"disk": "ok"}, []
    message = _("Only %(free)d MB of disk space is free for the database; at least %(minimum)d MB are needed.") % {
        "free": free,
        "minimum": minimum,
    }
    return {"disk": "low"}, [message]


@never_cache
def readyz(request: HttpRequest) -> HttpResponse:
    """Ready for traffic: the database file is there, the database answers, every migration is
    applied, it can be written to, and its disk has room. Otherwise 503, naming what failed."""
    database, problems = _database()
    disk, disk_problems = _disk()
    problems += disk_problems
    report: dict[str, object] = {"status": "unavailable" if problems else "ok", **database, **disk}
    if problems:
        report["detail"] = " ".join(problems)
    return JsonResponse(report, status=503 if problems else 200, json_dumps_params={"ensure_ascii": False})


# The health endpoints by path, answered by common.middleware.AnswerHealthChecks before any other
# middleware; the URL patterns give them their names.
ENDPOINTS: dict[str, Callable[[HttpRequest], HttpResponse]] = {"healthz": healthz, "readyz": readyz}
urlpatterns: list[URLPattern] = [path(name, view, name=name) for name, view in ENDPOINTS.items()]


def server_error(request: HttpRequest) -> HttpResponse:
    """500, or 503 when the database could not be reached: the action's transaction was rolled
    back, so nothing was half saved, and the user can try again."""
    if unavailable(sys.exc_info()[1]):
        response = HttpResponse(render_to_string("unavailable.html"), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponse(render_to_string("server_error.html"), status=500)
