# SPDX-License-Identifier: AGPL-3.0-or-later
"""Health endpoints for the load balancer and the error pages shown when something fails.

The error pages are rendered without the request: no session, no user and no menu, so they
show even when the database is gone."""

import sys

from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache

# Kinds of failure that mean the database cannot be reached (or is read-only, or full), not a bug.
UNAVAILABLE = (OperationalError, InterfaceError)


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """The process answers."""
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request: HttpRequest) -> HttpResponse:
    """The database answers and every migration is applied: ready for traffic."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    if pending:
        return JsonResponse({"status": "unavailable", "database": "ok", "migrations": len(pending)}, status=503)
    return JsonResponse({"status": "ok", "database": "ok", "migrations": 0})


def server_error(request: HttpRequest) -> HttpResponse:
    """500, or 503 when the database could not be reached: the action's transaction was rolled
    back, so nothing was half saved, and the user can try again."""
    error = sys.exc_info()[1]
    if isinstance(error, UNAVAILABLE):
        response = HttpResponse(render_to_string("unavailable.html"), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponse(render_to_string("server_error.html"), status=500)
