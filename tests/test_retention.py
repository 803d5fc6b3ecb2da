# SPDX-License-Identifier: AGPL-3.0-or-later
"""Retention: every personal field of every record tied to a citizen is declared and emptied on
anonymisation, in the history too; eligibility counts from the records' own dates; a dry run
changes nothing."""

import io
from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.db import connection, models
from django.test.utils import isolate_apps
from django.utils import timezone

from forlob.audit.models import AccessLogEntry, EmergencyAccess, RetentionRun
from forlob.citizens import actions as citizen_actions
from forlob.citizens.models import Citizen
from forlob.common.personal_data import Policy
from forlob.family import actions as family_actions
from forlob.family.models import ChildrenAssessment, Consent, Relation
from forlob.followup import actions as followup_actions
from forlob.followup.models import Attempt, FollowUp
from forlob.instruments import actions as instrument_actions
from forlob.instruments.models import Response
from forlob.organisations.models import Role
from forlob.oversight import actions as oversight_actions
from forlob.oversight import declarations
from forlob.oversight.retention import apply_retention
from forlob.treatment import actions as treatment_actions
from forlob.treatment.models import Course, EndReason, Request, Session
from tests.conftest import CPR_1, CPR_2, family_house, make_user, new_citizen, new_course, new_request
from tests.test_access_matrix import OUTCOME_PROFILE
from tests.test_followup import REACHED

# One made-up value per personal field, each found nowhere else in the database.
PLANTED = {
    "citizen_name": "Planteborg",
    "citizen_phone": "55501234",
    "citizen_email": "planteborg@example.org",
    "citizen_address": "Sporvej 17",
    "citizen_birth_date": "1980-01-01",  # from CPR_1
    "old_phone": "55507777",
    "relation_name": "Lillebarn Sporsen",
    "relation_old_name": "Storebarn Sporsen",
    "relation_birth_date": "2011-07-19",
    "consent_phone": "55509876",
    "consent_time": "Formiddag SPOR-TID",
    "attempt_note": "Telefonsvarer SPOR-FORSOG",
    "follow_up_note": "Er flyttet til SPOR-OPFOLG",
    "assessment_note": "Datteren SPOR-VURDERING",
    "response_note": "Svarede SPOR-SKEMA",
    "offer_note": "Partneren SPOR-TILBUD",
    "session_note": "Samtale om SPOR-SAMTALE",
    "plan": "Plan SPOR-PLAN",
    "goal": "Mål SPOR-MAL",
    "discharge_note": "Afslutning SPOR-UDSKRIV",
    "request_note": "Henvist af SPOR-HENV",
    "request_decision": "Ville ikke SPOR-AFVIST",
    "visitation_present": "Mor SPOR-TILSTEDE",
    "visitation_decision": "Beslutning SPOR-BESLUT",
    "emergency_reason": "Akut indlagt SPOR-NODADGANG",
    "emergency_review": "Set SPOR-LEDER",
}


def planted_citizen(world: Any) -> Citizen:
    """A citizen whose treatment ended in 2013, with a value in every kind of personal field and
    earlier values in the history."""
    visitator, behandler = world.actor(world.visitator), world.actor(world.behandler)
    citizen = new_citizen(
        world,
        CPR_1,
        first_name=PLANTED["citizen_name"],
        address=PLANTED["citizen_address"],
        phone=PLANTED["old_phone"],
        email=PLANTED["citizen_email"],
    )
    citizen_actions.update_citizen(visitator, citizen, phone=PLANTED["citizen_phone"])
    relation = family_actions.add_relation(
        behandler,
        citizen,
        family_actions.RelationData(
            kind="child",
            name=PLANTED["relation_old_name"],
            birth_date=date.fromisoformat(PLANTED["relation_birth_date"]),
            in_household=True,
        ),
    )
    family_actions.change_relation(
        behandler,
        relation,
        family_actions.RelationData(
            kind="child",
            name=PLANTED["relation_name"],
            birth_date=date.fromisoformat(PLANTED["relation_birth_date"]),
            in_household=True,
        ),
    )
    family_actions.give_consent(
        behandler,
        citizen,
        family_actions.ConsentData(
            kind="follow_up",
            given_on=date(2012, 3, 1),
            phone=PLANTED["consent_phone"],
            preferred_time=PLANTED["consent_time"],
        ),
    )
    course = new_course(
        world,
        citizen,
        started_on=date(2012, 3, 1),
        plan=PLANTED["plan"],
        goals=[PLANTED["goal"]],
    )
    declined = new_request(world, citizen, received_on=date(2012, 2, 1), note=PLANTED["request_note"])
    treatment_actions.close_request(visitator, declined, "other", note=PLANTED["request_decision"])
    treatment_actions.register_session(
        behandler,
        course,
        treatment_actions.SessionData(
            held_on=date(2012, 4, 1),
            kind="individual",
            attendance="attended",
            staff=[world.behandler],
            note=PLANTED["session_note"],
        ),
    )
    family_actions.record_family_offer(behandler, course, date(2012, 3, 1), PLANTED["offer_note"])
    family_actions.assess_children(behandler, citizen, date(2012, 5, 1), PLANTED["assessment_note"], "no_concern")
    family_actions.record_shared_visitation(
        behandler,
        citizen,
        family_actions.SharedVisitationData(
            held_on=date(2012, 5, 2),
            departments=["jobcenter"],
            decision=PLANTED["visitation_decision"],
            present=PLANTED["visitation_present"],
        ),
    )
    instrument_actions.record_response(
        behandler,
        course,
        instrument_actions.ResponseData(
            "outcome", "intake", date(2012, 3, 2), OUTCOME_PROFILE, note=PLANTED["response_note"]
        ),
    )
    # One follow-up only, closed below: an open one would keep the citizen active.
    followup_actions.save_rule(
        world.actor(world.leder), world.faxe, followup_actions.RuleData([3], ["completed"], True, 3)
    )
    course = treatment_actions.discharge_course(
        behandler, course, date(2013, 6, 1), EndReason.COMPLETED, note=PLANTED["discharge_note"]
    )
    task = course.follow_ups.get()
    answers = followup_actions.ShortForm(**{**REACHED.__dict__, "note": PLANTED["follow_up_note"]})
    task = followup_actions.record_attempt(
        behandler, task, followup_actions.AttemptData(date(2013, 9, 2), False, PLANTED["attempt_note"])
    )
    followup_actions.record_attempt(
        behandler, task, followup_actions.AttemptData(date(2013, 9, 3), True, answers=answers)
    )
    house, clinician = family_house(world)
    access = oversight_actions.grant_emergency_access(world.actor(clinician), house, CPR_1, PLANTED["emergency_reason"])
    house_leader = world.actor(make_user("husleder", house, Role.LEDER))
    oversight_actions.review_emergency_access(house_leader, access, PLANTED["emergency_review"])
    # Back then, like the rest (the actions stamp today's date on what they create).
    models.QuerySet(EmergencyAccess).update(granted_at=datetime(2013, 1, 1, tzinfo=UTC))
    models.QuerySet(Request).filter(citizen=citizen).update(decided_on=date(2012, 3, 1))
    return citizen


def rows_holding(values: list[str]) -> dict[str, list[str]]:
    """Every table of the database, history included, whose rows hold any of ``values`` in any
    column: {table: [values found]}."""
    found: dict[str, list[str]] = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 (table names of our own database)
            text = "\n".join(str(cell) for row in cursor.fetchall() for cell in row)
            if hits := [value for value in values if value in text]:
                found[table] = hits
    return found


# --- Every personal field is declared ---------------------------------------------------------


def test_every_field_of_every_record_tied_to_a_citizen_is_declared_personal_or_kept():
    assert declarations.declaration_problems() == []
    labels = {t.label: t for t in declarations.tied_models()}
    for label in ("family.Relation", "family.HistoricalRelation", "followup.Attempt", "family.Consent"):
        assert label in labels
    assert labels["followup.Attempt"].path == "follow_up__citizen"
    assert labels["family.HistoricalConsent"].policy.personal == ("phone", "preferred_time", "history_change_reason")


def test_a_field_declared_neither_personal_nor_kept_is_caught(db, monkeypatch):
    policies = declarations.declared_policies()
    policies[Consent] = Policy(kept=("kind", "department", "parents_involved", "given_on", "withdrawn_on", "version"))
    monkeypatch.setattr(declarations, "declared_policies", lambda: policies)
    problems = declarations.declaration_problems()
    for label in ("family.Consent", "family.HistoricalConsent"):
        assert f"{label}.phone: declared neither personal nor kept" in problems
        assert f"{label}.preferred_time: declared neither personal nor kept" in problems
    # manage.py check (and so migrate and runserver) reports it, and the run refuses to start.
    errors = [error.msg for error in declarations.check_declarations()]
    assert "family.Consent.phone: declared neither personal nor kept" in errors
    with pytest.raises(ImproperlyConfigured, match=r"family\.Consent\.phone: declared neither personal nor kept"):
        apply_retention()


@isolate_apps("forlob.treatment")
def test_a_new_model_tied_to_a_citizen_through_a_session_must_be_declared():
    class NoteAddendum(models.Model):
        session = models.ForeignKey(Session, models.CASCADE)
        text = models.TextField()

        class Meta:
            app_label = "treatment"

        def __str__(self) -> str:
            return self.text

    all_models = [*apps.get_models(include_auto_created=True), NoteAddendum]
    problems = declarations.declaration_problems(all_models)
    assert problems == ["treatment.NoteAddendum: tied to a citizen, but no app declares its fields"]
    assert declarations.path_to_citizen(NoteAddendum) == "session__course__citizen"


def test_a_personal_field_that_cannot_be_emptied_is_refused():
    problems = declarations.declaration_problems_of(Course, Policy(personal=("started_on",)))
    assert "treatment.Course.started_on: personal, but it has no empty value (make it nullable)" in problems


# --- Nothing personal is left -----------------------------------------------------------------


def test_after_retention_no_planted_value_is_left_anywhere_and_statistics_are_kept(world, settings):
    settings.FORLOB_CITIZEN_RETENTION_YEARS = 5
    citizen = planted_citizen(world)
    cpr_hash = citizen.cpr_hash
    recent = new_citizen(world, CPR_2, first_name="Nyborg")
    new_course(world, recent)
    values = [*PLANTED.values(), cpr_hash]
    assert set(rows_holding(values)) >= {"citizens_citizen", "citizens_historicalcitizen", "followup_attempt"}
    log_rows = AccessLogEntry.objects.filter(citizen=citizen).count()
    answers = Response.objects.get().answers

    run = apply_retention()

    assert run.citizens_anonymised == 1
    # The emergency access's reason is the access log's purpose: the log keeps its rows whole
    # for its own period (at least 6 months) and then deletes them.
    assert rows_holding(values) == {"audit_accesslogentry": [PLANTED["emergency_reason"]]}
    # What the statistics count is kept.
    citizen.refresh_from_db()
    assert (citizen.birth_year, citizen.sex, citizen.is_anonymous) == (1980, "K", True)
    relation = Relation.objects.get()
    assert (relation.kind, relation.birth_year, relation.in_household) == ("child", 2011, True)
    consent = Consent.objects.get()
    assert (consent.kind, consent.given_on, consent.phone) == ("follow_up", date(2012, 3, 1), "")
    assert list(Attempt.objects.values_list("attempted_on", "reached")) == [
        (date(2013, 9, 2), False),
        (date(2013, 9, 3), True),
    ]
    follow_up = FollowUp.objects.get(status="reached")
    assert (follow_up.use_change, follow_up.satisfaction, follow_up.note) == ("reduced", 4, "")
    assert ChildrenAssessment.objects.get().action == "no_concern"
    response = Response.objects.get()
    assert (response.answers, response.note) == (answers, "")
    course = Course.objects.get(citizen=citizen)
    assert (course.started_on, course.ended_on, course.end_reason) == (date(2012, 3, 1), date(2013, 6, 1), "completed")
    assert Session.objects.get(course=course).held_on == date(2012, 4, 1)
    # The history keeps who changed what when; the access log keeps every row.
    assert Relation.history.count() == 2 and set(Relation.history.values_list("name", flat=True)) == {""}
    assert AccessLogEntry.objects.filter(citizen=citizen).count() == log_rows
    recent.refresh_from_db()
    assert recent.first_name == "Nyborg" and recent.anonymised_at is None


# --- Eligibility by the records' own dates ---------------------------------------------------


def old_course(world: Any, cpr: str, started_on: date = date(2014, 1, 6), ended_on: date = date(2015, 2, 2)) -> Course:
    """A course and its request, all dated back then (no follow-up: the citizen left)."""
    course = new_course(world, new_citizen(world, cpr), started_on=started_on)
    models.QuerySet(Request).filter(citizen=course.citizen).update(decided_on=started_on)
    return treatment_actions.discharge_course(world.actor(world.behandler), course, ended_on, "own_wish")


def test_a_citizen_imported_today_with_a_history_from_2015_is_anonymised(world):
    # Created today (as by an import), but every dated record is from 2014-2015.
    course = old_course(world, CPR_1)
    assert course.citizen.created_at.date() == date(2026, 12, 1)
    assert apply_retention().citizens_anonymised == 1


@pytest.mark.parametrize(
    "recent_activity",
    [
        pytest.param(lambda world, c: new_request(world, c.citizen, received_on=date(2022, 3, 1)), id="request"),
        pytest.param(
            lambda world, c: family_actions.give_consent(
                world.actor(world.behandler), c.citizen, family_actions.ConsentData("network", date(2022, 3, 1))
            ),
            id="consent",
        ),
        pytest.param(
            lambda world, c: family_actions.assess_children(world.actor(world.behandler), c.citizen, date(2022, 3, 1)),
            id="children's assessment",
        ),
        pytest.param(
            lambda world, c: instrument_actions.record_response(
                world.actor(world.behandler),
                c,
                instrument_actions.ResponseData("outcome", "follow_up", date(2022, 3, 1), OUTCOME_PROFILE),
            ),
            id="instrument response",
        ),
    ],
)
def test_a_recent_dated_record_keeps_the_citizen(world, recent_activity):
    course = old_course(world, CPR_1)
    recent_activity(world, course)
    # 5 years before 1.12.2026 is 1.12.2021: the record of 1.3.2022 is within the period.
    assert apply_retention().citizens_anonymised == 0


def test_a_citizen_with_no_dated_record_counts_from_when_it_was_made(world):
    citizen = new_citizen(world, CPR_1)
    assert apply_retention().citizens_anonymised == 0
    models.QuerySet(Citizen).filter(pk=citizen.pk).update(created_at=timezone.now().replace(year=2021, month=11))
    assert apply_retention().citizens_anonymised == 1


# --- The command: dry run and a given day -----------------------------------------------------


def database_contents() -> dict[str, list[tuple]]:
    with connection.cursor() as cursor:
        contents = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 (our own tables)
            contents[table] = sorted(map(repr, cursor.fetchall()))
        return contents


def run_command(*args: str) -> str:
    out = io.StringIO()
    call_command("apply_retention", *args, stdout=out)
    return out.getvalue()


def test_a_dry_run_counts_what_would_be_emptied_and_changes_nothing(world):
    planted_citizen(world)
    before = database_contents()

    dry = run_command("--dry-run")

    assert database_contents() == before
    assert RetentionRun.objects.count() == 0
    assert dry.startswith("Dry run: nothing was changed.")
    # Phone and preferred time of the one consent; name and birth date of the relation as
    # added and as changed; the note of the attempt that did not reach the citizen.
    assert "Emptied in family.Consent: 2 values in 1 rows" in dry
    assert "Emptied in family.HistoricalRelation: 4 values in 2 rows" in dry
    assert "Emptied in followup.Attempt: 1 values in 1 rows" in dry
    assert "Anonymised citizens: 1" in dry
    real = run_command()
    assert real.splitlines()[:-5] == dry.splitlines()[1:-5]
    assert RetentionRun.objects.count() == 1
    assert "Emptied in" not in run_command("--dry-run")


def test_today_moves_the_day_retention_counts_from(world):
    old_course(world, CPR_1, date(2024, 5, 6), date(2024, 6, 3))
    assert "Anonymised citizens: 0" in run_command("--today", "2029-06-03")
    assert "Anonymised citizens: 1" in run_command("--today", "2029-06-04", "--dry-run")
    with pytest.raises(CommandError, match="not a date"):
        run_command("--today", "04.06.2029")


def test_history_rows_past_their_period_go_by_the_given_day(world, settings):
    settings.FORLOB_HISTORY_RETENTION_DAYS = 10
    new_citizen(world, CPR_1)
    assert apply_retention(today=date(2026, 12, 10)).history_rows_deleted == 0
    assert apply_retention(today=date(2026, 12, 12)).history_rows_deleted >= 1
