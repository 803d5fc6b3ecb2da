# SPDX-License-Identifier: AGPL-3.0-or-later
"""The monthly submission to the national registers: which records a month holds, the file and
its validator, the refusals, corrections, the access log, the system-to-system adapter against a
local stand-in, the pages, the overview section and the API. The clock stands at 1 December 2026,
so November 2026 is the last finished month."""

import csv
import hashlib
import io
import json
import socket
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, HTTPServer
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse

from forlob.audit.models import AccessLogEntry, Use
from forlob.citizens import actions as citizen_actions
from forlob.citizens.actions import CitizenData
from forlob.organisations.access import Actor
from forlob.organisations.models import Municipality, Role, Unit
from forlob.registers import submission
from forlob.registers.actions.answers import save_answers
from forlob.registers.actions.submissions import make_submission
from forlob.registers.models import Submission, SubmittedRecord
from forlob.registers.overview import deadlines_section
from forlob.registers.queries import _month, check_many, month_preview
from forlob.treatment import actions as treatment_actions
from forlob.treatment.models import Course
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
    assert (
        made.digest == hashlib.sha256(content).hexdigest() and made.specification == "Fællesindhold 7.0 (oktober 2010)"
    )


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
    assert _month(world.faxe.pk, "nab", date(2026, 12, 1)).records == []


def test_a_held_back_course_comes_in_a_later_month(world, november):
    leader = world.actor(world.leder)
    make_submission(leader, world.faxe, "nab", NOV, "file")
    save_answers(world.actor(world.behandler), november["d"], NAB_INTAKE)
    _assess_children(world, november["d"])
    december = _month(world.faxe.pk, "nab", date(2026, 12, 1))
    assert [(r.course_id, r.kind) for r in december.records] == [(november["d"].pk, "intake")]


def test_an_anonymous_nab_course_goes_without_cpr_and_an_anonymous_drug_course_is_left_out(world):
    visitator = world.actor(world.visitator)
    data = CitizenData(is_anonymous=True, alias="Ole", birth_year=1970, sex="M", municipality=world.faxe.municipality)
    nab_citizen = citizen_actions.create_citizen(visitator, world.faxe, data)
    nab = new_course(world, nab_citizen, started_on=date(2026, 11, 3))
    save_answers(world.actor(world.behandler), nab, NAB_INTAKE)
    _assess_children(world, nab)
    drugs_citizen = citizen_actions.create_citizen(
        visitator, world.faxe, CitizenData(**{**data.__dict__, "alias": "Bo"})
    )
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


# System to system, against a stand-in for the register on this machine.


class _Register(BaseHTTPRequestHandler):
    """Answers as told by the server's ``mode``; keeps what it received."""

    def do_POST(self) -> None:
        server = self.server
        body = self.rfile.read(int(self.headers["Content-Length"]))
        server.received.append((dict(self.headers), json.loads(body)))  # type: ignore[attr-defined]
        status, answer = {
            "ok": (200, b'{"receipt": "NAB-2026-11-0042"}'),
            "refused": (400, b'{"message": "Ukendt institutionskode 3502"}'),
            "broken": (500, b"Internal Server Error"),
            "no_receipt": (200, b"<html>ok</html>"),
        }[server.mode]  # type: ignore[attr-defined]
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def stand_in(settings):  # type: ignore[no-untyped-def]
    server = HTTPServer(("127.0.0.1", 0), _Register)
    server.mode = "ok"  # type: ignore[attr-defined]
    server.received = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.FORLOB_REGISTER_ENDPOINTS = {"nab": f"http://127.0.0.1:{server.server_port}/indberetning"}
    settings.FORLOB_REGISTER_TOKEN = "hemmelig-token"
    yield server
    server.shutdown()
    server.server_close()


def test_system_to_system_sends_the_records_and_keeps_the_receipt(world, november, stand_in):
    made = make_submission(world.actor(world.leder), world.faxe, "nab", NOV, "system")
    assert (made.channel, made.receipt, made.record_count) == ("system", "NAB-2026-11-0042", 2)
    [(headers, body)] = stand_in.received
    assert headers["Authorization"] == "Bearer hemmelig-token"
    assert (body["register"], body["month"], body["institution"]) == ("nab", "2026-11", "3502")
    assert body["specification"] == "Fællesindhold 7.0 (oktober 2010)"
    by_kind = {r["record"]: r["values"] for r in body["records"]}
    assert by_kind["intake"]["cpr"] == "010180-1234" and by_kind["intake"]["start_date"] == "2026-11-10"
    assert by_kind["discharge"]["end_date"] == "2026-11-20" and "housing" not in by_kind["discharge"]


@pytest.mark.parametrize(
    ("mode", "code", "said"),
    [("refused", "not_received", "Ukendt institutionskode 3502"), ("broken", "not_received", "500")],
)
def test_a_refusal_by_the_register_saves_nothing(world, november, stand_in, mode, code, said):
    stand_in.mode = mode
    exports = AccessLogEntry.objects.filter(use=Use.EXPORT).count()
    with pytest.raises(ValidationError) as refused:
        make_submission(world.actor(world.leder), world.faxe, "nab", NOV, "system")
    error = refused.value.error_dict["channel"][0]
    assert error.code == code and said in error.message % (error.params or {})
    assert (
        not Submission.objects.filter(month=NOV).exists()
        and not SubmittedRecord.objects.filter(kind="discharge").exists()
    )
    assert AccessLogEntry.objects.filter(use=Use.EXPORT).count() == exports


def test_an_answer_without_a_receipt_saves_nothing(world, november, stand_in):
    stand_in.mode = "no_receipt"
    with pytest.raises(ValidationError) as refused:
        make_submission(world.actor(world.leder), world.faxe, "nab", NOV, "system")
    assert refused.value.error_dict["channel"][0].code == "no_receipt"
    assert not Submission.objects.filter(month=NOV).exists()


def test_a_register_that_cannot_be_reached_saves_nothing(world, november, settings):
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    settings.FORLOB_REGISTER_ENDPOINTS = {"nab": f"http://127.0.0.1:{port}/"}
    with pytest.raises(ValidationError) as refused:
        make_submission(world.actor(world.leder), world.faxe, "nab", NOV, "system")
    assert refused.value.error_dict["channel"][0].code == "unreachable"
    assert not Submission.objects.filter(month=NOV).exists()


# "Mit overblik" and the pages.


def test_the_leaders_overview_lists_last_months_submissions_not_made(world, november):
    section = deadlines_section(world.actor(world.leder), date(2026, 12, 1))
    missing = [(s.unit, s.register, s.month, s.deadline, s.overdue) for s in section.context["missing"]]
    # November's deadline is 30.11 + 15 days = 15.12.2026: not overdue on 1 December.
    assert missing == [
        (world.faxe, "nab", NOV, date(2026, 12, 15), False),
        (world.faxe, "drugs", NOV, date(2026, 12, 15), False),
    ]
    make_submission(world.actor(world.leder), world.faxe, "nab", NOV, "file")
    section = deadlines_section(world.actor(world.leder), date(2026, 12, 1))
    assert [s.register for s in section.context["missing"]] == ["drugs"]
    assert deadlines_section(world.actor(world.behandler), date(2026, 12, 1)) is None
    page = client_for(world.leder).get(reverse("overview"))
    assert (
        page.status_code == 200
        and reverse("submission_preview", args=[world.faxe.pk, "drugs", "2026-11"]) in page.content.decode()
    )


def test_the_submissions_page_shows_each_month_with_its_status_and_deadline(world, november):
    response = client_for(world.leder).get(reverse("submission_overview"))
    page = response.content.decode()
    assert response.status_code == 200 and "Rusmiddelcentret Faxe" in page
    # 12 months per register (12.2025 to 11.2026); October's NAB submission is made, the rest not:
    # every month before November is past its deadline, so 2 × 11 - 1 = 21 are marked overdue.
    assert page.count('<th scope="row"><a href=') == 24
    assert page.count("badge-error") == 21 and "#error" in page
    assert reverse("submission_overview") in client_for(world.leder).get(reverse("overview")).content.decode()
    for user in (world.behandler, world.analytiker, world.administrator):
        assert client_for(user).get(reverse("submission_overview")).status_code == 403


def test_the_preview_counts_the_records_lists_the_held_back_and_makes_the_submission(world, november):
    client = client_for(world.leder)
    url = reverse("submission_preview", args=[world.faxe.pk, "nab", "2026-11"])
    page = client.get(url).content.decode()
    assert '<th scope="row">' in page and reverse("course_detail", args=[november["d"].pk]) in page
    assert "koderne her er Forløbs" in page  # the specification's notice, said plainly
    response = client.post(url, {"channel": "file"})
    assert response.status_code == 302
    made = Submission.objects.get(month=NOV)
    page = client.get(url).content.decode()
    assert made.filename in page and reverse("submission_file", args=[made.pk]) in page
    assert client.post(url, {"channel": "system"}).status_code == 200  # not offered: refused on the form
    assert Submission.objects.filter(month=NOV).count() == 1
    assert client.get(reverse("submission_preview", args=[world.faxe.pk, "nab", "2026-12"])).status_code == 404
    assert client_for(world.behandler).get(url).status_code == 403


def test_the_file_is_downloaded_by_the_leader_only_and_logged(world, november):
    made = make_submission(world.actor(world.leder), world.faxe, "nab", NOV, "file")
    exports = AccessLogEntry.objects.filter(use=Use.EXPORT).count()
    response = client_for(world.leder).get(reverse("submission_file", args=[made.pk]))
    assert response.status_code == 200 and response.content == bytes(made.content)
    assert response["Content-Disposition"] == 'attachment; filename="nab-3502-2026-11.csv"'
    assert AccessLogEntry.objects.filter(use=Use.EXPORT).count() == exports + 2
    for user in (world.behandler, world.analytiker, world.administrator):
        assert client_for(user).get(reverse("submission_file", args=[made.pk])).status_code == 403


# The API.


def test_the_api_previews_makes_lists_and_returns_the_file(world, november):
    leader = api_client(world.leder)
    base = f"/api/v1/registers/{world.faxe.pk}/nab/2026-11"
    preview = leader.get(f"{base}/preview").json()
    assert (preview["intake_records"], preview["discharge_records"], preview["deadline"]) == (1, 1, "2026-12-15")
    assert [c["course_id"] for c in preview["held_back"]] == [november["d"].pk] and preview["channels"] == ["file"]
    response = send(leader, "POST", f"{base}/submissions", {"channel": "file"})
    assert response.status_code == 201, response.content
    made = response.json()
    assert (made["record_count"], made["filename"], made["national_register"]) == (2, "nab-3502-2026-11.csv", "nab")
    listed = leader.get(f"/api/v1/registers/{world.faxe.pk}/submissions").json()
    assert [s["month"] for s in listed] == ["2026-11-01", "2026-10-01"]
    file = leader.get(f"/api/v1/registers/submissions/{made['id']}/file").json()
    assert submission.validate_file(file["content"].encode()) == [] and file["sha256"] == made["sha256"]


def test_the_api_refuses_others_and_an_unfinished_month(world, november):
    base = f"/api/v1/registers/{world.faxe.pk}/nab"
    assert api_client(world.behandler).get(f"{base}/2026-11/preview").status_code == 403
    assert (
        send(api_client(world.behandler), "POST", f"{base}/2026-11/submissions", {"channel": "file"}).status_code == 403
    )
    refused = send(api_client(world.leder), "POST", f"{base}/2026-12/submissions", {"channel": "file"})
    assert refused.status_code == 422 and refused.json()["detail"][0]["field"] == "month"
    assert api_client(world.leder).get(f"/api/v1/registers/{world.faxe.pk}/bogus/2026-11/preview").status_code == 422
    assert Submission.objects.filter(month=NOV).count() == 0


# The demo.


@pytest.mark.django_db
def test_a_demo_month_makes_a_submission_that_passes_the_validator():
    """The demo answers most courses and has made Faxe's submissions up to October; November's,
    made here for each register, holds exactly the complete courses at Faxe started in November
    (intake) and those ended in November (discharge), counted from the courses checked one by one."""
    call_command("seed_demo", citizens=60, seed=7, stdout=StringIO())
    faxe = Unit.objects.get(institution_code="3502")
    assert Submission.objects.filter(unit=faxe, register="nab").count() == 11
    leader = Actor.for_user(User.objects.filter(memberships__unit=faxe, memberships__role=Role.LEDER).first())
    checked = check_many(Course.objects.filter(unit=faxe))
    in_november = {"intake": date(2026, 11, 30), "discharge": date(2026, 11, 30)}
    total = 0
    for register in ("nab", "drugs"):
        made = make_submission(leader, faxe, register, NOV, "file")
        assert submission.validate_file(bytes(made.content)) == []
        complete = [c.course for c in checked if c.register == register and c.complete]
        started = {c.pk for c in complete if NOV <= c.started_on <= in_november["intake"]}
        ended = {c.pk for c in complete if c.ended_on and NOV <= c.ended_on <= in_november["discharge"]}
        assert {r.course_id for r in made.records.filter(kind="intake")} == started
        assert {r.course_id for r in made.records.filter(kind="discharge")} == ended
        assert made.record_count == len(started) + len(ended)
        total += made.record_count
    assert total > 0
    # The courses left unanswered are held back, month after month, until someone answers.
    incomplete = {c.course.pk for c in checked if c.reported and c.intake and not c.complete}
    held = [month_preview(leader, faxe.pk, r, NOV, via="test").held_back for r in ("nab", "drugs")]
    assert {c.course.pk for found in held for c in found} == incomplete != set()


def test_the_pages_refuse_another_municipalitys_leader_and_the_api_refuses_an_analyst(world, november):
    aalborg = Unit.objects.exclude(pk=world.faxe.pk).get(municipality=Municipality.objects.get(code="851"))
    other = make_user("andenleder", aalborg, Role.LEDER)
    url = reverse("submission_preview", args=[world.faxe.pk, "nab", "2026-11"])
    assert client_for(other).get(url).status_code == 403
    assert client_for(other).post(url, {"channel": "file"}).status_code == 403
    assert client_for(other).get(reverse("submission_file", args=[november["october"].pk])).status_code == 403
    base = f"/api/v1/registers/{world.faxe.pk}/nab/2026-11"
    assert api_client(world.analytiker).get(f"{base}/preview").status_code == 403
    assert api_client(other).get(f"/api/v1/registers/submissions/{november['october'].pk}/file").status_code == 403
    assert Submission.objects.filter(month=NOV).count() == 0
