# SPDX-License-Identifier: AGPL-3.0-or-later
"""Who is acting, and in which units and roles: the basis of every permission check."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from forlob.common.errors import refuse
from forlob.organisations.models import APPROVED_ROLES, CASE_ROLES, HEALTH_ROLES, Membership, Role, Unit


@dataclass(frozen=True)
class Actor:
    """A signed-in user with their roles per unit, read once per request."""

    user: User
    roles_by_unit: dict[int, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def for_user(cls, user: User | AnonymousUser) -> Actor:
        cached = getattr(user, "_forlob_actor", None)
        if cached is not None:
            return cached
        if isinstance(user, AnonymousUser) or not user.is_active:
            raise PermissionDenied(_("You must be signed in."))
        roles: dict[int, set[str]] = defaultdict(set)
        memberships = Membership.objects.filter(user=user, unit__active=True).exclude(
            role__in=APPROVED_ROLES, approved_at__isnull=True
        )
        for unit_id, role in memberships.values_list("unit_id", "role"):
            roles[unit_id].add(role)
        actor = cls(user=user, roles_by_unit={unit: frozenset(r) for unit, r in roles.items()})
        user._forlob_actor = actor  # type: ignore[attr-defined]
        return actor

    def unit_ids(self, roles: Iterable[str] = CASE_ROLES) -> set[int]:
        """Units where the actor holds at least one of ``roles``."""
        wanted = set(roles)
        return {unit for unit, held in self.roles_by_unit.items() if held & wanted}

    @property
    def case_unit_ids(self) -> set[int]:
        return self.unit_ids(CASE_ROLES)

    @property
    def home_unit_id(self) -> int | None:
        """The unit a list or search is logged under: the first unit with a case role."""
        return min(self.case_unit_ids, default=None)

    def has_role(self, unit_id: int, roles: Iterable[str]) -> bool:
        return bool(self.roles_by_unit.get(unit_id, frozenset()) & set(roles))

    def require(self, unit_id: int, roles: Iterable[str]) -> None:
        """Refuse unless the actor holds one of ``roles`` at the unit."""
        if not self.has_role(unit_id, roles):
            raise PermissionDenied(_("You do not have access to do this at this unit."))


def require_staff(unit: Unit, users: Iterable[User], field_name: str) -> None:
    """Refuse, at the named field, any user who is not active case staff of the unit."""
    user_ids = {u.pk for u in users}
    known = set(
        Membership.objects.filter(
            unit=unit, role__in=CASE_ROLES, user_id__in=user_ids, user__is_active=True, approved_at__isnull=False
        ).values_list("user_id", flat=True)
    )
    if user_ids - known:
        raise refuse(field_name, _("Only staff of %(unit)s can be chosen.") % {"unit": unit.name}, "not_staff")


# Who may do what, in one place.
REGISTER_REQUEST = (Role.VISITATOR, Role.BEHANDLER, Role.LEDER, Role.FAMILIEKONSULENT)
DECIDE_VISITATION = (Role.VISITATOR, Role.LEDER)
# Referring a citizen, with consent, to another unit: anyone who works with the citizen.
REFER = (Role.BEHANDLER, Role.VISITATOR, Role.FAMILIEKONSULENT, Role.LEDER, *HEALTH_ROLES)
START_COURSE = (Role.VISITATOR, Role.LEDER, Role.BEHANDLER, Role.FAMILIEKONSULENT)
WORK_WITH_COURSE = (Role.BEHANDLER, Role.FAMILIEKONSULENT, Role.LEDER, Role.VISITATOR, *HEALTH_ROLES)
DISCHARGE = (Role.BEHANDLER, Role.FAMILIEKONSULENT, Role.LEDER, *HEALTH_ROLES)
MANAGE_GROUPS = (Role.BEHANDLER, Role.FAMILIEKONSULENT, Role.LEDER, *HEALTH_ROLES)
EMERGENCY_ACCESS = (Role.BEHANDLER, Role.VISITATOR, Role.FAMILIEKONSULENT, Role.LEDER, *HEALTH_ROLES)
REVIEW_ACCESS = (Role.LEDER,)
FOLLOW_UP = (Role.BEHANDLER, Role.FAMILIEKONSULENT, Role.LEDER, Role.VISITATOR, *HEALTH_ROLES)
MANAGE_FOLLOW_UP = (Role.LEDER,)
# Prevention activities of a unit: the staff who work there.
PREVENTION = (Role.BEHANDLER, Role.VISITATOR, Role.FAMILIEKONSULENT, Role.LEDER)
# Key-person training, staff competences and the education plan: the leader, and the family
# consultant who runs the key-person courses (seed 000).
TRAINING = (Role.LEDER, Role.FAMILIEKONSULENT)
# KL's 12 recommendations: a municipality's self-assessment is answered by the leaders of its
# units; "delvis" answers are resolved, and the cluster's text written, by the cluster coordinator
# (at a unit in one of the cluster's municipalities). Everyone working in the region reads the reports.
KL12_ANSWER = (Role.LEDER,)
KL12_RESOLVE = (Role.KOORDINATOR,)
# Organisation set-up (units, users, roles) in the municipalities where one is administrator; a
# leader approves the roles granted at the unit (and may take them away) and recertifies them.
ADMINISTER = (Role.ADMINISTRATOR,)
APPROVE_ROLES = (Role.LEDER,)
# Import of historical courses into a unit: case data, so the unit's leader, never an administrator.
IMPORT_COURSES = (Role.LEDER,)
# The municipality's own pseudonymised person-level extract (no CPR, no names).
PSEUDONYMISED_EXTRACT = (Role.ANALYTIKER, Role.LEDER)
# National registration (NAB, drug treatment reporting): the month's submission with CPR numbers,
# the validation list of the unit's courses, the return tables and their comparison: the unit's
# leader. The questions on the course are answered by those who work with it (WORK_WITH_COURSE).
REGISTER_EXTRACT = (Role.LEDER,)
# Person-level lists behind a statistic (the guarantee breaches): the unit's own leader, on screen.
STATISTICS_PERSONS = (Role.LEDER,)
# Everyone who reads person-level data, pseudonymised or not; with FORLOB_REQUIRE_2FA they sign in
# with a second factor. Cluster coordinators and pure administrators read none.
# They are the roles that take effect only when a leader of the unit has approved them.
READS_PERSON_DATA = APPROVED_ROLES
# Aggregated statistics of a unit: everyone who works there, and its analysts. Never person data.
STATISTICS = (Role.BEHANDLER, Role.VISITATOR, Role.FAMILIEKONSULENT, Role.LEDER, Role.ANALYTIKER, *HEALTH_ROLES)
# Aggregated statistics of the clusters a unit's municipality belongs to: the same, and the
# cluster coordinator.
CLUSTER_STATISTICS = (*STATISTICS, Role.KOORDINATOR)
# A critical answer in a screening (a positive suicide risk) is acknowledged by a clinician of the
# course's unit, or its leader.
ACKNOWLEDGE_CRITICAL = (Role.BEHANDLER, Role.FAMILIEKONSULENT, Role.LEDER, *HEALTH_ROLES)
# Cooperation agreements of a municipality with its partners (seeds 000, 002, 003, 004): written and
# followed up by the leaders and cluster coordinators of a unit in the municipality, read by
# everyone working at its units ("make them known"). No citizen data, but never another municipality's.
COOPERATION = (Role.LEDER, Role.KOORDINATOR)
COOPERATION_READ = (
    Role.BEHANDLER,
    Role.VISITATOR,
    Role.FAMILIEKONSULENT,
    Role.LEDER,
    Role.ANALYTIKER,
    Role.KOORDINATOR,
    *HEALTH_ROLES,
)
# Appointments (planning, cancelling, attendance from the calendar) and the unit's calendar: the
# staff who work with the unit's courses, its leader included.
APPOINTMENTS = (Role.BEHANDLER, Role.FAMILIEKONSULENT, Role.LEDER, Role.VISITATOR, *HEALTH_ROLES)
# The psychiatric pathway (seed 004, recommendation 10): after a positive screening, a psychologist
# or doctor of the unit assesses with further tests; the rest of the pathway (screenings made
# elsewhere, the letter to the GP, the GP's referral) is the course's staff's, WORK_WITH_COURSE.
ASSESS_PSYCHIATRIC = (Role.PSYKOLOG, Role.LAEGE)
# Capacity and caseload (seeds 000 and 004: staffing fitted to demand): the unit's leader sets each
# role's profession and weekly hours (the administrator sets them up with the role) and reads the
# unit's staff figures (courses per full-time post, sessions a week), which are internal.
CASELOAD = (Role.LEDER,)
# Medical treatment (KL's recommendation 9): the unit's doctors record and stop the medication the
# centre gives or hands out, and record detoxification episodes; doctors and nurses register each
# dose given, handed out or missed. Everyone who works with the course reads it (WORK_WITH_COURSE).
MEDICATION_RECORD = (Role.LAEGE,)
DISPENSE = (Role.LAEGE, Role.SYGEPLEJERSKE)
# The coordinated action plan agreed with psychiatry and the other parties, its reviews, the copy
# for a party (with the citizen's consent), and the course's case manager: those who work with
# the course at its unit.
ACTION_PLAN = (Role.BEHANDLER, Role.FAMILIEKONSULENT, Role.LEDER, Role.VISITATOR, *HEALTH_ROLES)
# The unit's offer catalogue (seeds 000, 001): its leader keeps it; everyone working there reads it.
MANAGE_CATALOGUE = (Role.LEDER,)
