# SPDX-License-Identifier: AGPL-3.0-or-later
"""Writing security events: what was refused, from where, and who changed whose roles. Never the
secret itself."""

from django.contrib.auth.models import User
from django.http import HttpRequest

from forlob.audit.models import SecurityEvent
from forlob.common import applog
from forlob.common.views import client_address


def record(
    kind: str,
    request: HttpRequest | None,
    *,
    username: str = "",
    user: User | None = None,
    unit_id: int | None = None,
    by_user: User | None = None,
    detail: str = "",
) -> SecurityEvent:
    if user is None and request is not None:
        candidate = getattr(request, "user", None)
        user = candidate if candidate is not None and candidate.is_authenticated else None
    event = SecurityEvent.objects.create(
        kind=kind,
        user=user,
        username=username[:150],
        ip_address=(client_address(request) or None) if request is not None else None,
        path=request.path[:200] if request is not None else "",
        unit_id=unit_id,
        by_user=by_user,
        detail=detail[:200],
    )
    applog.event("security", kind=kind, user_id=event.user_id, unit_id=unit_id)
    return event
