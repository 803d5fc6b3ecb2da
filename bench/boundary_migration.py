# SPDX-License-Identifier: AGPL-3.0-or-later
"""Existing data into the data-controller boundary: every row kept, each municipality's rows moved
to a record of its own (migrations citizens 0004-0006).

Loads the demo world and imports ``--rows`` rows of history through the importer into a throwaway
database (SQLite unless DATABASE_URL points at an empty scratch database), goes back to the schema
before the boundary, and makes the state the boundary ends there: ``--cross`` citizens registered
at a unit of another municipality too, with a request, a course, a relation, a consent and an
assessment recorded there (and an assessment recorded at home). Then it migrates forward, checks
that no row of any table was lost and that every row sits with the record of its own municipality,
and prints how long the forward migration took. Exits non-zero on any problem.

    .venv/bin/python bench/boundary_migration.py [--rows 100000] [--cross 500]

``check_boundary_migration`` is also run by the test suite on its own database (both SQLite and
PostgreSQL in CI).
"""

import argparse
import sys
import time
from datetime import date, timedelta
from typing import Any

from common import demo_world

BEFORE = ("citizens", "0003_anonymised_at")


def _tables() -> dict[str, int]:
    """Rows per table, read with plain SQL so it works in either schema."""
    from django.db import connection

    counts = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if table.startswith(("django_", "sqlite_")):
                continue
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def _cross_registrations(apps: Any, count: int) -> list[dict[str, int]]:
    """At the schema before the boundary: ``count`` citizens of one municipality's unit registered
    at another municipality's unit as well, as the old create_citizen did for a known CPR number."""
    from django.utils import timezone

    Citizen = apps.get_model("citizens", "Citizen")
    Registration = apps.get_model("citizens", "Registration")
    Unit = apps.get_model("organisations", "Unit")
    Membership = apps.get_model("organisations", "Membership")
    User = apps.get_model("auth", "User")
    Request = apps.get_model("treatment", "Request")
    Course = apps.get_model("treatment", "Course")
    Relation = apps.get_model("family", "Relation")
    Consent = apps.get_model("family", "Consent")
    ChildrenAssessment = apps.get_model("family", "ChildrenAssessment")

    home_unit = Unit.objects.filter(registrations__isnull=False).order_by("pk").first()
    away = Unit.objects.exclude(municipality_id=home_unit.municipality_id).order_by("pk").first()
    home_staff = User.objects.create(username="migration-home", password="!")
    away_staff = User.objects.create(username="migration-away", password="!")
    now = date.today()
    Membership.objects.create(user=home_staff, unit=home_unit, role="behandler", approved_at=timezone.now())
    Membership.objects.create(user=away_staff, unit=away, role="behandler", approved_at=timezone.now())
    citizens = Citizen.objects.filter(registrations__unit=home_unit, is_anonymous=False).order_by("pk")[:count]
    injected = []
    for citizen in citizens:
        Registration.objects.create(citizen=citizen, unit=away, registered_by=away_staff)
        received = now - timedelta(days=20)
        request = Request.objects.create(
            citizen=citizen,
            unit=away,
            received_on=received,
            deadline=received + timedelta(days=14),
            channel="self",
            main_substance="alcohol",
            legal_basis="sul_141",
            status="course_started",
            created_by=away_staff,
        )
        course = Course.objects.create(
            citizen=citizen,
            unit=away,
            request=request,
            offer_type="ambulant",
            legal_basis="sul_141",
            main_substance="alcohol",
            started_on=received + timedelta(days=5),
            responsible=away_staff,
        )
        relation = Relation.objects.create(
            citizen=citizen, kind="child", name="Barn", birth_year=2015, created_by=away_staff
        )
        consent = Consent.objects.create(citizen=citizen, kind="network", given_on=received, recorded_by=away_staff)
        away_assessment = ChildrenAssessment.objects.create(
            citizen=citizen, assessed_on=received, assessed_by=away_staff
        )
        home_assessment = ChildrenAssessment.objects.create(
            citizen=citizen, assessed_on=received, assessed_by=home_staff
        )
        injected.append(
            {
                "citizen": citizen.pk,
                "home_unit": home_unit.pk,
                "away_unit": away.pk,
                "request": request.pk,
                "course": course.pk,
                "relation": relation.pk,
                "consent": consent.pk,
                "away_assessment": away_assessment.pk,
                "home_assessment": home_assessment.pk,
            }
        )
    return injected


def check_boundary_migration(cross: int) -> tuple[list[str], float]:
    """Back to the schema before the boundary, ``cross`` citizens registered across a municipal
    line, forward again. Returns the problems found (none: every row kept and in its place) and
    the seconds the forward migration took."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    state = executor.migrate([BEFORE])
    injected = _cross_registrations(state.apps, cross)
    before = _tables()
    executor = MigrationExecutor(connection)
    start = time.perf_counter()
    executor.migrate(executor.loader.graph.leaf_nodes())
    seconds = time.perf_counter() - start
    after = _tables()

    problems = []
    grown = {"citizens_citizen": len(injected), "citizens_historicalcitizen": len(injected)}
    for table, rows in before.items():
        if after.get(table, 0) != rows + grown.get(table, 0):
            problems.append(f"{table}: {rows} rows before, {after.get(table, 0)} after")
    problems += _misplaced(injected)
    return problems, seconds


def _misplaced(injected: list[dict[str, int]]) -> list[str]:
    """Rows that are not with the record of their own municipality."""
    from django.db.models import F

    from forlob.citizens.models import Citizen, Registration
    from forlob.family.models import ChildrenAssessment, Consent, Relation
    from forlob.treatment.models import Course, Request

    problems = []
    own = "citizen__unit__municipality_id"
    for model in (Registration, Request, Course):
        wrong = model.objects.exclude(unit__municipality_id=F(own)).count()
        if wrong:
            problems.append(f"{model.__name__}: {wrong} rows at a unit of another municipality than their record's")
    for row in injected:
        original = Citizen.objects.get(pk=row["citizen"])
        course = Course.objects.select_related("citizen").get(pk=row["course"])
        copy = course.citizen
        checks = {
            "the original stays with its unit": original.unit_id == row["home_unit"],
            "the course moved to a record kept away": copy.unit_id == row["away_unit"] and copy.pk != original.pk,
            "the copy is the same person": copy.cpr_hash == original.cpr_hash,
            "the request moved with it": Request.objects.get(pk=row["request"]).citizen_id == copy.pk,
            "the relation recorded away moved": Relation.objects.get(pk=row["relation"]).citizen_id == copy.pk,
            "the consent recorded away moved": Consent.objects.get(pk=row["consent"]).citizen_id == copy.pk,
            "the assessment recorded away moved": ChildrenAssessment.objects.get(pk=row["away_assessment"]).citizen_id
            == copy.pk,
            "the assessment recorded at home stayed": ChildrenAssessment.objects.get(
                pk=row["home_assessment"]
            ).citizen_id
            == original.pk,
            "the original is not registered away": not Registration.objects.filter(
                citizen=original, unit_id=row["away_unit"]
            ).exists(),
        }
        problems += [f"citizen {row['citizen']}: {what}" for what, ok in checks.items() if not ok]
    return problems


def _import(rows: int) -> float:
    """``rows`` courses of new citizens imported through the importer; returns the seconds."""
    from django.contrib.auth.models import User

    from forlob.citizens import cpr
    from forlob.organisations.access import Actor
    from forlob.organisations.models import Unit
    from forlob.treatment.actions import import_courses

    unit = Unit.objects.exclude(institution_code="").order_by("pk").first()
    assert unit is not None
    lines = ["institutionskode;cpr;tilbud;hovedrusmiddel;startdato;slutdato;afslutningsaarsag"]
    day = date(1940, 1, 1)
    while len(lines) <= rows:
        for serial in range(0, 4000, 7):
            number = f"{day:%d%m%y}{serial:04d}"
            if cpr.normalise_or_none(number):
                lines.append(f"{unit.institution_code};{number};ambulant;alkohol;01.02.2020;01.08.2020;completed")
            if len(lines) > rows:
                break
        day += timedelta(days=1)
    start = time.perf_counter()
    result = import_courses(
        Actor.for_user(User.objects.get(username="leder")), "historik.csv", "\n".join(lines).encode(), commit=True
    )
    assert result.committed and result.created == rows, result.lines()[-3:]
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--cross", type=int, default=500)
    args = parser.parse_args()

    demo_world(20)
    from django.db import connection

    imported = _import(args.rows)
    print(f"{connection.vendor}, demo world and {args.rows:,} imported rows ({imported:.1f} s)")
    problems, seconds = check_boundary_migration(args.cross)
    print(f"forward migration with {args.cross} citizens registered across a municipal line: {seconds:.1f} s")
    for problem in problems[:50]:
        print(f"  PROBLEM {problem}")
    print("every row kept and in its place" if not problems else f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
