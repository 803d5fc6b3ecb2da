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

from forlob.accounts.actions import set_broker_roles
from forlob.accounts.models import ExternalIdentity
from forlob.audit.models import SecurityEvent
from forlob.audit.security import record
from forlob.organisations.models import Role, Unit


def claimed_roles(claims: dict) -> set[tuple[int, str]]:  # type: ignore[type-arg]
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
    def verify_claims(self, claims: dict) -> bool:  # type: ignore[type-arg]
        if claims.get("sub") and claimed_roles(claims):
            return True
        request = getattr(self, "request", None)
        record(SecurityEvent.Kind.OIDC_REFUSED, request, username=str(claims.get("sub", "")))
        if request is not None:
            messages.error(request, _("Your login gives you no role at a unit in Forløb. Contact your administrator."))
        return False

    def filter_users_by_claims(self, claims: dict):  # type: ignore[no-untyped-def,type-arg]
        return User.objects.filter(
            external_identities__issuer=settings.OIDC_OP_ISSUER, external_identities__subject=claims["sub"]
        )

    @transaction.atomic
    def create_user(self, claims: dict) -> User:  # type: ignore[type-arg]
        base = (claims.get("preferred_username") or claims.get("email") or f"sso-{claims['sub']}")[:140]
        username, n = base, 1
        while User.objects.filter(username=username).exists():
            n += 1
            username = f"{base}-{n}"
        user = User.objects.create_user(username)
        ExternalIdentity.objects.create(user=user, issuer=settings.OIDC_OP_ISSUER, subject=claims["sub"])
        return self.update_user(user, claims)

    @transaction.atomic
    def update_user(self, user: User, claims: dict) -> User:  # type: ignore[type-arg]
        user.first_name = claims.get("given_name", user.first_name)[:150]
        user.last_name = claims.get("family_name", user.last_name)[:150]
        user.email = claims.get("email", user.email)[:254]
        user.save(update_fields=["first_name", "last_name", "email"])
        set_broker_roles(user, claimed_roles(claims))
        return user

    def get_user(self, user_id: int) -> User | None:
        return User.objects.filter(pk=user_id, is_active=True).first()
