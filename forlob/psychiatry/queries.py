# SPDX-License-Identifier: AGPL-3.0-or-later
"""Reading the psychiatric pathway. The course page reads a course's rows through the course it
has read and logged (``treatment.queries.get_course``); one letter is read, and logged, through
``get_letter``; "Mit overblik" lists the screenings awaiting assessment, each citizen logged."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from forlob.audit.log import log_access, log_many
from forlob.audit.models import Use
from forlob.audit.refusals import NotVisible
from forlob.citizens import cpr
from forlob.instruments.models import Response
from forlob.organisations.access import ASSESS_PSYCHIATRIC, Actor
from forlob.psychiatry.models import Assessment, GpLetter, OutsideFinding
from forlob.treatment.journal import Described, Scope, Source, journal_rows
from forlob.treatment.models import Course

BASISSCREENER = "kl_basis"


def assessed_since_screening() -> Q:
    """On a response: an assessment on its course dated on or after it answers it."""
    later = Assessment.objects.filter(course=OuterRef("course_id"), assessed_on__gte=OuterRef("answered_on"))
    return Q(Exists(later))


def positive_screening() -> Q:
    """On a response: a positive answer to KL's basisscreener, the signs of mental illness the
    pathway starts from."""
    return Q(instrument__code=BASISSCREENER, band="positive")


def _awaiting_assessment() -> QuerySet[Response]:
    """Positive basisscreeners no psychologist or doctor has assessed since ("afventer vurdering")."""
    return Response.objects.filter(positive_screening()).exclude(assessed_since_screening())


@dataclass
class Pathway:
    """A course's psychiatric pathway as the course page shows it."""

    awaiting: list[Response]
    screenings: list[Response]
    assessments: list[Assessment]
    findings: list[OutsideFinding]
    letters: list[GpLetter]


def course_pathway(course: Course) -> Pathway:
    """The rows of a course the page has read and logged."""
    screenings = list(
        course.responses.filter(positive_screening()).select_related("instrument").order_by("-answered_on")
    )
    assessments = list(course.psychiatric_assessments.select_related("assessed_by", "response__instrument"))
    # As ``_awaiting_assessment``, from the rows read: no assessment dated on or after the screening.
    last_assessed = max((a.assessed_on for a in assessments), default=None)
    return Pathway(
        awaiting=[r for r in screenings if last_assessed is None or last_assessed < r.answered_on],
        screenings=screenings,
        assessments=assessments,
        findings=list(course.outside_findings.all()),
        letters=list(course.gp_letters.select_related("written_by", "sent_by", "assessment", "response__instrument")),
    )


def get_letter(actor: Actor, pk: int, *, via: str, use: Use = Use.VIEW) -> GpLetter:
    """One letter to a GP, if its course is at one of the actor's units; logged as ``use`` of the
    citizen. 404 otherwise, revealing nothing."""
    letter = (
        GpLetter.objects.select_related("course__citizen", "course__unit", "written_by", "sent_by")
        .select_related("assessment__assessed_by", "response__instrument")
        .filter(pk=pk, course__unit_id__in=actor.case_unit_ids)
        .first()
    )
    if letter is None:
        raise NotVisible(GpLetter, pk, _("The letter is not found in your units."), "course__citizen_id")
    log_access(actor, use, citizen_id=letter.course.citizen_id, unit_id=letter.course.unit_id, via=via)
    return letter


def letter_for_sending(actor: Actor, pk: int, *, via: str) -> tuple[GpLetter, str]:
    """The letter and the citizen's full CPR number, which the doctor needs to find the patient:
    logged as an export of the citizen's data and a reveal of the CPR number."""
    letter = get_letter(actor, pk, via=via, use=Use.EXPORT)
    citizen = letter.course.citizen
    log_access(actor, Use.REVEAL_CPR, citizen_id=citizen.pk, unit_id=letter.course.unit_id, via=via)
    return letter, cpr.formatted(cpr.decrypt(citizen.cpr_encrypted)) if citizen.cpr_encrypted else ""


def my_awaiting_assessment(actor: Actor, limit: int = 50) -> list[Response]:
    """For a psychologist or doctor: the positive basisscreeners awaiting assessment on the courses
    of the units where they assess, oldest first; each citizen shown is logged at its unit."""
    units = actor.unit_ids(ASSESS_PSYCHIATRIC)
    if not units:
        return []
    responses = list(
        _awaiting_assessment()
        .filter(course__unit_id__in=units, course__ended_on__isnull=True)
        .select_related("course__citizen")
        .order_by("answered_on", "pk")[:limit]
    )
    by_unit: dict[int, set[int]] = defaultdict(set)
    for response in responses:
        by_unit[response.course.unit_id].add(response.course.citizen_id)
    for unit_id, citizen_ids in by_unit.items():
        log_many(actor, Use.LIST, sorted(citizen_ids), unit_id=unit_id, via="overview")
    return responses


# The journal's entries; read only through treatment's logged journal queries.


def _assessment_rows(scope: Scope) -> QuerySet:
    return journal_rows(
        Assessment.objects.filter(course_id__in=scope.course_ids),
        scope,
        kind="psychiatric_assessment",
        day=F("assessed_on"),
        at=F("created_at"),
        author=F("assessed_by_id"),
        course=F("course_id"),
        ref=F("pk"),
    )


def _finding_rows(scope: Scope) -> QuerySet:
    return journal_rows(
        OutsideFinding.objects.filter(course_id__in=scope.course_ids),
        scope,
        kind="outside_finding",
        day=F("made_on"),
        at=F("created_at"),
        author=F("recorded_by_id"),
        course=F("course_id"),
        ref=F("pk"),
    )


def _letter_rows(scope: Scope) -> QuerySet:
    return journal_rows(
        GpLetter.objects.filter(course_id__in=scope.course_ids),
        scope,
        kind="gp_letter",
        day=F("written_on"),
        at=F("created_at"),
        author=F("written_by_id"),
        course=F("course_id"),
        ref=F("pk"),
    )


def _describe_assessments(ids: Sequence[int], actor: Actor) -> dict[int, Described]:
    return {
        a.pk: Described(
            str(gettext_lazy("Psychiatric assessment")),
            "\n".join(line for line in (a.get_conclusion_display(), a.tests_display, a.note) if line),
        )
        for a in Assessment.objects.filter(pk__in=ids)
    }


def _describe_findings(ids: Sequence[int], actor: Actor) -> dict[int, Described]:
    return {
        f.pk: Described(
            str(gettext_lazy("Screening or diagnosis made elsewhere")),
            "\n".join(
                line
                for line in (f"{f.what}" + (f" ({f.icd10})" if f.icd10 else ""), f.get_source_display(), f.note)
                if line
            ),
        )
        for f in OutsideFinding.objects.filter(pk__in=ids)
    }


def _describe_letters(ids: Sequence[int], actor: Actor) -> dict[int, Described]:
    described = {}
    for letter in GpLetter.objects.filter(pk__in=ids):
        state = [_("To %(doctor)s") % {"doctor": letter.doctor}]
        if letter.sent_on:
            state.append(
                _("Sent %(day)s as %(how)s")
                % {"day": f"{letter.sent_on:%d.%m.%Y}", "how": letter.get_sent_how_display().lower()}
            )
        if letter.referred is not None:
            state.append(
                _("Referred to psychiatry: %(outcome)s") % {"outcome": letter.get_outcome_display()}
                if letter.referred
                else _("Not referred to psychiatry")
            )
        described[letter.pk] = Described(
            str(gettext_lazy("Letter to own doctor")),
            "\n".join(state),
            reverse("gp_letter_pdf", args=[letter.pk]),
            _("The letter as PDF"),
        )
    return described


JOURNAL_PATHWAY = (
    Source("psychiatric_assessment", _assessment_rows, _describe_assessments),
    Source("outside_finding", _finding_rows, _describe_findings),
    Source("gp_letter", _letter_rows, _describe_letters),
)
