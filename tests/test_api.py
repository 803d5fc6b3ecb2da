# SPDX-License-Identifier: AGPL-3.0-or-later
"""The JSON API over HTTP: tokens, the whole chain, refusals naming the field, scoping."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from forlob.api.actions import issue_token
from forlob.api.models import ApiToken, hash_token
from forlob.audit.models import AccessLogEntry, Use
from forlob.common.dates import today
from forlob.treatment.models import Course, Request, Session
from tests.conftest import CPR_1, CPR_2, PASSWORD, new_citizen, new_course, pass_second_factor, password_login


def token_for(user, name="test", **options) -> str:
    return issue_token(user, name, **options)[1]


def api(user) -> Client:
    return Client(headers={"authorization": f"Bearer {token_for(user)}"})


def test_without_token_the_api_answers_401_in_danish(world):
    response = Client().get("/api/v1/citizens")
    assert response.status_code == 401
    assert response.json() == {"detail": "Log ind eller send en gyldig API-nøgle."}
    assert Client(headers={"authorization": "Bearer flb_wrong"}).get("/api/v1/citizens").status_code == 401


def test_revoked_token_is_refused(world):
    client = api(world.behandler)
    assert client.get("/api/v1/citizens").status_code == 200
    ApiToken.objects.update(revoked_at=timezone.now())
    assert client.get("/api/v1/citizens").status_code == 401


def test_tokens_are_stored_hashed_and_shown_once(world):
    client = Client()
    password_login(client, "behandler", PASSWORD)
    pass_second_factor(client, world.behandler)
    page = client.post(reverse("api_tokens"), {"name": "Rapportscript", "days": 90}).content.decode()
    row = ApiToken.objects.get()
    shown = page.split('<code id="new-token">')[1].split("</code>")[0]
    assert row.token_hash == hash_token(shown) and shown not in row.token_hash
    assert shown not in client.get(reverse("api_tokens")).content.decode()
    assert Client(headers={"authorization": f"Bearer {shown}"}).get("/api/v1/courses").status_code == 200
    client.post(reverse("api_token_revoke", args=[row.pk]))
    assert Client(headers={"authorization": f"Bearer {shown}"}).get("/api/v1/courses").status_code == 401


def test_someone_elses_token_cannot_be_revoked(world):
    token_for(world.leder)
    client = Client()
    password_login(client, "behandler", PASSWORD)
    assert client.post(reverse("api_token_revoke", args=[ApiToken.objects.get().pk])).status_code == 404
    assert ApiToken.objects.get().revoked_at is None


def test_create_read_and_discharge_through_http(world):
    visitator, behandler = api(world.visitator), api(world.behandler)
    received = today() - timedelta(days=4)

    response = visitator.post(
        "/api/v1/citizens",
        {
            "unit_id": world.faxe.pk,
            "cpr": "010180-1234",
            "first_name": "Inge",
            "last_name": "Holm",
            "municipality_code": "320",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    citizen = response.json()
    assert citizen["masked_cpr"] == "010180-xxxx" and citizen["municipality_code"] == "320"

    response = visitator.post(
        "/api/v1/requests",
        {
            "citizen_id": citizen["id"],
            "unit_id": world.faxe.pk,
            "received_on": received.isoformat(),
            "channel": "self",
            "main_substance": "alcohol",
            "legal_basis": "sul_141",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    request = response.json()
    assert request["deadline"] == (received + timedelta(days=14)).isoformat()
    assert request["days_left"] == 10

    queue = visitator.get("/api/v1/requests").json()
    assert [r["id"] for r in queue["items"]] == [request["id"]]

    response = visitator.post(
        f"/api/v1/requests/{request['id']}/start-course",
        {
            "offer_type": "ambulant",
            "started_on": today().isoformat(),
            "responsible_id": world.behandler.pk,
            "goals": ["Ædru"],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    course = response.json()
    assert course["legal_basis"] == "sul_141" and course["goals"][0]["description"] == "Ædru"
    assert Request.objects.get(pk=request["id"]).status == "course_started"

    response = behandler.post(
        f"/api/v1/courses/{course['id']}/sessions",
        {
            "held_on": today().isoformat(),
            "kind": "individual",
            "attendance": "attended",
            "staff_ids": [world.behandler.pk],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert [s["kind"] for s in behandler.get(f"/api/v1/courses/{course['id']}/sessions").json()] == ["individual"]

    version = behandler.get(f"/api/v1/courses/{course['id']}").json()["version"]
    response = behandler.post(
        f"/api/v1/courses/{course['id']}/discharge",
        {"ended_on": today().isoformat(), "end_reason": "completed", "version": version},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["end_reason"] == "completed"
    assert response.json()["closed_by_id"] == world.behandler.pk
    read = behandler.get(f"/api/v1/courses/{course['id']}").json()
    assert read["ended_on"] == today().isoformat()
    # The history records who made each change, also when they came with a token.
    history = Course.objects.get(pk=course["id"]).history.order_by("history_id")
    assert [h.history_user for h in history] == [world.visitator, world.behandler]


def test_refusal_names_the_field_and_saves_nothing(world):
    course = new_course(world)
    response = api(world.behandler).post(
        f"/api/v1/courses/{course.pk}/discharge",
        {"ended_on": today().isoformat(), "version": course.version},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json() == {"detail": [{"field": "end_reason", "message": "Skal udfyldes."}]}
    assert Course.objects.get(pk=course.pk).ended_on is None


def test_malformed_input_names_the_field(world):
    citizen = new_citizen(world)
    response = api(world.visitator).post(
        "/api/v1/requests",
        {
            "citizen_id": citizen.pk,
            "unit_id": world.faxe.pk,
            "received_on": "i går",
            "channel": "self",
            "main_substance": "alcohol",
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    fields = {item["field"] for item in response.json()["detail"]}
    assert fields == {"received_on", "legal_basis"}
    assert Request.objects.count() == 0


def test_duplicate_cpr_points_to_the_existing_citizen(world):
    existing = new_citizen(world, CPR_2)
    response = api(world.visitator).post(
        "/api/v1/citizens",
        {"unit_id": world.faxe.pk, "cpr": CPR_2, "first_name": "A", "last_name": "B"},
        content_type="application/json",
    )
    assert response.status_code == 422
    [item] = response.json()["detail"]
    assert item["field"] == "cpr" and item["citizen_id"] == existing.pk


def test_other_units_data_is_404_and_lists_leave_it_out(world):
    course = new_course(world)
    other = api(world.other_behandler)
    assert other.get(f"/api/v1/citizens/{course.citizen_id}").status_code == 404
    assert other.get(f"/api/v1/courses/{course.pk}").status_code == 404
    assert (
        other.post(
            f"/api/v1/courses/{course.pk}/discharge",
            {"ended_on": today().isoformat(), "end_reason": "completed", "version": course.version},
            content_type="application/json",
        ).status_code
        == 404
    )
    assert other.get("/api/v1/citizens").json() == {"count": 0, "items": []}
    assert Course.objects.get(pk=course.pk).ended_on is None


def test_reads_are_logged_and_search_is_posted(world):
    citizen = new_citizen(world, CPR_1)
    client = api(world.behandler)
    before = AccessLogEntry.objects.order_by("pk").last().pk
    assert client.get(f"/api/v1/citizens/{citizen.pk}").status_code == 200
    hits = client.post("/api/v1/citizens/search", {"term": CPR_1}, content_type="application/json").json()
    assert [c["id"] for c in hits["items"]] == [citizen.pk]
    rows = AccessLogEntry.objects.filter(pk__gt=before).order_by("pk")
    uses = list(rows.values_list("use", "citizen_id", "search_term", "unit_id"))
    faxe = world.faxe.pk
    assert uses == [
        (Use.VIEW, citizen.pk, "", faxe),
        (Use.SEARCH, None, "010180-xxxx", faxe),
        (Use.LIST, citizen.pk, "", faxe),
    ]


def test_protected_address_is_not_in_the_api(world):
    citizen = new_citizen(world, address="Hemmelig Vej 1", address_protected=True)
    body = api(world.behandler).get(f"/api/v1/citizens/{citizen.pk}").json()
    assert body["address"] == "" and "Hemmelig" not in str(body)


def test_reveal_cpr_needs_a_purpose(world):
    citizen = new_citizen(world, CPR_1)
    client = api(world.behandler)
    response = client.post(
        f"/api/v1/citizens/{citizen.pk}/reveal-cpr", {"purpose": " "}, content_type="application/json"
    )
    assert response.status_code == 422 and response.json()["detail"][0]["field"] == "purpose"
    response = client.post(
        f"/api/v1/citizens/{citizen.pk}/reveal-cpr", {"purpose": "Indberetning"}, content_type="application/json"
    )
    assert response.json() == {"cpr": "010180-1234"}


@pytest.mark.parametrize("path", ["/api/v1/openapi.json", "/api/v1/docs"])
def test_openapi_and_docs_are_served(world, path):
    assert Client().get(path).status_code == 200


def test_openapi_describes_the_chain(world):
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/citizens",
        "/api/v1/requests/{request_id}/start-course",
        "/api/v1/courses/{course_id}/discharge",
    ):
        assert path in paths


def test_groups_through_the_api(world):
    course = new_course(world)
    client = api(world.behandler)
    start = today() - timedelta(days=7)
    response = client.post(
        "/api/v1/groups",
        {
            "unit_id": world.faxe.pk,
            "name": "Tirsdagsgruppen",
            "weekday": start.weekday(),  # Monday is 0
            "start_time": "14:00",
            "starts_on": start.isoformat(),
            "staff_ids": [world.behandler.pk],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    group = response.json()
    response = client.post(
        f"/api/v1/groups/{group['id']}/members",
        {"course_id": course.pk, "joined_on": course.started_on.isoformat()},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    response = client.post(
        f"/api/v1/groups/{group['id']}/sessions",
        {
            "held_on": today().isoformat(),
            "staff_ids": [world.behandler.pk],
            "member_attendance": {str(course.pk): "no_show"},
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert [m["course_id"] for m in client.get(f"/api/v1/groups/{group['id']}/members").json()] == [course.pk]


def test_code_lists_carry_the_nine_end_reasons(world):
    codes = api(world.behandler).get("/api/v1/codes").json()
    assert len(codes["end_reason"]) == 9
    assert {c["code"] for c in codes["offer_type"]} == {
        "ambulant",
        "day",
        "residential",
        "aftercare",
        "relatives",
        "family",
        "youth",
        "assessment",
        "motivation",
    }


def test_citizen_plan_and_attendance_changes_through_http(world):
    course = new_course(world, started_on=today() - timedelta(days=7))
    client = api(world.behandler)
    citizen = client.get(f"/api/v1/citizens/{course.citizen_id}").json()

    changed = client.patch(
        f"/api/v1/citizens/{citizen['id']}",
        {"phone": "22334455", "municipality_code": "336", "version": citizen["version"]},
        content_type="application/json",
    )
    assert changed.status_code == 200, changed.content
    assert (changed.json()["phone"], changed.json()["municipality_code"]) == ("22334455", "336")
    assert changed.json()["first_name"] == "Hans"  # fields not sent are left alone
    stale = client.patch(
        f"/api/v1/citizens/{citizen['id']}",
        {"phone": "11111111", "version": citizen["version"]},
        content_type="application/json",
    )
    assert stale.status_code == 422 and stale.json()["detail"][0]["field"] == "version"
    unknown = client.patch(
        f"/api/v1/citizens/{citizen['id']}",
        {"municipality_code": "999", "version": changed.json()["version"]},
        content_type="application/json",
    )
    assert unknown.json()["detail"][0]["field"] == "municipality_code"

    plan = client.put(
        f"/api/v1/courses/{course.pk}/plan",
        {"plan": "Samtaler hver uge", "new_goals": ["Ingen alkohol på hverdage"], "version": course.version},
        content_type="application/json",
    )
    assert plan.status_code == 200, plan.content
    goal = plan.json()["goals"][0]
    assert (plan.json()["plan"], goal["description"], goal["achieved_on"]) == (
        "Samtaler hver uge",
        "Ingen alkohol på hverdage",
        None,
    )
    achieved = client.put(
        f"/api/v1/courses/{course.pk}/plan",
        {
            "plan": "Samtaler hver uge",
            "achieved_goal_ids": [goal["id"]],
            "version": Course.objects.get(pk=course.pk).version,
        },
        content_type="application/json",
    )
    assert achieved.json()["goals"][0]["achieved_on"] == today().isoformat()

    planned = client.post(
        f"/api/v1/courses/{course.pk}/sessions",
        {"held_on": today().isoformat(), "kind": "phone", "attendance": "planned", "staff_ids": [world.behandler.pk]},
        content_type="application/json",
    ).json()
    marked = client.post(
        f"/api/v1/sessions/{planned['id']}/attendance", {"attendance": "no_show"}, content_type="application/json"
    )
    assert marked.status_code == 200 and marked.json()["attendance"] == "no_show"
    outsider = api(world.other_behandler).post(
        f"/api/v1/sessions/{planned['id']}/attendance", {"attendance": "attended"}, content_type="application/json"
    )
    assert outsider.status_code == 404
    assert Session.objects.get(pk=planned["id"]).attendance == "no_show"
