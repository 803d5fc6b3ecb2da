# SPDX-License-Identifier: AGPL-3.0-or-later
"""What the self-assessment adds to "Mit overblik" (``treatment.hooks.overview_sections``,
registered by ``forlob.accounts``): for each region's latest round, the deadline, how many of the
user's clusters' municipalities have answered, and the state of the sheets the user answers."""

from datetime import date

from forlob.common.sections import Section
from forlob.kl12 import queries
from forlob.kl12.models import Participation, Round
from forlob.organisations.access import Actor
from forlob.organisations.models import Cluster, Role

# Those who answer, resolve or report on the self-assessment: leaders, coordinators and analysts.
FOLLOWERS = (Role.LEDER, Role.KOORDINATOR, Role.ANALYTIKER)


def round_status(actor: Actor, day: date) -> Section | None:
    """For leaders, coordinators and analysts, when a round is open to them in their region."""
    if not actor.unit_ids(FOLLOWERS):
        return None
    latest: dict[int, Round] = {}
    for round_ in queries.visible_rounds(actor):  # newest first: the first of each region is its latest
        latest.setdefault(round_.region_id, round_)
    if not latest:
        return None
    rounds = list(latest.values())
    # The clusters of the municipalities where the user leads, analyses or coordinates.
    clusters = list(
        Cluster.objects.filter(region_id__in=latest, municipalities__units__pk__in=actor.unit_ids(FOLLOWERS))
        .distinct()
        .order_by("name")
    )
    answered = set(
        Participation.objects.filter(round__in=rounds, answers__isnull=False)
        .values_list("round_id", "municipality_id")
        .distinct()
    )
    members: dict[int, set[int]] = {}
    for cluster_id, municipality_id in Cluster.municipalities.through.objects.filter(cluster__in=clusters).values_list(
        "cluster_id", "municipality_id"
    ):
        members.setdefault(cluster_id, set()).add(municipality_id)
    answerable = list(queries.answerable_municipalities(actor).order_by("name"))
    saved = {
        (p.round_id, p.municipality_id): p
        for p in Participation.objects.filter(
            round__in=rounds, municipality__in=answerable, answers__isnull=False
        ).distinct()
    }
    rows = []
    for round_ in rounds:
        progress = [
            (c, sum((round_.pk, m) in answered for m in members.get(c.pk, ())), len(members.get(c.pk, ())))
            for c in clusters
            if c.region_id == round_.region_id
        ]
        sheets = [(m, saved.get((round_.pk, m.pk))) for m in answerable if m.region_id == round_.region_id]
        rows.append((round_, progress, sheets))
    return Section("kl12/includes/home_status.html", {"rows": rows, "today": day}, order=20)
