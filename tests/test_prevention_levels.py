# SPDX-License-Identifier: AGPL-3.0-or-later
"""The prevention levels become WHO's triangle (seed 002): the data migration moves every activity
and its history code for code, and back."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation

from forlob.prevention.models import IOM_CODES, Level

BEFORE = [("prevention", "0001_initial")]
AFTER = [("prevention", "0002_who_triangle_levels")]


def _migrate(targets):  # type: ignore[no-untyped-def]
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_moves_every_activity_and_its_history_and_back(world):
    old = _migrate(BEFORE)
    Activity = old.get_model("prevention", "Activity")
    History = old.get_model("prevention", "HistoricalActivity")
    common = {"unit_id": world.faxe.pk, "focus_area": "advice", "target_group": "young", "setting": "school"}
    for n, level in enumerate(["universal", "selective", "indicated", "indicated"]):
        row = Activity.objects.create(
            held_on=date(2026, 1, n + 1), level=level, title=f"A{n}", created_by_id=world.leder.pk, **common
        )
        History.objects.create(
            id=row.pk,
            held_on=row.held_on,
            level=level,
            title=row.title,
            participants=0,
            contacts=0,
            notes="",
            created_by_id=world.leder.pk,
            created_at=row.created_at,
            version=1,
            history_date=row.created_at,
            history_type="+",
            **common,
        )

    new = _migrate(AFTER)
    levels = list(new.get_model("prevention", "Activity").objects.order_by("held_on").values_list("level", flat=True))
    assert levels == ["primary", "secondary", "tertiary", "tertiary"]
    history = new.get_model("prevention", "HistoricalActivity").objects.order_by("held_on")
    assert list(history.values_list("level", flat=True)) == levels

    back = _migrate(BEFORE)
    again = back.get_model("prevention", "Activity").objects.order_by("held_on").values_list("level", flat=True)
    assert list(again) == ["universal", "selective", "indicated", "indicated"]
    _migrate(AFTER)


def test_the_levels_are_the_triangle_of_seed_002():
    assert Level.values == ["primary", "secondary", "tertiary"]
    with translation.override("en"):  # the msgids; their Danish is in TRANSLATIONS.md
        labels = [str(label) for label in Level.labels]
    assert labels == ["Primary (general)", "Secondary (anticipatory)", "Tertiary (intervening)"]
    assert IOM_CODES == {"universal": "primary", "selective": "secondary", "indicated": "tertiary"}
