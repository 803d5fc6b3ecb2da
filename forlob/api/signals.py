# SPDX-License-Identifier: AGPL-3.0-or-later
"""A user's API tokens end with the credentials they were made under."""

from django.contrib.auth.models import User
from django.dispatch import receiver
from django.utils import timezone

from forlob.accounts.signals import credentials_reset
from forlob.api.models import ApiToken


@receiver(credentials_reset)
def revoke_tokens(sender: type, user: User, **kwargs: object) -> None:
    ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
