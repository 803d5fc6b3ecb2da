# SPDX-License-Identifier: AGPL-3.0-or-later
"""Whose figures a report counts and for which period: the scopes a user may pull statistics for
(their units, those units' municipalities, the clusters of those), and the filters of one report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from forlob.competences.models import TrainingCourse
from forlob.organisations.access import CLUSTER_STATISTICS, STATISTICS, STATISTICS_PERSONS, Actor
from forlob.organisations.models import Cluster, Municipality, Unit
from forlob.prevention.models import Activity
from forlob.stats.suppression import INTERNAL, PUBLISHED
from forlob.treatment.models import Course, Request


@dataclass(frozen=True)
class Scope:
    """Whose figures: a unit's own production (``unit:<id>``); the courses of the citizens who
    live in a municipality, wherever they were treated (``municipality:<id>``; the buying
    municipality sees its own citizens treated at another municipality's centre); or those of the
    citizens of a cluster's municipalities (``cluster:<id>``)."""

    kind: str
    pk: int
    label: str
    municipality: str  # the heading of the printed report: the municipality's or cluster's name

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.pk}"

    def where(self, prefix: str = "") -> Q:
        """The scope as a condition on a course or request, or on the one ``prefix`` leads to."""
        if self.kind == "country":  # every unit's courses: the national benchmark's scope
            return Q()
        if self.kind == "unit":
            return Q(**{f"{prefix}unit_id": self.pk})
        if self.kind == "cluster":
            return Q(**{f"{prefix}citizen__municipality__clusters": self.pk})
        return Q(**{f"{prefix}citizen__municipality_id": self.pk})

    def courses(self) -> QuerySet[Course]:
        return Course.objects.filter(self.where())

    def training(self) -> QuerySet[TrainingCourse]:
        """Training courses held by the unit's municipality, the municipality, or the cluster's."""
        if self.kind == "unit":
            return TrainingCourse.objects.filter(municipality__units=self.pk)
        if self.kind == "cluster":
            return TrainingCourse.objects.filter(municipality__clusters=self.pk)
        return TrainingCourse.objects.filter(municipality_id=self.pk)

    def activities(self) -> QuerySet[Activity]:
        """Prevention activities of the unit, or of the units in the municipality or cluster."""
        if self.kind == "unit":
            return Activity.objects.filter(unit_id=self.pk)
        if self.kind == "cluster":
            return Activity.objects.filter(unit__municipality__clusters=self.pk)
        return Activity.objects.filter(unit__municipality_id=self.pk)


def scopes_for(actor: Actor) -> list[Scope]:
    """The scopes the actor may pull statistics for: the units where they hold a statistics role,
    those units' municipalities, and the clusters those municipalities belong to (also for the
    cluster coordinator)."""
    units = list(Unit.objects.filter(pk__in=actor.unit_ids(STATISTICS)).select_related("municipality"))
    municipalities = sorted({u.municipality for u in units}, key=lambda m: m.name)
    clusters = (
        Cluster.objects.filter(municipalities__units__pk__in=actor.unit_ids(CLUSTER_STATISTICS))
        .select_related("region")
        .distinct()
        .order_by("name")
    )

    def title(m: Municipality) -> str:
        return _("%(municipality)s Municipality") % {"municipality": m.name}

    return (
        [Scope("unit", u.pk, u.name, title(u.municipality)) for u in sorted(units, key=lambda u: u.name)]
        + [
            Scope("municipality", m.pk, _("Citizens of %(municipality)s") % {"municipality": m.name}, title(m))
            for m in municipalities
        ]
        + [
            Scope(
                "cluster",
                c.pk,
                _("Citizens of %(cluster)s") % {"cluster": c.name},
                f"{c.name}, {c.region.name}",
            )
            for c in clusters
        ]
    )


def reads_statistics(actor: Actor) -> bool:
    """Whether ``scopes_for`` has anything for the actor, without building the scopes: a statistics
    role at a unit, or a cluster coordinator's role in a municipality that belongs to a cluster."""
    if actor.unit_ids(STATISTICS):
        return True
    coordinated = actor.unit_ids(CLUSTER_STATISTICS)
    return bool(coordinated) and Cluster.objects.filter(municipalities__units__pk__in=coordinated).exists()


def scope_for(actor: Actor, key: str) -> Scope:
    """The scope named by ``key``, if the actor may see it; otherwise refused (403)."""
    for scope in scopes_for(actor):
        if scope.key == key:
            return scope
    raise PermissionDenied(_("Your roles do not give access to statistics for this unit or municipality."))


def internal_allowed(actor: Actor, scope: Scope) -> bool:
    """The exact internal figures are for a reader whose role already lets them see every person
    counted: the unit's leader, for the unit's own production. Everyone else, and every other
    scope (a municipality's citizens are also treated at other municipalities' units), gets the
    published view."""
    return scope.kind == "unit" and scope.pk in actor.unit_ids(STATISTICS_PERSONS)


def view_for(actor: Actor, scope: Scope, asked: str = "") -> str:
    """The view a report is shown in: the one asked for, or by default the internal view where the
    actor may have it. Asking for the internal view without that right is refused."""
    if asked == INTERNAL and not internal_allowed(actor, scope):
        raise PermissionDenied(
            _("Only the unit's leader sees the internal figures, and only for the unit's own courses.")
        )
    if asked:
        return asked
    return INTERNAL if internal_allowed(actor, scope) else PUBLISHED


# What a breakdown report counts: each course (or request), or each citizen once a year.
COURSES = "courses"
CITIZENS = "citizens"


@dataclass(frozen=True)
class Filters:
    scope: Scope
    first_year: int
    last_year: int
    offer_type: str = ""
    substance: str = ""
    view: str = PUBLISHED
    counting: str = COURSES

    @property
    def years(self) -> list[int]:
        return list(range(self.first_year, self.last_year + 1))

    @property
    def start(self) -> date:
        return date(self.first_year, 1, 1)

    @property
    def end(self) -> date:
        return date(self.last_year, 12, 31)

    def requests(self) -> QuerySet[Request]:
        """Requests received in the period. With an offer chosen, only those that led to a
        course of that offer."""
        qs = Request.objects.filter(self.received())
        if self.offer_type:
            qs = qs.filter(courses__offer_type=self.offer_type)
        return qs

    def received(self, prefix: str = "") -> Q:
        """A request in the scope received in the period (of the substance chosen), or the
        request ``prefix`` leads to."""
        found = self.scope.where(prefix) & Q(
            **{f"{prefix}received_on__gte": self.start, f"{prefix}received_on__lte": self.end}
        )
        return found & Q(**{f"{prefix}main_substance": self.substance}) if self.substance else found

    def courses(self) -> QuerySet[Course]:
        return Course.objects.filter(self.course_where())

    def course_where(self, prefix: str = "") -> Q:
        """A course in the scope (of the offer and substance chosen), or the course ``prefix``
        leads to: a join from a course's sessions, cheaper than ``course__in=courses()``."""
        found = self.scope.where(prefix)
        if self.offer_type:
            found &= Q(**{f"{prefix}offer_type": self.offer_type})
        if self.substance:
            found &= Q(**{f"{prefix}main_substance": self.substance})
        return found
