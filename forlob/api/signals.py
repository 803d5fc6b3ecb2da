# SPDX-License-Identifier: AGPL-3.0-or-later
"""A user's API tokens end with the credentials they were made under."""

from django.contrib.auth.models import User
from django.dispatch import receiver

from forlob.accounts.signals import credentials_reset
from forlob.api.actions import revoke_all


@receiver(credentials_reset)
def revoke_tokens(sender: type, user: User, **kwargs: object) -> None:
    revoke_all(user)
