# SPDX-License-Identifier: AGPL-3.0-or-later
"""Critical answers: which answers are critical (by hand), the flag on the course page and in the
clinician's "Mit overblik" until a clinician acknowledges it, and the acknowledgement itself:
an action, logged, kept in the response's history."""

import importlib
import json

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from forlob.audit.models import AccessLogEntry, Use
from forlob.common.dates import today
from forlob.instruments.actions import ResponseData, acknowledge_critical, record_response
from forlob.instruments.definitions import shipped
from forlob.instruments.models import Instrument, Response
from forlob.instruments.scoring import critical_options
from tests.conftest import new_course
from tests.test_api import api

DEFINITIONS = {d["code"]: d for d in shipped()}
BASIS = DEFINITIONS["kl_basis"]
NEGATIVE = {item["code"]: "negative" for item in BASIS["items"]}


def test_only_a_positive_suicide_risk_is_critical():
    assert critical_options(BASIS, NEGATIVE | {"suicide": "positive"}) == [("Selvmordsrisiko", "Positiv")]
    assert critical_options(BASIS, NEGATIVE) == []
    assert critical_options(BASIS, NEGATIVE | {"suicide": "not_assessed"}) == []
    every_other_area_positive = {code: "positive" for code in NEGATIVE} | {"suicide": "negative"}
    assert critical_options(BASIS, every_other_area_positive) == []
    # No other shipped instrument marks an answer critical.
    assert [code for code, d in DEFINITIONS.items() if any(
        o.get("critical") for i in d["items"] for o in i.get("options", [])
    )] == ["kl_basis"]  # fmt: skip


def screen(world, course, **areas: str) -> Response:
    data = ResponseData("kl_basis", "intake", today(), NEGATIVE | areas, "assessment")
    return record_response(world.actor(world.behandler), course, data)


@pytest.fixture
def course(world):
    return new_course(world)


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_response_is_marked_critical_when_it_holds_a_critical_answer(world, course):
    assert screen(world, course, suicide="positive").critical is True
    assert screen(world, course, depression="positive").critical is False


def test_the_course_page_shows_the_critical_answer_with_its_item_and_date_until_acknowledged(world, course):
    response = screen(world, course, suicide="positive")
    page = client_of(world.behandler).get(reverse("course_detail", args=[course.pk])).content.decode()
    assert "critical-answer" in page
    assert "Selvmordsrisiko: Positiv" in page
    assert today().strftime("%d.%m.%Y") in page
    assert reverse("critical_acknowledge", args=[response.pk]) in page
    acknowledge_critical(world.actor(world.behandler), response)
    page = client_of(world.behandler).get(reverse("course_detail", args=[course.pk])).content.decode()
    assert "critical-answer" not in page


def test_a_screening_without_critical_answers_shows_no_flag(world, course):
    screen(world, course, depression="positive")
    page = client_of(world.behandler).get(reverse("course_detail", args=[course.pk])).content.decode()
    assert "critical-answer" not in page


def test_mit_overblik_flags_it_to_the_responsible_clinician_only(world, course):
    screen(world, course, suicide="positive")
    mine = client_of(world.behandler).get(reverse("overview")).content.decode()
    assert "critical-answer" in mine and "Selvmordsrisiko: Positiv" in mine
    assert reverse("course_detail", args=[course.pk]) in mine
    assert AccessLogEntry.objects.filter(user=world.behandler, use=Use.LIST, citizen=course.citizen).exists()
    # The leader is not responsible for the course: it is on the course page, not in their overview.
    assert "critical-answer" not in client_of(world.leder).get(reverse("overview")).content.decode()


def test_acknowledging_is_logged_and_kept_in_the_history(world, course):
    response = screen(world, course, suicide="positive")
    client = client_of(world.familiekonsulent)
    course_page = reverse("course_detail", args=[course.pk])
    answer = client.post(reverse("critical_acknowledge", args=[response.pk]), {"next": course_page})
    assert answer.status_code == 302 and answer["Location"] == course_page
    response.refresh_from_db()
    assert response.critical_acknowledged_by == world.familiekonsulent
    assert response.critical_acknowledged_at is not None
    assert response.history.count() == 2  # recorded, then acknowledged
    assert response.history.first().critical_acknowledged_by_id == world.familiekonsulent.pk
    logged = AccessLogEntry.objects.get(user=world.familiekonsulent, via="acknowledge_critical")
    assert (logged.use, logged.citizen_id, logged.unit_id) == (Use.CHANGE, course.citizen_id, world.faxe.pk)


def test_an_acknowledgement_is_refused_twice_for_no_critical_answer_and_for_a_visitator(world, course):
    response = screen(world, course, suicide="positive")
    with pytest.raises(PermissionDenied):
        acknowledge_critical(world.actor(world.visitator), response)
    acknowledge_critical(world.actor(world.behandler), response)
    with pytest.raises(ValidationError):
        acknowledge_critical(world.actor(world.leder), response)
    with pytest.raises(ValidationError):
        acknowledge_critical(world.actor(world.behandler), screen(world, course, depression="positive"))


def test_the_api_acknowledges_and_refuses_a_second_time(world, course):
    response = screen(world, course, suicide="positive")
    url = f"/api/v1/responses/{response.pk}/acknowledge"
    first = api(world.behandler).post(url, "{}", content_type="application/json")
    assert first.status_code == 200
    assert first.json()["critical"] is True and first.json()["critical_acknowledged_at"]
    again = api(world.behandler).post(url, "{}", content_type="application/json")
    assert again.status_code == 422
    assert json.loads(again.content)["detail"][0]["field"] is None
    assert api(world.other_behandler).post(url, "{}", content_type="application/json").status_code == 404


def test_the_migration_marks_stored_versions_and_their_positive_answers(world, course):
    migration = importlib.import_module("forlob.instruments.migrations.0002_critical_answers")
    unmarked = json.loads(json.dumps(BASIS).replace(', "critical": true', ""))
    old = Instrument.objects.create(code="kl_basis", version=99, name="v99", kind="screening", definition=unmarked)
    assert critical_options(old.definition, {"suicide": "positive"}) == []
    fields = {"course": course, "instrument": old, "phase": "intake", "answered_on": today()}
    positive = Response.objects.create(
        **fields, answers=NEGATIVE | {"suicide": "positive"}, recorded_by=world.behandler
    )
    negative = Response.objects.create(**fields, answers=NEGATIVE, recorded_by=world.behandler)
    migration.mark_critical(apps, None)
    old.refresh_from_db()
    assert critical_options(old.definition, {"suicide": "positive"}) == [("Selvmordsrisiko", "Positiv")]
    assert Response.objects.get(pk=positive.pk).critical is True
    assert Response.objects.get(pk=negative.pk).critical is False
