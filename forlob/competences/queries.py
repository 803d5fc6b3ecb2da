# SPDX-License-Identifier: AGPL-3.0-or-later
"""Reading training and competences. Staff data, not citizens': the names of colleagues and what
they can do are shared across the cluster so staff can find each other (seed 004)."""

from django.contrib.auth.models import User
from django.db.models import Count, Q, QuerySet, Sum

from forlob.competences.models import Competence, PlannedSeats, StaffCompetence, TrainingCourse
from forlob.organisations.access import TRAINING, Actor
from forlob.organisations.models import Membership, Municipality, Unit


def colleague_units(actor: Actor) -> QuerySet[Unit]:
    """The units of the actor's municipalities and of the clusters those belong to."""
    own = Municipality.objects.filter(units__pk__in=actor.roles_by_unit.keys())
    return (
        Unit.objects.filter(active=True)
        .filter(municipality__in=Municipality.objects.filter(clusters__municipalities__in=own) | own)
        .select_related("municipality")
        .distinct()
        .order_by("municipality__name", "name")
    )


def training_courses(actor: Actor) -> QuerySet[TrainingCourse]:
    own = Unit.objects.filter(pk__in=actor.unit_ids(TRAINING)).values("municipality")
    return (
        TrainingCourse.objects.filter(municipality__in=own)
        .annotate(total=Sum("participations__participants"))
        .prefetch_related("participations")
        .order_by("-starts_on", "-pk")
    )


def departments(actor: Actor) -> list[str]:
    """The department names used before, for the form's suggestions."""
    names = training_courses(actor).values_list("participations__department", flat=True).distinct()
    return sorted({n for n in names if n}, key=str.lower)


def coverage(units: list[Unit], year: int) -> list[tuple[Competence, list[tuple[int, int, int]]]]:
    """Per competence, per unit: staff holding it, of them able to supervise, and seats planned."""
    held = {
        (row["competence_id"], row["user__memberships__unit_id"]): (row["n"], row["supervisors"])
        for row in StaffCompetence.objects.filter(user__memberships__unit__in=units, user__is_active=True)
        .values("competence_id", "user__memberships__unit_id")
        .annotate(
            n=Count("user", distinct=True),
            supervisors=Count("user", distinct=True, filter=Q(can_supervise=True)),
        )
        .order_by()
    }
    seats = {(p.competence_id, p.unit_id): p.seats for p in PlannedSeats.objects.filter(unit__in=units, year=year)}
    return [
        (
            competence,
            [(*held.get((competence.pk, unit.pk), (0, 0)), seats.get((competence.pk, unit.pk), 0)) for unit in units],
        )
        for competence in Competence.objects.all()
    ]


def holders(
    units: list[Unit], competence: Competence, supervisors: bool = False
) -> list[tuple[User, list[Unit], StaffCompetence]]:
    """Who in these units holds the competence, with their units."""
    found = StaffCompetence.objects.filter(
        competence=competence, user__memberships__unit__in=units, user__is_active=True
    )
    if supervisors:
        found = found.filter(can_supervise=True)
    held = {h.user_id: h for h in found.select_related("user").distinct()}
    memberships = Membership.objects.filter(user_id__in=held, unit__in=units).select_related(
        "unit", "unit__municipality"
    )
    units_of: dict[int, list[Unit]] = {}
    for m in memberships:
        if m.unit not in units_of.setdefault(m.user_id, []):
            units_of[m.user_id].append(m.unit)
    rows = [(h.user, units_of.get(uid, []), h) for uid, h in held.items()]
    return sorted(rows, key=lambda r: (r[0].get_full_name() or r[0].username).lower())


def staff_of(actor: Actor) -> QuerySet[User]:
    """The staff of the units where the actor registers competences."""
    return (
        User.objects.filter(memberships__unit__in=actor.unit_ids(TRAINING), is_active=True)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )
