# SPDX-License-Identifier: AGPL-3.0-or-later
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.backends import ModelBackend
from django.utils.translation import gettext_lazy

from forlob.accounts.actions import disable_inactive_accounts

DISABLED = gettext_lazy(
    "Your account has been disabled because it was not used for %(days)s days. Contact your administrator."
)


class LocalLoginBackend(ModelBackend):
    """Forløb's own user names and passwords; off when ``FORLOB_LOCAL_LOGIN`` is off (single
    sign-on only). Sessions already signed in are still recognised until they end. An account
    unused for longer than ``FORLOB_ACCOUNT_INACTIVE_DAYS`` is disabled at its next sign-in, even
    if the nightly ``disable_inactive_accounts`` has not run yet."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not settings.LOCAL_LOGIN:
            return None
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None and disable_inactive_accounts(only=user):
            if request is not None and hasattr(request, "_messages"):
                days = settings.FORLOB_ACCOUNT_INACTIVE_DAYS
                messages.error(request, DISABLED % {"days": days})
            return None
        return user
