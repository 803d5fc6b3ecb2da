# SPDX-License-Identifier: AGPL-3.0-or-later
"""A corpus of hostile input, sent one field at a time to the API's write operations and to the
main forms: overlong strings, wrong types, control characters, right-to-left marks, SQL and script
fragments, CSV formula prefixes, 29 February in a non-leap year, far-past and far-future dates,
invalid and edge-case CPR numbers. Each answer is a success or a refusal (4xx or a form with its
errors), never a server error, and a refusal changes nothing."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from forlob.citizens.models import Citizen, Registration
from forlob.common.dates import today
from forlob.family.models import Consent, Relation
from forlob.organisations.models import Role
from forlob.prevention.models import Activity
from forlob.treatment.models import ContactRequest, Course, Goal, Request, Session
from tests.conftest import make_user, new_citizen, new_course, password_login
from tests.test_api import token_for

HOSTILE: list[object] = [
    "",
    " ",
    "x" * 10_001,
    "ø" * 5_000,
    "\x00",
    "null\x00byte",
    "\x07\x1b[31m",
    "\r\n\r\n",
    "\u202eevil\u202c",
    "\u200b",
    "\ufeff",
    "😀" * 50,
    "'; DROP TABLE citizens_citizen; --",
    "' OR '1'='1",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ 7*7 }}",
    "{% debug %}",
    '=HYPERLINK("http://x")',
    "+1",
    "-1",
    "@SUM(1)",
    "NaN",
    "Infinity",
    "1e309",
    "-0",
    "2023-02-29",
    "2024-02-30",
    "0000-00-00",
    "0001-01-01",
    "9999-12-31",
    "1800-01-01",
    "31.02.2013",
    "0000000000",
    "3213009999",
    "010180-123",
    "01018012345",
    "010180 1234",
    "ddmmyy-xxxx",
    0,
    -1,
    2**63,
    1.5,
    True,
    None,
    [],
    {},
    ["a"] * 1000,
]

# A browser sends text only.
TEXT = [value for value in HOSTILE if isinstance(value, str)]


def counts() -> tuple[int, ...]:
    return tuple(
        m.objects.count()
        for m in (Citizen, Registration, Request, Course, Goal, Session, Relation, Consent, Activity, ContactRequest)
    )


@pytest.fixture
def place(world):  # type: ignore[no-untyped-def]
    user = make_user("ondsindet", world.faxe, Role.LEDER, Role.BEHANDLER, Role.VISITATOR, Role.FAMILIEKONSULENT)
    course = new_course(world, new_citizen(world, first_name="Karla"), started_on=today() - timedelta(days=10))
    return world, user, course


def _api_bodies(world, user, course) -> list[tuple[str, str, dict[str, object]]]:  # type: ignore[no-untyped-def]
    day = today().isoformat()
    c = course.citizen_id
    return [
        (
            "post",
            "/api/v1/citizens",
            {"unit_id": world.faxe.pk, "is_anonymous": True, "alias": "A", "birth_year": 1990, "sex": "K"},
        ),
        (
            "post",
            "/api/v1/citizens",
            {"unit_id": world.faxe.pk, "cpr": "0202801234", "first_name": "B", "last_name": "C"},
        ),
        ("patch", f"/api/v1/citizens/{c}", {"phone": "12345678", "address": "Vej 1"}),
        ("post", "/api/v1/citizens/search", {"term": "Karla"}),
        (
            "post",
            "/api/v1/requests",
            {
                "citizen_id": c,
                "unit_id": world.faxe.pk,
                "received_on": day,
                "channel": "self",
                "main_substance": "alcohol",
                "legal_basis": "sul_141",
                "note": "n",
            },
        ),
        (
            "post",
            f"/api/v1/citizens/{c}/relations",
            {"kind": "child", "name": "Barn", "birth_year": 2015, "in_household": True},
        ),
        (
            "post",
            f"/api/v1/courses/{course.pk}/sessions",
            {"held_on": day, "kind": "phone", "attendance": "attended", "staff_ids": [user.pk], "note": "n"},
        ),
        ("put", f"/api/v1/courses/{course.pk}/plan", {"plan": "Plan", "new_goals": ["Mål"]}),
        ("post", f"/api/v1/citizens/{c}/consents", {"kind": "share", "given_on": day, "department": "jobcenter"}),
        (
            "post",
            "/api/v1/prevention/activities",
            {
                "unit_id": world.faxe.pk,
                "held_on": day,
                "level": "primary",
                "focus_area": "teaching",
                "target_group": "young",
                "setting": "school",
                "title": "T",
                "participants": 10,
            },
        ),
    ]


def test_hostile_api_bodies_are_answered_and_refusals_change_nothing(place):
    world, user, course = place
    api = Client(headers={"authorization": f"Bearer {token_for(user)}"})
    tried = 0
    for method, url, body in _api_bodies(world, user, course):
        for field in body:
            for value in HOSTILE:
                before = counts()
                response = getattr(api, method)(url, {**body, field: value}, content_type="application/json")
                tried += 1
                assert response.status_code < 500, (method, url, field, repr(value)[:60], response.content[:300])
                if response.status_code >= 400:
                    assert counts() == before, (method, url, field, repr(value)[:60])
    print(f"bad-input corpus, API: {tried} requests")
    assert tried == sum(len(body) for _m, _u, body in _api_bodies(world, user, course)) * len(HOSTILE)


def _forms(world, course):  # type: ignore[no-untyped-def]
    day = today().isoformat()
    return [
        (
            reverse("citizen_create"),
            {
                "unit": world.faxe.pk,
                "cpr": "0303801234",
                "first_name": "D",
                "last_name": "E",
                "phone": "12345678",
                "email": "a@b.dk",
                "address": "Vej",
            },
        ),
        (
            reverse("request_create") + f"?borger={course.citizen_id}",
            {
                "unit": world.faxe.pk,
                "received_on": day,
                "channel": "self",
                "main_substance": "alcohol",
                "legal_basis": "sul_141",
                "note": "n",
            },
        ),
        (
            reverse("activity_create"),
            {
                "unit": world.faxe.pk,
                "held_on": day,
                "title": "T",
                "level": "primary",
                "focus_area": "teaching",
                "target_group": "young",
                "setting": "school",
                "participants": "5",
                "contacts": "0",
                "notes": "n",
            },
        ),
        (
            reverse("find_treatment_contact", args=["320"]),
            {"about": "self", "name": "Mette", "phone": "12345678", "email": "", "best_time": "", "message": "m"},
        ),
    ]


def test_hostile_form_posts_are_answered_and_refusals_change_nothing(place, settings):
    world, user, course = place
    settings.FORLOB_PUBLIC_POSTS_PER_MINUTE = 100_000
    world.faxe.public = True
    world.faxe.save()
    client = Client()
    assert password_login(client, user.username)
    tried = 0
    for url, form in _forms(world, course):
        for field in form:
            for value in TEXT:
                before = counts()
                response = client.post(url, {**form, field: value})
                tried += 1
                assert response.status_code < 500, (url, field, repr(value)[:60])
                if response.status_code != 302:  # refused: the form again, with its errors
                    assert counts() == before, (url, field, repr(value)[:60])
    print(f"bad-input corpus, forms: {tried} posts")
    assert tried == sum(len(form) for _u, form in _forms(world, course)) * len(TEXT)


def test_overlong_text_and_nul_characters_get_a_danish_answer(place):
    _world, user, course = place
    api = Client(headers={"authorization": f"Bearer {token_for(user)}"})
    url = f"/api/v1/citizens/{course.citizen_id}/relations"
    long_name = api.post(url, {"kind": "partner", "name": "x" * 201}, content_type="application/json")
    assert long_name.status_code == 422
    assert long_name.json()["detail"] == [{"field": "name", "message": "Skriv højst 200 tegn."}]
    nul = api.post(url, {"kind": "partner", "name": "Bar\x00n"}, content_type="application/json")
    assert nul.status_code == 422 and nul.json()["detail"][0]["field"] == "name"
    address = Client().get("/find-behandling/?kommune=%00")
    assert address.status_code == 400 and address.content.decode() == "Adressen er ikke gyldig."
    assert Relation.objects.count() == 0
