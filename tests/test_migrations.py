# SPDX-License-Identifier: AGPL-3.0-or-later
"""Existing data migrates into the data-controller boundary with every row kept: the demo world
and imported history, with citizens registered across a municipal line as the old code allowed,
taken back to the schema before the boundary and forward again (bench/boundary_migration.py;
`make bench` runs it with 100,000 imported rows)."""

import os
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import boundary_migration


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_demo_data_and_imported_history_migrate_into_the_boundary_with_every_row_kept():
    with open(os.devnull, "w") as quiet:
        call_command("seed_demo", citizens=15, seed=3, stdout=quiet)
    boundary_migration._import(1000)
    problems, _seconds = boundary_migration.check_boundary_migration(cross=4)
    assert problems == []
