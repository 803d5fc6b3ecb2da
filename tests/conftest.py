# SPDX-License-Identifier: AGPL-3.0-or-later
"""A small, ready world for tests: two units in two municipalities and staff in every role."""

import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.contrib.auth.models import User
from django.db import connection
from django.http import HttpRequest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from forlob.audit import append_only
from forlob.audit.models import AccessLogEntry
from forlob.citizens import actions as citizen_actions
from forlob.citizens.actions import CitizenData
from forlob.citizens.models import Citizen
from forlob.common.dates import today
from forlob.organisations.access import Actor
from forlob.organisations.models import Membership, Municipality, Role, Unit, UnitKind
from forlob.treatment import actions
from forlob.treatment.models import Course, OfferType, Request

PASSWORD = "korrekt-hest-batteri-42"

# Synthetic CPR numbers: valid dates; the second has no valid modulus-11 check digit (allowed).
CPR_1 = "0101801234"
CPR_2 = "1505920001"


@dataclass
class World:
    faxe: Unit
    aalborg: Unit
    behandler: User  # behandler at Faxe
    visitator: User  # visitator at Faxe
    familiekonsulent: User  # familiekonsulent at Faxe
    leder: User  # leder at Faxe
    analytiker: User  # analytiker at Faxe
    administrator: User  # administrator at Faxe
    other_behandler: User  # behandler at Aalborg

    def actor(self, user: User) -> Actor:
        return Actor.for_user(User.objects.get(pk=user.pk))


def password_login(client, username: str, password: str = PASSWORD) -> bool:
    """Sign in through the real authentication backends (django-axes needs a request)."""
    return client.login(request=HttpRequest(), username=username, password=password)


def code_for(device: TOTPDevice, later: int = 0) -> str:
    """The code the user's authenticator app shows now (or ``later`` seconds from now)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + later
    return f"{totp.token():0{device.digits}d}"


def pass_second_factor(client, user: User) -> None:
    """Give the signed-in client's session the second factor, as the user would: a confirmed
    authenticator app and its code on the code page."""
    device, _created = TOTPDevice.objects.get_or_create(user=user, confirmed=True, defaults={"name": "App"})
    response = client.post(reverse("otp_verify"), {"token": code_for(device)})
    assert response.status_code == 302, response.content


def make_user(username: str, unit: Unit, *roles: str) -> User:
    user = User.objects.create_user(username, password=PASSWORD, first_name=username.title(), last_name="Test")
    for role in roles:
        Membership.objects.create(user=user, unit=unit, role=role, approved_at=timezone.now())
    return user


@pytest.fixture
def world(db) -> World:
    faxe_m = Municipality.objects.get(code="320")
    stevns = Municipality.objects.get(code="336")
    aalborg_m = Municipality.objects.get(code="851")
    faxe = Unit.objects.create(
        name="Rusmiddelcentret Faxe", municipality=faxe_m, kind=UnitKind.SUBSTANCE, institution_code="3502"
    )
    faxe.serves.set([faxe_m, stevns])
    aalborg = Unit.objects.create(name="Rusmiddelafsnittet Aalborg", municipality=aalborg_m, kind=UnitKind.SUBSTANCE)
    return World(
        faxe=faxe,
        aalborg=aalborg,
        behandler=make_user("behandler", faxe, Role.BEHANDLER),
        visitator=make_user("visitator", faxe, Role.VISITATOR),
        familiekonsulent=make_user("familiekonsulent", faxe, Role.FAMILIEKONSULENT),
        leder=make_user("leder", faxe, Role.LEDER),
        analytiker=make_user("analytiker", faxe, Role.ANALYTIKER),
        administrator=make_user("administrator", faxe, Role.ADMINISTRATOR),
        other_behandler=make_user("andenbehandler", aalborg, Role.BEHANDLER),
    )


def family_house(world: World) -> tuple[Unit, User]:
    """A second unit in Faxe's municipality (the same data controller as world.faxe) with a
    clinician who works only there."""
    unit = Unit.objects.create(name="Familiehuset Faxe", municipality=world.faxe.municipality, kind=UnitKind.FAMILY)
    return unit, make_user("familiehus", unit, Role.BEHANDLER)


def new_citizen(world: World, cpr: str = CPR_1, unit: Unit | None = None, user: User | None = None, **extra) -> Citizen:
    data = CitizenData(
        cpr=cpr, first_name=extra.pop("first_name", "Hans"), last_name=extra.pop("last_name", "Hansen"), **extra
    )
    return citizen_actions.create_citizen(world.actor(user or world.visitator), unit or world.faxe, data)


def new_request(world: World, citizen: Citizen, received_on: date | None = None, **extra) -> Request:
    data = actions.RequestData(
        received_on=received_on or today() - timedelta(days=3),
        channel=extra.pop("channel", "self"),
        main_substance=extra.pop("main_substance", "alcohol"),
        legal_basis=extra.pop("legal_basis", "sul_141"),
        **extra,
    )
    return actions.register_request(world.actor(world.visitator), citizen, world.faxe, data)


def new_course(world: World, citizen: Citizen | None = None, **extra) -> Course:
    citizen = citizen or new_citizen(world)
    started_on = extra.pop("started_on", today() - timedelta(days=1))
    request = new_request(world, citizen, received_on=min(started_on, today() - timedelta(days=3)))
    data = actions.CourseData(
        offer_type=extra.pop("offer_type", OfferType.AMBULANT),
        started_on=started_on,
        responsible=extra.pop("responsible", world.behandler),
        **extra,
    )
    return actions.start_course_from_request(world.actor(world.visitator), request, data)


class QuickArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2 as in production, with a small memory and time cost: the suite creates and signs in
    hundreds of users, and the production cost (about 0.1 s a hash) would dominate its run time."""

    time_cost = 1
    memory_cost = 1024
    parallelism = 1


# Every test runs on the same day, so none depends on the day it is run: a date written in a test
# and a date worked out from today() agree in any year. The clock still moves (tick), so durations
# behave. Browser tests keep the real clock, because Chromium judges the server's cookies by its own;
# so do tests marked real_clock, which compare with the database's clock (time_machine moves only
# Python's).
TEST_DAY = datetime(2026, 12, 1, 10, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))


@pytest.fixture(autouse=True)
def _fixed_clock(request):
    if request.node.get_closest_marker("browser") or request.node.get_closest_marker("real_clock"):
        yield
        return
    with time_machine.travel(TEST_DAY, tick=True):
        yield


@pytest.fixture(autouse=True)
def _quick_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["tests.conftest.QuickArgon2PasswordHasher", *settings.PASSWORD_HASHERS]


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    """Pages render, and static files are served, without collectstatic having been run."""
    settings.WHITENOISE_AUTOREFRESH = True
    settings.WHITENOISE_USE_FINDERS = True
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def logged_at(when: datetime, entries: Iterable[AccessLogEntry]) -> list[AccessLogEntry]:
    """Tests only: copies of access-log rows as if logged at ``when``. Not even a test can move
    a row back in time (the database refuses any change), and ``at`` is stamped on insert unless
    the row is saved raw."""
    copies = []
    for entry in list(entries):
        fields = {f.attname: getattr(entry, f.attname) for f in AccessLogEntry._meta.concrete_fields}
        copy = AccessLogEntry(**fields | {"id": None, "at": when})
        copy.save_base(raw=True)
        copies.append(copy)
    return copies


@pytest.fixture(autouse=True, scope="session")
def _cache_of_the_run():
    """A cache in memory for the run: the default file cache under var/ outlives a run, and a chart
    or a suppression remembered by an earlier run would hide what this run does."""
    with override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}):
        yield


@pytest.fixture(autouse=True, scope="session")
def _flush_lifts_the_access_log_guard():
    """A transactional test ends with a flush that empties every table, the access log too, which
    the log's triggers refuse: the flush lifts the guard and puts it back."""
    operations = type(connection.ops)
    flush = operations.sql_flush

    def sql_flush(self, style, tables, **options):  # type: ignore[no-untyped-def]
        statements = flush(self, style, tables, **options)
        if append_only.TABLE not in tables:
            return statements
        vendor = self.connection.vendor
        return [*append_only.unprotect_sql(vendor), *statements, *append_only.protect_sql(vendor)]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(operations, "sql_flush", sql_flush)
        yield
