# SPDX-License-Identifier: AGPL-3.0-or-later
"""Administration apart from case work: administrators set up units, users and roles in their
own municipality, never give themselves a role with access to citizens, and a role that gives it
takes effect only when the unit's leader approves it. Password resets force a new second factor,
every change is a security event the unit's leaders see, and unused accounts are disabled."""

import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.contrib.admin import site as admin_site
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from forlob.accounts import actions
from forlob.api.models import ApiToken
from forlob.audit.models import SecurityEvent
from forlob.organisations import actions as organisation_actions
from forlob.organisations.access import Actor
from forlob.organisations.models import Membership, Role, Unit
from tests.conftest import PASSWORD, make_user, new_citizen, password_login
from tests.test_api import api, token_for
from tests.test_views import client_for

Kind = SecurityEvent.Kind


class _Form(HTMLParser):
    """The values a browser would post from a page's form (inputs and selected options)."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, str] = {}
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "input" and a.get("name") and a.get("type") not in ("submit", "checkbox"):
            self.data[a["name"]] = a.get("value") or ""  # type: ignore[index]
        elif tag == "input" and a.get("type") == "checkbox" and "checked" in a:
            self.data[a["name"]] = "on"  # type: ignore[index]
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select] = a.get("value") or ""


def form_data(page: str) -> dict[str, str]:
    parser = _Form()
    parser.feed(page)
    return parser.data


def events(kind: str, **filters: object) -> list[SecurityEvent]:
    return list(SecurityEvent.objects.filter(kind=kind, **filters).order_by("pk"))


def test_an_administrator_cannot_give_themself_a_case_role(world):
    new_citizen(world)
    admin = client_for(world.administrator)
    form = {"user": world.administrator.pk, "unit": world.faxe.pk, "role": Role.BEHANDLER}
    page = admin.post("/admin/organisations/membership/add/", form).content.decode()
    assert "En administrator kan ikke give sig selv en rolle med adgang til borgeres oplysninger." in page
    assert not Membership.objects.filter(user=world.administrator, role=Role.BEHANDLER).exists()
    assert api(world.administrator).get("/api/v1/citizens").status_code == 403
    with pytest.raises(ValidationError, match=r"sig selv"):
        actions.grant_role(world.actor(world.administrator), world.administrator, world.faxe, Role.LEDER)


def test_a_granted_case_role_counts_only_once_the_units_leader_has_approved_it(world):
    citizen = new_citizen(world)
    newcomer = User.objects.create_user("nyansat", password=PASSWORD, first_name="Ny", last_name="Ansat")
    admin = client_for(world.administrator)
    form = {"user": newcomer.pk, "unit": world.faxe.pk, "role": Role.BEHANDLER}
    assert admin.post("/admin/organisations/membership/add/", form).status_code == 302
    membership = Membership.objects.get(user=newcomer)
    assert (membership.approved_at, membership.granted_by) == (None, world.administrator)
    assert client_for(newcomer).get(reverse("citizen_detail", args=[citizen.pk])).status_code == 403

    leader = client_for(world.leder)
    page = leader.get(reverse("unit_roles")).content.decode()
    assert "1 rolle afventer din godkendelse." in page and "Ny Ansat" in page
    leader.post(reverse("unit_roles"), {"action": "approve", "membership": membership.pk})
    assert client_for(newcomer).get(reverse("citizen_detail", args=[citizen.pk])).status_code == 200
    granted, approved = events(Kind.ROLE_GRANTED, user=newcomer) + events(Kind.ROLE_APPROVED, user=newcomer)
    assert (granted.by_user, granted.unit, approved.by_user) == (world.administrator, world.faxe, world.leder)
    page = leader.get(reverse("unit_roles")).content.decode()
    assert "Rolle tildelt" in page and "Rolle godkendt" in page


def test_a_leader_cannot_approve_their_own_role_and_nobody_else_can_approve(world):
    pending = actions.grant_role(world.actor(world.administrator), world.leder, world.faxe, Role.FAMILIEKONSULENT)
    with pytest.raises(ValidationError, match=r"egen rolle"):
        actions.approve_role(world.actor(world.leder), pending)
    for outsider in (world.behandler, world.administrator):
        with pytest.raises(PermissionDenied):
            actions.approve_role(world.actor(outsider), pending)
    assert Membership.objects.get(pk=pending.pk).approved_at is None
    second = make_user("andenleder", world.faxe)
    waiting = actions.grant_role(world.actor(world.administrator), second, world.faxe, Role.LEDER)
    with pytest.raises(PermissionDenied):  # a leader role not yet approved approves nothing
        actions.approve_role(Actor.for_user(User.objects.get(pk=second.pk)), pending)
    assert actions.approve_role(world.actor(world.leder), waiting).in_force


def test_an_administrator_sets_up_only_their_own_municipality(world):
    admin = client_for(world.administrator)
    form = {"user": world.behandler.pk, "unit": world.aalborg.pk, "role": Role.BEHANDLER}
    page = admin.post("/admin/organisations/membership/add/", form).content.decode()
    assert "errorlist" in page and not Membership.objects.filter(unit=world.aalborg, user=world.behandler).exists()
    assert admin.get(f"/admin/organisations/unit/{world.aalborg.pk}/change/").status_code == 302  # not theirs
    assert world.other_behandler.username not in admin.get("/admin/auth/user/").content.decode()


def test_a_unit_set_up_in_the_administration_is_written_by_the_action_with_its_history(world):
    admin = client_for(world.administrator)
    form = {"name": "Ny enhed", "municipality": world.faxe.municipality_id, "kind": world.faxe.kind}
    form["serves"] = [world.aalborg.municipality_id]
    assert admin.post("/admin/organisations/unit/add/", form).status_code == 302
    unit = Unit.objects.get(name="Ny enhed")
    assert list(unit.serves.values_list("pk", flat=True)) == [world.aalborg.municipality_id]
    assert {row.history_user for row in unit.history.all()} == {world.administrator}
    with pytest.raises(PermissionDenied):
        organisation_actions.save_unit(world.actor(world.administrator), world.aalborg, [])


def test_a_user_changed_in_the_administration_is_saved_by_the_action_only_in_the_own_municipality(world):
    admin = client_for(world.administrator)
    page = admin.get(f"/admin/auth/user/{world.behandler.pk}/change/").content.decode()
    form = form_data(page) | {"email": "behandler@faxe.dk", "membership_set-TOTAL_FORMS": "0"}
    assert admin.post(f"/admin/auth/user/{world.behandler.pk}/change/", form).status_code == 302
    assert User.objects.get(pk=world.behandler.pk).email == "behandler@faxe.dk"

    world.other_behandler.email = "flyttet@aalborg.dk"
    with pytest.raises(ValidationError):
        actions.save_staff_user(world.actor(world.administrator), world.other_behandler)
    assert User.objects.get(pk=world.other_behandler.pk).email != "flyttet@aalborg.dk"


def test_every_write_the_administration_allows_goes_through_an_action(world):
    request = RequestFactory().get("/admin/")
    request.user = world.administrator

    def own(model_admin: object) -> set[str]:
        return {name for cls in type(model_admin).__mro__ if cls.__module__.startswith("forlob.") for name in vars(cls)}

    for model, model_admin in admin_site._registry.items():
        label = model._meta.label
        if model_admin.has_add_permission(request) or model_admin.has_change_permission(request):
            assert "save_model" in own(model_admin), label
        if model_admin.has_delete_permission(request):
            assert {"delete_model", "delete_queryset"} <= own(model_admin), label
        inlines = model_admin.get_inline_instances(request)
        if any(
            i.has_add_permission(request, None) or (i.can_delete and i.has_delete_permission(request)) for i in inlines
        ):
            assert "save_formset" in own(model_admin), label


def test_two_factor_secrets_and_person_data_are_not_in_the_administration(world):
    device = TOTPDevice.objects.create(user=world.behandler, name="telefon", confirmed=True)
    new_citizen(world)
    admin = client_for(world.administrator)
    assert admin.get("/admin/otp_totp/totpdevice/").status_code == 404
    for url in ("/admin/", f"/admin/auth/user/{world.behandler.pk}/change/", "/admin/audit/securityevent/"):
        page = admin.get(url).content.decode()
        assert device.key not in page and "Hansen" not in page
        # Of the citizens app only the national list of target groups, a code list, is administered.
        assert set(re.findall(r"/admin/citizens/(\w*)", page)) <= {"", "targetgroup"}


def test_a_superuser_flag_gives_nothing(world):
    boss = User.objects.create_superuser("chef", password=PASSWORD)
    client = Client()
    assert password_login(client, "chef", PASSWORD)
    assert client.get("/admin/").status_code == 302
    assert client.get("/admin/organisations/unit/").status_code == 302
    assert client.get(reverse("citizen_list")).status_code == 403
    assert Actor.for_user(boss).roles_by_unit == {}


def test_a_password_reset_by_an_administrator_forces_a_new_second_factor_and_a_new_approval(world):
    TOTPDevice.objects.create(user=world.behandler, name="telefon", confirmed=True)
    token_for(world.behandler)
    victim = client_for(world.behandler)
    admin = client_for(world.administrator)
    url = f"/admin/auth/user/{world.behandler.pk}/password/"
    new_password = "et-helt-nyt-kodeord-77"
    response = admin.post(url, {"password1": new_password, "password2": new_password})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=world.behandler).exists()
    assert not ApiToken.objects.filter(user=world.behandler, revoked_at__isnull=True).exists()
    assert victim.get(reverse("overview")).status_code == 302  # signed out everywhere
    assert Membership.objects.get(user=world.behandler).approved_at is None
    [reset] = events(Kind.PASSWORD_RESET, user=world.behandler)
    assert (reset.by_user, reset.unit) == (world.administrator, world.faxe)
    assert (
        "Adgangskode nulstillet af en administrator"
        in client_for(world.leder).get(reverse("unit_roles")).content.decode()
    )


def test_the_leaders_roles_page_shows_last_sign_in_takes_roles_away_and_records_the_review(world):
    client_for(world.behandler)  # signs in
    leader = client_for(world.leder)
    page = leader.get(reverse("unit_roles")).content.decode()
    assert "Behandler Test" in page and "Seneste login" in page and "Aldrig" in page  # the analyst never signed in
    membership = Membership.objects.get(user=world.visitator)
    leader.post(reverse("unit_roles"), {"action": "remove", "membership": membership.pk})
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert events(Kind.ROLE_REMOVED, user=world.visitator)[0].by_user == world.leder
    own = Membership.objects.get(user=world.leder)
    page = leader.post(reverse("unit_roles"), {"action": "remove", "membership": own.pk}, follow=True)
    assert (
        "Din egen rolle fjernes af en anden leder" in page.content.decode()
        and Membership.objects.filter(pk=own.pk).exists()
    )
    leader.post(reverse("unit_roles"), {"action": "reviewed"})
    assert "Senest gennemgået af Leder Test" in leader.get(reverse("unit_roles")).content.decode()
    assert client_for(world.behandler).get(reverse("unit_roles")).status_code == 403
    other = make_user("lederaalborg", world.aalborg, Role.LEDER)
    assert client_for(other).get(reverse("unit_roles_of", args=[world.faxe.pk])).status_code == 404


def test_unused_accounts_are_disabled_and_an_administrator_can_enable_them_again(world, settings):
    settings.FORLOB_ACCOUNT_INACTIVE_DAYS = 90
    long_ago = timezone.now() - timedelta(days=100)
    User.objects.filter(pk=world.behandler.pk).update(last_login=long_ago, date_joined=long_ago)
    User.objects.filter(pk=world.visitator.pk).update(date_joined=long_ago)
    token_for(world.visitator)
    ApiToken.objects.filter(user=world.visitator).update(last_used_at=timezone.now())  # used by a script
    call_command("disable_inactive_accounts", verbosity=0)
    assert not User.objects.get(pk=world.behandler.pk).is_active
    assert User.objects.get(pk=world.visitator.pk).is_active and User.objects.get(pk=world.leder.pk).is_active
    assert events(Kind.ACCOUNT_DISABLED, user=world.behandler)[0].unit == world.faxe
    page = Client().post(reverse("login"), {"username": "behandler", "password": PASSWORD}).content.decode()
    assert "Indtast venligst korrekt brugernavn og adgangskode" in page or "deaktiveret" in page
    admin = client_for(world.administrator)
    url = f"/admin/auth/user/{world.behandler.pk}/change/"
    data = form_data(admin.get(url).content.decode()) | {"is_active": "on"}
    assert admin.post(url, data).status_code == 302
    assert User.objects.get(pk=world.behandler.pk).is_active
    assert not actions.inactive_accounts().filter(pk=world.behandler.pk).exists()  # a fresh start
    assert events(Kind.ACCOUNT_ENABLED, user=world.behandler)[0].by_user == world.administrator


def test_signing_in_after_too_long_disables_the_account_with_a_danish_message(world, settings):
    settings.FORLOB_ACCOUNT_INACTIVE_DAYS = 30
    User.objects.filter(pk=world.behandler.pk).update(last_login=timezone.now() - timedelta(days=31))
    response = Client().post(reverse("login"), {"username": "behandler", "password": PASSWORD}, follow=True)
    assert "ikke har været brugt i 30 dage" in response.content.decode()
    assert not User.objects.get(pk=world.behandler.pk).is_active


def test_the_operator_creates_the_first_administrator_and_approves_the_first_leader(world, monkeypatch):
    monkeypatch.setenv("FIRST_ADMIN_PASSWORD", "forste-administrator-2026")
    call_command("create_administrator", "kommuneadmin", "336", "--password-env", "FIRST_ADMIN_PASSWORD", verbosity=0)
    first = User.objects.get(username="kommuneadmin")
    assert not first.is_superuser and not first.is_staff
    [role] = Membership.objects.filter(user=first)
    assert (role.role, role.unit.municipality.code, role.in_force) == (Role.ADMINISTRATOR, "336", True)
    leader = User.objects.create_user("stevnsleder")
    pending = actions.grant_role(Actor.for_user(first), leader, role.unit, Role.LEDER)
    assert not pending.in_force
    call_command("approve_role", "stevnsleder", str(role.unit.pk), "leder", "--note", "sag 2026-17", verbosity=0)
    assert Membership.objects.get(pk=pending.pk).in_force
    assert "sag 2026-17" in events(Kind.ROLE_APPROVED, user=leader)[0].detail


def test_every_role_that_reads_person_data_waits_for_approval_and_needs_the_second_factor():
    from forlob.organisations import access
    from forlob.organisations.models import APPROVED_ROLES

    reading = {*access.CASE_ROLES, *access.PSEUDONYMISED_EXTRACT, *access.REGISTER_EXTRACT, *access.STATISTICS_PERSONS}
    assert reading <= APPROVED_ROLES == access.READS_PERSON_DATA
