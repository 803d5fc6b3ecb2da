# SPDX-License-Identifier: AGPL-3.0-or-later
"""Every change of who may do what: roles, passwords reset by an administrator, accounts disabled.

Administrators grant and remove roles in their own municipalities but never give themselves a
role that reads person data; such a role takes effect when a leader of the unit approves it.
Every change is a security event that the unit's leaders see."""

from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from forlob.accounts.models import ExternalIdentity
from forlob.accounts.sessions import end_all_sessions
from forlob.accounts.signals import credentials_reset
from forlob.audit.models import SecurityEvent
from forlob.audit.security import record
from forlob.common.errors import refuse
from forlob.organisations.access import ADMINISTER, APPROVE_ROLES, Actor
from forlob.organisations.actions import check_staffing
from forlob.organisations.models import APPROVED_ROLES, Membership, Role, Unit


def administered_units(actor: Actor) -> set[int]:
    """The units of the municipalities where the actor is an administrator."""
    municipalities = Unit.objects.filter(pk__in=actor.unit_ids(ADMINISTER)).values("municipality_id")
    return set(Unit.objects.filter(municipality_id__in=municipalities).values_list("pk", flat=True))


def _role_label(role: str) -> str:
    return str(Role(role).label)


def _role_event(kind: str, membership: Membership, by_user: User | None, note: str = "") -> None:
    """The security event of a change of the membership's role, at its unit."""
    detail = f"{_role_label(membership.role)}: {note}" if note else _role_label(membership.role)
    record(kind, None, user=membership.user, unit_id=membership.unit_id, by_user=by_user, detail=detail)


@transaction.atomic
def grant_role(
    actor: Actor, user: User, unit: Unit, role: str, profession: str = "", weekly_hours: Decimal | None = None
) -> Membership:
    """An administrator gives ``user`` ``role`` at ``unit``, with the profession and weekly hours
    the leader's capacity page counts; a role that reads person data waits for a leader's approval."""
    if unit.pk not in administered_units(actor):
        raise refuse("unit", _("You can only grant roles at units of your own municipality."), "not_administered")
    if role not in Role.values:
        raise refuse("role", _("Choose a role from the list."), "invalid_choice")
    if user.pk == actor.user.pk and role in APPROVED_ROLES:
        raise refuse(
            "role",
            _("An administrator cannot give themself a role that gives access to citizens' data."),
            "own_case_role",
        )
    check_staffing(profession, weekly_hours)
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                user=user, unit=unit, role=role, granted_by=actor.user, profession=profession, weekly_hours=weekly_hours
            )
    except IntegrityError:
        raise refuse("role", _("The user already holds this role at the unit."), "duplicate") from None
    if role not in APPROVED_ROLES:
        Membership.objects.filter(pk=membership.pk).update(approved_at=timezone.now())
    _role_event(SecurityEvent.Kind.ROLE_GRANTED, membership, actor.user)
    return membership


@transaction.atomic
def approve_role(actor: Actor, membership: Membership) -> Membership:
    """A leader of the unit approves a role granted there: from now on it counts."""
    locked = Membership.objects.select_for_update().get(pk=membership.pk)
    actor.require(locked.unit_id, APPROVE_ROLES)
    if locked.user_id == actor.user.pk:
        raise refuse(None, _("You cannot approve your own role."), "own_role")
    if locked.approved_at is not None:
        raise refuse(None, _("The role is already approved."), "approved")
    locked.approved_at = timezone.now()
    locked.approved_by = actor.user
    locked.save(update_fields=["approved_at", "approved_by"])
    _role_event(SecurityEvent.Kind.ROLE_APPROVED, locked, actor.user)
    return locked


@transaction.atomic
def approve_by_operator(membership: Membership, note: str) -> Membership:
    """The operator's approval, from the command line (``manage.py approve_role``): for the first
    leader of a new unit, who has no leader to approve them."""
    locked = Membership.objects.select_for_update().get(pk=membership.pk)
    if locked.approved_at is None:
        locked.approved_at = timezone.now()
        locked.save(update_fields=["approved_at"])
        _role_event(SecurityEvent.Kind.ROLE_APPROVED, locked, None, note)
    return locked


@transaction.atomic
def grant_by_operator(user: User, unit: Unit, role: str, note: str) -> Membership:
    """A role granted and approved by the operator from the command line, or by the demo data:
    for set-up, before a municipality has an administrator and a unit a leader."""
    membership = Membership.objects.create(user=user, unit=unit, role=role, approved_at=timezone.now())
    _role_event(SecurityEvent.Kind.ROLE_GRANTED, membership, None, note)
    return membership


@transaction.atomic
def remove_role(actor: Actor, membership: Membership) -> None:
    """An administrator of the unit's municipality, or a leader of the unit, takes a role away."""
    locked = Membership.objects.select_for_update().select_related("user").get(pk=membership.pk)
    if locked.unit_id not in administered_units(actor):
        actor.require(locked.unit_id, APPROVE_ROLES)
        if locked.user_id == actor.user.pk:
            raise refuse(None, _("Another leader or an administrator takes your own role away."), "own_role")
    locked.delete()
    _role_event(SecurityEvent.Kind.ROLE_REMOVED, locked, actor.user)


@transaction.atomic
def set_broker_roles(user: User, wanted: set[tuple[int, str]]) -> None:
    """Single sign-on: the municipality's identity broker lists the user's roles at each login, and
    they are set to exactly those. The broker is the municipality's own approval of them."""
    held = {(m.unit_id, m.role): m for m in Membership.objects.filter(user=user)}
    now = timezone.now()
    for (unit_id, role), membership in held.items():
        if (unit_id, role) not in wanted:
            membership.delete()
            _role_event(SecurityEvent.Kind.ROLE_REMOVED, membership, None, _("single sign-on"))
        elif membership.approved_at is None:
            Membership.objects.filter(pk=membership.pk).update(approved_at=now)
    for unit_id, role in sorted(wanted - held.keys()):
        membership = Membership.objects.create(user=user, unit_id=unit_id, role=role, approved_at=now)
        _role_event(SecurityEvent.Kind.ROLE_GRANTED, membership, None, _("single sign-on"))


@transaction.atomic
def create_broker_user(issuer: str, subject: str, wanted_username: str) -> User:
    """Single sign-on's first login of a person: a user under the wanted name (numbered when it
    is taken), tied to the broker's identity."""
    base = wanted_username[:140]
    username, n = base, 1
    while User.objects.filter(username=username).exists():
        n += 1
        username = f"{base}-{n}"
    user = User.objects.create_user(username)
    ExternalIdentity.objects.create(user=user, issuer=issuer, subject=subject)
    return user


@transaction.atomic
def update_broker_user(user: User, names: dict[str, str], roles: set[tuple[int, str]]) -> User:
    """Single sign-on, at every login: the name and e-mail the broker gives, and its roles."""
    user.first_name = names.get("given_name", user.first_name)[:150]
    user.last_name = names.get("family_name", user.last_name)[:150]
    user.email = names.get("email", user.email)[:254]
    user.save(update_fields=["first_name", "last_name", "email"])
    set_broker_roles(user, roles)
    return user


@transaction.atomic
def start_second_factor(user: User) -> TOTPDevice:
    """The authenticator app the user is setting up: made at the first visit, the same one after."""
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, confirmed=False, defaults={"name": _("Authenticator app")}
    )
    return device


@transaction.atomic
def confirm_second_factor(user: User, device: TOTPDevice) -> None:
    """The user has typed a right code from the app: from now on it is their second factor."""
    if device.user_id != user.pk:
        raise PermissionDenied(_("You can only set up your own second factor."))
    device.confirmed = True
    device.save(update_fields=["confirmed"])


@transaction.atomic
def confirm_roles_reviewed(actor: Actor, unit: Unit) -> None:
    """The leader has gone through who holds which role at the unit (recertification)."""
    actor.require(unit.pk, APPROVE_ROLES)
    record(SecurityEvent.Kind.ROLES_REVIEWED, None, user=actor.user, unit_id=unit.pk, by_user=actor.user)


def administers_user(actor: Actor, user: User) -> bool:
    """An administrator may manage a user who works in their municipalities, or works nowhere yet."""
    units = set(Membership.objects.filter(user=user).values_list("unit_id", flat=True))
    return not units or bool(units & administered_units(actor))


@transaction.atomic
def reset_password(actor: Actor, user: User, password: str) -> None:
    """An administrator sets a user's password. Whoever knows it must not become the user: the
    second factor is removed (a new one must be set up), every session and API token ends, and
    every role that reads person data waits for a leader's approval again."""
    if not actor.unit_ids(ADMINISTER) or not administers_user(actor, user):
        raise refuse(None, _("You can only reset the password of users in your own municipality."), "not_administered")
    if user.pk == actor.user.pk:
        raise refuse(None, _("Change your own password on your own, not as an administrator."), "own_password")
    user.set_password(password)
    user.save(update_fields=["password"])
    TOTPDevice.objects.filter(user=user).delete()
    end_all_sessions(user)
    credentials_reset.send(sender=User, user=user)
    Membership.objects.filter(user=user, role__in=APPROVED_ROLES).update(approved_at=None, approved_by=None)
    _record_at_units(SecurityEvent.Kind.PASSWORD_RESET, user, by_user=actor.user)


@transaction.atomic
def save_staff_user(actor: Actor, user: User) -> User:
    """An administrator creates a user or changes their username, name or e-mail. Roles, passwords
    and whether the account is active change only through their own actions."""
    if not actor.unit_ids(ADMINISTER) or not administers_user(actor, user):
        raise refuse(None, _("You can only change users in your own municipality."), "not_administered")
    user.save()
    return user


@transaction.atomic
def set_account_active(actor: Actor, user: User, active: bool) -> None:
    """An administrator disables an account, or enables it again (which starts its inactivity
    period afresh)."""
    if not actor.unit_ids(ADMINISTER) or not administers_user(actor, user):
        raise refuse(None, _("You can only change users in your own municipality."), "not_administered")
    if user.is_active == active:
        return
    user.is_active = active
    user.save(update_fields=["is_active"])
    kind = SecurityEvent.Kind.ACCOUNT_ENABLED if active else SecurityEvent.Kind.ACCOUNT_DISABLED
    _record_at_units(kind, user, by_user=actor.user)


def inactive_accounts(now: datetime | None = None):
    """Active users with no sign-in, no API use and no fresh start for the configured number of
    days (``FORLOB_ACCOUNT_INACTIVE_DAYS``; 0 turns it off)."""
    days = settings.FORLOB_ACCOUNT_INACTIVE_DAYS
    if not days:
        return User.objects.none()
    cutoff = (now or timezone.now()) - timedelta(days=days)
    enabled = SecurityEvent.objects.filter(user=OuterRef("pk"), kind=SecurityEvent.Kind.ACCOUNT_ENABLED, at__gte=cutoff)
    return (
        User.objects.filter(is_active=True)
        .alias(seen=Coalesce("last_login", "date_joined"))
        .filter(seen__lt=cutoff)
        .exclude(Q(api_tokens__last_used_at__gte=cutoff) | Exists(enabled))
        .distinct()
    )


@transaction.atomic
def disable_inactive_accounts(now: datetime | None = None, only: User | None = None) -> int:
    """Disable every account unused for too long (or just ``only``, if it is); each is a security
    event for its units."""
    accounts = inactive_accounts(now)
    users = list(accounts.filter(pk=only.pk) if only is not None else accounts)
    for user in users:
        user.is_active = False
        user.save(update_fields=["is_active"])  # ends the user's sessions (accounts.signals)
        detail = _("Unused for %(days)s days") % {"days": settings.FORLOB_ACCOUNT_INACTIVE_DAYS}
        _record_at_units(SecurityEvent.Kind.ACCOUNT_DISABLED, user, detail=detail)
    return len(users)


def _record_at_units(kind: str, user: User, *, by_user: User | None = None, detail: str = "") -> None:
    """One security event for each unit where the user holds a role, so each unit's leaders see it."""
    units = sorted(set(Membership.objects.filter(user=user).values_list("unit_id", flat=True)))
    for unit_id in units or [None]:  # type: ignore[list-item]
        record(kind, None, user=user, unit_id=unit_id, by_user=by_user, detail=detail)


@transaction.atomic
def create_administrator(username: str, password: str, municipality_code: str) -> User:
    """The operator's first administrator for a municipality (``manage.py create_administrator``):
    an ordinary user, never a superuser, with the administrator role at the municipality's first
    unit, or at a new administration unit when it has none yet."""
    from forlob.organisations.models import Municipality, UnitKind

    municipality = Municipality.objects.filter(code=municipality_code).first()
    if municipality is None:
        raise refuse("municipality", _("Unknown municipality code: %(code)s.") % {"code": municipality_code})
    if User.objects.filter(username=username).exists():
        raise refuse("username", _("The user name is taken."), "duplicate")
    unit = Unit.objects.filter(municipality=municipality, active=True).order_by("pk").first()
    if unit is None:
        name = _("%(municipality)s – administration") % {"municipality": municipality.name}
        unit = Unit.objects.create(name=name, municipality=municipality, kind=UnitKind.OTHER)
    user = User.objects.create_user(username, password=password)
    grant_by_operator(user, unit, Role.ADMINISTRATOR, _("First administrator"))
    return user
