# SPDX-License-Identifier: AGPL-3.0-or-later
"""Single sign-on through the municipality's OpenID Connect identity broker.

The broker identifies the user by ``sub`` and lists their roles in a claim (setting
``FORLOB_OIDC_ROLES_CLAIM``, default ``forlob_roles``), each ``"<institution code>:<role>"``,
e.g. ``"3502:behandler"``. At every login the user's memberships are set to exactly those roles,
so the broker (the municipality's identity management) decides who works where: its grant counts
as the approval a role granted in Forløb's administration waits for.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from forlob.accounts.actions import create_broker_user, update_broker_user
from forlob.audit.models import SecurityEvent
from forlob.audit.security import record
from forlob.organisations.models import Role, Unit


def claimed_roles(claims: dict) -> set[tuple[int, str]]:
    """(unit id, role) pairs the claims grant; unknown units and roles are ignored."""
    wanted: set[tuple[str, str]] = set()
    for item in claims.get(settings.FORLOB_OIDC_ROLES_CLAIM) or []:
        code, _sep, role = str(item).partition(":")
        if role in Role.values:
            wanted.add((code.strip(), role))
    units = dict(
        Unit.objects.filter(institution_code__in={code for code, _role in wanted}, active=True).values_list(
            "institution_code", "pk"
        )
    )
    return {(units[code], role) for code, role in wanted if code in units}


class MembershipOIDCBackend(OIDCAuthenticationBackend):
    def verify_claims(self, claims: dict) -> bool:
        if claims.get("sub") and claimed_roles(claims):
            return True
        request = getattr(self, "request", None)
        record(SecurityEvent.Kind.OIDC_REFUSED, request, username=str(claims.get("sub", "")))
        if request is not None:
            messages.error(request, _("Your login gives you no role at a unit in Forløb. Contact your administrator."))
        return False

    def filter_users_by_claims(self, claims: dict):
        return User.objects.filter(
            external_identities__issuer=settings.OIDC_OP_ISSUER, external_identities__subject=claims["sub"]
        )

    @transaction.atomic
    def create_user(self, claims: dict) -> User:
        wanted = claims.get("preferred_username") or claims.get("email") or f"sso-{claims['sub']}"
        user = create_broker_user(settings.OIDC_OP_ISSUER, claims["sub"], wanted)
        return self.update_user(user, claims)

    def update_user(self, user: User, claims: dict) -> User:
        return update_broker_user(user, claims, claimed_roles(claims))

    def get_user(self, user_id: int) -> User | None:
        return User.objects.filter(pk=user_id, is_active=True).first()
