# SPDX-License-Identifier: AGPL-3.0-or-later
from django.conf import settings
from django.contrib.auth.backends import ModelBackend


class LocalLoginBackend(ModelBackend):
    """Forløb's own user names and passwords; off when ``FORLOB_LOCAL_LOGIN`` is off (single
    sign-on only). Sessions already signed in are still recognised until they end."""

    def authenticate(self, request, username=None, password=None, **kwargs):  # type: ignore[no-untyped-def]
        if not settings.LOCAL_LOGIN:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
