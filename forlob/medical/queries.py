# SPDX-License-Identifier: AGPL-3.0-or-later
"""Reads of medical treatment: one medication or detoxification episode (scoped to the actor's
units, logged), the unit's dispensing list of a day (logged as listed), and the course's medical
treatment, read through the course the page has already read and logged."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import CharField, Count, DateField, F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Concat
from django.utils.translation import gettext as _

from forlob.audit.log import log_access, log_many
from forlob.audit.models import Use
from forlob.audit.refusals import NotVisible
from forlob.common.paging import Rows, Window
from forlob.medical.models import DISPENSED, DetoxEpisode, Dispensing, Medication, Outcome
from forlob.organisations.access import Actor
from forlob.treatment.journal import Described, Scope, Source, journal_rows
from forlob.treatment.models import Course


def get_medication(actor: Actor, pk: int, *, via: str) -> Medication:
    """One medication with its course and citizen, if the course is at one of the actor's units;
    logged as a view of the citizen. 404 otherwise, revealing nothing."""
    medication = (
        Medication.objects.select_related("course__citizen", "course__unit", "prescriber")
        .filter(pk=pk, course__unit_id__in=actor.case_unit_ids)
        .first()
    )
    if medication is None:
        raise NotVisible(Medication, pk, _("The course is not found in your units."), "course__citizen_id")
    log_access(actor, Use.VIEW, citizen_id=medication.course.citizen_id, unit_id=medication.course.unit_id, via=via)
    return medication


def get_detox(actor: Actor, pk: int, *, via: str) -> DetoxEpisode:
    """One detoxification episode, as ``get_medication``."""
    episode = (
        DetoxEpisode.objects.select_related("course__citizen")
        .filter(pk=pk, course__unit_id__in=actor.case_unit_ids)
        .first()
    )
    if episode is None:
        raise NotVisible(DetoxEpisode, pk, _("The course is not found in your units."), "course__citizen_id")
    log_access(actor, Use.VIEW, citizen_id=episode.course.citizen_id, unit_id=episode.course.unit_id, via=via)
    return episode


def _with_missed_in_a_row(qs: QuerySet[Medication], before: date) -> QuerySet[Medication]:
    """Annotate ``missed_in_a_row``: the doses registered as missed before ``before`` since the
    last dose given or handed out (all of them, if none was). Days with nothing registered do not
    count: a dose is missed when someone says so. Two subqueries, whatever the number of rows."""
    earlier = Dispensing.objects.filter(medication=OuterRef("pk"), day__lt=before)
    last_taken = earlier.exclude(outcome=Outcome.MISSED).order_by("-day").values("day")[:1]
    qs = qs.annotate(last_taken=Coalesce(Subquery(last_taken), Value(date.min), output_field=DateField()))
    missed = (
        Dispensing.objects.filter(
            medication=OuterRef("pk"), day__lt=before, outcome=Outcome.MISSED, day__gt=OuterRef("last_taken")
        )
        .values("medication")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return qs.annotate(missed_in_a_row=Coalesce(Subquery(missed), 0))


def _in_force_on(day: date) -> Q:
    return Q(started_on__lte=day) & (Q(stopped_on__isnull=True) | Q(stopped_on__gte=day))


def _registered_that_day(qs: QuerySet[Medication], day: date) -> QuerySet[Medication]:
    """Annotate the day's registration: outcome, time and who (empty when none yet)."""
    that_day = Dispensing.objects.filter(medication=OuterRef("pk"), day=day)
    return qs.annotate(
        registered_outcome=Subquery(that_day.values("outcome")[:1], output_field=CharField()),
        registered_at=Subquery(that_day.values("registered_at")[:1]),
        registered_by_name=Subquery(
            that_day.annotate(
                name=Concat(
                    "registered_by__first_name", Value(" "), "registered_by__last_name", output_field=CharField()
                )
            ).values("name")[:1],
            output_field=CharField(),
        ),
    )


def dispensing_list(actor: Actor, unit_id: int, day: date, window: Window, *, via: str) -> Rows[Medication]:
    """The unit's medications given or handed out on ``day`` (in force, on a course open that
    day), one row per citizen and medicine, by the citizen's name; with the day's registration and
    the missed doses in a row before it. The citizens shown are logged as listed at the unit."""
    if unit_id not in actor.case_unit_ids:
        return Rows([])
    qs = Medication.objects.filter(
        _in_force_on(day),
        course__unit_id=unit_id,
        administration__in=DISPENSED,
        course__started_on__lte=day,
    ).filter(Q(course__ended_on__isnull=True) | Q(course__ended_on__gte=day))
    qs = _with_missed_in_a_row(_registered_that_day(qs, day), day).select_related("course__citizen")
    shown = window.read(qs.order_by("course__citizen__last_name", "course__citizen__first_name", "drug", "pk"))
    if shown.rows:
        log_many(actor, Use.LIST, sorted({m.course.citizen_id for m in shown.rows}), unit_id=unit_id, via=via)
    return shown


@dataclass(frozen=True)
class MedicalTreatment:
    """A course's medications (newest first, with the missed doses in a row up to the day), the
    latest doses registered, and its detoxification episodes."""

    medications: list[Medication]
    doses: list[Dispensing]
    detox_episodes: list[DetoxEpisode]


def course_medical(course: Course, day: date, latest_doses: int = 10) -> MedicalTreatment:
    """The course's medical treatment. The course was read, and logged, by the page (or the API)
    through ``treatment.queries.get_course``; these are its rows."""
    medications = _with_missed_in_a_row(
        Medication.objects.filter(course=course).select_related("prescriber"), day + timedelta(days=1)
    )
    doses = (
        Dispensing.objects.filter(medication__course=course)
        .select_related("medication", "registered_by")
        .order_by("-day", "-pk")[:latest_doses]
    )
    return MedicalTreatment(list(medications), list(doses), list(DetoxEpisode.objects.filter(course=course)))


# The course journal's entries; read only through treatment's logged journal queries. A dose given
# is not an entry (a daily methadone dose would bury everything else); a missed dose is.


def _first_history(condition: str) -> QuerySet:
    return Medication.history.filter(id=OuterRef("pk"), **{condition: False}).order_by("history_date")


def _medication_rows(scope: Scope) -> QuerySet:
    return journal_rows(
        Medication.objects.filter(course_id__in=scope.course_ids),
        scope,
        kind="medication",
        day=F("started_on"),
        at=F("created_at"),
        author=F("recorded_by_id"),
        course=F("course_id"),
        ref=F("pk"),
    )


def _describe_medications(ids: Sequence[int], actor: Actor) -> dict[int, Described]:
    described = {}
    for m in Medication.objects.filter(pk__in=ids).select_related("prescriber"):
        lines = [
            f"{_('Dose')}: {m.dose}",
            m.get_administration_display(),
            f"{_('Prescriber')}: {m.prescriber_name}",
            f"{_('Reason')}: {m.reason}",
        ]
        described[m.pk] = Described(_("Medication started: %(name)s") % {"name": m.name}, "\n".join(lines))
    return described


def _stop_rows(scope: Scope) -> QuerySet:
    first = _first_history("stopped_on__isnull")
    return journal_rows(
        Medication.objects.filter(course_id__in=scope.course_ids, stopped_on__isnull=False),
        scope,
        kind="medication_stop",
        day=F("stopped_on"),
        at=Coalesce(Subquery(first.values("history_date")[:1]), F("created_at")),
        author=Subquery(first.values("history_user_id")[:1]),
        course=F("course_id"),
        ref=F("pk"),
    )


def _describe_stops(ids: Sequence[int], actor: Actor) -> dict[int, Described]:
    return {
        m.pk: Described(_("Medication stopped: %(name)s") % {"name": m.name}, m.stop_reason)
        for m in Medication.objects.filter(pk__in=ids)
    }


def _missed_rows(scope: Scope) -> QuerySet:
    return journal_rows(
        Dispensing.objects.filter(medication__course_id__in=scope.course_ids, outcome=Outcome.MISSED),
        scope,
        kind="missed_dose",
        day=F("day"),
        at=F("registered_at"),
        author=F("registered_by_id"),
        course=F("medication__course_id"),
        ref=F("pk"),
    )


def _describe_missed(ids: Sequence[int], actor: Actor) -> dict[int, Described]:
    return {
        d.pk: Described(_("Missed dose: %(name)s") % {"name": d.medication.name}, d.note)
        for d in Dispensing.objects.filter(pk__in=ids).select_related("medication")
    }


def _detox_rows(scope: Scope) -> QuerySet:
    return journal_rows(
        DetoxEpisode.objects.filter(course_id__in=scope.course_ids),
        scope,
        kind="detox",
        day=F("started_on"),
        at=F("created_at"),
        author=F("recorded_by_id"),
        course=F("course_id"),
        ref=F("pk"),
    )


def _describe_detox(ids: Sequence[int], actor: Actor) -> dict[int, Described]:
    described = {}
    for e in DetoxEpisode.objects.filter(pk__in=ids):
        period = _("Ended %(day)s.") % {"day": f"{e.ended_on:%d.%m.%Y}"} if e.ended_on else _("Not ended yet.")
        described[e.pk] = Described(e.get_setting_display(), f"{period}\n{e.note}".strip())
    return described


JOURNAL_SOURCES = (
    Source("medication", _medication_rows, _describe_medications),
    Source("medication_stop", _stop_rows, _describe_stops),
    Source("missed_dose", _missed_rows, _describe_missed),
    Source("detox", _detox_rows, _describe_detox),
)
