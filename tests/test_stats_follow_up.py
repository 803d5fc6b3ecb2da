# SPDX-License-Identifier: AGPL-3.0-or-later
"""The reach rate below a unit's follow-up worklist: a statistic, added by stats through the hook
followup defines (followup imports nothing from stats: tests/test_architecture.py)."""

from django.urls import reverse

from forlob.followup import hooks
from forlob.stats.sections import unit_reach_rate
from tests.test_views import client_for


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
