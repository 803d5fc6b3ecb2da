# SPDX-License-Identifier: AGPL-3.0-or-later
"""Something for a leader to review: an emergency access."""

from forlob.citizens import cpr
from forlob.demo.world import World
from forlob.oversight.actions import grant_emergency_access


def add_emergency_access(world: World) -> None:
    """A case worker at Børn og Familie Faxe has once opened a citizen of Rusmiddelcenter Faxe
    with emergency access (the same municipality: emergency access never crosses to another), so
    Børn og Familie's leader has something to review on "Mit overblik" and the log review page."""
    faxe = world.units["faxe"].pk
    citizen = next((c for c in world.citizens if c.unit_id == faxe and not c.is_anonymous), None)
    if citizen is None:
        return
    grant_emergency_access(
        world.actor(world.user("sagsbehandler.bf")),
        world.units["children"],
        cpr.decrypt(citizen.cpr_encrypted),
        "Akut underretning om et barn; forælderen oplyser at være i behandling på Rusmiddelcenter Faxe.",
    )
