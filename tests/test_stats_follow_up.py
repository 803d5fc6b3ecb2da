# SPDX-License-Identifier: AGPL-3.0-or-later
"""The reach rate below a unit's follow-up worklist: a statistic, added by stats through the hook
followup defines, so that followup imports nothing from stats."""

import ast
from pathlib import Path

from django.urls import reverse

from forlob.followup import hooks
from forlob.stats.sections import unit_reach_rate
from tests.test_views import client_for

ROOT = Path(__file__).resolve().parent.parent


def test_stats_registers_the_reach_rate_on_the_units_worklist(world):
    assert unit_reach_rate in hooks.unit_worklist_sections
    page = client_for(world.leder).get(reverse("follow_up_worklist") + f"?enhed={world.faxe.pk}")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="naaet"' in html and "Opnåelsesgrad efter forfaldsmåned" in html
    assert f"{reverse('stats_follow_up')}?unit={world.faxe.pk}" in html


def test_my_own_worklist_shows_no_reach_rate(world):
    page = client_for(world.leder).get(reverse("follow_up_worklist"))
    assert page.status_code == 200 and 'id="naaet"' not in page.content.decode()


def test_followup_and_instruments_import_nothing_from_stats():
    for app in ("followup", "instruments"):
        for path in (ROOT / "forlob" / app).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                names = [node.module or ""] if isinstance(node, ast.ImportFrom) else []
                names += [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
                assert not any(name.startswith("forlob.stats") for name in names), path
