# SPDX-License-Identifier: AGPL-3.0-or-later
"""Each municipality is its own data controller: what one municipality's units record about a
person is never shown to another, a known CPR number reveals nothing, the only way across is a
consented, logged referral, and every refusal leaves a trace."""

import re
from datetime import date, timedelta

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forlob.audit.models import AccessLogEntry, SecurityEvent, Use
from forlob.citizens import cpr
from forlob.citizens.models import Citizen, Registration
from forlob.common.dates import today
from forlob.family import actions as family_actions
from forlob.family.models import ConsentKind
from forlob.organisations.models import Membership, Municipality, Role, Unit
from forlob.treatment import actions
from forlob.treatment.actions import import_courses
from forlob.treatment.models import Channel, Referral, Request
from tests.conftest import CPR_1, World, family_house, make_user, new_citizen, new_course
from tests.test_api import api
from tests.test_views import client_for

# --- 1. Registering a CPR number known elsewhere ----------------------------------------------


def _known_at_aalborg(world: World, number: str = CPR_1) -> Citizen:
    """A citizen known only at Aalborg, with everything Aalborg has recorded about them."""
    citizen = new_citizen(
        world,
        number,
        unit=world.aalborg,
        user=world.other_behandler,
        first_name="Aalborgnavn",
        last_name="Aalborgsen",
        address="Aalborgvej 1",
        phone="99999999",
        email="aalborg@example.org",
    )
    actor = world.actor(world.other_behandler)
    family_actions.add_relation(
        actor,
        citizen,
        family_actions.RelationData(kind="child", name="Aalborgbarn", birth_year=2016, in_household=True),
    )
    family_actions.give_consent(actor, citizen, family_actions.ConsentData(kind=ConsentKind.NETWORK, given_on=today()))
    family_actions.assess_children(actor, citizen, today(), "Aalborgvurdering")
    return citizen


def test_registering_a_cpr_known_in_another_municipality_shows_only_what_was_typed(world):
    aalborg_record = _known_at_aalborg(world)
    client = client_for(world.visitator)
    form = {"unit": world.faxe.pk, "cpr": CPR_1, "first_name": "Opdigtet", "last_name": "Navn"}
    response = client.post(reverse("citizen_create"), form)
    record = Citizen.objects.get(unit=world.faxe)
    assert response.status_code == 302 and response["Location"] == reverse("citizen_detail", args=[record.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Opdigtet Navn" in page
    for secret in ("Aalborg", "99999999", "aalborg@example.org", "Aalborgbarn", "Aalborgvurdering"):
        assert secret not in page
    faxe = api(world.visitator)
    for path in ("consents", "relations", "children-assessments"):
        assert faxe.get(f"/api/v1/citizens/{record.pk}/{path}").json() == []
        assert faxe.get(f"/api/v1/citizens/{aalborg_record.pk}/{path}").status_code == 404
    assert (
        faxe.post(f"/api/v1/citizens/{aalborg_record.pk}/reveal-cpr", {"purpose": "x"}, "application/json").status_code
        == 404
    )
    aalborg_record.refresh_from_db()
    assert (aalborg_record.first_name, aalborg_record.phone) == ("Aalborgnavn", "99999999")


def _register_by_api(client: Client, unit_id: int, number: str) -> tuple[int, dict[str, object], int]:
    """Status, body and number of queries of registering ``number`` with a typed name."""
    body = {"unit_id": unit_id, "cpr": number, "first_name": "Typet", "last_name": "Navn"}
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/api/v1/citizens", body, content_type="application/json")
    return response.status_code, response.json(), len(queries)


CPR_NUMBERS = st.builds(
    lambda born, serial: f"{born:%d%m%y}{serial:04d}",
    st.dates(min_value=date(1940, 1, 1), max_value=date(1999, 12, 31)),
    st.integers(min_value=0, max_value=3999),
)


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(numbers=st.lists(CPR_NUMBERS, min_size=2, max_size=2, unique=True), known=st.sets(st.integers(0, 2)))
def test_registering_never_reveals_more_than_was_typed(world, numbers, known):
    """Property: over many CPR numbers, each known at some of three other units (one in the
    registering unit's own municipality, two in others), registering one at Faxe answers exactly as
    for a number known nowhere: the same status, the same body with only the typed data, and the
    same number of queries (the same work, so no timing to tell them apart)."""
    asked, fresh = numbers
    with transaction.atomic():
        holstebro = Unit.objects.create(
            name="Rusmiddelcenter Holstebro", municipality=Municipality.objects.get(code="661"), kind="substance"
        )
        keepers = [family_house(world), (world.aalborg, world.other_behandler)]
        keepers.append((holstebro, make_user("holstebro", holstebro, Role.VISITATOR)))
        for index in sorted(known):
            unit, user = keepers[index]
            new_citizen(
                world, asked, unit=unit, user=user, first_name="Kendt", last_name="Andetsteds", phone="11111111"
            )
        client = api(world.visitator)
        assert client.get("/api/v1/codes").status_code == 200  # the token's first use is noted once
        fresh_status, fresh_body, fresh_queries = _register_by_api(client, world.faxe.pk, fresh)
        status, body, queries = _register_by_api(client, world.faxe.pk, asked)
        transaction.set_rollback(True)
    assert status == fresh_status == 201
    assert queries == fresh_queries
    ignore = {"id", "birth_date", "masked_cpr", "sex", "birth_year"}
    assert {k: v for k, v in body.items() if k not in ignore} == {
        k: v for k, v in fresh_body.items() if k not in ignore
    }
    assert (body["first_name"], body["last_name"], body["phone"], body["address"]) == ("Typet", "Navn", "", "")
    assert body["masked_cpr"] == cpr.masked(asked)


def test_a_cpr_known_at_the_users_own_unit_is_a_duplicate_that_links_to_the_record(world):
    own = new_citizen(world)
    status, body, _queries = _register_by_api(api(world.visitator), world.faxe.pk, CPR_1)
    assert status == 422 and body["detail"][0]["citizen_id"] == own.pk


# --- Referral: the one way across ---------------------------------------------------------------


def _refer(world: World, citizen: Citizen, to_unit, **extra):  # type: ignore[no-untyped-def]
    data = actions.ReferralData(
        to_unit=to_unit,
        consent_given_on=extra.pop("consent_given_on", today()),
        main_substance=extra.pop("main_substance", "alcohol"),
        legal_basis=extra.pop("legal_basis", "sul_141"),
        note=extra.pop("note", "Ønsker behandling tæt på sin nye bolig."),
    )
    return actions.refer_citizen(world.actor(world.behandler), citizen, data)


def test_referral_to_another_municipality_sends_identity_and_contact_details_only(world):
    citizen = new_citizen(world, phone="12345678", address="Faxevej 2")
    family_actions.add_relation(
        world.actor(world.behandler),
        citizen,
        family_actions.RelationData(kind="child", name="Faxebarn", birth_year=2015, in_household=True),
    )
    referral = _refer(world, citizen, world.aalborg)
    received = referral.request
    record = received.citizen
    assert record.pk != citizen.pk and record.unit == world.aalborg
    assert (record.first_name, record.phone, record.address, record.cpr_hash) == (
        "Hans",
        "12345678",
        "Faxevej 2",
        citizen.cpr_hash,
    )
    assert not record.relations.exists()
    assert (received.unit, received.channel, received.received_on) == (world.aalborg, Channel.UNIT, today())
    # Aalborg finds it in its queue, with where it came from; Faxe sees that it referred, nothing more.
    aalborg = client_for(world.other_behandler)
    assert "Hans Hansen" in aalborg.get(reverse("visitation_queue")).content.decode()
    page = aalborg.get(reverse("request_detail", args=[received.pk])).content.decode()
    assert "Henvist fra" in page and "Rusmiddelcentret Faxe" in page and "Faxebarn" not in page
    faxe_page = client_for(world.behandler).get(reverse("citizen_detail", args=[citizen.pk])).content.decode()
    assert "Rusmiddelafsnittet Aalborg" in faxe_page
    assert client_for(world.behandler).get(reverse("request_detail", args=[received.pk])).status_code == 404
    logged = AccessLogEntry.objects.filter(user=world.behandler, via="refer_citizen")
    assert set(logged.values_list("use", "citizen_id", "unit_id")) == {
        (Use.REFER, citizen.pk, world.faxe.pk),
        (Use.CREATE, record.pk, world.aalborg.pk),
    }


def test_referral_reuses_the_receiving_units_own_record_and_leaves_it_as_it_was(world):
    theirs = new_citizen(world, CPR_1, unit=world.aalborg, user=world.other_behandler, first_name="Aalborgs")
    referral = _refer(world, new_citizen(world, CPR_1), world.aalborg)
    assert referral.request.citizen == theirs
    theirs.refresh_from_db()
    assert theirs.first_name == "Aalborgs" and Citizen.objects.filter(unit=world.aalborg).count() == 1


def test_referral_within_the_municipality_shares_the_same_record(world):
    house, staff = family_house(world)
    citizen = new_citizen(world)
    referral = _refer(world, citizen, house)
    assert referral.request.citizen == citizen
    assert Registration.objects.filter(citizen=citizen, unit=house).exists()
    assert client_for(staff).get(reverse("citizen_detail", args=[citizen.pk])).status_code == 200
    assert AccessLogEntry.objects.filter(citizen=citizen, use=Use.SHARE, unit=house).exists()


def test_referral_needs_consent_and_another_unit_and_changes_nothing_when_refused(world):
    citizen = new_citizen(world)
    client = client_for(world.behandler)
    url = reverse("citizen_refer", args=[citizen.pk])
    form = {"to_unit": world.aalborg.pk, "main_substance": "alcohol", "legal_basis": "sul_141", "note": "Husk"}
    page = client.post(url, form).content.decode()
    assert "Dette felt er påkrævet" in page and ">\nHusk</textarea>" in page
    future = (today() + timedelta(days=1)).isoformat()
    page = client.post(url, form | {"consent_given_on": future}).content.decode()
    assert "Datoen kan ikke ligge i fremtiden" in page
    assert "Datoen kan ikke ligge i fremtiden" not in client.get(url).content.decode()
    response = client.post(url, form | {"consent_given_on": today().isoformat(), "legal_basis": "sel_101"})
    assert response.status_code == 200 and not Referral.objects.exists() and not Request.objects.exists()
    response = client.post(url, form | {"consent_given_on": today().isoformat()})
    assert response["Location"] == reverse("citizen_detail", args=[citizen.pk])
    assert Referral.objects.get().consent_given_on == today()
    own = api(world.behandler).post(
        f"/api/v1/citizens/{citizen.pk}/referrals",
        {
            "to_unit_id": world.faxe.pk,
            "consent_given_on": today().isoformat(),
            "main_substance": "alcohol",
            "legal_basis": "sul_141",
        },
        content_type="application/json",
    )
    assert own.status_code == 422 and Referral.objects.count() == 1


def test_starting_work_at_another_municipalitys_unit_needs_a_referral(world):
    """Someone who works in two municipalities still cannot carry a record across by starting a
    request there."""
    citizen = new_citizen(world)
    Membership.objects.create(user=world.visitator, unit=world.aalborg, role="visitator", approved_at=timezone.now())
    with pytest.raises(Exception, match=r"anden kommune|another municipality"):
        actions.register_request(
            world.actor(world.visitator),
            citizen,
            world.aalborg,
            actions.RequestData(received_on=today(), channel="self", main_substance="alcohol", legal_basis="sul_141"),
        )
    assert not Registration.objects.filter(citizen=citizen, unit=world.aalborg).exists()


# --- 3. Emergency access is no oracle ------------------------------------------------------------

REASON = "Borgeren er indlagt akut og oplyser at være i behandling et andet sted."


def _without_tokens(page: str) -> str:
    return re.sub(r"[A-Za-z0-9]{64}", "CSRF", page)


def test_emergency_access_cannot_find_a_citizen_of_another_municipality_and_says_so_like_for_nobody(world):
    _known_at_aalborg(world)
    client = client_for(world.behandler)
    form = {"unit": world.faxe.pk, "reason": REASON}
    known = client.post(reverse("emergency_access"), form | {"cpr": CPR_1}).content.decode()
    unknown = client.post(reverse("emergency_access"), form | {"cpr": "0202021234"}).content.decode()
    assert _without_tokens(known).replace("0101801234", "X") == _without_tokens(unknown).replace("0202021234", "X")
    refusals = AccessLogEntry.objects.filter(user=world.behandler, use=Use.REFUSED).order_by("pk")
    assert list(refusals.values_list("search_term", "purpose", "citizen_id")) == [
        ("010180-xxxx", REASON, None),
        ("020202-xxxx", REASON, None),
    ]
    assert SecurityEvent.objects.filter(user=world.behandler, kind=SecurityEvent.Kind.ACCESS_REFUSED).count() == 2


def test_emergency_look_ups_stop_after_too_many_refusals(world, settings):
    settings.FORLOB_REFUSAL_LIMIT = 3
    house, staff = family_house(world)
    new_citizen(world, CPR_1)
    client = client_for(staff)
    for n in range(3):
        client.post(reverse("emergency_access"), {"unit": house.pk, "cpr": f"0{n + 1}0290{1000 + n}", "reason": REASON})
    # Now even a number that would be found is refused, so the look-ups cannot go on.
    response = client.post(reverse("emergency_access"), {"unit": house.pk, "cpr": CPR_1, "reason": REASON})
    assert response.status_code == 429 and "For mange afviste forsøg" in response.content.decode()
    assert SecurityEvent.objects.filter(user=staff, kind=SecurityEvent.Kind.REFUSAL_LIMIT).count() == 1


# --- 4. The course import's check is no oracle -----------------------------------------------------

HEADER = "institutionskode;cpr;fornavn;efternavn;tilbud;hovedrusmiddel;startdato\n"


def test_import_check_counts_a_citizen_known_elsewhere_as_new_and_logs_the_units_own(world):
    leader = world.leder
    _known_at_aalborg(world)
    own = new_citizen(world, "0202801234")
    row = "3502;{};Ny;Navn;ambulant;alkohol;01.02.2024\n"
    actor = world.actor(leader)
    known_elsewhere = import_courses(actor, "a.csv", (HEADER + row.format(CPR_1)).encode()).lines()
    unknown = import_courses(actor, "a.csv", (HEADER + row.format("0303030303")).encode()).lines()
    assert known_elsewhere == unknown
    assert "1 nye borgere" in " ".join(unknown)
    import_courses(actor, "a.csv", (HEADER + row.format("0202801234")).encode())
    met = AccessLogEntry.objects.filter(user=leader, via="import_courses:check")
    assert list(met.values_list("use", "citizen_id", "unit_id")) == [(Use.SEARCH, own.pk, world.faxe.pk)]


# --- 5. Every refusal leaves a trace, also when the transaction rolled back ----------------------


def test_refused_requests_for_another_municipalitys_objects_are_logged_and_shown_to_its_leader(world):
    course = new_course(world)
    citizen = course.citizen
    web, token = client_for(world.other_behandler), api(world.other_behandler)
    assert web.get(reverse("citizen_detail", args=[citizen.pk])).status_code == 404
    assert web.get(reverse("course_detail", args=[course.pk])).status_code == 404
    assert token.get(f"/api/v1/courses/{course.pk}").status_code == 404
    # A write that the action refuses inside its transaction (rolled back) is logged all the same.
    assert (
        token.post(
            f"/api/v1/citizens/{citizen.pk}/relations", {"kind": "partner", "name": "X"}, "application/json"
        ).status_code
        == 404
    )
    refused = AccessLogEntry.objects.filter(user=world.other_behandler, use=Use.REFUSED)
    assert list(refused.values_list("citizen_id", flat=True)) == [citizen.pk] * 4
    events = SecurityEvent.objects.filter(user=world.other_behandler, kind=SecurityEvent.Kind.ACCESS_REFUSED)
    assert events.count() == 4 and {e.unit_id for e in events} == {world.aalborg.pk}
    page = client_for(world.leder).get(reverse("unit_roles")).content.decode()
    assert "Afviste forsøg" in page and world.other_behandler.get_full_name() in page
    assert page.count(citizen.display_name) >= 4


def test_a_user_refused_too_often_is_stopped_for_a_while(world, settings):
    settings.FORLOB_REFUSAL_LIMIT = 3
    citizen = new_citizen(world)
    token = api(world.other_behandler)
    statuses = [token.get(f"/api/v1/citizens/{citizen.pk}").status_code for _ in range(5)]
    assert statuses == [404, 404, 404, 429, 429]
    assert token.get("/api/v1/citizens").status_code == 200  # what is not refused still works


# --- 9. Smaller: lost updates through the API, the CPR key's history -------------------------------


def test_two_changes_of_different_fields_without_a_version_both_stay(world):
    citizen = new_citizen(world)
    token = api(world.behandler)
    url = f"/api/v1/citizens/{citizen.pk}"
    # The API asks for the version the change was made from; the actions' own callers need not.
    changed = token.patch(url, {"phone": "11223344", "version": citizen.version}, content_type="application/json")
    assert changed.status_code == 200
    stale = Citizen.objects.get(pk=citizen.pk)
    Citizen.objects.filter(pk=citizen.pk).update(email="ny@example.org", version=stale.version + 1)
    from forlob.citizens.actions import update_citizen

    update_citizen(world.actor(world.behandler), stale, address="Ny Vej 1")  # made from the old copy
    citizen.refresh_from_db()
    assert (citizen.phone, citizen.email, citizen.address) == ("11223344", "ny@example.org", "Ny Vej 1")


def test_rotating_the_cpr_key_leaves_no_old_ciphertext_in_the_history(world, settings):
    from cryptography.fernet import Fernet
    from django.core.management import call_command

    citizen = new_citizen(world)
    old = citizen.cpr_encrypted
    from forlob.citizens.actions import update_citizen

    update_citizen(world.actor(world.behandler), citizen, phone="11111111")
    settings.CPR_ENCRYPTION_KEY = f"{Fernet.generate_key().decode()},{settings.CPR_ENCRYPTION_KEY}"
    call_command("rotate_cpr_key", verbosity=0)
    citizen.refresh_from_db()
    assert citizen.cpr_encrypted != old
    history_columns = {f.attname for f in Citizen.history.model._meta.fields}
    assert "cpr_encrypted" not in history_columns and "cpr_hash" not in history_columns
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {Citizen.history.model._meta.db_table}")  # noqa: S608 - model's table
        assert not any(old in str(value) for row in cursor.fetchall() for value in row)
