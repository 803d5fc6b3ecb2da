# SPDX-License-Identifier: AGPL-3.0-or-later
"""Statistics in the API: the same suppressed reports as on screen and in the exports, the
municipality's pseudonymised extract, and the scopes a user may ask for."""

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router

from forlob.common.api import ERRORS, Id, OneOf, Schema, rules
from forlob.common.dates import today
from forlob.common.errors import refuse
from forlob.followup.forms import PeriodForm
from forlob.organisations.access import STATISTICS, Actor
from forlob.organisations.api import active_unit, request_actor
from forlob.organisations.models import Municipality
from forlob.stats import extracts, suppression
from forlob.stats.caseload import caseload, led_unit
from forlob.stats.forms import FIRST_YEAR, MAX_YEARS, ReportFilterForm
from forlob.stats.report import Report
from forlob.stats.report import Row as ReportRow
from forlob.stats.reports.activity import activity
from forlob.stats.reports.breakdown import BY, OF, builder
from forlob.stats.reports.children import children_affected
from forlob.stats.reports.courses import end_reasons_per_year, relatives_and_family_courses, started_and_completed
from forlob.stats.reports.family import family_oriented
from forlob.stats.reports.follow_up import reach_rate
from forlob.stats.reports.guarantee import treatment_guarantee
from forlob.stats.reports.medical import medical_treatment
from forlob.stats.reports.method_place import sessions_by_place_and_method
from forlob.stats.reports.outcomes import outcome_change
from forlob.stats.reports.prevention import prevention_activities, prevention_participants
from forlob.stats.reports.psychiatry import psychiatric_pathway
from forlob.stats.reports.screening import screening
from forlob.stats.reports.training import training_participants
from forlob.stats.scopes import COURSES, Filters, Scope, scope_for, scopes_for, view_for
from forlob.stats.suppression import Count as SuppressedCount
from forlob.treatment.models import OfferType, Substance

router = Router(tags=["Statistik"])

# ``municipality_code:<code>`` names a municipality's citizens by its official code (320 Faxe),
# the same scope as ``municipality:<id>``.
BY_CODE = "municipality_code:"


class CountOut(Schema):
    value: int | None = Field(description="None when the count is hidden.")
    text: str = Field(description='As published: the number, "<5" or "x".')


class ReportRowOut(Schema):
    label: str
    cells: list[CountOut]
    total: CountOut | None = Field(None, description="The row total, for reports that have one.")
    measures: list[float | None] = Field(
        description="The row's measures (shares in per cent, waits in days) in the order of the "
        "report's measures; None where it would rest on a hidden count or on too few."
    )


class ReportOut(Schema):
    title: str
    scope: str
    view: Literal["internal", "published"] = Field(
        description="internal: exact counts, for the unit's leader on the unit's own figures; "
        "published: small counts hidden, for everyone else and for use outside the unit."
    )
    view_label: str = Field(description="How the view is labelled on screen and in every export.")
    row_header: str
    columns: list[str]
    row_total: str = Field(description="The label of the row-total column; empty when there is none.")
    measures: list[str]
    rows: list[ReportRowOut]
    totals: ReportRowOut | None
    note: str


class PseudonymisedCourseOut(Schema):
    pseudonym: str = Field(
        description="The same for the same citizen in every extract; not reversible without the key."
    )
    birth_year: int
    sex: str = Field(description="K or M.")
    municipality_code: str = Field(description="The municipality the citizen lives in.")
    institution_code: str
    offer_type: str
    legal_basis: str
    main_substance: str
    request_received: date | None
    started_on: date
    ended_on: date | None
    end_reason: str
    wait_days: int | None = Field(description="Days from the request to the start; None without a request.")


class ExtractOut(Schema):
    scope: str
    first_year: int
    last_year: int
    count: int
    items: list[PseudonymisedCourseOut]


class ScopeOut(Schema):
    key: str = Field(description="What ``scope`` takes: unit:<id>, municipality:<id> or cluster:<id>.")
    kind: str
    label: str
    municipality_code: str | None = Field(
        None, description="For a municipality: its official code; municipality_code:<code> is the same scope."
    )


Year = Annotated[int, Field(ge=FIRST_YEAR, le=9999)]
Month = Annotated[str, Field(pattern=r"^[1-9][0-9]{3}-(0[1-9]|1[0-2])$", description="A whole month, YYYY-MM.")]


class ReportQuery(Schema):
    scope: str = Field(
        pattern=r"^(unit|municipality|cluster|municipality_code):[0-9]{1,18}$",
        description="unit:<id>, municipality:<id>, municipality_code:<code> or cluster:<id>, "
        "one of GET /stats/scopes; another is refused with 403.",
    )
    first_year: Year
    last_year: Year = Field(description=f"Not in the future, nor before first_year; at most {MAX_YEARS} years.")
    offer_type: Annotated[str, OneOf(OfferType, blank=True)] = ""
    substance: Annotated[str, OneOf(Substance, blank=True)] = ""
    view: Literal["internal", "published", ""] = Field(
        "",
        description="Empty: internal where the user may have it (the unit's leader, scope unit:<id>), "
        "otherwise published. internal for anyone else is refused with 403.",
    )
    counting: Literal["courses", "citizens", ""] = Field(
        "", description="For the reports that can: count courses (default) or citizens, each once a year."
    )


# The rules of a statistics period, as on the statistics pages, and of the view.
VIEW_RULE = ("view", "internal only for the unit's leader, for scope unit:<id> of that unit; otherwise 403.")
PERIOD_RULES = rules(
    ("last_year", f"Not in the future, nor before first_year; at most {MAX_YEARS} years."),
    VIEW_RULE,
)


def _count(count: SuppressedCount) -> dict[str, object]:
    return {"value": count.value, "text": str(count)}


def _report_out(report: Report, scope: str) -> dict[str, object]:
    """A report as JSON: the same suppressed cells as on screen and in the exports."""

    def row(r: ReportRow) -> dict[str, object]:
        return {
            "label": r.label,
            "cells": [_count(c) for c in r.cells],
            "total": r.total and _count(r.total),
            "measures": r.measures,
        }

    return {
        "title": report.title,
        "scope": scope,
        "view": report.view,
        "view_label": suppression.view_label(report.view),
        "row_header": report.row_header,
        "columns": report.column_labels,
        "row_total": report.row_total_label,
        "measures": [m.label for m in report.measures],
        "rows": [row(r) for r in report.rows],
        "totals": row(report.totals) if report.totals else None,
        "note": suppression.note(),
    }


def _scope_key(key: str) -> str:
    """The scope key with a municipality's official code replaced by its id; an unknown code is
    left as it is, and refused like any scope the user may not see."""
    if not key.startswith(BY_CODE):
        return key
    municipality = Municipality.objects.filter(code=key.removeprefix(BY_CODE)).first()
    return f"municipality:{municipality.pk}" if municipality else key


def _filters(actor: Actor, params: dict[str, object]) -> Filters:
    """The statistics filters in ``params``, checked as on the statistics pages."""
    params = {**params, "scope": _scope_key(str(params["scope"]))}
    form = ReportFilterForm(params, scopes=scopes_for(actor))
    if not form.is_valid():
        if "scope" in form.errors:
            raise PermissionDenied(_("Your roles do not give access to statistics for this unit or municipality."))
        raise ValidationError({name: errors for name, errors in form.errors.items()})
    d = form.cleaned_data
    scope = scope_for(actor, d["scope"])
    return Filters(
        scope,
        d["first_year"],
        d["last_year"],
        d["offer_type"],
        d["substance"],
        view=view_for(actor, scope, d.get("view", "")),
        counting=d.get("counting") or COURSES,
    )


def _report(request: HttpRequest, build: Callable[[Filters], Report], params: dict[str, object]) -> object:
    """A statistics report for the filters in ``params``, suppressed as on screen."""
    filters = _filters(request_actor(request), params)
    return _report_out(build(filters), filters.scope.label)


@router.get("/stats/scopes", response={200: list[ScopeOut], **ERRORS})
def list_scopes(request: HttpRequest) -> object:
    """The scopes I may pull statistics for: my units, their municipalities and their clusters."""
    scopes = scopes_for(request_actor(request))
    codes = dict(
        Municipality.objects.filter(pk__in=[s.pk for s in scopes if s.kind == "municipality"]).values_list("pk", "code")
    )
    return [
        {
            "key": s.key,
            "kind": s.kind,
            "label": s.label,
            "municipality_code": codes.get(s.pk) if s.kind == "municipality" else None,
        }
        for s in scopes
    ]


@router.get(
    "/stats/follow-up-reach",
    response={200: ReportOut, **ERRORS},
    openapi_extra=rules(
        ("unit_id", "An active unit where the user has statistics."),
        ("last", "Not before first; at most five years."),
        ("view", "internal only for the unit's leader; otherwise 403."),
    ),
)
def follow_up_reach(
    request: HttpRequest,
    unit_id: Id,
    first: Month,
    last: Month,
    by: Literal["month", "assignee"] = "month",
    view: Literal["internal", "published", ""] = "",
) -> object:
    """Reach rate = reached / due, by month of the due date or by staff member (``by=assignee``),
    for whole months given as YYYY-MM: exact for the unit's leader (unless ``view=published``),
    suppressed for everyone else, as on screen and in the exports."""
    actor = request_actor(request)
    if unit_id not in actor.unit_ids(STATISTICS):
        raise PermissionDenied(_("Your roles do not give access to statistics."))
    if by not in ("month", "assignee"):
        raise refuse("by", _("Unknown value: %(value)s.") % {"value": by}, "unknown_code")
    unit = active_unit(unit_id)
    shown = view_for(actor, Scope("unit", unit.pk, unit.name, ""), view)
    form = PeriodForm({"unit": unit_id, "first": first, "last": last}, units=[unit])
    if not form.is_valid():
        raise ValidationError({name: errors for name, errors in form.errors.items()})
    d = form.cleaned_data
    return _report_out(reach_rate({unit_id}, d["first"], d["last"], today(), by=by, view=shown), unit.name)


@router.get("/stats/end-reasons", response={200: ReportOut, **ERRORS}, openapi_extra=PERIOD_RULES)
def end_reasons(request: HttpRequest, params: Query[ReportQuery]) -> object:
    """Seed 001's table: courses ended per year by NAB's nine end reasons, with yearly totals.
    ``scope`` is ``unit:<id>`` (a unit's production) or ``municipality:<id>`` (its citizens)."""
    return _report(request, end_reasons_per_year, params.dict())


@router.get("/stats/courses-started", response={200: ReportOut, **ERRORS}, openapi_extra=PERIOD_RULES)
def courses_started(request: HttpRequest, params: Query[ReportQuery]) -> object:
    """Courses started per year: completed, ended otherwise, still open; completion share."""
    return _report(request, started_and_completed, params.dict())


@router.get("/stats/relatives-and-family-courses", response={200: ReportOut, **ERRORS}, openapi_extra=PERIOD_RULES)
def relatives_family_courses(request: HttpRequest, params: Query[ReportQuery]) -> object:
    """Seed 001's second table: courses for relatives and family courses started per year."""
    return _report(request, relatives_and_family_courses, params.dict())


@router.get("/stats/treatment-guarantee", response={200: ReportOut, **ERRORS}, openapi_extra=PERIOD_RULES)
def treatment_guarantee_report(request: HttpRequest, params: Query[ReportQuery]) -> object:
    """The 14-day guarantee by year of the request: started in time, late, waiting; share in time,
    median and 90th percentile wait in days. Never the person-level list of breaches."""
    return _report(request, treatment_guarantee, params.dict())


@router.get("/stats/children", response={200: ReportOut, **ERRORS}, openapi_extra=PERIOD_RULES)
def children_report(request: HttpRequest, params: Query[ReportQuery]) -> object:
    """Citizens in treatment per year, those with children under 18 at home, and the children."""
    return _report(request, children_affected, params.dict())


@router.get("/stats/family-oriented", response={200: ReportOut, **ERRORS}, openapi_extra=PERIOD_RULES)
def family_oriented_report(request: HttpRequest, params: Query[ReportQuery]) -> object:
    """Index courses started per year: family-oriented offer made, accepted, declined; children
    taking part in a session; children's assessments leading to a family offer or an underretning."""
    return _report(request, family_oriented, params.dict())


@router.get("/stats/activity", response={200: ReportOut, **ERRORS}, openapi_extra=PERIOD_RULES)
def activity_report(request: HttpRequest, params: Query[ReportQuery]) -> object:
    """Sessions in the period by kind and attendance (group sessions per participant); no-show rate."""
    return _report(request, activity, params.dict())


@router.get("/stats/method-place", response={200: ReportOut, **ERRORS}, openapi_extra=PERIOD_RULES)
def method_place_report(request: HttpRequest, params: Query[ReportQuery]) -> object:
    """Sessions held in the period by place (home visit, video …) and method (cognitive therapy …)."""
    return _report(request, sessions_by_place_and_method, params.dict())


@router.get("/stats/extract", response={200: ExtractOut, **ERRORS}, openapi_extra=PERIOD_RULES)
def pseudonymised_extract(request: HttpRequest, params: Query[ReportQuery]) -> object:
    """The municipality's own person-level extract: one row per course open in the period, with a
    stable pseudonym per citizen and no CPR number or name; codes and ISO dates. For the
    municipality's analysts and leaders; every citizen in the answer is logged as exported."""
    actor = request_actor(request)
    filters = _filters(actor, params.dict())
    rows = extracts.pseudonymised_courses(actor, filters, via="api")
    return {
        "scope": filters.scope.label,
        "first_year": filters.first_year,
        "last_year": filters.last_year,
        "count": len(rows),
        "items": rows,
    }


@router.get("/stats/breakdown", response={200: ReportOut, **ERRORS}, openapi_extra=PERIOD_RULES)
def breakdown_report(
    request: HttpRequest,
    params: Query[ReportQuery],
    of: Literal["courses", "requests"] = "courses",
    by: Literal["age", "sex", "target_group", "channel"] = "age",
) -> object:
    """Courses started (``of=courses``) or requests received (``of=requests``) each year by age
    group, sex, target group or referral source (``by``); ``counting=citizens`` counts each citizen
    once a year, in the group of their first course or request that year. By target group the
    rows overlap (a citizen can be in several) and the table has no totals."""
    if of not in OF or by not in BY:
        raise refuse("by", _("Unknown value: %(value)s.") % {"value": f"{of}/{by}"}, "unknown_code")
    return _report(request, builder(of, by), params.dict())


@router.get("/stats/screening", response={200: ReportOut, **ERRORS}, openapi_extra=PERIOD_RULES)
def screening_report(request: HttpRequest, params: Query[ReportQuery]) -> object:
    """Courses started per year: screened at intake, psychiatric screening, positive, followed up."""
    return _report(request, screening, params.dict())


@router.get("/stats/psychiatric-pathway", response={200: ReportOut, **ERRORS}, openapi_extra=PERIOD_RULES)
def psychiatric_pathway_report(request: HttpRequest, params: Query[ReportQuery]) -> object:
    """Per year: positive basisscreeners, assessments by psychologist or doctor (confirmed), letters
    sent to own doctor, the doctors' referrals to psychiatry and their outcomes."""
    return _report(request, psychiatric_pathway, params.dict())


@router.get("/stats/medical-treatment", response={200: ReportOut, **ERRORS}, openapi_extra=PERIOD_RULES)
def medical_treatment_report(request: HttpRequest, params: Query[ReportQuery]) -> object:
    """Courses open in the period by main substance: with medication, detoxification, either; the share."""
    return _report(request, medical_treatment, params.dict())


@router.get("/stats/outcome-change", response={200: ReportOut, **ERRORS}, openapi_extra=PERIOD_RULES)
def outcome_change_report(request: HttpRequest, params: Query[ReportQuery]) -> object:
    """Courses ended in the period measured at intake and discharge: mean at each and mean change."""
    return _report(request, outcome_change, params.dict())


@router.get("/stats/prevention-activities", response={200: ReportOut, **ERRORS}, openapi_extra=PERIOD_RULES)
def prevention_activities_report(request: HttpRequest, params: Query[ReportQuery]) -> object:
    """Prevention activities held in the period by focus area and level; for a unit, or the units
    of a municipality or cluster."""
    return _report(request, prevention_activities, params.dict())


@router.get("/stats/prevention-participants", response={200: ReportOut, **ERRORS}, openapi_extra=PERIOD_RULES)
def prevention_participants_report(request: HttpRequest, params: Query[ReportQuery]) -> object:
    """The participants of those activities, by focus area and level."""
    return _report(request, prevention_participants, params.dict())


@router.get("/stats/training", response={200: ReportOut, **ERRORS}, openapi_extra=PERIOD_RULES)
def training_report(request: HttpRequest, params: Query[ReportQuery]) -> object:
    """Participants in key-person training by department and year (seed 000's table)."""
    return _report(request, training_participants, params.dict())


class ClinicianOut(Schema):
    user_id: int
    name: str
    roles: list[str]
    profession: str = Field(description="Empty when none is set up.")
    weekly_hours: float | None = Field(description="The sum over the person's roles at the unit; None when unset.")
    full_time: float | None = Field(description="Weekly hours / 37.")
    open_courses: int = Field(description="Open courses at the unit with the person as responsible.")
    sessions_per_week: float = Field(description="Sessions held or missed over the last 4 whole ISO weeks, / 4.")
    courses_per_full_time: float | None = Field(description="Open courses / full-time posts; None without hours.")


class CaseloadOut(Schema):
    unit_id: int
    day: date
    view: str = Field(description="Always internal: staff figures of the leader's own unit.")
    view_label: str
    clinicians: list[ClinicianOut]
    full_time: float
    open_courses: int
    courses_per_full_time: float | None
    requests_per_week: dict[str, float] = Field(description="New requests a week, over the last 4 and 12 weeks.")
    started_per_week: dict[str, float] = Field(description="Courses started a week, over the last 4 and 12 weeks.")
    waiting: int = Field(description="Requests awaiting visitation now.")
    waiting_late: int = Field(description="Of these, past the guarantee deadline.")
    waiting_soon: int = Field(description="Of these, with the deadline within 7 days.")


def _number(value: Decimal | None) -> float | None:
    return None if value is None else round(float(value), 2)


@router.get(
    "/units/{unit_id}/caseload",
    response={200: CaseloadOut, **ERRORS},
    openapi_extra=rules(("unit_id", "A unit the user leads; 403 to a user who leads none, 404 for another unit.")),
)
def unit_caseload(request: HttpRequest, unit_id: Id) -> object:
    """Capacity and caseload of a unit I lead, as on the page "Kapacitet og sagsbelastning":
    exact internal staff figures, never published."""
    unit, _units = led_unit(request_actor(request), unit_id)
    figures = caseload(unit.pk, today())
    return {
        "unit_id": unit.pk,
        "day": figures.day,
        "view": suppression.INTERNAL,
        "view_label": suppression.view_label(suppression.INTERNAL),
        "clinicians": [
            {
                "user_id": c.user_id,
                "name": c.name,
                "roles": c.roles,
                "profession": c.profession,
                "weekly_hours": _number(c.weekly_hours),
                "full_time": _number(c.full_time),
                "open_courses": c.open_courses,
                "sessions_per_week": _number(c.sessions_per_week),
                "courses_per_full_time": _number(c.courses_per_full_time),
            }
            for c in figures.clinicians
        ],
        "full_time": _number(figures.full_time),
        "open_courses": figures.open_courses,
        "courses_per_full_time": _number(figures.courses_per_full_time),
        "requests_per_week": {str(w): _number(v) for w, v in figures.requests_per_week.items()},
        "started_per_week": {str(w): _number(v) for w, v in figures.started_per_week.items()},
        "waiting": figures.waiting,
        "waiting_late": figures.waiting_late,
        "waiting_soon": figures.waiting_soon,
    }
