# SPDX-License-Identifier: AGPL-3.0-or-later
"""Key-person training, staff competences and the education plan in the API: the same writes as
the training and competence pages, for leaders and family consultants."""

from datetime import date
from typing import Annotated

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Status

from forlob.common.api import ERRORS, Id, OneOf, Paging, Schema, optional_text, page, rules, text
from forlob.common.errors import refuse
from forlob.competences import actions, queries
from forlob.competences.actions import MAX_PARTICIPANTS
from forlob.competences.models import Competence, PlannedSeats, StaffCompetence, TrainingCourse, TrainingKind
from forlob.organisations.access import TRAINING, Actor
from forlob.organisations.api import active_unit, municipality_by_code, request_actor, users

router = Router(tags=["Kompetencer"])


class TrainingIn(Schema):
    municipality_code: str = Field(
        pattern=r"^[0-9]{3}$", description="The municipality holding the course, by its official code."
    )
    kind: Annotated[str, OneOf(TrainingKind)]
    title: str = text(200)
    starts_on: date
    days: int = Field(1, ge=1, le=30)
    notes: str = optional_text(10_000)
    participants: dict[Annotated[str, Field(max_length=200)], Annotated[int, Field(ge=0, le=MAX_PARTICIPANTS)]] = Field(
        min_length=1, description="Department → number of participants."
    )


class TrainingOut(Schema):
    id: int
    municipality_code: str = Field(alias="municipality.code")
    kind: str
    title: str
    starts_on: date
    days: int
    notes: str
    participants: dict[str, int]
    total: int | None = Field(None, description="All participants.")

    @staticmethod
    def resolve_participants(obj: TrainingCourse) -> dict[str, int]:
        return {p.department: p.participants for p in obj.participations.all()}


class TrainingList(Schema):
    count: int
    items: list[TrainingOut]


class CompetenceOut(Schema):
    id: int
    name: str
    description: str


class StaffCompetenceIn(Schema):
    user_id: Id
    competence_id: Id
    since: date = Field(description="Not in the future.")
    can_supervise: bool = False


class StaffCompetenceOut(Schema):
    id: int
    user_id: int
    user_name: str
    competence_id: int
    competence: str = Field(alias="competence.name")
    since: date
    can_supervise: bool

    @staticmethod
    def resolve_user_name(obj: StaffCompetence) -> str:
        return obj.user.get_full_name() or obj.user.username


class StaffCompetenceList(Schema):
    count: int
    items: list[StaffCompetenceOut]


class SeatsIn(Schema):
    competence_id: Id
    year: int = Field(ge=2000, le=2100)
    seats: int = Field(ge=0, le=500, description="0 plans none.")


class SeatsOut(Schema):
    unit_id: int
    competence_id: int
    year: int
    seats: int


class SeatsList(Schema):
    count: int
    items: list[SeatsOut]


def _trainer(request: HttpRequest) -> Actor:
    """The actor, if they register training and competences somewhere (the pages' check)."""
    actor = request_actor(request)
    if not actor.unit_ids(TRAINING):
        raise PermissionDenied(_("Only leaders and family consultants register training and competences."))
    return actor


def _competence(competence_id: int) -> Competence:
    competence = Competence.objects.filter(pk=competence_id).first()
    if competence is None:
        raise refuse("competence_id", _("Unknown value: %(value)s.") % {"value": competence_id}, "unknown_code")
    return competence


@router.get("/competences", response=list[CompetenceOut])
def list_competences(request: HttpRequest) -> object:
    """The competences staff can hold: the ids the other competence endpoints take."""
    return list(Competence.objects.all())


@router.get("/training-courses", response={200: TrainingList, **ERRORS})
def list_training(request: HttpRequest, paging: Query[Paging]) -> dict[str, object]:
    """The training courses of my municipalities, newest first."""
    actor = _trainer(request)
    count, rows = page(queries.training_courses(actor).select_related("municipality"), paging)
    return {"count": count, "items": rows}


@router.post(
    "/training-courses",
    response={201: TrainingOut, **ERRORS},
    openapi_extra=rules(
        ("municipality_code", "A municipality where the user registers training."),
        ("municipality", "A municipality where the user registers training."),
        ("participants", "At least one department named, each once."),
    ),
)
def create_training(request: HttpRequest, body: TrainingIn) -> Status[object]:
    """A course held for front-line staff, with its participants per department."""
    actor = _trainer(request)
    municipality = municipality_by_code(body.municipality_code)
    if municipality is None:
        raise refuse("municipality_code", _("Required."), "required")
    data = actions.TrainingData(**body.dict(exclude={"municipality_code"}))
    course = actions.register_training(actor, municipality, data)
    return Status(201, queries.training_courses(actor).select_related("municipality").get(pk=course.pk))


@router.get("/staff-competences", response={200: StaffCompetenceList, **ERRORS})
def list_staff_competences(request: HttpRequest, paging: Query[Paging]) -> dict[str, object]:
    """The competences held by the staff of the units where I register them."""
    actor = _trainer(request)
    qs = (
        StaffCompetence.objects.filter(user__in=queries.staff_of(actor))
        .select_related("user", "competence")
        .order_by("user__first_name", "competence__name", "pk")
    )
    count, rows = page(qs, paging)
    return {"count": count, "items": rows}


@router.post(
    "/staff-competences",
    response={201: StaffCompetenceOut, **ERRORS},
    openapi_extra=rules(("since", "Not in the future."), ("user", "Staff at the user's own units.")),
)
def add_staff_competence(request: HttpRequest, body: StaffCompetenceIn) -> Status[object]:
    """Register that a colleague holds a competence (again: changes the date and supervising)."""
    actor = _trainer(request)
    user: User = users([body.user_id], "user_id")[0]
    held = actions.register_competence(actor, user, _competence(body.competence_id), body.since, body.can_supervise)
    return Status(201, held)


@router.delete("/staff-competences/{held_id}", response={204: None, **ERRORS})
def remove_staff_competence(request: HttpRequest, held_id: Id) -> Status[None]:
    actor = _trainer(request)
    held = get_object_or_404(StaffCompetence.objects.filter(user__in=queries.staff_of(actor)), pk=held_id)
    actions.remove_competence(actor, held)
    return Status(204, None)


@router.get("/planned-seats", response={200: SeatsList, **ERRORS})
def list_planned_seats(
    request: HttpRequest, paging: Query[Paging], year: Annotated[int, Field(ge=2000, le=2100)] | None = None
) -> dict[str, object]:
    """The education plan of my units: seats planned per competence and year."""
    actor = _trainer(request)
    qs = PlannedSeats.objects.filter(unit__in=actor.unit_ids(TRAINING)).order_by("-year", "unit_id", "competence_id")
    if year is not None:
        qs = qs.filter(year=year)
    count, rows = page(qs, paging)
    return {"count": count, "items": rows}


@router.put(
    "/units/{unit_id}/planned-seats",
    response={200: SeatsOut, **ERRORS},
    openapi_extra=rules(
        ("unit_id", "An active unit."),
    ),
)
def plan_seats(request: HttpRequest, unit_id: Id, body: SeatsIn) -> object:
    """Seats the unit plans on a competence's course in a year; 0 plans none."""
    actor = _trainer(request)
    return actions.plan_seats(actor, active_unit(unit_id), _competence(body.competence_id), body.year, body.seats)
