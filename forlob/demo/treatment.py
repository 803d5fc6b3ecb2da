# SPDX-License-Identifier: AGPL-3.0-or-later
"""Requests, courses, sessions, groups and discharges since 2010, and the public page's contact
requests: each citizen's history, request by request, as the unit would have registered it."""

from datetime import date, time, timedelta

from django.core.exceptions import ValidationError

from forlob.citizens.models import Citizen
from forlob.demo import catalogue, family, instruments
from forlob.demo.citizens import new_citizen, new_relative
from forlob.demo.world import FIRST_YEAR, World, pick
from forlob.treatment import actions
from forlob.treatment.models import (
    Attendance,
    Channel,
    CloseReason,
    Course,
    EndReason,
    Group,
    LegalBasis,
    OfferType,
    SessionKind,
    Substance,
)

SESSION_KINDS = [(SessionKind.INDIVIDUAL, 80), (SessionKind.PHONE, 10), (SessionKind.COUPLE, 5)]
SESSION_KINDS += [(SessionKind.NETWORK, 5)]
OFFERS = [(OfferType.AMBULANT, 70), (OfferType.DAY, 8), (OfferType.RESIDENTIAL, 5), (OfferType.AFTERCARE, 7)]
OFFERS += [(OfferType.YOUTH, 10)]
END_REASONS = [(EndReason.COMPLETED, 38), (EndReason.OWN_WISH, 18), (EndReason.NO_SHOW, 22), (EndReason.DIED, 2)]
END_REASONS += [(EndReason.MOVED, 4), (EndReason.OTHER_INSTITUTION, 6), (EndReason.GP, 4), (EndReason.HOSPITAL, 2)]
END_REASONS += [(EndReason.OTHER, 4)]
SUBSTANCES = [(Substance.ALCOHOL, 65), (Substance.CANNABIS, 18), (Substance.COCAINE, 7)]
SUBSTANCES += [(Substance.AMPHETAMINE, 5), (Substance.OPIOIDS, 5)]
# Where requests come from; schools and youth educations send the young, day care the parents of
# small children, home care the elderly (seed 001 judges the outreach by these).
CHANNELS = [(Channel.SELF, 34), (Channel.FAMILY, 12), (Channel.GP, 14), (Channel.HOSPITAL, 8)]
CHANNELS += [(Channel.JOBCENTER, 8), (Channel.SOCIAL, 8), (Channel.MENTOR, 3), (Channel.CORRECTIONS, 5)]
CHANNELS += [(Channel.OTHER, 3)]
GOALS = ["Nedsat forbrug", "Ædru i hverdagen", "Fast job eller uddannelse", "Bedre søvn"]


def add_citizens(world: World, count: int) -> None:
    """``count`` citizens, six in ten at Faxe, each with one or more requests and courses."""
    unit_keys = ["faxe"] * 6 + ["aalborg"] * 2 + ["holstebro"] * 2
    for _ in range(count):
        key = world.rng.choice(unit_keys)
        _citizen_with_history(world, key, new_citizen(world, key))


def _citizen_with_history(world: World, key: str, citizen: Citizen) -> None:
    """The first request falls between 2010 and today, adults only; some come back for more."""
    rng, today = world.rng, world.today
    born = citizen.birth_date or date(citizen.birth_year, 1, 1)
    earliest = max(date(FIRST_YEAR, 1, 1), date(born.year + 16, born.month, born.day))
    if earliest >= today:
        earliest = today - timedelta(days=30)
    span = max(1, (today - earliest).days)
    roll = rng.random()  # a share of recent requests keeps the queue and the open courses busy
    back = rng.randint(0, 20) if roll < 0.12 else rng.randint(21, 300) if roll < 0.4 else rng.randrange(span)
    received = max(earliest, today - timedelta(days=back))
    while received <= today:
        course = _request_and_course(world, citizen, key, received)
        if course is None or course.ended_on is None or rng.random() < 0.75:
            break
        received = course.ended_on + timedelta(days=rng.randint(60, 1500))


def _request_and_course(world: World, citizen: Citizen, key: str, received: date) -> Course | None:
    rng, unit, actor = world.rng, world.units[key], world.actors[key]
    substance = pick(rng, SUBSTANCES) if key != "aalborg" else Substance.ALCOHOL
    if substance == Substance.ALCOHOL:
        basis = LegalBasis.SUL_141
    else:
        basis = LegalBasis.SEL_101A if citizen.is_anonymous else LegalBasis.SEL_101
    data = actions.RequestData(
        received_on=received,
        channel=_channel(world, citizen.age_on(received)),
        main_substance=substance,
        legal_basis=basis,
    )
    request = actions.register_request(actor, citizen, unit, data)
    world.summary.requests += 1
    age = (world.today - received).days
    if age < 12 and rng.random() < 0.7:
        return None  # still waiting in the visitation queue
    if 14 < age <= 20 and rng.random() < 0.3:
        return None  # past the guarantee deadline: the queue marks it overdue
    roll = rng.random()
    if roll < 0.06:
        actions.refer_request(actor, request, rng.choice(["Psykiatrien", "Egen læge", "Anden kommune"]))
        return None
    if roll < 0.12:
        actions.close_request(actor, request, rng.choice([CloseReason.DECLINED, CloseReason.NO_CONTACT]))
        return None
    started = received + timedelta(days=min(age, rng.randint(2, 14)))
    offer = pick(rng, OFFERS)
    if offer == OfferType.YOUTH and (started.year - citizen.birth_year) > 25:
        offer = OfferType.AMBULANT
    course_data = actions.CourseData(
        offer_type=offer,
        unit_offer=world.offers.get(key, {}).get(offer),
        started_on=started,
        responsible=rng.choice(world.staff[key]),
        plan="Motivationssamtaler og fokus på mål for forbruget.",
        goals=rng.sample(GOALS, 2),
    )
    course = actions.start_course_from_request(actor, request, course_data)
    world.summary.courses += 1
    family.give_follow_up_consent(world, key, citizen, started)
    length = rng.randint(30, 300)
    last_day = min(world.today, started + timedelta(days=length))
    _sessions(world, key, course, started, last_day)
    ends = started + timedelta(days=length) <= world.today
    instruments.measure(world, key, course, started, last_day, ends)
    if ends:
        # Closed by the responsible clinician, who then gets the follow-ups.
        course = actions.discharge_course(world.actor(course.responsible), course, last_day, pick(rng, END_REASONS))
        world.summary.discharged += 1
        world.discharged_courses.append(course)
        return course
    world.open_courses.append(course)
    if rng.random() < 0.3:
        _session(world, key, course, world.today, SessionKind.INDIVIDUAL, Attendance.PLANNED, time(rng.randint(8, 15)))
    return course


def _channel(world: World, age: int) -> str:
    weighted = list(CHANNELS)
    if age < 25:
        weighted.append((Channel.SCHOOL, 12))
    if 20 <= age < 45:
        weighted.append((Channel.DAYCARE, 3))
    if age >= 60:
        weighted.append((Channel.HOMECARE, 10))
    return pick(world.rng, weighted)


def _sessions(world: World, key: str, course: Course, first: date, last: date) -> None:
    rng, day = world.rng, first
    while day <= last:
        kind = pick(rng, SESSION_KINDS)
        attendance = Attendance.NO_SHOW if rng.random() < 0.15 else Attendance.ATTENDED
        _session(world, key, course, day, kind, attendance, time(rng.randint(8, 15), rng.choice([0, 30])))
        day += timedelta(days=rng.randint(10, 35))


def _session(world: World, key: str, course: Course, day: date, kind: str, attendance: str, start: time) -> None:
    method, place = catalogue.method_and_place(course, day, kind)
    data = actions.SessionData(
        method=method,
        place=place,
        held_on=day,
        kind=kind,
        attendance=attendance,
        staff=[course.responsible],
        minutes=30 if kind == SessionKind.PHONE else 60,
        start_time=start,
    )
    actions.register_session(world.actors[key], course, data)
    world.summary.sessions += 1


def add_relatives_and_groups(world: World) -> None:
    """Relatives' courses linked to four of Faxe's open courses, and two weekly groups of ten
    weeks with their members and meetings."""
    rng, actor, faxe = world.rng, world.actors["faxe"], world.units["faxe"]
    open_courses = [course for course in world.open_courses if course.unit_id == faxe.pk]
    for index_course in open_courses[:4]:
        relative = new_relative(world, "faxe", index_course.citizen)
        relatives_course = actions.CourseData(
            offer_type=OfferType.RELATIVES,
            started_on=index_course.started_on,
            responsible=world.user("familiekonsulent"),
            legal_basis=LegalBasis.SUL_141,
            index_course=index_course,
        )
        world.open_courses.append(actions.start_course(actor, relative, faxe, relatives_course))
        world.summary.courses += 1
    starts = world.today - timedelta(days=70)
    weekly = [
        ("Tirsdagsgruppen", Group.Weekday.TUESDAY, 14),
        ("Torsdagsgruppen – alkohol", Group.Weekday.THURSDAY, 10),
    ]
    for name, weekday, hour in weekly:
        staff = world.staff["faxe"][:2]
        first = starts + timedelta(days=(weekday - starts.weekday()) % 7)
        group_data = actions.GroupData(name=name, weekday=weekday, start_time=time(hour), starts_on=first, staff=staff)
        group = actions.create_group(actor, faxe, group_data)
        world.summary.groups += 1
        members = [c for c in open_courses if c.offer_type == OfferType.AMBULANT and c.started_on <= first][:6]
        for course in members:
            actions.add_group_member(actor, group, course, first)
        meeting = first
        while meeting < world.today:
            attendance = {c.pk: Attendance.ATTENDED if rng.random() < 0.8 else Attendance.NO_SHOW for c in members}
            data = actions.SessionData(
                held_on=meeting,
                kind=SessionKind.GROUP,
                attendance=Attendance.ATTENDED,
                staff=staff,
                minutes=150,
                start_time=time(hour),
            )
            try:
                actions.register_group_session(actor, group, data, attendance)
            except ValidationError:
                break
            world.summary.sessions += 1
            meeting += timedelta(days=7)


def add_contact_requests(world: World) -> None:
    """A few "Bliv kontaktet" requests from the public page, waiting in the visitation queue."""
    examples = [
        ("faxe", 0, "self", "Lise", "00 00 00 11", "Efter kl. 16", "Jeg drikker mere, end jeg vil."),
        ("faxe", 2, "relative", "Anne (mor)", "00 00 00 12", "", "Min søn på 19 ryger hash hver dag."),
        ("aalborg", 1, "self", "K.", "", "", "Vil gerne være anonym. Skriv til mig."),
    ]
    for key, days_ago, about, name, phone, best_time, message in examples:
        email = "" if phone else "demo@forlob.invalid"
        data = actions.ContactData(about, name, phone, email, best_time, message)
        actions.receive_contact(world.units[key], data, received_on=world.today - timedelta(days=days_ago))
