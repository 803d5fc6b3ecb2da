# SPDX-License-Identifier: AGPL-3.0-or-later
"""The monthly submission to the national registers: which records a month holds, the file and
its validator, the refusals, corrections, the access log, the system-to-system adapter against a
local stand-in, the pages, the overview section and the API. The clock stands at 1 December 2026,
so November 2026 is the last finished month."""

import csv
import io
import json
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from forlob.audit.models import AccessLogEntry, Use
from forlob.organisations.models import Municipality, Role, Unit
from forlob.registers import submission
from forlob.registers.actions.answers import save_answers
from forlob.registers.actions.submissions import make_submission
from forlob.registers.models import Submission, SubmittedRecord
from forlob.registers.overview import deadlines_section
from forlob.registers.queries import month_preview
from forlob.treatment import actions as treatment_actions
from tests.api.clients import api_client, send
from tests.conftest import make_user, new_citizen, new_course, new_request
from tests.test_registers import NAB_INTAKE, _assess_children
from tests.test_views import client_for

NOV = date(2026, 11, 1)
OCT = date(2026, 10, 1)
CPRS = ["0101801234", "1505920001", "0202855678", "0303906789", "0404754321"]
DRUGS_INTAKE = {
    "route": "1",
    "injected": "1",
    "debut_age": 20,
    "earlier_treatment": "1",
    "cohabitation": "1",
    "housing": "1",
    "income": "1",
    "education": "3",
}


def _drug_course(world, citizen, started_on):  # type: ignore[no-untyped-def]
    """A course under the Social Services Act (drug treatment): from a request for cannabis."""
    basis = "sel_101a" if citizen.is_anonymous else "sel_101"
    request = new_request(world, citizen, received_on=started_on, legal_basis=basis, main_substance="cannabis")
    data = treatment_actions.CourseData(offer_type="ambulant", started_on=started_on, responsible=world.behandler)
    return treatment_actions.start_course_from_request(world.actor(world.visitator), request, data)


def _course(world, cpr, started_on, answers=NAB_INTAKE, drugs=False):  # type: ignore[no-untyped-def]
    citizen = new_citizen(world, cpr=cpr, municipality=world.faxe.municipality, sex="M")
    course = _drug_course(world, citizen, started_on) if drugs else new_course(world, citizen, started_on=started_on)
    if answers:
        save_answers(world.actor(world.behandler), course, answers)
        _assess_children(world, course)
    return course


def _rows(made: Submission) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(bytes(made.content).decode("utf-8")), delimiter=";"))


@pytest.fixture
def november(world):  # type: ignore[no-untyped-def]
    """Four NAB courses at Faxe, worked by hand:
    A started 10.11, complete                          -> an intake record in November;
    B started 05.10, complete, in October's submission -> nothing in November;
    C started 01.10, in October's submission, ended 20.11 (completed) -> a discharge record;
    D started 12.11, no answers                       -> held back (its problems listed).
    October's submission holds B's and C's intake records (A and D had not started)."""
    b = _course(world, CPRS[1], date(2026, 10, 5))
    c = _course(world, CPRS[2], date(2026, 10, 1))
    october = make_submission(world.actor(world.leder), world.faxe, "nab", OCT, "file")
    a = _course(world, CPRS[0], date(2026, 11, 10))
    d = _course(world, CPRS[3], date(2026, 11, 12), answers=None)
    c = treatment_actions.discharge_course(world.actor(world.behandler), c, date(2026, 11, 20), "completed")
    save_answers(world.actor(world.behandler), c, {"units_week_end": 10})
    return {"a": a, "b": b, "c": c, "d": d, "october": october}


def test_the_month_holds_new_intakes_and_discharges_and_holds_back_the_incomplete(world, november):
    assert {(r.course_id, r.kind) for r in november["october"].records.all()} == {
        (november["b"].pk, "intake"),
        (november["c"].pk, "intake"),
    }
    made = make_submission(world.actor(world.leder), world.faxe, "nab", NOV, "file")
    assert {(r.course_id, r.kind) for r in made.records.all()} == {
        (november["a"].pk, "intake"),
        (november["c"].pk, "discharge"),
    }
    assert made.record_count == 2 and made.filename == "nab-3502-2026-11.csv"
    preview = month_preview(world.actor(world.leder), world.faxe.pk, "nab", NOV, via="test")
    held = [c.course.pk for c in preview.held_back]
    assert held == [november["d"].pk]
    assert {p.field for p in preview.held_back[0].problems} >= {"units_week", "children"}


def test_the_file_holds_the_cpr_number_and_the_kept_records_do_not(world, november):
    made = make_submission(world.actor(world.leder), world.faxe, "nab", NOV, "file")
    content = bytes(made.content)
    assert not content.startswith(b"\xef\xbb\xbf") and submission.validate_file(content) == []
    header = content.decode().splitlines()[0].split(";")
    assert header[:4] == ["record", "specification", "cpr", "sex"] and header[-1] == "units_week_end"
    rows = {row["record"]: row for row in _rows(made)}
    intake, discharge = rows["intake"], rows["discharge"]
    assert (intake["cpr"], intake["start_date"], intake["units_week"], intake["end_date"]) == (
        "010180-1234",
        "2026-11-10",
        "40",
        "",
    )
    assert (discharge["cpr"], discharge["start_date"], discharge["end_date"], discharge["end_reason"]) == (
        "020285-5678",
        "2026-10-01",
        "2026-11-20",
        "1",
    )
    assert discharge["units_week"] == "" and discharge["units_week_end"] == "10"
    assert all("cpr" not in r.values for r in SubmittedRecord.objects.all())
    assert SubmittedRecord.objects.get(submission=made, kind="intake").values["birth_year"] == "1980"
    import hashlib

    assert made.digest == hashlib.sha256(content).hexdigest() and made.specification == "Fællesindhold 7.0 (oktober 2010)"


def test_every_citizen_in_the_submission_is_logged_with_the_purpose(world, november):
    before = AccessLogEntry.objects.filter(use=Use.EXPORT).count()
    make_submission(world.actor(world.leder), world.faxe, "nab", NOV, "file")
    logged = AccessLogEntry.objects.filter(use=Use.EXPORT).order_by("pk")[before:]
    assert sorted(e.citizen_id for e in logged) == sorted([november["a"].citizen_id, november["c"].citizen_id])
    assert {(e.user_id, e.unit_id, e.purpose) for e in logged} == {
        (world.leder.pk, world.faxe.pk, "Indberetning til NAB")
    }


def test_a_correction_supersedes_and_the_first_stays_as_history(world, november):
    leader = world.actor(world.leder)
    first = make_submission(leader, world.faxe, "nab", NOV, "file")
    save_answers(world.actor(world.behandler), november["d"], NAB_INTAKE)
    _assess_children(world, november["d"])
    second = make_submission(leader, world.faxe, "nab", NOV, "file")
    assert (first.record_count, second.record_count) == (2, 3)  # D is complete now: its intake joins
    assert Submission.objects.filter(unit=world.faxe, register="nab", month=NOV).count() == 2
    # December builds on the correction in force: nothing of November comes again.
    from forlob.registers.queries import _month

    assert _month(world.faxe.pk, "nab", date(2026, 12, 1)).records == []


def test_a_held_back_course_comes_in_a_later_month(world, november):
    leader = world.actor(world.leder)
    make_submission(leader, world.faxe, "nab", NOV, "file")
    save_answers(world.actor(world.behandler), november["d"], NAB_INTAKE)
    _assess_children(world, november["d"])
    from forlob.registers.queries import _month

    december = _month(world.faxe.pk, "nab", date(2026, 12, 1))
    assert [(r.course_id, r.kind) for r in december.records] == [(november["d"].pk, "intake")]


def test_an_anonymous_nab_course_goes_without_cpr_and_an_anonymous_drug_course_is_left_out(world):
    from forlob.citizens import actions as citizen_actions
    from forlob.citizens.actions import CitizenData

    visitator = world.actor(world.visitator)
    data = CitizenData(is_anonymous=True, alias="Ole", birth_year=1970, sex="M", municipality=world.faxe.municipality)
    nab_citizen = citizen_actions.create_citizen(visitator, world.faxe, data)
    nab = new_course(world, nab_citizen, started_on=date(2026, 11, 3))
    save_answers(world.actor(world.behandler), nab, NAB_INTAKE)
    _assess_children(world, nab)
    drugs_citizen = citizen_actions.create_citizen(visitator, world.faxe, CitizenData(**{**data.__dict__, "alias": "Bo"}))
    drugs = _drug_course(world, drugs_citizen, date(2026, 11, 3))
    made = make_submission(world.actor(world.leder), world.faxe, "nab", NOV, "file")
    row = _rows(made)[0]
    assert (row["cpr"], row["birth_year"], row["sex"]) == ("", "1970", "1")
    assert submission.validate_file(bytes(made.content)) == []
    made_drugs = make_submission(world.actor(world.leder), world.faxe, "drugs", NOV, "file")
    assert made_drugs.record_count == 0 and _rows(made_drugs) == []
    preview = month_preview(world.actor(world.leder), world.faxe.pk, "drugs", NOV, via="test")
    assert preview.records == [] and preview.held_back == [] and drugs.pk


def test_a_drug_course_is_reported_to_the_drug_register(world):
    course = _course(world, CPRS[0], date(2026, 11, 2), answers=DRUGS_INTAKE, drugs=True)
    made = make_submission(world.actor(world.leder), world.faxe, "drugs", NOV, "file")
    assert [(r.course_id, r.kind) for r in made.records.all()] == [(course.pk, "intake")]
    assert made.filename == "drugs-3502-2026-11.csv" and submission.validate_file(bytes(made.content)) == []
    assert _rows(made)[0]["legal_basis"] == "1"
    assert make_submission(world.actor(world.leder), world.faxe, "nab", NOV, "file").record_count == 0


@pytest.mark.parametrize("role", ["behandler", "analytiker", "administrator"])
def test_only_the_units_leader_may_make_a_submission(world, november, role):
    with pytest.raises(PermissionDenied):
        make_submission(world.actor(getattr(world, role)), world.faxe, "nab", NOV, "file")
    assert Submission.objects.filter(month=NOV).count() == 0


def test_another_municipalitys_leader_is_refused(world, november):
    aalborg = Unit.objects.exclude(pk=world.faxe.pk).get(municipality=Municipality.objects.get(code="851"))
    other = make_user("andenleder", aalborg, Role.LEDER)
    with pytest.raises(PermissionDenied):
        make_submission(world.actor(other), world.faxe, "nab", NOV, "file")
    assert Submission.objects.filter(month=NOV).count() == 0


def test_the_current_month_and_a_future_month_are_refused(world, november):
    for month in (date(2026, 12, 1), date(2027, 1, 1)):
        with pytest.raises(ValidationError) as refused:
            make_submission(world.actor(world.leder), world.faxe, "nab", month, "file")
        assert refused.value.error_dict["month"][0].code == "not_finished"
    assert Submission.objects.filter(month__gte=date(2026, 12, 1)).count() == 0


def test_system_channel_is_refused_without_an_endpoint(world, november, settings):
    settings.FORLOB_REGISTER_ENDPOINTS = {}
    with pytest.raises(ValidationError) as refused:
        make_submission(world.actor(world.leder), world.faxe, "nab", NOV, "system")
    assert refused.value.error_dict["channel"][0].code == "no_endpoint"
    assert Submission.objects.filter(month=NOV).count() == 0


# The validator, on a good file and on broken ones.

def _nab_file(world, november) -> bytes:  # type: ignore[no-untyped-def]
    return bytes(make_submission(world.actor(world.leder), world.faxe, "nab", NOV, "file").content)


def test_the_validator_passes_a_made_file_and_names_each_broken_row(world, november):
    good = _nab_file(world, november)
    assert submission.validate_file(good) == []
    lines = good.decode().split("\r\n")
    intake_row = 2 if lines[1].startswith("intake") else 3
    broken_lines = list(lines)
    cells = broken_lines[intake_row - 1].split(";")
    header = lines[0].split(";")
    cells[header.index("housing")] = "7"  # not a code of the housing list
    cells[header.index("units_week")] = ""  # a required answer left blank
    broken_lines[intake_row - 1] = ";".join(cells)
    problems = submission.validate_file("\r\n".join(broken_lines).encode())
    assert len(problems) == 2, problems  # the missing count and the unknown code, in the row's order of fields
    assert "genstande" in problems[0] and "7" in problems[1]
    assert all(f" {intake_row}:" in p for p in problems)


def test_the_validator_refuses_a_wrong_header_a_bom_and_a_stray_value(world, november):
    good = _nab_file(world, november)
    lines = good.decode().split("\r\n")
    wrong_header = "\r\n".join([lines[0].replace(";housing;", ";bolig;"), *lines[1:]]).encode()
    assert len(submission.validate_file(wrong_header)) == 1 and " 1:" in submission.validate_file(wrong_header)[0]
    assert len(submission.validate_file(b"\xef\xbb\xbf" + good)) == 1
    header = lines[0].split(";")
    row = 2 if lines[1].startswith("discharge") else 3
    cells = lines[row - 1].split(";")
    cells[header.index("housing")] = "1"  # an intake answer in a discharge record
    stray = "\r\n".join([*lines[: row - 1], ";".join(cells), *lines[row:]]).encode()
    assert [p for p in submission.validate_file(stray) if "Boligsituation" in p] != []
    unknown = good.decode().replace("Fællesindhold 7.0", "Fællesindhold 9.9", 1).encode()
    assert " 2:" in submission.validate_file(unknown)[0]
