# SPDX-License-Identifier: AGPL-3.0-or-later
"""Reading national registration. A course page reads its course's registration through the
course it has read and logged; the unit's validation list reads the unit's courses for the
leader, each citizen logged; the completeness figures count without showing anyone."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from forlob.audit.log import log_many, log_selected
from forlob.audit.models import Use
from forlob.common.dates import add_months, today
from forlob.family.queries import with_children_flag
from forlob.medical.models import SUBSTITUTION, DetoxEpisode, Medication
from forlob.organisations.access import REGISTER_EXTRACT, Actor
from forlob.registers import submission
from forlob.registers.models import CourseAnswers, Register, Submission, SubmittedRecord
from forlob.registers.specification import register_of
from forlob.registers.validation import Checked, check
from forlob.treatment.models import PRE_COURSE_OFFERS, Course, LegalBasis

REPORTED_BASES = (LegalBasis.SUL_141, LegalBasis.SEL_101, LegalBasis.SEL_101A)


def _reportable(courses: QuerySet[Course]) -> QuerySet[Course]:
    """The courses that may go to a register (``specification.register_of`` decides each)."""
    return courses.filter(legal_basis__in=REPORTED_BASES, index_course__isnull=True).exclude(
        offer_type__in=PRE_COURSE_OFFERS
    )


def active_in(start: date, end: date) -> Q:
    return Q(started_on__lte=end) & (Q(ended_on__isnull=True) | Q(ended_on__gte=start))


def _with_facts(courses: QuerySet[Course], day: date) -> QuerySet[Course]:
    """The courses with everything ``known_value`` reads, in the one query that reads them."""
    detox = DetoxEpisode.objects.filter(course=OuterRef("pk"))
    substitution = (
        Medication.objects.filter(course=OuterRef("pk"), drug__in=SUBSTITUTION).order_by("started_on").values("drug")
    )
    return with_children_flag(
        courses.select_related("citizen", "citizen__municipality", "unit", "request"), day, citizen="citizen_id"
    ).annotate(had_detox=Exists(detox), substitution_drug=Subquery(substitution[:1]))


def check_many(courses: QuerySet[Course], day: date | None = None) -> list[Checked]:
    """Each course checked against its register, in two queries for any number of courses."""
    found = list(_with_facts(courses, day or today()).order_by("started_on", "pk"))
    answers = {
        (a.course_id, a.register): a.answers
        for a in CourseAnswers.objects.filter(course__in=[c.pk for c in found]).only("course_id", "register", "answers")
    }
    return [check(course, answers.get((course.pk, register_of(course) or ""), {})) for course in found]


def course_registration(course: Course) -> tuple[Checked, CourseAnswers | None]:
    """The course's registration for its page; the page has read and logged the course."""
    found = _with_facts(Course.objects.filter(pk=course.pk), today()).get()
    register = register_of(found)
    row = CourseAnswers.objects.filter(course=course, register=register).first() if register else None
    return check(found, row.answers if row else {}), row


def unit_checked(actor: Actor, unit_id: int, start: date, end: date, *, via: str) -> list[Checked]:
    """The unit's reportable courses open at some time from ``start`` to ``end``, checked: the
    leader's validation list. Every citizen on it is logged."""
    actor.require(unit_id, REGISTER_EXTRACT)
    checked = check_many(_reportable(Course.objects.filter(unit_id=unit_id)).filter(active_in(start, end)))
    log_many(actor, Use.LIST, {c.course.citizen_id for c in checked}, unit_id=unit_id, via=via)
    return checked


def completeness_by_month(unit_ids: set[int], months: list[date]) -> dict[tuple[int, date], tuple[int, int]]:
    """For each unit and month (given by its first day): of the unit's courses open at some time
    in the month that a register takes, how many there are and how many are fully registered
    (no problem, as checked today). Counts only: no person leaves this function."""
    if not months:
        return {}
    first, last = min(months), add_months(max(months), 1) - timedelta(days=1)
    courses = _reportable(Course.objects.filter(unit_id__in=unit_ids)).filter(active_in(first, last))
    counts: dict[tuple[int, date], tuple[int, int]] = {(u, m): (0, 0) for u in unit_ids for m in months}
    for checked in check_many(courses):
        if not checked.reported:
            continue
        course = checked.course
        for month in months:
            month_end = add_months(month, 1) - timedelta(days=1)
            if course.started_on <= month_end and (course.ended_on is None or course.ended_on >= month):
                total, complete = counts[(course.unit_id, month)]
                counts[(course.unit_id, month)] = (total + 1, complete + checked.complete)
    return counts


def my_incomplete(actor: Actor, limit: int = 50) -> list[Checked]:
    """For a clinician on "Mit overblik": the open courses they are responsible for that a
    register takes and that still lack something, oldest first; each citizen shown is logged."""
    if not actor.case_unit_ids:
        return []
    mine = Course.objects.filter(responsible=actor.user, unit_id__in=actor.case_unit_ids, ended_on__isnull=True)
    incomplete = [c for c in check_many(_reportable(mine)) if c.reported and c.problems][:limit]
    by_unit: dict[int, set[int]] = {}
    for checked in incomplete:
        by_unit.setdefault(checked.course.unit_id, set()).add(checked.course.citizen_id)
    for unit_id, citizen_ids in by_unit.items():
        log_many(actor, Use.LIST, sorted(citizen_ids), unit_id=unit_id, via="overview")
    return incomplete


# The monthly submission (forlob/registers/submission.py builds it, actions/submissions.py makes it).

REGISTER_BASES = {Register.NAB: (LegalBasis.SUL_141,), Register.DRUGS: (LegalBasis.SEL_101, LegalBasis.SEL_101A)}


def in_force_submissions(
    unit_ids: set[int], register: str | None = None, months: list[date] | None = None
) -> dict[tuple[int, str, date], Submission]:
    """The submission in force for each unit, register and month (of ``months``, when given): the
    newest made."""
    rows = Submission.objects.filter(unit_id__in=unit_ids).select_related("made_by").defer("content")
    if register:
        rows = rows.filter(register=register)
    if months is not None:
        rows = rows.filter(month__in=months)
    found: dict[tuple[int, str, date], Submission] = {}
    for s in rows.order_by("made_at", "pk"):
        found[(s.unit_id, s.register, s.month)] = s
    return found


def _reported_before(unit_id: int, register: str, month: date) -> dict[str, set[int]]:
    """The courses whose intake and discharge records a submission in force for an earlier month holds."""
    earlier = [s.pk for (_u, _r, m), s in in_force_submissions({unit_id}, register).items() if m < month]
    reported: dict[str, set[int]] = {}
    for course_id, kind in SubmittedRecord.objects.filter(submission_id__in=earlier).values_list("course_id", "kind"):
        reported.setdefault(kind, set()).add(course_id)
    return reported


def _month(unit_id: int, register: str, month: date) -> submission.Month:
    """The month's records and held-back courses, unlogged: the public functions below log them."""
    end = submission.month_end(month)
    reported = _reported_before(unit_id, register, month)
    done_intake = reported.get(submission.INTAKE, set())
    done_discharge = reported.get(submission.DISCHARGE, set())
    courses = _reportable(Course.objects.filter(unit_id=unit_id, started_on__lte=end)).filter(
        legal_basis__in=REGISTER_BASES[Register(register)]
    )
    due = ~Q(pk__in=done_intake) | (Q(ended_on__lte=end) & ~Q(pk__in=done_discharge))
    return submission.build(check_many(courses.filter(due)), register, month, reported)


def month_preview(actor: Actor, unit_id: int, register: str, month: date, *, via: str) -> submission.Month:
    """The month's submission as it would be made now, for the unit's leader: every citizen in
    it or held back is logged as listed."""
    actor.require(unit_id, REGISTER_EXTRACT)
    built = _month(unit_id, register, month)
    log_many(
        actor, Use.LIST, built.citizen_ids | {c.course.citizen_id for c in built.held_back}, unit_id=unit_id, via=via
    )
    return built


def month_for_export(
    actor: Actor, unit_id: int, register: str, month: date, *, purpose: str, via: str
) -> submission.Month:
    """The month's records for the submission being made: every citizen in it logged as exported,
    with the purpose (inside the action's transaction, so a submission refused logs nothing)."""
    actor.require(unit_id, REGISTER_EXTRACT)
    built = _month(unit_id, register, month)
    course_ids = [r.course_id for r in built.records]
    if course_ids:  # an empty IN () is no query Django will write
        citizens = Course.objects.filter(pk__in=course_ids).values_list("citizen_id", flat=True)
        log_selected(actor, Use.EXPORT, citizens, unit_id=unit_id, purpose=purpose, via=via)
    return built


def submissions_of(
    actor: Actor, unit_id: int, register: str | None = None, month: date | None = None
) -> list[Submission]:
    """A unit's submissions, newest month and newest made first, for its leader (no person in them)."""
    actor.require(unit_id, REGISTER_EXTRACT)
    rows = Submission.objects.filter(unit_id=unit_id).select_related("made_by", "unit").defer("content")
    if register:
        rows = rows.filter(register=register)
    if month:
        rows = rows.filter(month=month)
    return list(rows.order_by("-month", "-made_at", "-pk"))


def submission_file(actor: Actor, submission_id: int, *, via: str) -> Submission:
    """A submission with its file, for the unit's leader: every citizen in it logged as exported."""
    found = Submission.objects.filter(pk=submission_id).select_related("unit").first()
    if found is None:
        raise Http404
    actor.require(found.unit_id, REGISTER_EXTRACT)
    citizens = Course.objects.filter(submitted_records__submission=found).values_list("citizen_id", flat=True)
    purpose = submission.PURPOSES[found.register]
    log_selected(actor, Use.EXPORT, citizens, unit_id=found.unit_id, purpose=purpose, via=via)
    return found
