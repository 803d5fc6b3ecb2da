# SPDX-License-Identifier: AGPL-3.0-or-later
"""Household and network: children under 18 kept in view, and their situation assessed."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from forlob.citizens.models import Citizen
from forlob.common.dates import today
from forlob.family import actions
from forlob.family.models import ChildrenAssessment, Consent, Relation
from forlob.family.queries import consent_in_force, with_children_flag
from tests.conftest import CPR_1, new_citizen, new_course
from tests.test_api import api
from tests.test_views import client_for

DAY = date(2026, 11, 25)


def child(name: str, **extra) -> actions.RelationData:  # type: ignore[no-untyped-def]
    return actions.RelationData(kind="child", name=name, in_household=extra.pop("in_household", True), **extra)


def test_age_is_worked_out_from_birth_date_or_year():
    born = Relation(kind="child", name="A", birth_date=date(2010, 6, 15))
    assert (born.age_on(date(2026, 6, 14)), born.age_on(date(2026, 6, 15))) == (15, 16)
    year_only = Relation(kind="child", name="B", birth_year=2009)
    assert year_only.age_on(DAY) == 17


def test_children_under_18_in_the_household_are_counted_by_hand(world):
    citizen = new_citizen(world, CPR_1)
    actor = world.actor(world.behandler)
    actions.add_relation(actor, citizen, child("Turns 18 tomorrow", birth_date=date(2008, 11, 26)))  # 17
    actions.add_relation(actor, citizen, child("18 today", birth_date=date(2008, 11, 25)))  # 18: not counted
    actions.add_relation(actor, citizen, child("Year only", birth_year=2009))  # 17 this year
    actions.add_relation(actor, citizen, child("Lives elsewhere", birth_year=2015, in_household=False))
    actions.add_relation(actor, citizen, actions.RelationData(kind="partner", name="Partner", in_household=True))
    flagged = with_children_flag(Citizen.objects.filter(pk=citizen.pk), DAY).get()
    assert (flagged.children_under_18, flagged.children_assessed_on) == (2, None)
    assert sum(r.is_household_child_on(DAY) for r in citizen.relations.all()) == 2
    actions.assess_children(actor, citizen, date(2026, 10, 1))
    actions.assess_children(actor, citizen, date(2026, 11, 3), "Børnenes behov drøftet")
    assert with_children_flag(Citizen.objects.filter(pk=citizen.pk), DAY).get().children_assessed_on == date(
        2026, 11, 3
    )


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (actions.RelationData(kind="child", name="Uden alder", in_household=True), "birth_date"),
        (actions.RelationData(kind="child", name="Fremtid", birth_date=date.today() + timedelta(days=1)), "birth_date"),
        (
            actions.RelationData(kind="child", name="Modstrid", birth_date=date(2015, 1, 1), birth_year=2014),
            "birth_year",
        ),
        (actions.RelationData(kind="parent", name="Gammel", birth_year=1850), "birth_year"),
        (actions.RelationData(kind="nabo", name="Nabo"), "kind"),
        (actions.RelationData(kind="sibling", name="  "), "name"),
    ],
)
def test_bad_relations_are_refused_and_nothing_is_saved(world, data, field):
    citizen = new_citizen(world, CPR_1)
    with pytest.raises(ValidationError) as refused:
        actions.add_relation(world.actor(world.behandler), citizen, data)
    assert field in refused.value.message_dict
    assert not Relation.objects.exists()


def test_assessment_cannot_be_in_the_future(world):
    citizen = new_citizen(world, CPR_1)
    with pytest.raises(ValidationError):
        actions.assess_children(world.actor(world.behandler), citizen, today() + timedelta(days=1))
    assert not ChildrenAssessment.objects.exists()


def test_another_units_staff_cannot_touch_the_household(world):
    citizen = new_citizen(world, CPR_1)
    with pytest.raises(Exception) as refused:
        actions.add_relation(world.actor(world.other_behandler), citizen, child("Barn", birth_year=2015))
    assert issubclass(refused.type, Http404)
    relation = actions.add_relation(world.actor(world.behandler), citizen, child("Barn", birth_year=2015))
    other = client_for(world.other_behandler)
    assert other.get(reverse("relation_edit", args=[relation.pk])).status_code == 404
    assert other.post(reverse("relation_remove", args=[relation.pk])).status_code == 404
    assert Relation.objects.filter(pk=relation.pk).exists()


def test_children_are_flagged_on_citizen_page_course_page_and_overview(world):
    citizen = new_citizen(world, CPR_1)
    course = new_course(world, citizen)
    client = client_for(world.behandler)
    page = client.post(
        reverse("relation_create", args=[citizen.pk]),
        {"kind": "child", "name": "Emma", "birth_date": "", "birth_year": "", "in_household": "on"},
    ).content.decode()
    assert "Angiv barnets fødselsdato eller fødselsår." in page and 'value="Emma"' in page
    for name, year in (("Emma", today().year - 8), ("Noah", today().year - 12)):
        response = client.post(
            reverse("relation_create", args=[citizen.pk]),
            {"kind": "child", "name": name, "birth_year": year, "in_household": "on"},
        )
        assert response.status_code == 302
    flag = "2 børn under 18 i husstanden"
    for url in (reverse("citizen_detail", args=[citizen.pk]), reverse("course_detail", args=[course.pk])):
        page = client.get(url).content.decode()
        assert flag in page and "Børnenes situation er ikke vurderet" in page
    overview = client.get(reverse("overview")).content.decode()
    assert flag in overview and "ikke vurderet" in overview

    assessed = {"assessed_on": today().isoformat(), "action": "no_concern", "note": ""}
    client.post(reverse("children_assessment", args=[citizen.pk]), assessed)
    page = client.get(reverse("course_detail", args=[course.pk])).content.decode()
    assert f"Børnenes situation blev sidst vurderet {today():%d.%m.%Y}" in page
    assert "ikke vurderet" not in client.get(reverse("overview")).content.decode()


def test_relations_and_assessments_through_the_api(world):
    citizen = new_citizen(world, CPR_1)
    client = api(world.behandler)
    url = f"/api/v1/citizens/{citizen.pk}/relations"
    created = client.post(
        url, {"kind": "child", "name": "Ida", "birth_year": 2016, "in_household": True}, content_type="application/json"
    )
    assert created.status_code == 201
    relation_id = created.json()["id"]
    refused = client.post(url, {"kind": "child", "name": "Uden"}, content_type="application/json")
    assert refused.status_code == 422 and refused.json()["detail"][0]["field"] == "birth_date"
    changed = client.put(
        f"/api/v1/relations/{relation_id}",
        {"kind": "child", "name": "Ida", "birth_year": 2016, "in_household": False, "involved": True},
        content_type="application/json",
    )
    assert changed.json()["in_household"] is False and changed.json()["involved"] is True
    assert [r["name"] for r in client.get(url).json()] == ["Ida"]
    assessment = client.post(
        f"/api/v1/citizens/{citizen.pk}/children-assessments",
        {"assessed_on": today().isoformat(), "note": "Drøftet"},
        content_type="application/json",
    )
    assert assessment.status_code == 201 and assessment.json()["assessed_by_id"] == world.behandler.pk
    assert client.delete(f"/api/v1/relations/{relation_id}").status_code == 204
    assert client.get(url).json() == []
    assert api(world.other_behandler).get(url).status_code == 404


# --- Consents -------------------------------------------------------------------------------


def test_consent_counts_from_given_until_withdrawn(world):
    citizen = new_citizen(world, CPR_1, phone="22334455")
    actor = world.actor(world.behandler)
    consent = actions.give_consent(
        actor, citizen, actions.ConsentData(kind="follow_up", given_on=date(2026, 3, 1), phone="22334455")
    )
    assert not consent_in_force(citizen.pk, "follow_up", date(2026, 2, 28))
    assert consent_in_force(citizen.pk, "follow_up", date(2026, 3, 1))
    with pytest.raises(ValidationError, match="før det blev givet"):
        actions.withdraw_consent(actor, consent, date(2026, 2, 1))
    actions.withdraw_consent(actor, consent, date(2026, 6, 1))
    assert consent_in_force(citizen.pk, "follow_up", date(2026, 5, 31))
    assert not consent_in_force(citizen.pk, "follow_up", date(2026, 6, 1))
    consent.refresh_from_db()
    assert consent.withdrawn_by == world.behandler
    with pytest.raises(ValidationError, match="allerede trukket tilbage"):
        actions.withdraw_consent(actor, consent, date(2026, 7, 1))


def test_share_consent_names_the_department(world):
    citizen = new_citizen(world, CPR_1)
    actor = world.actor(world.behandler)
    with pytest.raises(ValidationError) as refused:
        actions.give_consent(actor, citizen, actions.ConsentData(kind="share", given_on=today()))
    assert "department" in refused.value.message_dict
    actions.give_consent(actor, citizen, actions.ConsentData(kind="share", given_on=today(), department="jobcenter"))
    assert consent_in_force(citizen.pk, "share", today(), department="jobcenter")
    assert not consent_in_force(citizen.pk, "share", today(), department="psychiatry")


def test_follow_up_consent_needs_a_phone_and_minors_need_the_parents_answer(world):
    young = new_citizen(world, "0101104234", first_name="Ung")  # born 2010: under 18
    actor = world.actor(world.behandler)
    with pytest.raises(ValidationError) as refused:
        actions.give_consent(actor, young, actions.ConsentData(kind="follow_up", given_on=today()))
    assert "phone" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        actions.give_consent(actor, young, actions.ConsentData(kind="network", given_on=today()))
    assert "parents_involved" in refused.value.message_dict
    consent = actions.give_consent(
        actor, young, actions.ConsentData(kind="network", given_on=today(), parents_involved=True)
    )
    assert consent.parents_involved is True
    assert Consent.objects.count() == 1


def test_consents_on_the_citizen_page_and_through_the_api(world):
    citizen = new_citizen(world, CPR_1)
    client = client_for(world.behandler)
    page = client.post(
        reverse("consent_create", args=[citizen.pk]),
        {"kind": "follow_up", "given_on": today().isoformat(), "preferred_time": "Efter kl. 16"},
    ).content.decode()
    assert "Angiv telefonnummeret til opfølgningen." in page and 'value="Efter kl. 16"' in page
    response = client.post(
        reverse("consent_create", args=[citizen.pk]),
        {"kind": "follow_up", "given_on": today().isoformat(), "phone": "22334455", "preferred_time": "Efter kl. 16"},
    )
    assert response.status_code == 302
    consent = Consent.objects.get()
    page = client.get(reverse("citizen_detail", args=[citizen.pk])).content.decode()
    assert "Opfølgende kontakt efter behandling" in page and "I kraft" in page
    withdrawal = {"withdrawn_on": today().isoformat(), "version": consent.version}
    client.post(reverse("consent_withdraw", args=[consent.pk]), withdrawal)
    assert "Trukket tilbage" in client.get(reverse("citizen_detail", args=[citizen.pk])).content.decode()

    token = api(world.behandler)
    url = f"/api/v1/citizens/{citizen.pk}/consents"
    created = token.post(url, {"kind": "network", "given_on": today().isoformat()}, content_type="application/json")
    assert created.status_code == 201
    withdrawn = token.post(
        f"/api/v1/consents/{created.json()['id']}/withdraw",
        {"withdrawn_on": (today() - timedelta(days=1)).isoformat(), "version": created.json()["version"]},
        content_type="application/json",
    )
    assert withdrawn.status_code == 422 and withdrawn.json()["detail"][0]["field"] == "withdrawn_on"
    stale_copy = {"withdrawn_on": today().isoformat(), "version": created.json()["version"]}
    withdraw_url = f"/api/v1/consents/{created.json()['id']}/withdraw"
    assert token.post(withdraw_url, stale_copy, content_type="application/json").json()["version"] == 2
    twice = token.post(withdraw_url, stale_copy, content_type="application/json")
    assert twice.status_code == 422 and "Behandler Test ændrede" in twice.json()["detail"][0]["message"]
    assert sorted((c["kind"], c["withdrawn_on"] is None) for c in token.get(url).json()) == [
        ("follow_up", False),
        ("network", False),
    ]


# --- Shared visitation --------------------------------------------------------------------------


def partner_unit(world, municipality=None):  # type: ignore[no-untyped-def]
    """Children and families in Faxe, a partner department, and its caseworker."""
    from forlob.organisations.models import Role, Unit, UnitKind
    from tests.conftest import make_user

    unit = Unit.objects.create(
        name="Børn og Familie",
        municipality=municipality or world.faxe.municipality,
        kind=UnitKind.OTHER,
        department="children_family",
    )
    return unit, make_user(f"sagsbehandler{unit.pk}", unit, Role.FAMILIEKONSULENT)


def meeting(world, citizen, departments=("children_family", "jobcenter")):  # type: ignore[no-untyped-def]
    data = actions.SharedVisitationData(
        held_on=today(), departments=list(departments), decision="Familiesamtaler hver 14. dag", present="Rikke"
    )
    return actions.record_shared_visitation(world.actor(world.behandler), citizen, data)


def seen(actor):
    """The shared visitations the actor may see, without logging (the pages log what they show)."""
    from forlob.family.models import SharedVisitation
    from forlob.family.queries import visible_meetings

    return list(SharedVisitation.objects.filter(visible_meetings(actor, today())))


def test_a_department_sees_the_shared_visitation_only_while_the_consent_reaches_it(world):
    from forlob.audit.models import AccessLogEntry

    citizen = new_citizen(world, CPR_1, municipality=world.faxe.municipality)
    _unit, caseworker = partner_unit(world)
    visitation = meeting(world, citizen)
    worker = world.actor(caseworker)
    assert not seen(worker)  # no consent yet
    consent = actions.give_consent(
        world.actor(world.behandler),
        citizen,
        actions.ConsentData(kind="share", given_on=today(), department="children_family"),
    )
    assert seen(worker) == [visitation]
    assert seen(world.actor(world.behandler)) == [visitation]  # the unit's own
    page = client_for(caseworker).get(reverse("shared_visitation_list")).content.decode()
    assert "Hans Hansen" in page and "Familiesamtaler hver 14. dag" in page
    logged = AccessLogEntry.objects.filter(user=caseworker, citizen=citizen).get()
    assert (logged.purpose, logged.unit_id) == ("Fælles visitation", caseworker.memberships.get().unit_id)
    # The caseworker sees the meeting, not the citizen's record.
    assert client_for(caseworker).get(reverse("citizen_detail", args=[citizen.pk])).status_code == 404
    actions.withdraw_consent(world.actor(world.behandler), consent, today())
    assert not seen(worker)
    assert "Hans Hansen" not in client_for(caseworker).get(reverse("shared_visitation_list")).content.decode()


def test_a_department_not_present_or_in_another_municipality_sees_nothing(world):
    from forlob.organisations.models import Municipality

    citizen = new_citizen(world, CPR_1, municipality=world.faxe.municipality)
    actions.give_consent(
        world.actor(world.behandler),
        citizen,
        actions.ConsentData(kind="share", given_on=today(), department="children_family"),
    )
    meeting(world, citizen, departments=["jobcenter"])
    _unit, here = partner_unit(world)
    _unit, elsewhere = partner_unit(world, Municipality.objects.get(code="851"))
    assert not seen(world.actor(here))  # children_family was not there
    meeting(world, citizen, departments=["children_family"])
    assert len(seen(world.actor(here))) == 1
    assert not seen(world.actor(elsewhere))  # Aalborg's department
    assert not seen(world.actor(world.other_behandler))


def test_recording_a_shared_visitation_on_the_citizen_page(world):
    citizen = new_citizen(world, CPR_1)
    client = client_for(world.behandler)
    url = reverse("shared_visitation_create", args=[citizen.pk])
    refused = client.post(url, {"held_on": today().isoformat(), "decision": "Dagbehandling", "present": "Ole"})
    page = refused.content.decode()
    assert "Dette felt er påkrævet." in page and "Dagbehandling" in page
    future = client.post(
        url, {"held_on": (today() + timedelta(days=1)).isoformat(), "departments": ["jobcenter"], "decision": "X"}
    )
    assert "Datoen kan ikke ligge i fremtiden." in future.content.decode()
    saved = client.post(
        url, {"held_on": today().isoformat(), "departments": ["jobcenter", "psychiatry"], "decision": "Dagbehandling"}
    )
    assert saved.status_code == 302
    page = client.get(reverse("citizen_detail", args=[citizen.pk])).content.decode()
    assert "Jobcenter, Psykiatri" in page and "Dagbehandling" in page
    assert client_for(world.other_behandler).get(url).status_code == 404
