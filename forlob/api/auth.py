# SPDX-License-Identifier: AGPL-3.0-or-later
"""API authentication: a personal token sent as ``Authorization: Bearer <token>``, or the
browser's session (for the docs page)."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from forlob.api.actions import record_use
from forlob.api.models import ApiToken, hash_token
from forlob.audit.models import SecurityEvent
from forlob.audit.security import record

READ_METHODS = {"GET", "HEAD"}


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> object | None:
        now = timezone.now()
        row = (
            ApiToken.objects.select_related("user")
            .filter(token_hash=hash_token(token), revoked_at__isnull=True, expires_at__gt=now, user__is_active=True)
            .first()
        )
        if row is None:
            record(SecurityEvent.Kind.TOKEN_REFUSED, request)
            return None
        if row.read_only and request.method not in READ_METHODS:
            # Refused before the operation runs, so nothing is written.
            raise PermissionDenied(_("This token may only read. Make a token that may also change data."))
        record_use(row, now)
        request.user = row.user
        return row.user
