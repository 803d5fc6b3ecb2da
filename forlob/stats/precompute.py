# SPDX-License-Identifier: AGPL-3.0-or-later
"""Suppress the tables of the statistics pages before anyone opens them: for every scope (the
country, every unit, every municipality with a unit, every cluster of those) each report the
pages offer is built in the published view for the period a page opens with, so the store of
suppressed tables (``forlob.stats.suppression``) holds the outcome before the first viewer comes.
Run at night (``manage.py precompute_statistics``) and after an import of courses, for the
scopes the import touched (``treatment.hooks.courses_imported``).

The reports are aggregates built from ``Filters`` alone: no user, no person list, no access log.
The guarantee's person-level list of breaches needs an actor and is shown only beside the internal
figures; it is not part of a published view and is not built here."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial

from django.utils.translation import gettext as _

from forlob.common.dates import add_months, today
from forlob.organisations.models import Cluster, Municipality, Unit
from forlob.stats import suppression
from forlob.stats.report import Report
from forlob.stats.reports.follow_up import reach_rate
from forlob.stats.scopes import Filters, Scope

logger = logging.getLogger(__name__)

# The time the tables of one import may take, in all, after the import has been committed: the
# person importing waits for them. What is not done by then is done at night.
AFTER_IMPORT_SECONDS = 15.0
# The months of the follow-up reach page's default period (as forlob.stats.views.DEFAULT_MONTHS).
REACH_MONTHS = 12
COUNTRY = "country"

Build = Callable[[Filters], Report]


@dataclass
class Outcome:
    """What a run did: tables asked for, and how each was answered."""

    tables: int = 0
    plain: int = 0  # no small count: nothing to suppress
    remembered: int = 0  # the same table earlier in the run
    stored: int = 0  # already in the store
    solved: int = 0  # worked out and stored now
    fallbacks: int = 0  # out of time: left for the next night
    reports: int = 0
    seconds: float = 0.0
    skipped: list[str] = field(default_factory=list)
    unfinished: int = 0  # scopes not reached before the deadline

    def lines(self) -> list[str]:
        found = [
            _("%(tables)s tables in %(reports)s reports, %(seconds).1f s.")
            % {"tables": self.tables, "reports": self.reports, "seconds": self.seconds},
            _(
                "Solved and stored: %(solved)s. Already stored: %(stored)s. Nothing to hide: %(plain)s. "
                "The same table again: %(remembered)s. Out of time: %(fallbacks)s."
            )
            % {
                "solved": self.solved,
                "stored": self.stored,
                "plain": self.plain,
                "remembered": self.remembered,
                "fallbacks": self.fallbacks,
            },
        ]
        found += [_("Skipped: %(what)s") % {"what": what} for what in self.skipped]
        if self.unfinished:
            found.append(_("Not reached in time: %(n)s scopes.") % {"n": self.unfinished})
        return found


def report_builders() -> list[tuple[str, Build]]:
    """The reports the statistics pages offer, read from the pages' own URLs: each page's report
    and the reports shown below it, by the page's URL name."""
    from forlob.stats import urls, views  # the pages: imported when asked, not at start-up

    found: list[tuple[str, Build]] = []
    for pattern in urls.urlpatterns:
        if getattr(pattern, "callback", None) is not views.report_page:
            continue
        args = pattern.default_args
        for n, build in enumerate([args["build"], *args.get("more", ())]):
            found.append((f"{pattern.name}" + (f"[{n}]" if n else ""), build))
    return found


def all_scopes() -> list[Scope]:
    """The country, every unit, every municipality with a unit and every cluster of those: the
    scopes a page can be opened on (as ``scopes_for`` names them), and the country's."""
    units = Unit.objects.select_related("municipality").order_by("pk")
    municipalities = Municipality.objects.filter(units__isnull=False).distinct().order_by("pk")
    clusters = Cluster.objects.filter(municipalities__units__isnull=False).distinct().order_by("pk")
    return [
        country(),
        *(Scope("unit", u.pk, u.name, u.municipality.name) for u in units),
        *(Scope("municipality", m.pk, m.name, m.name) for m in municipalities),
        *(Scope("cluster", c.pk, c.name, c.name) for c in clusters),
    ]


def country() -> Scope:
    return Scope(COUNTRY, 0, _("The whole country"), _("The whole country"))


def scopes_named(keys: Iterable[str]) -> list[Scope]:
    """The scopes given as ``country``, ``unit:<id>``, ``municipality:<id>`` or ``cluster:<id>``;
    ValueError for a key that names none."""
    known = {scope.key: scope for scope in all_scopes()}
    known[COUNTRY] = known.pop(f"{COUNTRY}:0")
    found = []
    for key in keys:
        if key not in known:
            raise ValueError(key)
        found.append(known[key])
    return found


def scopes_of_units(unit_ids: Iterable[int]) -> list[Scope]:
    """What an import for these units changes: the units, their municipalities and those they
    serve (whose citizens they treat), and the country."""
    units = Unit.objects.filter(pk__in=set(unit_ids)).order_by("pk")
    served = set(units.values_list("municipality_id", flat=True))
    served |= set(units.exclude(serves=None).values_list("serves", flat=True))
    municipalities = Municipality.objects.filter(pk__in=served).order_by("pk")
    return [
        *(Scope("unit", u.pk, u.name, u.name) for u in units),
        *(Scope("municipality", m.pk, m.name, m.name) for m in municipalities),
        country(),
    ]


def precompute(scopes: Iterable[Scope], *, seconds: float | None = None) -> Outcome:
    """Build every report of every scope in the published view, for the period a page opens with.
    With ``seconds``, everything stops when they have passed (each table's search gets what is
    left); without, each table is solved however long it takes."""
    started = time.monotonic()
    deadline = None if seconds is None else started + seconds
    outcome = Outcome()
    builders = report_builders()
    year = today().year
    before = _tally()
    scopes = list(scopes)
    for done, scope in enumerate(scopes):
        if deadline is not None and time.monotonic() >= deadline:
            outcome.unfinished = len(scopes) - done
            break
        filters = Filters(scope, year - 4, year, view=suppression.PUBLISHED)
        builds: list[tuple[str, Callable[[], Report]]] = [(name, partial(build, filters)) for name, build in builders]
        if scope.kind == "unit":
            builds += _reach_rates(scope.pk)
        for name, build in builds:
            left = None if deadline is None else max(deadline - time.monotonic(), 0.001)
            try:
                with suppression.time_budget(left):
                    build()
            except Exception:  # a report that cannot be built for a scope must not stop the night
                logger.exception("Report %s could not be built for %s", name, scope.key)
                outcome.skipped.append(f"{name} ({scope.key})")
                continue
            outcome.reports += 1
    after = _tally()
    outcome.plain, outcome.stored, outcome.solved, outcome.fallbacks, asked = (
        a - b for a, b in zip(after, before, strict=True)
    )
    outcome.tables = asked
    outcome.remembered = asked - outcome.plain - outcome.stored - outcome.solved - outcome.fallbacks
    outcome.seconds = time.monotonic() - started
    return outcome


def _reach_rates(unit_id: int) -> list[tuple[str, Callable[[], Report]]]:
    """The follow-up reach page of a unit, by month and by staff member, for its default period."""
    day = today()
    first, last = add_months(day.replace(day=1), 1 - REACH_MONTHS), day.replace(day=1)
    return [
        (
            f"stats_follow_up[{by}]",
            partial(reach_rate, {unit_id}, first, last, day, by=by, view=suppression.PUBLISHED),
        )
        for by in ("month", "assignee")
    ]


def _tally() -> tuple[int, int, int, int, int]:
    t = suppression.tally
    return t.plain, t.stored, t.solved, t.fallbacks, t.asked


def after_import(sender: object, unit_ids: Iterable[int] = (), **kwargs: object) -> None:
    """Receiver of ``courses_imported``: the tables of the units imported into, their
    municipalities and the country, within AFTER_IMPORT_SECONDS. It never fails the import (which
    is committed): a problem is logged, and the night does the rest."""
    try:
        outcome = precompute(scopes_of_units(unit_ids), seconds=AFTER_IMPORT_SECONDS)
    except Exception:
        logger.exception("The statistics after an import could not be precomputed")
        return
    logger.info("Statistics after an import: %s", " ".join(outcome.lines()))
