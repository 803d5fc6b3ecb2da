# SPDX-License-Identifier: AGPL-3.0-or-later
"""A synthetic national data set: every one of the 98 municipalities with treatment units and
staff sized by its inhabitants, and ten years of citizens, requests, courses, sessions, consents, follow-ups, instrument
responses and prevention activities, reproducible from a seed.

Rows go in through the bulk path of the history import (forlob.common.bulk: COPY on PostgreSQL,
executemany on SQLite), not one action per row, but every row keeps the rules the actions keep:
one open course per citizen and offer, courses end after they start and have an end reason when
they end, a request's deadline is its receipt plus the guarantee, follow-ups are due the months
after a completed course the rule names and are closed with a date, instrument answers are scored
by the instrument's own scoring. Change history and the access log are not written for synthetic
rows (nobody made them).

``add_courses`` can be called again with the next batch number to grow the data set: the growth
benchmark measures at 10 %, 30 % and 100 %.
"""

from __future__ import annotations

import bisect
import random
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from datetime import time as clock
from typing import Any

FIRST_DAY = date(2016, 1, 1)
SESSIONS_PER_COURSE = 10  # on average
ACTIVITIES_PER_UNIT_YEAR = 50
# Each unit's current work, made with the first batch so that it stays the same while the history
# grows: courses completed about three months ago (their follow-ups are due now) and requests
# received in the last two weeks that wait in the visitation queue, for a unit serving 100,000
# inhabitants; a smaller unit has fewer (at least one of each).
CURRENT = 10
WAITING = 8
INHABITANTS_PER_UNIT = 100_000  # a municipality has a treatment unit per 100,000 inhabitants, at least one
OPEN_COURSES_PER_CLINICIAN = 40  # a unit has a clinician per 40 open courses, at least two
OPEN_SHARE = 0.05  # about the share of the generated courses open at the end (180 days of 11 years)

# Inhabitants of each municipality (by the municipality code of forlob's Municipality model, a
# three-digit string) on 1 January 2025, after Danmarks Statistik's FOLK1A, in thousands: rounded
# approximations (Læsø's 1,800 is 2), enough to give each municipality its share of the courses.
POPULATION = {
    "101": 667, "147": 105, "151": 52, "153": 40, "155": 15, "157": 75, "159": 70, "161": 24, "163": 30,
    "165": 28, "167": 54, "169": 59, "173": 57, "175": 41, "183": 24, "185": 44, "187": 17, "190": 42,
    "201": 26, "210": 42, "217": 64, "219": 54, "223": 25, "230": 58, "240": 44, "250": 46, "253": 51,
    "259": 63, "260": 32, "265": 90, "269": 24, "270": 42, "306": 33, "316": 73, "320": 38, "326": 48,
    "329": 36, "330": 80, "336": 23, "340": 30, "350": 29, "360": 40, "370": 84, "376": 60, "390": 45,
    "400": 39, "410": 40, "420": 41, "430": 52, "440": 24, "450": 33, "461": 210, "479": 59, "480": 30,
    "482": 12, "492": 6, "510": 55, "530": 27, "540": 74, "550": 37, "561": 115, "563": 3, "573": 50,
    "575": 43, "580": 59, "607": 52, "615": 100, "621": 95, "630": 122, "657": 90, "661": 59, "665": 19,
    "671": 21, "706": 44, "707": 37, "710": 50, "727": 24, "730": 100, "740": 100, "741": 4, "746": 65,
    "751": 370, "756": 42, "760": 56, "766": 47, "773": 20, "779": 46, "787": 43, "791": 99, "810": 37,
    "813": 58, "820": 36, "825": 2, "840": 31, "846": 41, "849": 38, "851": 224, "860": 64,
}  # fmt: skip


def setup_organisation(today: date, courses: int = 300_000) -> dict[str, Any]:
    """Each municipality's substance treatment centre, a unit per 100,000 inhabitants (at least
    one), each with a leader and a clinician per 40 courses it will have open when ``courses``
    courses are generated (at least two); and the admin user the rows are created by. The first
    unit of a municipality has the institution code 9 + the municipality code (Aalborg's: 9851),
    the others that code and their number (98512); staff are named by the unit's code and a
    number, 0 the leader (Aalborg's first leader: 9851-0). Returns what the batches need."""
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import User
    from django.utils import timezone

    from forlob.organisations.models import Membership, Municipality, Role, Unit, UnitKind

    password = make_password("forlob-bench-2026")
    municipalities = list(Municipality.objects.order_by("code"))
    missing = {m.code for m in municipalities} - set(POPULATION)
    assert not missing, f"no population for the municipalities {sorted(missing)}"
    inhabitants = sum(POPULATION[m.code] for m in municipalities)
    planned = []  # (municipality, its n-th unit, inhabitants served in thousands)
    for m in municipalities:
        count = max(1, round(POPULATION[m.code] * 1000 / INHABITANTS_PER_UNIT))
        planned += [(m, n, POPULATION[m.code] / count) for n in range(1, count + 1)]
    Unit.objects.bulk_create(
        Unit(
            name=f"Rusmiddelcenter {m.name}" + (f" {n}" if n > 1 else ""),
            municipality=m,
            kind=UnitKind.SUBSTANCE,
            institution_code=f"9{m.code}" + (str(n) if n > 1 else ""),
        )
        for m, n, _served in planned
    )
    by_code = {u.institution_code: u for u in Unit.objects.filter(institution_code__startswith="9")}
    units = [by_code[f"9{m.code}" + (str(n) if n > 1 else "")] for m, n, _served in planned]
    share = {unit.pk: served / inhabitants for unit, (_m, _n, served) in zip(units, planned, strict=True)}
    team = {
        unit.pk: 1 + max(2, round(courses * share[unit.pk] * OPEN_SHARE / OPEN_COURSES_PER_CLINICIAN)) for unit in units
    }
    User.objects.bulk_create(
        User(username=f"{unit.institution_code}-{n}", password=password, first_name=f"Medarbejder {n}")
        for unit in units
        for n in range(team[unit.pk])
    )
    staff = {u.username: u.pk for u in User.objects.filter(username__contains="-")}
    stamp_now = timezone.now()
    Membership.objects.bulk_create(
        Membership(
            user_id=staff[f"{unit.institution_code}-{n}"],
            unit=unit,
            role=Role.LEDER if n == 0 else Role.BEHANDLER,
            approved_at=stamp_now,
        )
        for unit in units
        for n in range(team[unit.pk])
    )
    admin = User.objects.create_user("bench-admin", password="forlob-bench-2026")
    weights, total = [], 0
    for m in municipalities:  # citizens treated outside their municipality live where people live
        total += POPULATION[m.code]
        weights.append(total)
    return {
        "today": today,
        "units": [(unit.pk, unit.municipality_id) for unit in units],
        "share": share,  # each unit's share of the country's inhabitants, and of the courses
        "municipality_ids": [m.pk for m in municipalities],
        "municipality_weights": weights,  # cumulative inhabitants, in the order of municipality_ids
        "staff": {unit.pk: [staff[f"{unit.institution_code}-{n}"] for n in range(team[unit.pk])] for unit in units},
        "admin": admin.pk,
        "scored": _scored_answers(),
    }


def _scored_answers() -> list[tuple[int, dict[str, Any], Any, str, str]]:
    """AUDIT answer sets from light to heavy use, scored once by the instrument's own scoring."""
    from forlob.instruments.models import Instrument
    from forlob.instruments.scoring import score

    audit = Instrument.objects.filter(code="audit").order_by("-version").first()
    assert audit is not None, "the AUDIT instrument ships with the migrations"
    out = []
    for level in range(10):
        answers = {
            item["code"]: item["options"][min(len(item["options"]) - 1, level * len(item["options"]) // 10)]["value"]
            for item in audit.definition["items"]
        }
        scored = score(audit.definition, answers, "M")
        out.append((audit.pk, scored.answers, scored.total, scored.band, scored.band_label))
    return out


def _cpr(index: int) -> str:
    """A distinct CPR number per index, born 1940–1999 (seventh digit 1–3: born in the 1900s)."""
    born = date(1940, 1, 1) + timedelta(days=index // 3000 % 21900)
    return f"{born:%d%m%y}{1000 + index % 3000:04d}"


def add_courses(
    world: dict[str, Any], courses: int, batch: int, seed: int, progress: Callable[[int], None] | None = None
) -> Counter[str]:
    """About ``courses`` more courses with everything around them, spread over ten years and over
    the units by the inhabitants each serves (København's about 370 times Læsø's). Each batch has
    its own citizens. Returns the rows written per table."""
    from django.db import transaction

    from forlob.treatment.actions.first_start import refresh_first_start
    from forlob.treatment.models import Request

    written: Counter[str] = Counter()
    rng = _Random(f"{seed}:{batch}")
    first_request = _last_id(Request)
    with transaction.atomic():
        with checked_after_load(LOADED_TABLES):
            for unit_id, municipality_id in world["units"]:
                share = world["share"][unit_id]
                per_unit = max(1, round(courses * share))
                written += _unit_batch(world, rng, unit_id, municipality_id, per_unit, batch)
                if progress:
                    progress(per_unit)
        # As starting a course does: each new request's first start, once the indexes are back.
        refresh_first_start(Request.objects.filter(pk__gt=first_request).values("pk"))
    return written


def _current(work: int, share: float) -> int:
    """A unit's current work of a kind: ``work`` for a unit serving 100,000 inhabitants, in
    proportion for the others, at least one."""
    return max(1, round(work * share * sum(POPULATION.values()) * 1000 / INHABITANTS_PER_UNIT))


class _Random(random.Random):
    """Draws whole numbers and choices from one ``random()`` each: the standard methods draw bits
    until the result is exactly uniform, which took a fifth of the generator's time; a bias of
    one in 2**53 does not matter to synthetic data."""

    def randrange(self, start: int, stop: int | None = None) -> int:  # type: ignore[override]
        low, high = (0, start) if stop is None else (start, stop)
        return low + int(self.random() * (high - low))

    def randint(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))

    def choice(self, seq: Any) -> Any:
        return seq[int(self.random() * len(seq))]


def _unit_batch(
    world: dict[str, Any], rng: _Random, unit_id: int, municipality_id: int, courses: int, batch: int
) -> Counter[str]:
    from django.utils import timezone

    from forlob.citizens import cpr
    from forlob.citizens.models import Citizen, Registration
    from forlob.common import bulk
    from forlob.common.dates import add_months
    from forlob.family.models import Consent
    from forlob.followup.models import FollowUp
    from forlob.instruments.models import Response
    from forlob.prevention.models import Activity, FocusArea, Level, Setting, TargetGroup
    from forlob.treatment.models import Course, EndReason, Request, Session

    today, staff, admin = world["today"], world["staff"][unit_id], world["admin"]
    leader, clinicians = staff[0], staff[1:]
    span = (today - FIRST_DAY).days
    stamp = timezone.now()  # when the rows were written
    reasons = [r for r in EndReason.values if r != EndReason.COMPLETED]

    # Citizens, each with one to three courses one after the other (only the last may be open).
    plans: list[list[tuple[date, date | None, str]]] = []
    share = world["share"][unit_id]
    if batch == 0:  # this month's work, the same at every size: follow-ups due now
        for _ in range(_current(CURRENT, share)):
            end = today - timedelta(days=rng.randint(80, 100))
            plans.append([(end - timedelta(days=rng.randint(60, 200)), end, EndReason.COMPLETED)])
    planned = len(plans)
    while planned < courses:
        start = FIRST_DAY + timedelta(days=rng.randrange(span - 20))
        plan: list[tuple[date, date | None, str]] = []
        for _ in range(1 + (rng.random() < 0.25) + (rng.random() < 0.08)):
            length = rng.randint(30, 330)
            end = start + timedelta(days=length)
            if end > today:
                plan.append((start, None, ""))
                break
            plan.append((start, end, EndReason.COMPLETED if rng.random() < 0.45 else rng.choice(reasons)))
            start = end + timedelta(days=rng.randint(30, 500))
            if start >= today:
                break
        plans.append(plan)
        planned += len(plan)
    first_index = world.setdefault("next_citizen", 0)
    world["next_citizen"] = first_index + len(plans)
    citizens = []
    for n in range(len(plans)):
        digits = _cpr(first_index + n)
        born = cpr.birth_date(digits)
        citizens.append(
            {
                "unit_id": unit_id,
                "cpr_hash": cpr.lookup_hash(digits),
                "cpr_encrypted": cpr.encrypt(digits),
                "first_name": rng.choice(FIRST_NAMES),
                "last_name": rng.choice(LAST_NAMES),
                "birth_date": born,
                "birth_year": born.year,
                "sex": cpr.sex(digits),
                # Nine in ten live in the centre's municipality; the rest, from anywhere in the
                # country by its inhabitants, buy treatment here.
                "municipality_id": municipality_id if rng.random() < 0.9 else _somewhere(world, rng),
                "phone": f"{20000000 + rng.randrange(10**7)}",
                "created_at": stamp,
            }
        )
    before = _last_id(Citizen)
    bulk.insert_rows(Citizen, citizens)
    citizen_ids = list(Citizen.objects.filter(pk__gt=before).order_by("pk").values_list("pk", flat=True))
    bulk.insert_rows(
        Registration,
        [{"citizen_id": c, "unit_id": unit_id, "registered_by_id": admin, "registered_at": stamp} for c in citizen_ids],
    )

    # One request per course, received 0–30 days before the start; a few lead nowhere, and this
    # month's newest still wait.
    flat = [(citizen_ids[i], *course) for i, plan in enumerate(plans) for course in plan]
    substances = ["alcohol" if rng.random() < 0.55 else rng.choice(SUBSTANCES) for _ in flat]
    requests = []
    for (citizen_id, started, _ended, _reason), substance in zip(flat, substances, strict=True):
        wait = rng.choice(WAITS)
        received = started - timedelta(days=wait)
        requests.append(_request(citizen_id, unit_id, received, substance, "course_started", clinicians[0], stamp))
    extra = courses // 20
    for _ in range(extra):
        received = today - timedelta(days=rng.randrange(span))
        status = "open" if (today - received).days < 40 else rng.choice(["referred", "closed"])
        requests.append(_request(rng.choice(citizen_ids), unit_id, received, "alcohol", status, clinicians[0], stamp))
    for _ in range(_current(WAITING, share) if batch == 0 else 0):  # and the visitation queue
        received = today - timedelta(days=rng.randrange(14))
        requests.append(_request(rng.choice(citizen_ids), unit_id, received, "alcohol", "open", clinicians[0], stamp))
    before = _last_id(Request)
    bulk.insert_rows(Request, requests)
    request_ids = list(Request.objects.filter(pk__gt=before).order_by("pk").values_list("pk", flat=True))

    before = _last_id(Course)
    bulk.insert_rows(
        Course,
        [
            {
                "citizen_id": citizen_id,
                "unit_id": unit_id,
                "request_id": request_ids[n],
                "offer_type": rng.choice(OFFERS),
                "legal_basis": "sul_141" if substance == "alcohol" else "sel_101",
                "main_substance": substance,
                "started_on": started,
                "responsible_id": rng.choice(clinicians),
                "ended_on": ended,
                "end_reason": reason,
                "closed_by_id": rng.choice(clinicians) if ended else None,
                "created_at": stamp,
            }
            for n, ((citizen_id, started, ended, reason), substance) in enumerate(zip(flat, substances, strict=True))
        ],
    )
    course_rows = list(
        Course.objects.filter(pk__gt=before)
        .order_by("pk")
        .values_list("pk", "citizen_id", "started_on", "ended_on", "end_reason", "responsible_id", "closed_by_id")
    )

    sessions, follow_ups, consents, responses = [], [], [], []
    for course_id, citizen_id, started, ended, reason, responsible, closed_by in course_rows:
        last = ended or today
        days = max(1, (last - started).days)
        for _ in range(rng.randint(SESSIONS_PER_COURSE // 2, SESSIONS_PER_COURSE * 3 // 2)):
            sessions.append(
                {
                    "course_id": course_id,
                    "held_on": started + timedelta(days=rng.randrange(days)),
                    "start_time": rng.choice(SESSION_TIMES),
                    "kind": "individual" if rng.random() < 0.8 else "phone",
                    "minutes": 60,
                    "attendance": "attended" if rng.random() < 0.85 else "no_show",
                    "created_by_id": responsible,
                    "created_at": stamp,
                }
            )
        level = rng.randrange(6, 10)
        responses.append(_response(world, course_id, "intake", started, level, responsible, stamp))
        if ended and rng.random() < 0.6:
            responses.append(_response(world, course_id, "discharge", ended, level - 4, closed_by, stamp))
        if reason == EndReason.COMPLETED and rng.random() < 0.7:
            consents.append(
                {
                    "citizen_id": citizen_id,
                    "kind": "follow_up",
                    "phone": "20304050",
                    "given_on": started,
                    "recorded_by_id": responsible,
                }
            )
            for months in (3, 6):
                due = add_months(ended, months)
                closed = due + timedelta(days=rng.randint(0, 20))
                status = rng.choice(FOLLOW_UP_OUTCOMES) if closed < today else "open"
                follow_ups.append(
                    {
                        "course_id": course_id,
                        "citizen_id": citizen_id,
                        "unit_id": unit_id,
                        "months": months,
                        "due_on": due,
                        "assigned_to_id": closed_by,
                        "max_attempts": 3,
                        "status": status,
                        "closed_on": None if status == "open" else closed,
                        "use_change": rng.choice(["stopped", "reduced", "unchanged"]) if status == "reached" else "",
                        "new_treatment_needed": (rng.random() < 0.2) if status == "reached" else None,
                        "created_at": stamp,
                    }
                )
    before = _last_id(Session)
    bulk.insert_rows(Session, sessions)
    bulk.insert_select(
        Session.staff.through, {"session_id": "id", "user_id": "created_by_id"}, Session, "id > %s", [before]
    )
    bulk.insert_rows(Consent, consents)
    bulk.insert_rows(FollowUp, follow_ups)
    bulk.insert_rows(Response, responses)

    years = max(1, span // 365)
    activities = [
        {
            "unit_id": unit_id,
            "held_on": FIRST_DAY + timedelta(days=rng.randrange(span)),
            "level": rng.choice(Level.values),
            "focus_area": rng.choice(FocusArea.values),
            "target_group": rng.choice(TargetGroup.values),
            "setting": rng.choice(Setting.values),
            "title": rng.choice(ACTIVITY_TITLES),
            "participants": rng.randint(5, 120),
            "contacts": rng.randint(0, 10),
            "created_by_id": leader,
            "created_at": stamp,
        }
        for _ in range(max(1, ACTIVITIES_PER_UNIT_YEAR * years * courses // 3000))
    ]
    bulk.insert_rows(Activity, activities)
    return Counter(
        citizens=len(citizens),
        registrations=len(citizen_ids),
        requests=len(requests),
        courses=len(course_rows),
        sessions=len(sessions),
        session_staff=len(sessions),
        consents=len(consents),
        follow_ups=len(follow_ups),
        responses=len(responses),
        activities=len(activities),
    )


LOADED_TABLES = [
    "citizens_citizen",
    "citizens_registration",
    "treatment_request",
    "treatment_course",
    "treatment_session",
    "treatment_session_staff",
    "family_consent",
    "followup_followup",
    "instruments_response",
    "prevention_activity",
]


@contextmanager
def checked_after_load(tables: list[str]) -> Iterator[None]:
    """Load the tables without their secondary indexes (on PostgreSQL also without their unique
    constraints and foreign keys) and create them again afterwards, in the same transaction:
    PostgreSQL's own advice for populating a database, and as true of SQLite. Each index is then
    built in one sort rather than row by row, and each constraint checks every row in one pass (a
    foreign key is one anti-join instead of a lookup per row at commit), so a row that breaks one
    still fails the load. SQLite checks its foreign keys row by row as before."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Checks still deferred in this transaction now, or PostgreSQL refuses to alter the tables.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE contype IN ('f', 'u') AND conrelid = ANY(%s::regclass[]) ORDER BY contype DESC, conname",
                [tables],
            )
            constraints = cursor.fetchall()
            cursor.execute(
                "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
                "WHERE x.indrelid = ANY(%s::regclass[]) AND NOT x.indisprimary "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid) ORDER BY 1",
                [tables],
            )
        else:  # the indexes Django created; those SQLite made for a column's UNIQUE have no SQL and stay
            constraints = []
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                f"AND tbl_name IN ({', '.join(['%s'] * len(tables))}) ORDER BY name",
                tables,
            )
        indexes = cursor.fetchall()
        for table, name, _definition in constraints:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    yield
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for _name, definition in indexes:
            cursor.execute(definition)
        for table, name, definition in constraints:  # unique keys first, then the references
            cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')


def _somewhere(world: dict[str, Any], rng: _Random) -> int:
    """A municipality drawn by its inhabitants."""
    weights = world["municipality_weights"]
    return world["municipality_ids"][bisect.bisect_right(weights, rng.random() * weights[-1])]


def _last_id(model: Any) -> int:
    """The highest id so far: the rows inserted next are those above it (ids rise in insert
    order), found through the primary key's index rather than by scanning for a stamp."""
    from django.db.models import Max

    return model.objects.aggregate(last=Max("pk"))["last"] or 0


def _request(
    citizen_id: int, unit_id: int, received: date, substance: str, status: str, decided_by: int, stamp: datetime
) -> dict[str, Any]:
    from forlob.treatment.models import Request

    return {
        "citizen_id": citizen_id,
        "unit_id": unit_id,
        "received_on": received,
        "channel": "self",
        "main_substance": substance,
        "legal_basis": "sul_141" if substance == "alcohol" else "sel_101",
        "deadline": Request.deadline_for(received),
        "status": status,
        "decided_on": None if status == "open" else received,
        "decided_by_id": None if status == "open" else decided_by,
        "close_reason": "declined" if status == "closed" else "",
        "referred_to": "Region" if status == "referred" else "",
        "created_by_id": decided_by,
        "created_at": stamp,
    }


def _response(
    world: dict[str, Any], course_id: int, phase: str, day: date, level: int, by: int, stamp: datetime
) -> dict[str, Any]:
    instrument_id, answers, total, band, band_label = world["scored"][max(0, level)]
    return {
        "course_id": course_id,
        "instrument_id": instrument_id,
        "phase": phase,
        "answered_on": day,
        "answers": answers,
        "total": total,
        "band": band,
        "band_label": band_label,
        "recorded_by_id": by,
        "created_at": stamp,
    }


def batches(total: int, fractions: tuple[float, ...]) -> Iterator[tuple[int, int]]:
    """(batch number, courses) that bring the data set to each fraction of ``total`` in turn."""
    done = 0
    for n, fraction in enumerate(fractions):
        step = round(total * fraction) - done
        yield n, step
        done += step


def timed(call: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    result = call()
    return result, time.perf_counter() - start


SESSION_TIMES = [clock(hour, minute) for hour in range(8, 16) for minute in (0, 30)]
WAITS = [0, 2, 4, 5, 7, 7, 8, 9, 10, 11, 12, 13, 14, 14, 14, 16, 20, 25, 30]
OFFERS = ["ambulant", "ambulant", "ambulant", "ambulant", "day", "aftercare", "residential"]
SUBSTANCES = ["cannabis", "cocaine", "opioids", "amphetamine", "alcohol"]
FOLLOW_UP_OUTCOMES = ["reached", "reached", "reached", "not_reached", "not_reached"]
FIRST_NAMES = ["Anne", "Bo", "Camilla", "Dennis", "Eva", "Frederik", "Gitte", "Henrik", "Ida", "Jens", "Karin", "Lars"]
LAST_NAMES = ["Hansen", "Jensen", "Nielsen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen", "Rasmussen"]
ACTIVITY_TITLES = ["Oplæg i 8. klasse", "Forældremøde", "Nøglepersonsnetværk", "Rådgivning på jobcenter", "Temadag"]
