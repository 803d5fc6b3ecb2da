# SPDX-License-Identifier: AGPL-3.0-or-later
"""Login events: sessions are tracked (and when they started), failures and lockouts written to
the security log. Every way of signing in (password, single sign-on) ends in ``user_logged_in``."""

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save
from django.dispatch import Signal, receiver

from forlob.accounts import sessions
from forlob.audit.models import SecurityEvent
from forlob.audit.security import record

# Sent when an administrator has reset a user's password: what the user had signed in with must
# stop working (the API's tokens listen).
credentials_reset = Signal()


@receiver(user_logged_in)
def remember_session(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        sessions.remember_session(request, user)
        by_broker = getattr(user, "backend", "").endswith("MembershipOIDCBackend")
        request.session["forlob_mfa_by_broker"] = by_broker and settings.FORLOB_OIDC_COUNTS_AS_2FA


@receiver(user_logged_out)
def end_sessions_everywhere(sender, request, user, **kwargs):
    if user is not None:
        sessions.end_all_sessions(user)


@receiver(post_save, sender=User)
def end_sessions_of_deactivated_user(sender, instance: User, **kwargs):
    if not instance.is_active:
        sessions.end_all_sessions(instance)


@receiver(user_login_failed)
def login_failed(sender, credentials, request=None, **kwargs):
    record(SecurityEvent.Kind.LOGIN_FAILED, request, username=credentials.get("username", ""))


@receiver(user_locked_out)
def locked_out(sender, request, username, ip_address, **kwargs):
    record(SecurityEvent.Kind.LOCKED_OUT, request, username=username or "")
