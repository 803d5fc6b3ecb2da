# SPDX-License-Identifier: AGPL-3.0-or-later
"""Staff competences and the education plan: /competences, /staff-competences, /planned-seats."""

from forlob.competences.models import Competence, PlannedSeats, StaffCompetence
from tests.api.clients import api_client, send


def _held(world, user, **extra):  # type: ignore[no-untyped-def]
    competence = Competence.objects.first()
    body = {"user_id": user.pk, "competence_id": competence.pk, "since": "2024-01-15", **extra}
    return send(api_client(world.leder), "POST", "/api/v1/staff-competences", body)


def test_it_requires_a_token(world):
    assert api_client(None).get("/api/v1/staff-competences").status_code == 401


def test_it_lists_the_competences_to_choose_from(world):
    listed = api_client(world.behandler).get("/api/v1/competences").json()
    assert [c["name"] for c in listed] == list(Competence.objects.values_list("name", flat=True))


def test_it_creates_a_staff_competence_with_history_and_removes_it(world):
    response = _held(world, world.behandler, can_supervise=True)
    assert response.status_code == 201, response.content
    held = StaffCompetence.objects.get()
    assert (held.user, held.can_supervise, held.registered_by) == (world.behandler, True, world.leder)
    assert held.history.get().history_user == world.leder
    assert response.json()["user_name"] == "Behandler Test"
    assert api_client(world.leder).get("/api/v1/staff-competences").json()["count"] == 1

    assert api_client(world.leder).delete(f"/api/v1/staff-competences/{held.pk}").status_code == 204
    assert not StaffCompetence.objects.exists()
    assert StaffCompetence.history.filter(history_type="-").count() == 1


def test_it_refuses_another_municipality(world):
    response = _held(world, world.other_behandler)
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"field": "user", "message": "Du kan kun registrere kompetencer for medarbejdere i dine egne enheder."}
    ]


def test_it_refuses_a_clinician(world):
    competence = Competence.objects.first()
    body = {"user_id": world.visitator.pk, "competence_id": competence.pk, "since": "2024-01-15"}
    assert send(api_client(world.behandler), "POST", "/api/v1/staff-competences", body).status_code == 403


def test_it_refuses_a_read_only_token_for_writes(world):
    held = StaffCompetence.objects.create(
        user=world.behandler, competence=Competence.objects.first(), since="2024-01-01", registered_by=world.leder
    )
    assert api_client(world.leder, read_only=True).delete(f"/api/v1/staff-competences/{held.pk}").status_code == 403
    assert StaffCompetence.objects.exists()


def test_it_plans_seats_with_history(world):
    competence = Competence.objects.first()
    url = f"/api/v1/units/{world.faxe.pk}/planned-seats"
    response = send(api_client(world.leder), "PUT", url, {"competence_id": competence.pk, "year": 2026, "seats": 4})
    assert response.status_code == 200, response.content
    plan = PlannedSeats.objects.get()
    assert (plan.unit, plan.year, plan.seats) == (world.faxe, 2026, 4)
    assert plan.history.count() == 1
    listed = api_client(world.leder).get("/api/v1/planned-seats?year=2026").json()
    assert listed["items"] == [{"unit_id": world.faxe.pk, "competence_id": competence.pk, "year": 2026, "seats": 4}]


def test_it_refuses_seats_at_another_unit(world):
    competence = Competence.objects.first()
    url = f"/api/v1/units/{world.aalborg.pk}/planned-seats"
    response = send(api_client(world.leder), "PUT", url, {"competence_id": competence.pk, "year": 2026, "seats": 4})
    assert response.status_code == 403
    assert not PlannedSeats.objects.exists()
