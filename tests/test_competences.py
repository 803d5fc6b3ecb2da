# SPDX-License-Identifier: AGPL-3.0-or-later
"""Key-person training (seed 000's table of 98 participants across six departments) and staff
competences across the cluster (seed 004)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from forlob.common.dates import today
from forlob.competences.actions import TrainingData, plan_seats, register_competence, register_training
from forlob.competences.models import Competence, TrainingCourse
from forlob.competences.queries import colleague_units, coverage, holders
from forlob.organisations.models import Municipality, Role, Unit, UnitKind
from forlob.stats.reports.training import training_participants
from forlob.stats.scopes import Filters, scope_for
from tests.conftest import make_user
from tests.test_api import api
from tests.test_views import client_for

# Seed 000: the departments expected on Aalborg's key-person course in a year.
SEED_000 = {
    "Center for børn, unge og familier": 25,
    "Center for Tværfaglig forebyggelse": 10,
    "Center for voksne": 5,
    "Børne- og familieområdet": 25,
    "Socialafdelingen": 8,
    "Jobcenteret": 25,
}


def test_seed_000s_training_year_adds_up_to_98_across_six_departments(world):
    leader = make_user("leder.aalborg", world.aalborg, Role.LEDER)
    actor = world.actor(leader)
    aalborg = world.aalborg.municipality
    # Four courses in 2025 share the year's participants between them.
    split = [
        {k: v for k, v in SEED_000.items() if k.startswith("Center")},
        {"Børne- og familieområdet": 25},
        {"Socialafdelingen": 8, "Jobcenteret": 13},
        {"Jobcenteret": 12},
    ]
    for n, participants in enumerate(split):
        register_training(
            actor,
            aalborg,
            TrainingData("key_person", "Nøglepersonskursus", date(2025, 2 + 2 * n, 1), 3, participants=participants),
        )
    register_training(
        actor,
        aalborg,
        TrainingData("follow_up", "Opfølgningsdag", date(2026, 1, 15), 1, participants={"Jobcenteret": 9}),
    )

    report = training_participants(Filters(scope_for(world.actor(leader), f"unit:{world.aalborg.pk}"), 2025, 2026))
    shown = {row.label: ([str(c) for c in row.cells], str(row.total)) for row in report.rows}
    assert shown == {
        "Børne- og familieområdet": (["25", "0"], "25"),
        "Center for Tværfaglig forebyggelse": (["10", "0"], "10"),
        "Center for børn, unge og familier": (["25", "0"], "25"),
        "Center for voksne": (["5", "0"], "5"),
        "Jobcenteret": (["25", "9"], "34"),
        "Socialafdelingen": (["8", "0"], "8"),
    }
    assert [str(c) for c in report.totals.cells] == ["98", "9"] and str(report.totals.total) == "107"
    body = api(leader).get(f"/api/v1/stats/training?scope=unit:{world.aalborg.pk}&first_year=2025&last_year=2025")
    assert body.json()["totals"]["cells"][0]["text"] == "98"


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"participants": {"Jobcenteret": -2}}, "participants", "Skriv et tal fra 0 til 10000."),
        ({"participants": {"Jobcenteret": 3, " jobcenteret ": 4}}, "participants", "jobcenteret står der to gange."),
        ({"participants": {"": 4}}, "participants", "Angiv mindst én afdeling og dens deltagere."),
        ({"title": " "}, "title", "Skriv en titel."),
        ({"days": 0}, "days", "Skriv et tal fra 1 til 30."),
    ],
)
def test_bad_training_input_is_refused_and_nothing_is_saved(world, change, field, message):
    data = TrainingData("key_person", "Nøglepersonskursus", today(), 2, participants={"Jobcenteret": 10})
    for name, value in change.items():
        setattr(data, name, value)
    with pytest.raises(ValidationError) as refused:
        register_training(world.actor(world.familiekonsulent), world.faxe.municipality, data)
    assert message in refused.value.message_dict[field]
    assert TrainingCourse.objects.count() == 0


def test_training_is_registered_in_the_own_municipality_only(world):
    data = TrainingData("key_person", "Kursus", today(), 2, participants={"Jobcenteret": 10})
    with pytest.raises(ValidationError, match="din egen kommune"):
        register_training(world.actor(world.leder), world.aalborg.municipality, data)
    with pytest.raises(ValidationError, match="din egen kommune"):
        register_training(world.actor(world.behandler), world.faxe.municipality, data)  # not a leader


def test_who_in_the_cluster_can_supervise_family_oriented_treatment(world):
    stevns = Municipality.objects.get(code="336")  # in Klynge Syd with Faxe
    stevns_unit = Unit.objects.create(name="Rusmiddelcenter Stevns", municipality=stevns, kind=UnitKind.SUBSTANCE)
    stevns_leader = make_user("leder.stevns", stevns_unit, Role.LEDER)
    stevns_clinician = make_user("behandler.stevns", stevns_unit, Role.BEHANDLER)
    family = Competence.objects.get(name="Familieorienteret alkoholbehandling")
    since = today() - timedelta(days=400)
    register_competence(world.actor(world.leder), world.behandler, family, since, can_supervise=True)
    register_competence(world.actor(world.leder), world.familiekonsulent, family, since)
    register_competence(world.actor(stevns_leader), stevns_clinician, family, since, can_supervise=True)
    aalborg_leader = make_user("leder.aalborg", world.aalborg, Role.LEDER)
    register_competence(world.actor(aalborg_leader), world.other_behandler, family, since, can_supervise=True)
    plan_seats(world.actor(world.leder), world.faxe, family, today().year, 3)

    units = list(colleague_units(world.actor(world.behandler)))
    assert world.aalborg not in units and {world.faxe, stevns_unit} <= set(units)
    who = [(user.username, [u.name for u in their]) for user, their, _held in holders(units, family, supervisors=True)]
    assert who == [("behandler", [world.faxe.name]), ("behandler.stevns", ["Rusmiddelcenter Stevns"])]
    row = next(cells for competence, cells in coverage(units, today().year) if competence == family)
    assert row[units.index(world.faxe)] == (2, 1, 3) and row[units.index(stevns_unit)] == (1, 1, 0)

    page = client_for(world.behandler).get(reverse("competence_overview") + f"?competence={family.pk}&supervisors=on")
    text = page.content.decode()
    assert "Hvem har Familieorienteret alkoholbehandling" in text and "Rusmiddelcenter Stevns (Stevns)" in text
    assert world.other_behandler.username not in text  # Aalborg is not in the cluster
    with pytest.raises(ValidationError, match="dine egne enheder"):
        register_competence(world.actor(world.leder), stevns_clinician, family, since)
    with pytest.raises(ValidationError, match="fremtiden"):
        register_competence(world.actor(world.leder), world.behandler, family, today() + timedelta(days=1))


def department_rows(*rows: tuple[str, str], delete: tuple[int, ...] = ()) -> dict[str, str]:
    """The formset's part of a post: the management form and one pair per row."""
    posted = {"afdeling-TOTAL_FORMS": str(len(rows)), "afdeling-INITIAL_FORMS": "0"}
    for n, (department, participants) in enumerate(rows):
        posted |= {f"afdeling-{n}-department": department, f"afdeling-{n}-participants": participants}
        if n in delete:
            posted[f"afdeling-{n}-DELETE"] = "on"
    return posted


TRAINING = {"kind": "key_person", "title": "Nøglepersonskursus forår", "days": "3"}


def test_the_training_form_keeps_its_input_on_error(world):
    client = client_for(world.familiekonsulent)
    posted = {
        **TRAINING,
        "municipality": world.faxe.municipality.pk,
        "starts_on": today().isoformat(),
        **department_rows(("Jobcentret", "-4"), ("Skoleområdet", "12")),
    }
    refused = client.post(reverse("training_create"), posted).content.decode()
    assert "Skriv et tal fra 0 til 10000." in refused and 'value="Skoleområdet"' in refused
    assert client.post(reverse("training_create"), posted | {"afdeling-0-participants": "4"}).status_code == 302
    listed = client.get(reverse("training_list")).content.decode()
    assert "Jobcentret: 4; Skoleområdet: 12" in listed and ">16<" in listed


def test_the_training_form_takes_any_number_of_departments_and_removes_ticked_rows(world):
    client = client_for(world.familiekonsulent)
    page = client.get(reverse("training_create")).content.decode()
    assert 'name="afdeling-2-department"' in page and 'name="afdeling-3-department"' not in page  # 3 empty rows
    assert "formset.js" in page and 'id="department-row-template"' in page
    # Ten rows (the old form stopped at eight), the third ticked for removal: 8 × 2 + 5 = 21 in 9 departments.
    rows = [(f"Afdeling {n}", "2") for n in range(1, 10)] + [("Jobcentret", "5")]
    posted = {**TRAINING, "municipality": world.faxe.municipality.pk, "starts_on": today().isoformat()}
    assert client.post(reverse("training_create"), posted | department_rows(*rows, delete=(2,))).status_code == 302
    course = TrainingCourse.objects.get()
    counts = dict(course.participations.values_list("department", "participants"))
    assert len(counts) == 9 and "Afdeling 3" not in counts and sum(counts.values()) == 21


def test_a_department_twice_or_half_a_row_is_marked_at_the_row(world):
    client = client_for(world.familiekonsulent)
    posted = {**TRAINING, "municipality": world.faxe.municipality.pk, "starts_on": today().isoformat()}
    rows = department_rows(("Jobcentret", "4"), ("jobcentret ", "3"), ("Skolen", ""), ("", "7"))
    page = client.post(reverse("training_create"), posted | rows).content.decode()
    assert "jobcentret står der to gange." in page
    with translation.override("da"):
        assert gettext("Enter the number of participants.") in page and gettext("Enter the department.") in page
    assert 'value="Skolen"' in page and 'value="7"' in page and not TrainingCourse.objects.exists()


def test_a_training_courses_participants_keep_their_history(world):
    leader = make_user("leder.aalborg", world.aalborg, Role.LEDER)
    data = TrainingData("key_person", "Nøglepersonskursus", date(2025, 3, 1), 3, participants={"Jobcenteret": 12})
    course = register_training(world.actor(leader), world.aalborg.municipality, data)
    history = course.participations.model.history.filter(course_id=course.pk)
    assert [(h.department, h.participants, h.history_user) for h in history] == [("Jobcenteret", 12, leader)]
