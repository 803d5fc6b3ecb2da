# SPDX-License-Identifier: AGPL-3.0-or-later
"""GET and POST /training-courses: key-person training registered as on the training page."""

from datetime import date

from forlob.competences.models import TrainingCourse
from tests.api.clients import api_client, send

COURSE = {
    "municipality_code": "320",
    "kind": "key_person",
    "title": "Nøglepersonuddannelse",
    "starts_on": "2025-03-04",
    "days": 2,
    "participants": {"Skoler": 12, "Jobcenter": 3},
}


def test_it_requires_a_token(world):
    assert api_client(None).get("/api/v1/training-courses").status_code == 401


def test_it_creates_a_training_course_with_history(world):
    response = send(api_client(world.familiekonsulent), "POST", "/api/v1/training-courses", COURSE)
    assert response.status_code == 201, response.content
    assert response.json()["participants"] == {"Jobcenter": 3, "Skoler": 12} and response.json()["total"] == 15
    course = TrainingCourse.objects.get()
    assert (course.title, course.starts_on, course.created_by) == (
        "Nøglepersonuddannelse",
        date(2025, 3, 4),
        world.familiekonsulent,
    )
    assert course.history.get().history_user == world.familiekonsulent
    listed = api_client(world.leder).get("/api/v1/training-courses").json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == course.pk


def test_it_refuses_another_municipality(world):
    response = send(api_client(world.leder), "POST", "/api/v1/training-courses", {**COURSE, "municipality_code": "851"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["message"] == "Du kan kun registrere uddannelse i din egen kommune."
    assert not TrainingCourse.objects.exists()


def test_it_refuses_a_clinician(world):
    response = send(api_client(world.behandler), "POST", "/api/v1/training-courses", COURSE)
    assert response.status_code == 403
    assert response.json() == {"detail": "Kun ledere og familiekonsulenter registrerer uddannelse og kompetencer."}


def test_it_refuses_a_read_only_token_for_writes(world):
    response = send(api_client(world.leder, read_only=True), "POST", "/api/v1/training-courses", COURSE)
    assert response.status_code == 403
    assert not TrainingCourse.objects.exists()


def test_it_names_the_field_in_danish(world):
    response = send(api_client(world.leder), "POST", "/api/v1/training-courses", {**COURSE, "participants": {}})
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "participants"
