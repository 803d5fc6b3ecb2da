# SPDX-License-Identifier: AGPL-3.0-or-later
"""The competences carry the names seeds 000 and 001 give them, and the course for those who teach
the front-line staff (seed 000) is there; the renaming keeps every holder."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from forlob.competences.models import Competence

SEED_NAMES = {
    "Grunduddannelse i alkoholbehandling",
    "Familieorienteret alkoholbehandling",
    "Kognitiv alkoholbehandling",
    "Dobbeltfokuseret alkoholbehandling",
    "Samtalen om børns trivsel",
    "Kursus for undervisere af frontpersonalet",
}
BEFORE = [("competences", "0002_shipped_competences")]
AFTER = [("competences", "0003_seed_competence_names")]


def test_the_shipped_competences_have_the_seeds_names(db):
    names = set(Competence.objects.values_list("name", flat=True))
    assert names >= SEED_NAMES
    assert not names & {"Kognitiv terapi", "Dobbeltfokuseret behandling"}


def _migrate(targets):  # type: ignore[no-untyped-def]
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_renaming_keeps_the_holders_and_runs_backwards(world):
    old = _migrate(BEFORE)
    Competence_ = old.get_model("competences", "Competence")
    cognitive = Competence_.objects.get(name="Kognitiv terapi")
    old.get_model("competences", "StaffCompetence").objects.create(
        user_id=world.behandler.pk, competence=cognitive, since=date(2020, 1, 1), registered_by_id=world.leder.pk
    )

    new = _migrate(AFTER)
    renamed = new.get_model("competences", "Competence").objects.get(pk=cognitive.pk)
    assert renamed.name == "Kognitiv alkoholbehandling" and renamed.holders.count() == 1

    back = _migrate(BEFORE)
    names = set(back.get_model("competences", "Competence").objects.values_list("name", flat=True))
    assert {"Kognitiv terapi", "Dobbeltfokuseret behandling"} <= names
    assert "Kursus for undervisere af frontpersonalet" not in names  # nobody held it
    _migrate(AFTER)
