# SPDX-License-Identifier: AGPL-3.0-or-later
"""Emergency access, the leaders' log review, the citizen's insight report, and retention."""

import io
import re
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import models
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from forlob.audit.models import AccessLogEntry, EmergencyAccess, LogReview, LogReviewItem, RetentionRun, Use
from forlob.citizens import actions as citizen_actions
from forlob.citizens.models import Citizen, TargetGroup, TargetGroupMarker
from forlob.common.dates import today
from forlob.family import actions as family_actions
from forlob.family.models import ChildrenAssessment, FamilyOffer
from forlob.organisations.models import Role
from forlob.oversight import actions
from forlob.oversight.retention import apply_retention
from forlob.treatment import actions as treatment_actions
from forlob.treatment.models import Course, EndReason, Request, Session
from tests.conftest import CPR_1, CPR_2, family_house, logged_at, make_user, new_citizen, new_course
from tests.test_views import client_for

REASON = "Borgeren er indlagt akut og oplyser at være i behandling et andet sted."


# --- The access log is append-only ----------------------------------------------------------


def test_the_access_log_cannot_be_changed_or_deleted_by_the_app(world):
    new_citizen(world)
    entry = AccessLogEntry.objects.first()
    with pytest.raises(ValueError, match="append-only"):
        AccessLogEntry.objects.update(purpose="ændret")
    with pytest.raises(ValueError, match="append-only"):
        AccessLogEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(ValueError, match="append-only"):
        entry.save()
    with pytest.raises(ValueError, match="append-only"):
        entry.delete()


# --- Emergency access -----------------------------------------------------------------------


def test_lookup_from_another_unit_reveals_nothing(world):
    citizen = new_citizen(world, CPR_1)
    client = client_for(world.other_behandler)
    page = client.post(reverse("citizen_list"), {"q": CPR_1}).content.decode()
    assert "Borgeren findes ikke i dine enheder" in page and "Hansen" not in page
    assert client.get(reverse("citizen_detail", args=[citizen.pk])).status_code == 404


def test_emergency_access_needs_a_reason_and_is_logged_and_shown_to_the_leader(world):
    citizen = new_citizen(world, CPR_1)
    house, staff = family_house(world)
    client = client_for(staff)
    form = {"unit": house.pk, "cpr": CPR_1, "reason": "Akut"}
    page = client.post(reverse("emergency_access"), form).content.decode()
    assert "Denne værdi skal have mindst 20 tegn" in page and 'value="0101801234"' in page
    assert not EmergencyAccess.objects.exists()
    page = client.post(reverse("emergency_access"), form | {"cpr": CPR_2, "reason": REASON}).content.decode()
    assert "Der er ingen borger med dette CPR-nummer i Faxe uden for dine enheder." in page
    refusal = AccessLogEntry.objects.get(user=staff, use=Use.REFUSED)
    assert (refusal.search_term, refusal.purpose, refusal.citizen_id) == ("150592-xxxx", REASON, None)

    response = client.post(reverse("emergency_access"), form | {"reason": REASON})
    assert response["Location"] == reverse("citizen_detail", args=[citizen.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Hansen" in page and "via nødadgang" in page
    rows = AccessLogEntry.objects.filter(user=staff, citizen=citizen).order_by("pk")
    assert list(rows.values_list("use", "unit_id", "purpose")) == [
        (Use.EMERGENCY, house.pk, REASON),
        (Use.EMERGENCY, house.pk, ""),
    ]
    # The citizen's own unit's staff are not affected; the access ends when it expires.
    EmergencyAccess.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get(reverse("citizen_detail", args=[citizen.pk])).status_code == 404


def test_leader_reviews_emergency_access_of_the_unit(world):
    new_citizen(world, CPR_1)
    house, staff = family_house(world)
    access = actions.grant_emergency_access(world.actor(staff), house, CPR_1, REASON)
    # Faxe's leader (of the citizen's unit, not of the unit that used it) does not review it; a
    # leader of the family house does.
    faxe_leader = client_for(world.leder)
    assert REASON not in faxe_leader.get(reverse("log_review_list")).content.decode()
    assert faxe_leader.post(reverse("emergency_review", args=[access.pk]), {"note": "ok"}).status_code == 404

    from tests.conftest import make_user

    house_leader = make_user("lederfamiliehus", house, "leder")
    client = client_for(house_leader)
    notice = "1 nødadgang i dine enheder venter på din gennemgang"
    assert notice in client.get(reverse("overview")).content.decode()
    assert notice not in faxe_leader.get(reverse("overview")).content.decode()
    assert REASON in client.get(reverse("log_review_list")).content.decode()
    client.post(reverse("emergency_review", args=[access.pk]), {"note": "Talt med medarbejderen."})
    assert notice not in client.get(reverse("overview")).content.decode()
    access.refresh_from_db()
    assert access.reviewed_by == house_leader and access.review_note == "Talt med medarbejderen."
    with pytest.raises(ValidationError):
        actions.review_emergency_access(world.actor(house_leader), access, "igen")


# --- Log review -----------------------------------------------------------------------------


def test_monthly_sample_comes_from_the_units_log_of_that_month(world, settings):
    settings.FORLOB_LOG_REVIEW_SAMPLE = 3
    for i in range(4):
        new_citizen(world, f"0{i + 1}0190{1000 + i}", first_name=f"Navn{i}")  # 4 rows at Faxe
    new_citizen(world, CPR_2, unit=world.aalborg, user=world.other_behandler)  # 1 row at Aalborg
    month = actions.previous_month(today())
    last_month = timezone.make_aware(timezone.datetime(month.year, month.month, 10))
    logged_at(last_month, AccessLogEntry.objects.all())  # the rows above, also logged then
    new_citizen(world, CPR_1)  # this month: not in last month's sample

    review = actions.log_review(world.faxe, month)
    sampled = list(AccessLogEntry.objects.filter(pk__in=review.items.values("entry")))
    assert len(sampled) == 3
    assert {e.unit_id for e in sampled} == {world.faxe.pk}
    assert {timezone.localtime(e.at).month for e in sampled} == {month.month}
    assert actions.log_review(world.faxe, month) == review  # drawn once

    items = list(review.items.order_by("pk"))
    leader = world.actor(world.leder)
    with pytest.raises(ValidationError, match="Bekræft eller markér hver række"):
        actions.complete_log_review(leader, review, {items[0].pk: ("confirmed", "")})
    flagged = {item.pk: ("confirmed", "") for item in items} | {items[1].pk: ("flagged", "")}
    with pytest.raises(ValidationError, match="Skriv, hvorfor"):
        actions.complete_log_review(leader, review, flagged)
    flagged[items[1].pk] = ("flagged", "Ingen sag i enheden")
    actions.complete_log_review(leader, review, flagged)
    review.refresh_from_db()
    assert review.completed_by == world.leder and review.completed_at is not None
    assert LogReviewItem.objects.get(pk=items[1].pk).note == "Ingen sag i enheden"
    with pytest.raises(ValidationError):
        actions.complete_log_review(leader, review, flagged)


def test_log_review_pages_are_for_leaders(world):
    new_citizen(world)
    assert client_for(world.behandler).get(reverse("log_review_list")).status_code == 403
    client = client_for(world.leder)
    assert client.get(reverse("log_review_list")).status_code == 200
    review = LogReview.objects.get(unit=world.faxe)
    assert review.items.count() == 0  # nothing was logged at Faxe last month
    response = client.post(reverse("log_review_detail", args=[review.pk]), {})
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.completed_at is not None


# --- The citizen's insight report ------------------------------------------------------------


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_insight_report_lists_every_use_without_staff_names(world, settings):
    citizen = new_citizen(world, CPR_1)
    client_for(world.behandler).get(reverse("citizen_detail", args=[citizen.pk]))
    response = client_for(world.leder).get(reverse("citizen_insight", args=[citizen.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Indsigt i adgangslog" in text and "Hans Hansen" in text
    assert text.count("Rusmiddelcentret Faxe") == 3  # created, viewed, and this export
    assert "Oprettet" in text and "Set" in text and "Behandling og sagsbehandling" in text
    assert "Behandler" not in text and "Visitator" not in text
    export = AccessLogEntry.objects.filter(citizen=citizen, use=Use.EXPORT).get()
    assert export.user == world.leder and export.purpose == "Indsigt i adgangslog"

    settings.FORLOB_INSIGHT_SHOWS_STAFF = True
    text = pdf_text(client_for(world.leder).get(reverse("citizen_insight", args=[citizen.pk])).content)
    assert "Behandler Test" in text and "Visitator Test" in text


def test_insight_report_prints_names_outside_latin_1_exactly(world, settings):
    settings.FORLOB_INSIGHT_SHOWS_STAFF = True
    citizen = new_citizen(world, CPR_1, first_name="Łukasz Ağa", last_name="Nguyễn")
    colleague = make_user("kollega", world.faxe, Role.BEHANDLER)
    colleague.first_name, colleague.last_name = "Şükrü", "Ærø-Đặng"
    colleague.save(update_fields=["first_name", "last_name"])
    client_for(colleague).get(reverse("citizen_detail", args=[citizen.pk]))
    text = pdf_text(client_for(world.leder).get(reverse("citizen_insight", args=[citizen.pk])).content)
    assert "Łukasz Ağa Nguyễn" in text
    assert "Şükrü Ærø-Đặng" in text
    assert "?" not in text


def test_insight_report_is_for_the_citizens_leaders_only(world):
    citizen = new_citizen(world, CPR_1)
    assert client_for(world.behandler).get(reverse("citizen_insight", args=[citizen.pk])).status_code == 403
    from tests.conftest import make_user

    other_leader = make_user("lederaalborg", world.aalborg, "leder")
    assert client_for(other_leader).get(reverse("citizen_insight", args=[citizen.pk])).status_code == 404


# --- Retention ------------------------------------------------------------------------------


def statistics() -> dict[str, object]:
    """What statistics count: courses by offer, start year and end reason; citizens by birth year,
    sex and municipality; sessions by kind and attendance; target-group markers by group and period."""
    return {
        "courses": sorted(
            Course.objects.values_list("offer_type", "started_on__year", "end_reason").annotate(n=Count("pk"))
        ),
        "citizens": sorted(
            Citizen.objects.values_list("birth_year", "sex", "municipality_id").annotate(n=Count("pk")),
            key=str,
        ),
        "sessions": sorted(Session.objects.values_list("kind", "attendance").annotate(n=Count("pk"))),
        "target_groups": sorted(TargetGroupMarker.objects.values_list("group__code", "from_on", "ended_on")),
    }


def test_retention_anonymises_old_citizens_and_keeps_statistics(world, settings):
    settings.FORLOB_CITIZEN_RETENTION_YEARS = 5
    old = new_citizen(world, CPR_1, address="Gammel Vej 1", phone="11223344", municipality=world.faxe.municipality)
    old_course = new_course(world, old, started_on=date(2012, 3, 1), plan="Plan med navne")
    actor = world.actor(world.behandler)
    treatment_actions.register_session(
        actor,
        old_course,
        treatment_actions.SessionData(
            held_on=date(2012, 4, 1), kind="individual", attendance="attended", staff=[world.behandler], note="Notat"
        ),
    )
    family_actions.record_family_offer(actor, old_course, date(2012, 3, 1), "Partneren Lise vil gerne deltage")
    family_actions.assess_children(actor, old, date(2012, 5, 1), "Datteren Ida mistrives", "no_concern")
    treatment_actions.discharge_course(actor, old_course, date(2013, 6, 1), EndReason.COMPLETED, note="Afslutning")
    marker = citizen_actions.add_target_group_marker(
        actor, old, TargetGroup.objects.get(code="dual_diagnosis"), date(2012, 3, 1)
    )
    citizen_actions.end_target_group_marker(actor, marker, date(2013, 6, 1))
    # Registered back then (the actions stamp today's date on what they create).
    models.QuerySet(Citizen).filter(pk=old.pk).update(created_at=timezone.now().replace(year=2012))
    models.QuerySet(Request).filter(citizen=old).update(decided_on=date(2012, 3, 1))
    recent = new_citizen(world, CPR_2, first_name="Ny")
    new_course(world, recent)
    before = statistics()
    assert Citizen.history.filter(id=old.pk).exists()

    run = apply_retention()

    assert statistics() == before
    assert before["target_groups"] == [("dual_diagnosis", date(2012, 3, 1), date(2013, 6, 1))]
    old.refresh_from_db()
    assert old.anonymised_at is not None and old.cpr_hash is None and old.cpr_encrypted == ""
    assert (old.first_name, old.last_name, old.address, old.phone, old.birth_date) == ("", "", "", "", None)
    assert old.birth_year == 1980 and old.sex == "K" and old.municipality_id == world.faxe.municipality_id
    assert old.display_name == f"Anonymiseret borger #{old.pk}"
    old_course.refresh_from_db()
    assert old_course.plan == "" and old_course.discharge_note == ""
    assert Session.objects.get(course=old_course).note == ""
    assert FamilyOffer.objects.get(course=old_course).note == "" and ChildrenAssessment.objects.get().note == ""
    # The history keeps who changed what when, without the earlier values.
    assert set(FamilyOffer.history.values_list("note", flat=True)) == {""}
    assert set(ChildrenAssessment.history.values_list("note", flat=True)) == {""}
    assert set(Citizen.history.filter(id=old.pk).values_list("first_name", "address")) == {("", "")}
    assert set(Course.history.filter(id=old_course.pk).values_list("plan", "discharge_note")) == {("", "")}
    recent.refresh_from_db()
    assert recent.anonymised_at is None and recent.first_name == "Ny"
    assert (run.citizens_anonymised, RetentionRun.objects.count()) == (1, 1)
    assert apply_retention().citizens_anonymised == 0  # nothing twice


def test_retention_deletes_access_log_rows_past_the_period_only(world, settings):
    settings.FORLOB_ACCESS_LOG_RETENTION_DAYS = 200
    new_citizen(world, CPR_1)
    entry = AccessLogEntry.objects.get()
    logged_at(timezone.now() - timedelta(days=201), [entry])
    [kept] = logged_at(timezone.now() - timedelta(days=199), [entry])
    run = apply_retention()
    assert run.access_log_rows_deleted == 1
    assert set(AccessLogEntry.objects.values_list("pk", flat=True)) == {entry.pk, kept.pk}


def test_monthly_command_draws_a_review_for_every_unit(world):
    out = io.StringIO()
    call_command("draw_log_reviews", stdout=out)
    assert set(LogReview.objects.values_list("unit__name", flat=True)) == {world.faxe.name, world.aalborg.name}
    assert "Rusmiddelcentret Faxe" in out.getvalue()


def test_administrator_sees_security_events_but_no_citizens_in_the_admin(world, client):
    new_citizen(world, CPR_1)
    client.force_login(world.administrator)
    assert client.get("/admin/audit/securityevent/").status_code == 200
    index = client.get("/admin/").content.decode()
    assert "Hansen" not in index and "accesslogentry" not in index
    # Of the citizens app only the national list of target groups, a code list, is administered.
    assert set(re.findall(r"/admin/citizens/(\w*)", index)) == {"", "targetgroup"}
