# SPDX-License-Identifier: AGPL-3.0-or-later
"""Faxe's offer catalogue from the seeds' defaults, and the practice it shows: sessions before a
course, a home visit and a video session, an aftercare course linked to the residential course."""

from datetime import date, time, timedelta

from django.core.exceptions import ValidationError

from forlob.demo.world import World
from forlob.treatment import actions
from forlob.treatment.models import (
    Attendance,
    Course,
    OfferType,
    SessionKind,
    SessionMethod,
    SessionPlace,
    UnitOffer,
)

# Where and how the demo's sessions take place, in hundredths: mostly at the centre, some home
# visits, outreach and electronic sessions (seed 000's electronic counselling).
PLACES = [(SessionPlace.CENTRE, 72), (SessionPlace.HOME, 8), (SessionPlace.OUTREACH, 4), (SessionPlace.VIDEO, 8)]
PLACES += [(SessionPlace.CHAT, 3), (SessionPlace.PHONE, 5)]
METHODS = [SessionMethod.COGNITIVE, SessionMethod.MOTIVATIONAL, SessionMethod.MOTIVATIONAL, SessionMethod.EXPOSURE]
METHODS += [SessionMethod.SOLUTION_FOCUSED, SessionMethod.PSYCHOEDUCATION, SessionMethod.FAMILY_ORIENTED]


def fill_faxe(world: World) -> None:
    """Faxe's catalogue, before its courses are registered, so they start on its offers."""
    offers = actions.fill_default_catalogue(world.actors["faxe"], world.units["faxe"])
    by_type: dict[str, UnitOffer] = {}
    for offer in offers:
        by_type.setdefault(offer.category, offer)
    world.offers["faxe"] = by_type


def method_and_place(course: Course, day: date, kind: str) -> tuple[str, str]:
    """Spread over the sessions by course and day, not by the demo's random source, so adding them
    left the rest of a seed's world as it was."""
    spot = (course.pk * 31 + day.toordinal()) % 100
    if kind == SessionKind.PHONE:
        return METHODS[spot % len(METHODS)], SessionPlace.PHONE
    for place, share in PLACES:
        if spot < share:
            return METHODS[spot % len(METHODS)], place
        spot -= share
    return METHODS[0], SessionPlace.CENTRE


def add_examples(world: World) -> None:
    """A home visit and a video session on an open Faxe course, a motivation course with its
    sessions before treatment, and an aftercare course on a finished residential course."""
    faxe_open = [c for c in world.open_courses if c.unit_id == world.units["faxe"].pk and c.started_on < world.today]
    if not faxe_open:
        return
    course = faxe_open[0]
    actor = world.actor(course.responsible)
    for offset, place, method in (
        (1, SessionPlace.HOME, SessionMethod.FAMILY_ORIENTED),
        (2, SessionPlace.VIDEO, SessionMethod.COGNITIVE),
    ):
        day = max(course.started_on, world.today - timedelta(days=offset))
        data = actions.SessionData(
            held_on=day,
            kind=SessionKind.INDIVIDUAL,
            attendance=Attendance.ATTENDED,
            staff=[course.responsible],
            start_time=time(10 + offset),
            method=method,
            place=place,
        )
        actions.register_session(actor, course, data)
    _motivation_course(world)
    _aftercare(world)


def _motivation_course(world: World) -> None:
    """Motivation sessions before a new treatment for a citizen who had a course at Faxe before."""
    start = world.today - timedelta(days=20)
    earlier = [
        c
        for c in world.discharged_courses
        if c.unit_id == world.units["faxe"].pk and c.ended_on is not None and c.ended_on < start
    ]
    if not earlier:
        return
    course = earlier[-1]
    offer = world.offers["faxe"].get(OfferType.MOTIVATION)
    data = actions.CourseData(
        offer_type=OfferType.MOTIVATION,
        started_on=start,
        responsible=course.responsible,
        legal_basis=course.legal_basis,
        main_substance=course.main_substance,
        unit_offer=offer,
    )
    actor = world.actor(course.responsible)
    motivation = actions.start_course(actor, course.citizen, world.units["faxe"], data)
    for days_ago in (20, 6):
        actions.register_session(
            actor,
            motivation,
            actions.SessionData(
                held_on=world.today - timedelta(days=days_ago),
                kind=SessionKind.INDIVIDUAL,
                attendance=Attendance.ATTENDED,
                staff=[course.responsible],
                method=SessionMethod.MOTIVATIONAL,
                place=SessionPlace.CENTRE,
            ),
        )


def _aftercare(world: World) -> None:
    """The first finished residential course at Faxe whose citizen can start aftercare after it."""
    faxe = world.units["faxe"]
    for residential in world.discharged_courses:
        if residential.unit_id != faxe.pk or residential.offer_type != OfferType.RESIDENTIAL:
            continue
        ended = residential.ended_on or world.today
        data = actions.CourseData(
            offer_type=OfferType.AFTERCARE,
            started_on=min(world.today, ended + timedelta(days=7)),
            responsible=residential.responsible,
            legal_basis=residential.legal_basis,
            main_substance=residential.main_substance,
            unit_offer=world.offers["faxe"].get(OfferType.AFTERCARE),
            residential_course=residential,
        )
        try:
            actions.start_course(world.actor(residential.responsible), residential.citizen, faxe, data)
        except ValidationError:
            continue  # the citizen has an open aftercare course already
        return
