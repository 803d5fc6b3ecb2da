# SPDX-License-Identifier: AGPL-3.0-or-later
"""Making an API token: the lifetime is checked here, so the page and every other caller agree."""

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from forlob.api.models import ApiToken, hash_token
from forlob.common.errors import refuse

DEFAULT_DAYS = 90


def issue_token(user: User, name: str, days: int = DEFAULT_DAYS, read_only: bool = False) -> tuple[ApiToken, str]:
    """A new token valid for ``days`` days; returns the row and the token, which is not stored."""
    if not 1 <= days <= settings.FORLOB_API_TOKEN_MAX_DAYS:
        raise refuse(
            "days",
            _("A token can be valid for 1 to %(max)d days.") % {"max": settings.FORLOB_API_TOKEN_MAX_DAYS},
            "out_of_range",
        )
    token = ApiToken.generate()
    row = ApiToken.objects.create(
        user=user,
        name=name.strip(),
        prefix=token[:8],
        token_hash=hash_token(token),
        expires_at=timezone.now() + timedelta(days=days),
        read_only=read_only,
    )
    return row, token


def record_use(token: ApiToken, now: datetime) -> None:
    """When the token was last used, to the minute: at most one write a minute, however busy."""
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)


@transaction.atomic
def revoke_token(user: User, token: ApiToken) -> bool:
    """Revoke one of the user's own tokens; False when it was revoked already."""
    locked = ApiToken.objects.select_for_update().get(pk=token.pk, user=user)
    if locked.revoked_at is not None:
        return False
    locked.revoked_at = timezone.now()
    locked.save(update_fields=["revoked_at"])
    return True


def revoke_all(user: User) -> None:
    """Every token of the user stops working: they end with the credentials they were made under."""
    ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
