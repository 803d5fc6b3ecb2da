# SPDX-License-Identifier: AGPL-3.0-or-later
"""A believable, synthetic world for demonstrations, built through the same actions as the pages.

Units and staff are organisation set-up and are made directly; every citizen, request, course,
session, group and discharge goes through an action, so the demo data obeys every rule."""

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, time, timedelta

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from forlob.accounts import actions as account_actions
from forlob.citizens import cpr
from forlob.citizens.actions import CitizenData, create_citizen
from forlob.citizens.models import Citizen
from forlob.common.errors import today
from forlob.competences import actions as competence_actions
from forlob.competences.models import Competence, TrainingKind
from forlob.family import actions as family_actions
from forlob.family.models import ConsentKind, RelationKind
from forlob.followup import actions as followup_actions
from forlob.followup.models import FollowUp, LifeChange, Status, UseChange
from forlob.instruments import actions as instrument_actions
from forlob.instruments.models import Phase
from forlob.kl12 import actions as kl12_actions
from forlob.kl12 import queries as kl12_queries
from forlob.kl12.models import Answer as KlAnswer
from forlob.kl12.models import ClusterText as KlClusterText
from forlob.kl12.models import Participation as KlParticipation
from forlob.kl12.models import Resolution as KlResolution
from forlob.organisations.access import Actor
from forlob.organisations.models import Cluster, Department, Municipality, Region, Role, Unit, UnitKind
from forlob.oversight.actions import grant_emergency_access
from forlob.prevention import actions as prevention_actions
from forlob.strategy.models import StatusNote, Strategy
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

SESSION_KINDS = [
    (SessionKind.INDIVIDUAL, 80),
    (SessionKind.PHONE, 10),
    (SessionKind.COUPLE, 5),
    (SessionKind.NETWORK, 5),
]

# Shown by `manage.py demo_logins`; demo data is synthetic and never for production.
DEMO_PASSWORD = "forlob-demo-2026"  # noqa: S105

FIRST_NAMES = {
    "K": [
        "Anne",
        "Kirsten",
        "Hanne",
        "Mette",
        "Anna",
        "Helle",
        "Susanne",
        "Lene",
        "Maria",
        "Marianne",
        "Lone",
        "Camilla",
        "Pia",
        "Louise",
        "Charlotte",
        "Bente",
        "Tina",
        "Gitte",
        "Inge",
        "Julie",
        "Sofie",
        "Ida",
        "Emma",
        "Karen",
        "Birgitte",
    ],
    "M": [
        "Peter",
        "Jens",
        "Michael",
        "Lars",
        "Henrik",
        "Thomas",
        "Søren",
        "Jan",
        "Niels",
        "Christian",
        "Martin",
        "Rasmus",
        "Anders",
        "Morten",
        "Jesper",
        "Ole",
        "Per",
        "Kim",
        "Hans",
        "Mads",
        "Frederik",
        "Jonas",
        "Mikkel",
        "Torben",
        "Bo",
    ],
}
LAST_NAMES = [
    "Nielsen",
    "Jensen",
    "Hansen",
    "Pedersen",
    "Andersen",
    "Christensen",
    "Larsen",
    "Sørensen",
    "Rasmussen",
    "Jørgensen",
    "Petersen",
    "Madsen",
    "Kristensen",
    "Olsen",
    "Thomsen",
    "Christiansen",
    "Poulsen",
    "Johansen",
    "Møller",
    "Mortensen",
    "Knudsen",
    "Jakobsen",
    "Mikkelsen",
    "Olesen",
    "Frederiksen",
    "Laursen",
    "Holm",
    "Schmidt",
    "Kjær",
    "Bach",
]
STREETS = [
    "Hovedgaden",
    "Skolevej",
    "Kirkevej",
    "Stationsvej",
    "Møllevej",
    "Engvej",
    "Vestergade",
    "Østergade",
    "Bøgevej",
    "Strandvej",
]

# (username, first name, last name, unit key, roles)
STAFF = [
    ("behandler", "Mette", "Lund", "faxe", [Role.BEHANDLER]),
    ("visitator", "Jesper", "Vinther", "faxe", [Role.VISITATOR]),
    ("familiekonsulent", "Hanne", "Friis", "faxe", [Role.FAMILIEKONSULENT]),
    ("leder", "Lars", "Skov", "faxe", [Role.LEDER]),
    ("analytiker", "Camilla", "Dahl", "faxe", [Role.ANALYTIKER]),
    ("admin", "Anders", "Krogh", "faxe", [Role.ADMINISTRATOR]),
    ("koordinator", "Birgitte", "Kronborg", "faxe", [Role.KOORDINATOR]),
    ("behandler2", "Søren", "Bak", "faxe", [Role.BEHANDLER]),
    ("behandler.aalborg", "Ida", "Winther", "aalborg", [Role.BEHANDLER]),
    ("leder.aalborg", "Niels", "Brandt", "aalborg", [Role.LEDER, Role.VISITATOR]),
    ("behandler.holstebro", "Julie", "Graversen", "holstebro", [Role.BEHANDLER]),
    ("leder.holstebro", "Torben", "Kjeldsen", "holstebro", [Role.LEDER, Role.VISITATOR]),
    ("sagsbehandler.bf", "Rikke", "Holm", "children", [Role.FAMILIEKONSULENT]),
    ("leder.bf", "Karin", "Lassen", "children", [Role.LEDER]),
]

OFFERS = [(OfferType.AMBULANT, 70), (OfferType.DAY, 8), (OfferType.RESIDENTIAL, 5), (OfferType.AFTERCARE, 7)]
OFFERS += [(OfferType.YOUTH, 10)]
END_REASONS = [
    (EndReason.COMPLETED, 38),
    (EndReason.OWN_WISH, 18),
    (EndReason.NO_SHOW, 22),
    (EndReason.DIED, 2),
    (EndReason.MOVED, 4),
    (EndReason.OTHER_INSTITUTION, 6),
    (EndReason.GP, 4),
    (EndReason.HOSPITAL, 2),
    (EndReason.OTHER, 4),
]
SUBSTANCES = [(Substance.ALCOHOL, 65), (Substance.CANNABIS, 18), (Substance.COCAINE, 7)]
SUBSTANCES += [(Substance.AMPHETAMINE, 5), (Substance.OPIOIDS, 5)]
FIRST_YEAR = 2010
# Why the demo's roles are in force without a leader's approval (shown on the roles page).
DEMO_NOTE = "demodata"


USE_CHANGES = [(UseChange.STOPPED, 35), (UseChange.REDUCED, 35), (UseChange.UNCHANGED, 20), (UseChange.INCREASED, 10)]


def pick(rng: random.Random, weighted: Sequence[tuple[str, int]]) -> str:
    """One value of (value, weight) pairs."""
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights)[0]


@dataclass
class Summary:
    citizens: int = 0
    requests: int = 0
    courses: int = 0
    sessions: int = 0
    discharged: int = 0
    groups: int = 0
    measurements: int = 0
    activities: int = 0
    staff: list[User] = field(default_factory=list)


class DemoWorld:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.today = today()
        self.used_cpr: set[str] = set()
        self.summary = Summary()
        self.follow_up_consents: set[int] = set()
        self._actors: dict[int, Actor] = {}

    def _actor(self, user: User) -> Actor:
        if user.pk not in self._actors:
            self._actors[user.pk] = Actor.for_user(user)
        return self._actors[user.pk]

    # --- Organisation ------------------------------------------------------------------------

    def build_organisation(self) -> None:
        m = {x.code: x for x in Municipality.objects.filter(code__in=["320", "336", "851", "661"])}
        self.units = {
            "faxe": self._unit("Rusmiddelcenter Faxe", m["320"], UnitKind.SUBSTANCE, "3502", [m["320"], m["336"]]),
            "family": self._unit("Familiehuset Faxe", m["320"], UnitKind.FAMILY, "", [m["320"], m["336"]]),
            "aalborg": self._unit("Alkoholbehandlingen Aalborg", m["851"], UnitKind.ALCOHOL, "", [m["851"]]),
            "holstebro": self._unit("Rusmiddelcenter Holstebro", m["661"], UnitKind.SUBSTANCE, "", [m["661"]]),
            "children": self._unit("Børn og Familie Faxe", m["320"], UnitKind.OTHER, "", [m["320"]]),
        }
        self.units["children"].department = Department.CHILDREN_FAMILY
        self.units["children"].save()
        public = {  # shown on each served municipality's public "Find behandling" page
            "faxe": ("Demovej 1, 4640 Faxe", "00 00 00 01", "Mandag-torsdag 8-15.30, fredag 8-13", True),
            "aalborg": ("Demovej 2, 9000 Aalborg", "00 00 00 02", "Mandag-fredag 8-15, torsdag til 18", True),
            "holstebro": ("Demovej 3, 7500 Holstebro", "00 00 00 03", "Mandag-fredag 8-15", False),
        }
        for key, (address, phone, hours, anonymous) in public.items():
            unit = self.units[key]
            unit.public, unit.address, unit.phone, unit.opening_hours = True, address, phone, hours
            unit.anonymous_possible = anonymous
            unit.public_description = "Ambulant behandling, dagbehandling og efterbehandling for alkohol og stoffer."
            unit.save()
        self.serves = {key: list(unit.serves.all()) for key, unit in self.units.items()}
        self.staff: dict[str, list[User]] = {key: [] for key in self.units}
        self.deciders: dict[str, User] = {}
        for username, first, last, unit_key, roles in STAFF:
            user = User.objects.create_user(
                username, password=DEMO_PASSWORD, first_name=first, last_name=last, email=f"{username}@forlob.invalid"
            )
            for role in roles:
                account_actions.grant_by_operator(user, self.units[unit_key], role, DEMO_NOTE)
            if Role.BEHANDLER in roles:
                self.staff[unit_key].append(user)
            if Role.LEDER in roles:
                self.deciders.setdefault(unit_key, user)
            self.summary.staff.append(user)
        familiekonsulent = User.objects.get(username="familiekonsulent")
        account_actions.grant_by_operator(familiekonsulent, self.units["family"], Role.FAMILIEKONSULENT, DEMO_NOTE)
        self.staff["family"].append(familiekonsulent)
        self.deciders["family"] = self.deciders["faxe"]
        account_actions.grant_by_operator(self.deciders["faxe"], self.units["family"], Role.LEDER, DEMO_NOTE)
        # The administrator asks for a role that waits for the leader's approval on "Roller".
        admin = Actor.for_user(User.objects.get(username="admin"))
        account_actions.grant_role(
            admin, User.objects.get(username="behandler2"), self.units["family"], Role.FAMILIEKONSULENT
        )
        self.actors = {key: Actor.for_user(user) for key, user in self.deciders.items()}
        # Aalborg follows up at 1, 6 and 12 months (seed 003); the others use KL's 3 and 6.
        aalborg_rule = followup_actions.RuleData(months=[1, 6, 12], end_reasons=[EndReason.COMPLETED])
        followup_actions.save_rule(self.actors["aalborg"], self.units["aalborg"], aalborg_rule)

    @staticmethod
    def _unit(name: str, municipality: Municipality, kind: str, code: str, serves: list[Municipality]) -> Unit:
        unit = Unit.objects.create(name=name, municipality=municipality, kind=kind, institution_code=code)
        unit.serves.set(serves)
        return unit

    # --- Citizens and their courses ----------------------------------------------------------

    def _cpr(self, born: date, sex: str) -> str:
        while True:
            century_digit = self.rng.choice("0123") if born.year < 2000 else "4"
            serial = f"{century_digit}{self.rng.randrange(100):02d}"
            last = self.rng.choice("13579" if sex == "M" else "02468")
            digits = f"{born:%d%m%y}{serial}{last}"
            if digits not in self.used_cpr:
                self.used_cpr.add(digits)
                assert cpr.birth_date(digits) == born
                return digits

    def add_citizens(self, count: int) -> None:
        unit_keys = ["faxe"] * 6 + ["aalborg"] * 2 + ["holstebro"] * 2
        for _ in range(count):
            key = self.rng.choice(unit_keys)
            self._citizen_with_history(key)

    def _citizen_with_history(self, key: str) -> None:
        rng, unit, actor = self.rng, self.units[key], self.actors[key]
        sex = rng.choice("KM")
        born = date(rng.randint(1950, 2006), rng.randint(1, 12), rng.randint(1, 28))
        anonymous = rng.random() < 0.05
        municipality = rng.choice(self.serves[key])
        if anonymous:
            data = CitizenData(
                is_anonymous=True,
                alias=f"{rng.choice(FIRST_NAMES[sex])[0]}{rng.randint(10, 99)}",
                birth_year=born.year,
                sex=sex,
                municipality=municipality,
            )
        else:
            data = CitizenData(
                cpr=self._cpr(born, sex),
                first_name=rng.choice(FIRST_NAMES[sex]),
                last_name=rng.choice(LAST_NAMES),
                municipality=municipality,
                address=f"{rng.choice(STREETS)} {rng.randint(1, 120)}",
                address_protected=rng.random() < 0.03,
                phone=f"{rng.randint(20000000, 99999999)}",
            )
        citizen = create_citizen(actor, unit, data)
        self.summary.citizens += 1
        # The first request falls between 2010 and today; adults only.
        earliest = max(date(FIRST_YEAR, 1, 1), date(born.year + 16, born.month, born.day))
        if earliest >= self.today:
            earliest = self.today - timedelta(days=30)
        span = max(1, (self.today - earliest).days)
        roll = rng.random()  # a share of recent requests keeps the queue and the open courses busy
        back = rng.randint(0, 20) if roll < 0.12 else rng.randint(21, 300) if roll < 0.4 else rng.randrange(span)
        received = max(earliest, self.today - timedelta(days=back))
        while received <= self.today:
            course = self._request_and_course(citizen, key, received)
            if course is None or course.ended_on is None or rng.random() < 0.75:
                break
            received = course.ended_on + timedelta(days=rng.randint(60, 1500))

    def _request_and_course(self, citizen: Citizen, key: str, received: date) -> Course | None:
        rng, unit, actor = self.rng, self.units[key], self.actors[key]
        substance = pick(rng, SUBSTANCES) if key != "aalborg" else Substance.ALCOHOL
        if substance == Substance.ALCOHOL:
            basis = LegalBasis.SUL_141
        else:
            basis = LegalBasis.SEL_101A if citizen.is_anonymous else LegalBasis.SEL_101
        request = actions.register_request(
            actor,
            citizen,
            unit,
            actions.RequestData(
                received_on=received,
                channel=rng.choice(Channel.values),
                main_substance=substance,
                legal_basis=basis,
            ),
        )
        self.summary.requests += 1
        age = (self.today - received).days
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
        course = actions.start_course_from_request(
            actor,
            request,
            actions.CourseData(
                offer_type=offer,
                started_on=started,
                responsible=rng.choice(self.staff[key]),
                plan="Motivationssamtaler og fokus på mål for forbruget.",
                goals=rng.sample(["Nedsat forbrug", "Ædru i hverdagen", "Fast job eller uddannelse", "Bedre søvn"], 2),
            ),
        )
        self.summary.courses += 1
        if not citizen.is_anonymous and citizen.pk not in self.follow_up_consents and rng.random() < 0.7:
            consent = family_actions.ConsentData(
                kind=ConsentKind.FOLLOW_UP,
                given_on=started,
                phone=citizen.phone,
                preferred_time=rng.choice(["Hverdage efter kl. 16", "Formiddage", ""]),
                parents_involved=True,
            )
            family_actions.give_consent(actor, citizen, consent)
            self.follow_up_consents.add(citizen.pk)
            if citizen.pk % 3 == 0:  # a third also agree to involving their network (KL recommendation 1)
                network = family_actions.ConsentData(kind=ConsentKind.NETWORK, given_on=started, parents_involved=True)
                family_actions.give_consent(actor, citizen, network)
        length = rng.randint(30, 300)
        last_day = min(self.today, started + timedelta(days=length))
        self._sessions(course, key, started, last_day)
        ends = started + timedelta(days=length) <= self.today
        self._measurements(course, key, started, last_day, ends)
        if ends:
            reason = pick(rng, END_REASONS)
            # Closed by the responsible clinician, who then gets the follow-ups.
            actions.discharge_course(self._actor(course.responsible), course, last_day, reason)
            self.summary.discharged += 1
        elif rng.random() < 0.3:
            self._plan_session(course, key)
        return course

    def _measurements(self, course: Course, key: str, first: date, last: date, ends: bool) -> None:
        """Most courses are screened at intake (AUDIT or DUDIT, and often KL's basisscreener); many
        have the outcome profile at intake and, when they end, at discharge, usually better."""
        rng, actor = self.rng, self.actors[key]
        severity = rng.random()

        def record(code: str, phase: str, day: date, given: dict[str, object], action: str = "") -> None:
            data = instrument_actions.ResponseData(code, phase, day, given, action)
            instrument_actions.record_response(actor, course, data)
            self.summary.measurements += 1

        def summed(code: str, level: float) -> dict[str, object]:
            items = instrument_actions.current_instrument(code).definition["items"]  # type: ignore[union-attr]
            return {
                i["code"]: i["options"][min(len(i["options"]) - 1, int(rng.random() * level * 5))]["value"]
                for i in items
            }

        if rng.random() < 0.8:
            code = "audit" if course.main_substance == Substance.ALCOHOL else "dudit"
            record(code, Phase.INTAKE, first, summed(code, 0.4 + severity * 0.6))
            if ends and rng.random() < 0.6:
                record(code, Phase.DISCHARGE, last, summed(code, severity * 0.6))
        if rng.random() < 0.6:
            areas = ["depression", "mania", "anxiety", "ocd", "ptsd", "psychosis", "adhd", "personality", "suicide"]
            found: dict[str, object] = {
                a: "positive" if rng.random() < 0.08 else rng.choice(["negative"] * 5 + ["not_assessed"]) for a in areas
            }
            action = (
                rng.choice(["own_doctor", "psychiatry", "psychologist", "none"]) if "positive" in found.values() else ""
            )
            record("kl_basis", Phase.INTAKE, first, found, action)
        if rng.random() < 0.5:
            days = rng.randint(10, 28)

            def profile(better: float) -> dict[str, object]:
                alcohol = min(28, max(0, int(days * (1 - better))))
                return {
                    "alcohol_days": alcohol,
                    "heavy_days": int(alcohol * 0.6),
                    "drinks_per_day": max(0, int((4 + severity * 12) * (1 - better))),
                    "drug_days": ""
                    if course.main_substance == Substance.ALCOHOL
                    else min(28, int(days * (1 - better))),
                    "psychological_health": min(20, int(6 + better * 10)),
                    "physical_health": min(20, int(8 + better * 8)),
                    "quality_of_life": min(20, int(5 + better * 11)),
                }

            record("outcome", Phase.INTAKE, first, profile(0))
            if ends:
                record("outcome", Phase.DISCHARGE, last, profile(rng.uniform(-0.1, 0.9)))

    def _sessions(self, course: Course, key: str, first: date, last: date) -> None:
        rng, actor = self.rng, self.actors[key]
        day = first
        while day <= last:
            kind = pick(rng, SESSION_KINDS)
            actions.register_session(
                actor,
                course,
                actions.SessionData(
                    held_on=day,
                    kind=kind,
                    attendance=Attendance.NO_SHOW if rng.random() < 0.15 else Attendance.ATTENDED,
                    staff=[course.responsible],
                    minutes=30 if kind == SessionKind.PHONE else 60,
                    start_time=time(rng.randint(8, 15), rng.choice([0, 30])),
                ),
            )
            self.summary.sessions += 1
            day += timedelta(days=rng.randint(10, 35))

    def _plan_session(self, course: Course, key: str) -> None:
        actions.register_session(
            self.actors[key],
            course,
            actions.SessionData(
                held_on=self.today,
                kind=SessionKind.INDIVIDUAL,
                attendance=Attendance.PLANNED,
                staff=[course.responsible],
                start_time=time(self.rng.randint(8, 15), 0),
            ),
        )
        self.summary.sessions += 1

    # --- Relatives, families and groups ------------------------------------------------------

    def add_relatives_and_groups(self) -> None:
        rng = self.rng
        open_courses = list(Course.objects.filter(unit=self.units["faxe"], ended_on__isnull=True).order_by("pk"))
        actor = self.actors["faxe"]
        for index_course in open_courses[:4]:
            sex = rng.choice("KM")
            born = date(rng.randint(1960, 2000), rng.randint(1, 12), rng.randint(1, 28))
            relative = create_citizen(
                actor,
                self.units["faxe"],
                CitizenData(
                    cpr=self._cpr(born, sex),
                    first_name=rng.choice(FIRST_NAMES[sex]),
                    last_name=index_course.citizen.last_name or rng.choice(LAST_NAMES),
                    municipality=index_course.citizen.municipality,
                ),
            )
            self.summary.citizens += 1
            actions.start_course(
                actor,
                relative,
                self.units["faxe"],
                actions.CourseData(
                    offer_type=OfferType.RELATIVES,
                    started_on=index_course.started_on,
                    responsible=User.objects.get(username="familiekonsulent"),
                    legal_basis=LegalBasis.SUL_141,
                    index_course=index_course,
                ),
            )
            self.summary.courses += 1
        starts = self.today - timedelta(days=70)
        weekly = [
            ("Tirsdagsgruppen", Group.Weekday.TUESDAY, 14),
            ("Torsdagsgruppen – alkohol", Group.Weekday.THURSDAY, 10),
        ]
        for name, weekday, hour in weekly:
            staff = self.staff["faxe"][:2]
            first = starts + timedelta(days=(weekday - starts.weekday()) % 7)
            group = actions.create_group(
                actor,
                self.units["faxe"],
                actions.GroupData(name=name, weekday=weekday, start_time=time(hour), starts_on=first, staff=staff),
            )
            self.summary.groups += 1
            members = [c for c in open_courses if c.offer_type == OfferType.AMBULANT and c.started_on <= first][:6]
            for course in members:
                actions.add_group_member(actor, group, course, first)
            meeting = first
            while meeting < self.today:
                attendance = {c.pk: Attendance.ATTENDED if rng.random() < 0.8 else Attendance.NO_SHOW for c in members}
                try:
                    actions.register_group_session(
                        actor,
                        group,
                        actions.SessionData(
                            held_on=meeting,
                            kind=SessionKind.GROUP,
                            attendance=Attendance.ATTENDED,
                            staff=staff,
                            minutes=150,
                            start_time=time(hour),
                        ),
                        attendance,
                    )
                except ValidationError:
                    break
                self.summary.sessions += 1
                meeting += timedelta(days=7)

    # --- Follow-up ---------------------------------------------------------------------------

    def add_follow_up_attempts(self) -> None:
        """Calls on the follow-ups that have come due: most citizens are reached at the first or
        second try, some never, so the worklists and the reach rate have something to show."""
        rng = self.rng
        due = FollowUp.objects.filter(status=Status.OPEN, due_on__lte=self.today - timedelta(days=3))
        for task in due.select_related("assigned_to").order_by("pk"):
            actor = self._actor(task.assigned_to)
            day = task.due_on
            # Recent follow-ups may still be waiting; older ones were all worked through.
            recent = task.due_on > self.today - timedelta(days=45)
            while task.is_open and day <= self.today and (not recent or rng.random() < 0.8):
                reached = rng.random() < 0.35
                answers = followup_actions.ShortForm(
                    use_change=pick(rng, USE_CHANGES),
                    new_treatment_needed=rng.random() < 0.15,
                    housing=rng.choice(LifeChange.values),
                    work=rng.choice(LifeChange.values),
                    network=rng.choice(LifeChange.values),
                    satisfaction=rng.choice([3, 4, 4, 5, 5]),
                )
                data = followup_actions.AttemptData(day, reached, "" if reached else "Intet svar", answers)
                task = followup_actions.record_attempt(actor, task, data)
                day += timedelta(days=rng.randint(1, 7))

    def add_prevention(self) -> None:
        """Two years of prevention activities at Faxe and Holstebro (seed 002's focus areas)."""
        examples = [
            ("universal", "teaching", "young", "school", "Oplæg om alkohol og hash i 8. klasse", (20, 60)),
            ("universal", "teaching", "parents", "school", "Forældremøde om unges alkoholvaner", (15, 80)),
            (
                "universal",
                "availability",
                "professionals",
                "nightlife",
                "Ansvarlig udskænkning med byens barer",
                (5, 20),
            ),
            ("selective", "advice", "young", "youth_education", "Åben rådgivning på erhvervsskolen", (3, 15)),
            (
                "selective",
                "detection",
                "professionals",
                "municipality",
                "Opsporing: kursus for jobcentrets personale",
                (8, 25),
            ),
            ("selective", "network", "relatives", "municipality", "Pårørendegruppe", (4, 12)),
            ("indicated", "advice", "citizens", "online", "Anonym chatrådgivning", (0, 0)),
            ("indicated", "cooperation", "professionals", "housing", "Samarbejdsmøde med botilbuddet", (4, 10)),
        ]
        rng = self.rng
        for key in ("faxe", "holstebro"):
            actor, unit = self.actors[key], self.units[key]
            for n in range(60):
                level, area, group, setting, title, (low, high) = rng.choice(examples)
                participants = rng.randint(low, high)
                data = prevention_actions.ActivityData(
                    held_on=self.today - timedelta(days=rng.randint(0, 730)),
                    level=level,
                    focus_area=area,
                    target_group=group,
                    setting=setting,
                    title=title,
                    participants=participants,
                    contacts=rng.randint(1, 25) if participants == 0 or n % 4 == 0 else 0,
                    notes="Gode spørgsmål fra deltagerne." if n % 5 == 0 else "",
                )
                prevention_actions.register_activity(actor, unit, data)
                self.summary.activities += 1

    def add_contact_requests(self) -> None:
        """A few "Bliv kontaktet" requests from the public page, waiting in the visitation queue."""
        examples = [
            ("faxe", 0, "self", "Lise", "00 00 00 11", "Efter kl. 16", "Jeg drikker mere, end jeg vil."),
            ("faxe", 2, "relative", "Anne (mor)", "00 00 00 12", "", "Min søn på 19 ryger hash hver dag."),
            ("aalborg", 1, "self", "K.", "", "", "Vil gerne være anonym. Skriv til mig."),
        ]
        for key, days_ago, about, name, phone, best_time, message in examples:
            email = "" if phone else "demo@forlob.invalid"
            data = actions.ContactData(about, name, phone, email, best_time, message)
            contact = actions.receive_contact(self.units[key], data)
            contact.received_on = self.today - timedelta(days=days_ago)
            contact.save(update_fields=["received_on"])

    def add_training_and_competences(self) -> None:
        """Aalborg's key-person year as in seed 000 (98 participants across six departments), and
        the competences of the treatment staff with this year's education plan."""
        aalborg = self.units["aalborg"].municipality
        actor = self.actors["aalborg"]
        last_year = self.today.year - 1
        spring = {"Center for børn, unge og familier": 25, "Center for Tværfaglig forebyggelse": 10}
        autumn = {"Center for voksne": 5, "Børne- og familieområdet": 25, "Socialafdelingen": 8, "Jobcenteret": 25}
        for n, participants in enumerate([spring, autumn]):
            data = competence_actions.TrainingData(
                kind=TrainingKind.KEY_PERSON,
                title="Nøglepersonskursus: samtalen om alkohol og børns trivsel",
                starts_on=date(last_year, 3 + 6 * n, 1),
                days=3,
                participants=participants,
            )
            competence_actions.register_training(actor, aalborg, data)
        held = {
            "behandler": ["Grunduddannelse i alkoholbehandling", "Kognitiv terapi", "ASI-interview"],
            "behandler2": ["Grunduddannelse i alkoholbehandling", "Motiverende samtale"],
            "familiekonsulent": ["Familieorienteret alkoholbehandling", "Samtalen om børns trivsel"],
            "leder": ["Grunduddannelse i alkoholbehandling", "Familieorienteret alkoholbehandling"],
            "behandler.aalborg": ["Familieorienteret alkoholbehandling", "KL's basisscreener"],
            "behandler.holstebro": ["Dobbeltfokuseret behandling", "ASI-interview"],
        }
        supervisors = {"familiekonsulent", "behandler.aalborg"}
        leaders = {
            "faxe": self.deciders["faxe"],
            "aalborg": self.deciders["aalborg"],
            "holstebro": self.deciders["holstebro"],
        }
        for username, names in held.items():
            user = User.objects.get(username=username)
            unit_key = (
                next(key for key, staff in self.staff.items() if user in staff) if username != "leder" else "faxe"
            )
            leader = Actor.for_user(leaders["faxe" if unit_key == "family" else unit_key])
            for name in names:
                competence = Competence.objects.get(name=name)
                since = self.today - timedelta(days=self.rng.randint(200, 3000))
                competence_actions.register_competence(leader, user, competence, since, username in supervisors)
        family = Competence.objects.get(name="Familieorienteret alkoholbehandling")
        competence_actions.plan_seats(self.actors["faxe"], self.units["faxe"], family, self.today.year, 2)

    def add_kl12(self) -> None:
        """Region Sjælland's self-assessment against KL's 12 recommendations (seed 004): last
        year's round, closed, with every municipality's answers but Stevns's, Næstved's alcohol
        and drug services answering separately and Klynge Syd's delvis resolved; this year's
        round open, where Faxe has yet to answer. The answers were keyed in from the
        municipalities' questionnaires, so they carry no Forløb user."""
        rng = self.rng
        region = Region.objects.get(code="1085")
        year = self.today.year
        last = kl12_actions.open_round(region, year - 1, f"Selvevaluering {year - 1}", date(year - 1, 10, 1))
        current = kl12_actions.open_round(region, year, f"Selvevaluering {year}", self.today + timedelta(days=21))
        coordinator = User.objects.get(username="koordinator")
        texts = {
            "1.4": ["Ved første samtale og på kommunens hjemmeside.", "Ved første samtale; pjece til pårørende."],
            "6.3": [
                "Systemisk metode, kognitiv terapi og motiverende samtale.",
                "Løsningsfokuserede samtaler og NADA.",
            ],
            "10.2": ["ASI og KL's basisscreener.", "ASI; basisscreeneren indføres i år."],
        }
        for round_, skip in ((last, {"336"}), (current, {"336", "320", "253", "316"})):
            for m in region.municipalities.exclude(code__in=skip).order_by("code"):
                split = m.code == "370"  # Næstved: separate alcohol and drug services
                participation = KlParticipation.objects.create(round=round_, municipality=m, split=split)
                answers = []
                for indicator in round_.indicators.all():
                    for part in ("alkohol", "stof") if split else ("samlet",):
                        if indicator.counts_yes_no:
                            options = [("ja", 60), ("nej", 25)] + (
                                [("delvis", 15)] if indicator.kind == "yes_no_partly" else []
                            )
                            value = pick(rng, options)
                        elif indicator.kind == "number":
                            value = rng.choice(["3", "6", "12"])
                        else:
                            value = rng.choice(texts.get(indicator.code, ["Se kommunens handleplan."]))
                        answers.append(
                            KlAnswer(participation=participation, indicator=indicator, part=part, value=value)
                        )
                KlAnswer.objects.bulk_create(answers)
        syd = Cluster.objects.get(name="Klynge Syd")
        for sheet_municipality, sheet in kl12_queries.sheets(
            last, set(syd.municipalities.values_list("pk", flat=True))
        ).items():
            for indicator_id, cell in sheet.cells.items():
                if cell.combined == "delvis":
                    value = "ja" if (indicator_id + sheet_municipality) % 2 else "nej"
                    reason = (
                        "Ligger på linje med de kommuner, der svarer ja."
                        if value == "ja"
                        else "Der er ingen nedskrevet strategi."
                    )
                    KlResolution.objects.create(
                        participation=sheet.participation,
                        indicator_id=indicator_id,
                        value=value,
                        reason=reason,
                        resolved_by=coordinator,
                    )
        KlClusterText.objects.create(
            round=last,
            cluster=syd,
            priorities="Familie- og netværksorienteret behandling for unge; systematisk opfølgning efter behandling.",
            comments="Stevns deltog ikke i klyngearbejdet; klyngen kender ikke årsagen.",
            updated_by=coordinator,
        )

    def add_strategy(self) -> None:
        """Aalborg's substance strategy in the shape of seed 003: young people in school and
        education, the effect of treatment, citizens in treatment; halfway with status notes."""
        first = self.today.year - 1
        strategy = Strategy.objects.create(
            municipality=self.units["aalborg"].municipality,
            title=f"Rusmiddelstrategi {first}–{first + 3}",
            first_year=first,
            last_year=first + 3,
            description="Strategiens midtvejsstatus til udvalget.",
        )
        young = strategy.areas.create(title="Unge i skole og uddannelse", position=1)
        goal = young.goals.create(text="Færre unge begynder at ryge hash")
        goal.indicators.create(
            name="Unge der har prøvet hash (%)", source="Ungeprofilen", baseline=22, target=18, actual=20
        )
        young.initiatives.create(
            title="Rusmiddelpolitik på ungdomsuddannelserne", department="Forebyggelse", status="in_progress"
        )
        effect = strategy.areas.create(title="Effekt af behandlingen", position=2)
        goal = effect.goals.create(text="Flere gennemfører behandlingen")
        goal.indicators.create(name="Andel færdigbehandlet (%)", live="completion_share", baseline=40, target=50)
        goal.indicators.create(name="Start inden for 14 dage (%)", live="guarantee_share", baseline=80, target=95)
        effect.initiatives.create(
            title="Systematisk opfølgning efter 1, 6 og 12 måneder", department="Alkoholbehandlingen", status="done"
        )
        citizens = strategy.areas.create(title="Borgere i behandling", position=3)
        goal = citizens.goals.create(text="Flere borgere i behandling")
        goal.indicators.create(name="Forløb startet i året", live="courses_started", baseline=80, target=100)
        initiative = citizens.initiatives.create(
            title="Synlighed: kampagne om anonym behandling", department="Sundhed", status="planned"
        )
        StatusNote.objects.create(
            initiative=initiative,
            written_on=self.today - timedelta(days=30),
            text="Udskudt til efter sommerferien; materialet er klar.",
            written_by=self.deciders["aalborg"],
        )

    def add_shared_visitations(self) -> None:
        """Shared visitations for Faxe citizens in open courses with children: children and
        families took part. Two of three citizens consented to sharing with the department, so
        its caseworker (sagsbehandler.bf) sees those meetings and not the third."""
        rng = self.rng
        courses = Course.objects.filter(
            unit=self.units["faxe"], ended_on__isnull=True, citizen__relations__kind=RelationKind.CHILD
        ).filter(citizen__is_anonymous=False, citizen__municipality__code="320")
        actor = self.actors["faxe"]
        for n, course in enumerate(courses.distinct().order_by("pk")[:6]):
            citizen = course.citizen
            if n % 3 != 2:
                share = family_actions.ConsentData(
                    kind=ConsentKind.SHARE, given_on=course.started_on, department=Department.CHILDREN_FAMILY
                )
                family_actions.give_consent(actor, citizen, share)
            meeting = family_actions.SharedVisitationData(
                held_on=course.started_on,
                departments=[Department.CHILDREN_FAMILY.value]
                + ([Department.JOBCENTER.value] if rng.random() < 0.5 else []),
                present="Rusmiddelcenter Faxe, Børn og Familie (Rikke Holm)",
                decision=rng.choice(
                    [
                        "Ambulant behandling; familiesamtaler hver 14. dag, og børnene tilbydes samtalegruppe.",
                        "Dagbehandling i 12 uger; Børn og Familie laver en børnefaglig undersøgelse.",
                        "Ambulant behandling; netværksmøde med skolen om den ældste.",
                    ]
                ),
                request=course.request,
            )
            family_actions.record_shared_visitation(actor, citizen, meeting)

    # --- Security ----------------------------------------------------------------------------

    def add_emergency_access(self) -> None:
        """A case worker at Børn og Familie Faxe has once opened a citizen of Rusmiddelcenter Faxe
        with emergency access (the same municipality: emergency access never crosses to another),
        so Børn og Familie's leader has something to review on "Mit overblik" and the log review
        page."""
        citizen = Citizen.objects.filter(unit=self.units["faxe"], is_anonymous=False).order_by("pk").first()
        if citizen is None:
            return
        case_worker = User.objects.get(username="sagsbehandler.bf")
        grant_emergency_access(
            Actor.for_user(case_worker),
            self.units["children"],
            cpr.decrypt(citizen.cpr_encrypted),
            "Akut underretning om et barn; forælderen oplyser at være i behandling på Rusmiddelcenter Faxe.",
        )

    # --- Households -----------------------------------------------------------------------------

    def add_households(self) -> None:
        """Partners and children for about a third of the citizens in open courses; the children's
        situation is assessed for about half of those with children under 18."""
        rng = self.rng
        courses = Course.objects.filter(ended_on__isnull=True).select_related("unit").order_by("pk")
        for course in courses:
            if rng.random() > 0.35:
                continue
            actor = self.actors[next(k for k, u in self.units.items() if u.pk == course.unit_id)]
            citizen = course.citizen
            if rng.random() < 0.6:
                name = f"{rng.choice(FIRST_NAMES[rng.choice('KM')])} {citizen.last_name or rng.choice(LAST_NAMES)}"
                partner = family_actions.RelationData(kind=RelationKind.PARTNER, name=name, in_household=True)
                family_actions.add_relation(actor, citizen, partner)
            for _child in range(rng.choice([0, 1, 1, 2, 2, 3])):
                child = family_actions.RelationData(
                    kind=RelationKind.CHILD,
                    name=rng.choice(FIRST_NAMES[rng.choice("KM")]),
                    birth_year=self.today.year - rng.randint(1, 22),
                    in_household=rng.random() < 0.8,
                    involved=rng.random() < 0.3,
                )
                family_actions.add_relation(actor, citizen, child)
                if rng.random() < 0.5:
                    assessed = self.today - timedelta(days=rng.randint(1, 200))
                    family_actions.assess_children(actor, citizen, max(assessed, course.started_on))
