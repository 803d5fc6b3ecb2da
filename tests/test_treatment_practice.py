# SPDX-License-Identifier: AGPL-3.0-or-later
"""The unit's offer catalogue, the expected end of a course, the method and place of sessions
with their statistic, and aftercare linked to the residential course before it (seeds 000, 001)."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from forlob.common.dates import today
from forlob.stats.reports.method_place import sessions_before_a_course, sessions_by_place_and_method
from forlob.stats.scopes import Filters, scope_for
from forlob.stats.suppression import INTERNAL
from forlob.treatment import actions
from forlob.treatment.models import OfferType, UnitOffer
from tests.conftest import new_citizen, new_course, new_request
from tests.test_api import api
from tests.test_views import client_for


def offer(world, unit=None, **extra) -> UnitOffer:  # type: ignore[no-untyped-def]
    data = actions.OfferData(
        name=extra.pop("name", "Ambulant alkoholbehandling"),
        category=extra.pop("category", OfferType.AMBULANT),
        planned_weeks=extra.pop("planned_weeks", 26),
        session_pattern="1 individuel samtale og 1 gruppe om ugen",
    )
    return actions.create_offer(world.actor(world.leder), unit or world.faxe, data)


def code(error: ValidationError) -> tuple[str, str]:
    field, errors = next(iter(error.error_dict.items()))
    return field, errors[0].code


# --- The catalogue ---------------------------------------------------------------------------


def test_the_leader_keeps_the_catalogue_and_edits_are_version_locked(world):
    leader = world.actor(world.leder)
    ambulant = offer(world)
    assert (ambulant.version, ambulant.active) == (1, True)
    with pytest.raises(ValidationError) as duplicate:
        offer(world)
    assert code(duplicate.value) == ("name", "duplicate")
    data = actions.OfferData("Ambulant alkoholbehandling", OfferType.AMBULANT, 24)
    changed = actions.update_offer(leader, ambulant, data, expected_version=1)
    assert (changed.planned_weeks, changed.version) == (24, 2)
    with pytest.raises(ValidationError) as stale:
        actions.update_offer(leader, ambulant, data, active=False, expected_version=1)
    assert code(stale.value)[1] == "stale"
    actions.update_offer(leader, ambulant, data, active=False, expected_version=2)
    assert not UnitOffer.objects.get(pk=ambulant.pk).active
    assert ambulant.history.count() == 3


def test_only_the_units_leader_keeps_its_catalogue(world):
    with pytest.raises(PermissionDenied):
        actions.create_offer(world.actor(world.behandler), world.faxe, actions.OfferData("X", OfferType.AMBULANT))
    with pytest.raises(PermissionDenied):
        offer(world, unit=world.aalborg)


def test_unknown_category_and_length_out_of_range_are_refused(world):
    leader = world.actor(world.leder)
    with pytest.raises(ValidationError) as unknown:
        actions.create_offer(leader, world.faxe, actions.OfferData("X", "detox"))
    assert code(unknown.value) == ("category", "unknown_code")
    with pytest.raises(ValidationError) as too_long:
        actions.create_offer(leader, world.faxe, actions.OfferData("X", OfferType.AMBULANT, 261))
    assert code(too_long.value) == ("planned_weeks", "range")


def test_the_defaults_fill_an_empty_catalogue_once(world):
    offers = actions.fill_default_catalogue(world.actor(world.leder), world.faxe)
    assert len(offers) == len(actions.DEFAULT_OFFERS) == 11
    by_name = {o.name: o for o in offers}
    # Seed 000: "Behandlingslængden er 6 måneder" - 26 weeks; seed 001's assessment and motivation.
    assert by_name["Ambulant alkoholbehandling"].planned_weeks == 26
    assert by_name["Udredningsforløb"].category == OfferType.ASSESSMENT
    assert by_name["Motivationsforløb"].category == OfferType.MOTIVATION
    assert by_name["Tilbagefaldsforebyggelse"].category == OfferType.AFTERCARE
    assert by_name["Kortere rådgivningsforløb"].category == OfferType.AMBULANT
    with pytest.raises(ValidationError) as again:
        actions.fill_default_catalogue(world.actor(world.leder), world.faxe)
    assert code(again.value)[1] == "not_empty"


def test_the_catalogue_page_adds_an_offer_and_fills_the_defaults(world):
    client = client_for(world.leder)
    assert client.get(reverse("catalogue")).status_code == 200
    response = client.post(reverse("catalogue_defaults"), {"unit": world.faxe.pk})
    assert response.status_code == 302
    assert UnitOffer.objects.filter(unit=world.faxe).count() == 11
    response = client.post(
        reverse("catalogue") + f"?enhed={world.faxe.pk}", {"name": "Hjemmebesøg", "category": "ambulant"}
    )
    assert response.status_code == 302
    added = UnitOffer.objects.get(name="Hjemmebesøg")
    response = client.post(reverse("offer_deactivate", args=[added.pk]), {"version": added.version})
    assert response.status_code == 302 and not UnitOffer.objects.get(pk=added.pk).active
    assert client_for(world.behandler).get(reverse("catalogue")).status_code == 403


# --- A course on an offer, and its expected end -------------------------------------------------


def test_a_course_on_an_offer_takes_its_category_and_expected_end(world):
    ambulant = offer(world)
    # Worked example: 2 June 2026 + 26 weeks (182 days) = 1 December 2026.
    course = new_course(world, offer_type="", unit_offer=ambulant, started_on=date(2026, 6, 2))
    assert course.offer_type == OfferType.AMBULANT
    assert course.expected_end_on == date(2026, 12, 1)
    assert not course.past_expected_end  # today is the expected end: not yet passed


def test_the_flag_shows_the_day_after_the_expected_end(world):
    course = new_course(world, unit_offer=offer(world), started_on=date(2026, 6, 1))
    assert course.expected_end_on == date(2026, 11, 30)
    assert course.past_expected_end
    client = client_for(world.behandler)
    assert "expected-end-passed" in client.get(reverse("overview")).content.decode()
    assert "expected-end-passed" in client.get(reverse("course_list")).content.decode()
    assert "expected-end-passed" in client.get(reverse("course_detail", args=[course.pk])).content.decode()
    actions.discharge_course(world.actor(world.behandler), course, today(), "completed")
    course.refresh_from_db()
    assert not course.past_expected_end  # a closed course is not flagged


def test_the_expected_end_moves_with_a_reason_through_the_plan(world):
    course = new_course(world, unit_offer=offer(world), started_on=date(2026, 6, 1))
    clinician = world.actor(world.behandler)
    with pytest.raises(ValidationError) as no_reason:
        actions.update_plan(clinician, course, "", expected_version=1, expected_end_on=date(2027, 1, 31))
    assert code(no_reason.value) == ("expected_end_reason", "required")
    with pytest.raises(ValidationError) as before:
        actions.update_plan(
            clinician, course, "", expected_version=1, expected_end_on=date(2026, 5, 1), expected_end_reason="x"
        )
    assert code(before.value) == ("expected_end_on", "before_start")
    actions.update_plan(
        clinician, course, "", expected_version=1, expected_end_on=date(2027, 1, 31), expected_end_reason="Tilbagefald"
    )
    course.refresh_from_db()
    assert (course.expected_end_on, course.expected_end_reason, course.past_expected_end) == (
        date(2027, 1, 31),
        "Tilbagefald",
        False,
    )


def test_an_offer_of_another_unit_or_deactivated_is_refused(world):
    other = UnitOffer.objects.create(unit=world.aalborg, name="Ambulant", category=OfferType.AMBULANT)
    with pytest.raises(ValidationError) as elsewhere:
        new_course(world, unit_offer=other)
    assert code(elsewhere.value) == ("unit_offer", "not_in_catalogue")
    inactive = offer(world)
    actions.update_offer(world.actor(world.leder), inactive, actions.OfferData(inactive.name, "ambulant"), active=False)
    with pytest.raises(ValidationError) as deactivated:
        new_course(world, new_citizen(world, "0202801234"), unit_offer=inactive)
    assert code(deactivated.value) == ("unit_offer", "not_in_catalogue")


def test_the_api_starts_a_course_on_an_offer(world):
    ambulant = offer(world)
    citizen = new_citizen(world)
    request = new_request(world, citizen, received_on=date(2026, 11, 20))
    body = {"unit_offer_id": ambulant.pk, "started_on": "2026-11-24", "responsible_id": world.behandler.pk}
    response = api(world.visitator).post(
        f"/api/v1/requests/{request.pk}/start-course", body, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    # 24 November 2026 + 26 weeks = 25 May 2027.
    assert response.json()["offer_type"] == "ambulant"
    assert response.json()["expected_end_on"] == "2027-05-25"
    assert response.json()["unit_offer_id"] == ambulant.pk
    listed = api(world.behandler).get(f"/api/v1/units/{world.faxe.pk}/offers").json()
    assert [o["name"] for o in listed["items"]] == ["Ambulant alkoholbehandling"]


# --- Aftercare linked to the residential course ---------------------------------------------------


def test_aftercare_names_the_residential_course_before_it(world):
    citizen = new_citizen(world)
    residential = new_course(world, citizen, offer_type=OfferType.RESIDENTIAL, started_on=date(2026, 6, 1))
    aftercare = new_course(
        world, citizen, offer_type=OfferType.AFTERCARE, started_on=date(2026, 9, 1), residential_course=residential
    )
    assert aftercare.residential_course == residential
    client = client_for(world.behandler)
    after_page = client.get(reverse("course_detail", args=[aftercare.pk])).content.decode()
    assert reverse("course_detail", args=[residential.pk]) in after_page
    before_page = client.get(reverse("course_detail", args=[residential.pk])).content.decode()
    assert reverse("course_detail", args=[aftercare.pk]) in before_page


def test_aftercare_link_refusals(world):
    citizen = new_citizen(world)
    other = new_citizen(world, "0202801234", first_name="Anne")
    residential = new_course(world, citizen, offer_type=OfferType.RESIDENTIAL, started_on=date(2026, 9, 1))
    someone_elses = new_course(world, other, offer_type=OfferType.RESIDENTIAL, started_on=date(2026, 6, 1))
    ambulant = new_course(world, citizen, offer_type=OfferType.AMBULANT, started_on=date(2026, 6, 1))

    def refused(**extra) -> tuple[str, str]:  # type: ignore[no-untyped-def]
        extra.setdefault("offer_type", OfferType.AFTERCARE)
        with pytest.raises(ValidationError) as error:
            new_course(world, citizen, started_on=date(2026, 10, 1), **extra)
        return code(error.value)

    assert refused(residential_course=someone_elses) == ("residential_course", "other_citizen")
    assert refused(residential_course=ambulant) == ("residential_course", "not_residential")
    assert refused(residential_course=residential, offer_type=OfferType.DAY) == ("residential_course", "not_aftercare")
    with pytest.raises(ValidationError) as later:
        new_course(
            world, citizen, offer_type=OfferType.AFTERCARE, started_on=date(2026, 8, 1), residential_course=residential
        )
    assert code(later.value) == ("residential_course", "starts_after")


def test_aftercare_cannot_name_a_course_of_another_municipality(world):
    aalborg_citizen = new_citizen(world, unit=world.aalborg, user=world.other_behandler)
    aalborg_course = actions.start_course(
        world.actor(world.other_behandler),
        aalborg_citizen,
        world.aalborg,
        actions.CourseData(
            offer_type=OfferType.RESIDENTIAL,
            started_on=date(2026, 5, 2),
            responsible=world.other_behandler,
            legal_basis="sul_141",
            main_substance="alcohol",
        ),
    )
    with pytest.raises(ValidationError) as error:
        new_course(world, offer_type=OfferType.AFTERCARE, residential_course=aalborg_course)
    assert code(error.value) == ("residential_course", "other_citizen")
    citizen = new_citizen(world, "0202801234")
    body = {
        "citizen_id": citizen.pk,
        "unit_id": world.faxe.pk,
        "offer_type": "aftercare",
        "legal_basis": "sul_141",
        "started_on": "2026-11-30",
        "responsible_id": world.behandler.pk,
        "residential_course_id": aalborg_course.pk,
    }
    response = api(world.behandler).post("/api/v1/courses", body, content_type="application/json")
    assert response.status_code == 404


# --- Method and place, and the statistic -----------------------------------------------------------


def session(world, course, day: date, place: str, method: str = "", attendance: str = "attended"):  # type: ignore[no-untyped-def]
    data = actions.SessionData(
        held_on=day, kind="individual", attendance=attendance, staff=[world.behandler], method=method, place=place
    )
    return actions.register_session(world.actor(world.behandler), course, data)


def build_sessions(world) -> None:  # type: ignore[no-untyped-def]
    course = new_course(world, started_on=date(2026, 6, 1))
    for day in (1, 8, 15):
        session(world, course, date(2026, 7, day), "home", "cognitive")
    for day in (2, 9):
        session(world, course, date(2026, 7, day), "video", "motivational")
    session(world, course, date(2026, 7, 3), "centre")
    session(world, course, date(2026, 7, 4), "home", "cognitive", attendance="no_show")  # not held: left out
    assessment = new_course(
        world, new_citizen(world, "0202801234"), offer_type=OfferType.ASSESSMENT, started_on=date(2026, 6, 1)
    )
    session(world, assessment, date(2026, 6, 10), "centre", "motivational")


def test_sessions_by_place_and_method_worked_example(world):
    build_sessions(world)
    scope = scope_for(world.actor(world.leder), f"unit:{world.faxe.pk}")
    report = sessions_by_place_and_method(Filters(scope, 2026, 2026, view=INTERNAL))
    counts = [[int(str(c)) for c in line[1:]] for line in report.lines()]
    # Columns: cognitive, motivational, exposure, solution-focused, psychoeducation,
    # family-oriented, other, not recorded, total. Rows: centre, home, outreach, chat, video,
    # phone, not recorded, totals. The no-show is not a session held.
    assert counts == [
        [0, 1, 0, 0, 0, 0, 0, 1, 2],
        [3, 0, 0, 0, 0, 0, 0, 0, 3],
        [0] * 9,
        [0] * 9,
        [0, 2, 0, 0, 0, 0, 0, 0, 2],
        [0] * 9,
        [0] * 9,
        [3, 3, 0, 0, 0, 0, 0, 1, 7],
    ]
    published = sessions_by_place_and_method(
        Filters(scope_for(world.actor(world.analytiker), f"unit:{world.faxe.pk}"), 2026, 2026)
    )
    assert str(published.lines()[1][1]) == "<5"  # three home visits with cognitive therapy


def test_sessions_before_a_course_worked_example(world):
    build_sessions(world)
    scope = scope_for(world.actor(world.leder), f"unit:{world.faxe.pk}")
    report = sessions_before_a_course(Filters(scope, 2026, 2026, view=INTERNAL))
    counts = [[int(str(c)) for c in line[1:]] for line in report.lines()]
    # Columns: centre, home, outreach, chat, video, phone, not recorded, total.
    assert counts == [
        [1, 0, 0, 0, 0, 0, 0, 1],  # the assessment course's session
        [1, 3, 0, 0, 2, 0, 0, 6],
        [2, 3, 0, 0, 2, 0, 0, 7],
    ]


def test_method_and_place_through_the_api_and_refused_when_unknown(world):
    course = new_course(world, started_on=date(2026, 6, 1))
    body = {
        "held_on": "2026-11-30",
        "kind": "individual",
        "attendance": "attended",
        "staff_ids": [world.behandler.pk],
        "method": "solution_focused",
        "place": "video",
    }
    client = api(world.behandler)
    response = client.post(f"/api/v1/courses/{course.pk}/sessions", body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert (response.json()["method"], response.json()["place"]) == ("solution_focused", "video")
    bad = client.post(
        f"/api/v1/courses/{course.pk}/sessions", body | {"place": "garden"}, content_type="application/json"
    )
    assert bad.status_code == 422
    with pytest.raises(ValidationError) as unknown:
        session(world, course, date(2026, 11, 30), "garden")
    assert code(unknown.value) == ("place", "unknown_code")
