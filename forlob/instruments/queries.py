# SPDX-License-Identifier: AGPL-3.0-or-later
"""Reading instruments, a course's measurements and one response. The course of the measurements
is read through treatment.queries.get_course, which checks the actor may see it and writes the
access log; one response is read, and logged, through ``get_response``."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from forlob.audit.log import log_access, log_many
from forlob.audit.models import Use
from forlob.audit.refusals import NotVisible
from forlob.instruments.charts import history_svg
from forlob.instruments.models import Instrument, Phase, Response
from forlob.instruments.scoring import critical_options
from forlob.organisations.access import Actor
from forlob.treatment.journal import Described, Scope, Source, journal_rows
from forlob.treatment.models import Course


def get_response(actor: Actor, pk: int, *, via: str) -> Response:
    """One response to an instrument, with its course and citizen, if the course is at one of the
    actor's units; logged as a view of the citizen. 404 otherwise, revealing nothing."""
    response = (
        Response.objects.select_related("instrument", "recorded_by", "course__citizen")
        .filter(pk=pk, course__unit_id__in=actor.case_unit_ids)
        .first()
    )
    if response is None:
        raise NotVisible(Response, pk, _("The course is not found in your units."), "course__citizen_id")
    log_access(actor, Use.VIEW, citizen_id=response.course.citizen_id, unit_id=response.course.unit_id, via=via)
    return response


def instruments_in_use() -> list[Instrument]:
    """The newest active version of each instrument."""
    newest: dict[str, Instrument] = {}
    for instrument in Instrument.objects.filter(active=True).order_by("code", "-version"):
        newest.setdefault(instrument.code, instrument)
    return sorted(newest.values(), key=lambda i: i.name)


@dataclass
class Change:
    label: str
    first: float | None
    last: float | None

    @property
    def change(self) -> float | None:
        return None if self.first is None or self.last is None else round(self.last - self.first, 3)


@dataclass
class Measurements:
    """One instrument on one course: every response, the chart, and the first measurement at
    intake against the last at discharge (or the latest one after intake while the course runs)."""

    instrument: Instrument
    responses: list[Response]
    chart: str
    first: Response | None
    last: Response | None
    changes: list[Change]

    @property
    def profile(self) -> list[tuple[str, list[object]]]:
        """For areas or fields (ASI, outcome profile): each item's value in each response."""
        if self.instrument.kind not in ("domains", "profile"):
            return []
        return [
            (item["text"], [r.answers.get(item["code"]) for r in self.responses])
            for item in self.instrument.definition["items"]
        ]


def _values(instrument: Instrument, response: Response | None) -> list[float | None]:
    definition = instrument.definition
    if response is None:
        return [None] * (1 if definition["kind"] == "sum" else len(definition["items"]))
    if definition["kind"] == "sum":
        return [float(response.total) if response.total is not None else None]
    return [response.answers.get(item["code"]) for item in definition["items"]]


def course_measurements(course: Course) -> list[Measurements]:
    """The course's instruments in the order of their names, in one query."""
    by_code: dict[str, list[Response]] = {}
    for response in Response.objects.filter(course=course).select_related("instrument", "recorded_by"):
        by_code.setdefault(response.instrument.code, []).append(response)
    found = []
    for responses in by_code.values():
        instrument = max((r.instrument for r in responses), key=lambda i: i.version)
        first = next((r for r in responses if r.phase == Phase.INTAKE), None)
        after = [r for r in responses if first is not None and r.answered_on >= first.answered_on and r is not first]
        discharge = [r for r in after if r.phase == Phase.DISCHARGE]
        later = discharge or [r for r in after if r.phase != Phase.FOLLOW_UP]
        last = later[-1] if later else None
        changes = []
        if instrument.kind != "screening" and first is not None:
            items = instrument.definition["items"]
            labels = [_("Total")] if instrument.kind == "sum" else [item["text"] for item in items]
            changes = [
                Change(label, a, b)
                for label, a, b in zip(labels, _values(instrument, first), _values(instrument, last), strict=True)
            ]
        found.append(Measurements(instrument, responses, history_svg(instrument, responses), first, last, changes))
    return sorted(found, key=lambda m: m.instrument.name)


@dataclass
class CriticalAnswer:
    """A response with a critical answer nobody has acknowledged yet, and what was answered."""

    response: Response
    answers: list[tuple[str, str]]  # (item text, answer) of each critical answer


def _critical(responses: list[Response]) -> list[CriticalAnswer]:
    return [CriticalAnswer(r, critical_options(r.instrument.definition, r.answers)) for r in responses]


def _unacknowledged() -> QuerySet[Response]:
    return Response.objects.filter(critical=True, critical_acknowledged_at__isnull=True).select_related(
        "instrument", "recorded_by"
    )


def course_critical_answers(course: Course) -> list[CriticalAnswer]:
    """The course's critical answers not yet acknowledged, newest first. The course was read, and
    logged, by the page through ``treatment.queries.get_course``; these are its rows."""
    return _critical(list(_unacknowledged().filter(course=course).order_by("-answered_on", "-pk")))


def my_critical_answers(actor: Actor, limit: int = 50) -> list[CriticalAnswer]:
    """The critical answers not yet acknowledged on the courses the actor is responsible for,
    at the actor's units, newest first; each citizen shown is logged at the course's unit."""
    responses = list(
        _unacknowledged()
        .filter(course__responsible=actor.user, course__unit_id__in=actor.case_unit_ids)
        .select_related("course__citizen")
        .order_by("-answered_on", "-pk")[:limit]
    )
    by_unit: dict[int, set[int]] = defaultdict(set)
    for response in responses:
        by_unit[response.course.unit_id].add(response.course.citizen_id)
    for unit_id, citizen_ids in by_unit.items():
        log_many(actor, Use.LIST, sorted(citizen_ids), unit_id=unit_id, via="overview")
    return _critical(responses)


# The course journal's measurements; read only through treatment's logged journal queries.


def _journal_rows(scope: Scope) -> QuerySet:
    return journal_rows(
        Response.objects.filter(course_id__in=scope.course_ids),
        scope,
        kind="measurement",
        day=F("answered_on"),
        at=F("created_at"),
        author=F("recorded_by_id"),
        course=F("course_id"),
        ref=F("pk"),
    )


def _describe(ids: Sequence[int], actor: Actor) -> dict[int, Described]:
    described = {}
    for r in Response.objects.filter(pk__in=ids).select_related("instrument"):
        score = _("Score: %(total)s") % {"total": f"{r.total.normalize():f}"} if r.total is not None else ""
        result = [score, r.band_label, r.note]
        described[r.pk] = Described(
            f"{r.instrument.title} ({r.get_phase_display()})",
            "\n".join(line for line in result if line),
            reverse("response_detail", args=[r.pk]),
            _("See the answers"),
        )
    return described


JOURNAL_MEASUREMENTS = Source("measurement", _journal_rows, _describe)
