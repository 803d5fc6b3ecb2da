# SPDX-License-Identifier: AGPL-3.0-or-later
"""National registration in the statistics: the completeness of each unit's registration by
month, the live KL-12 evidence, and the municipality's own copy of what it reported, each counted
by hand; exact for the unit's leader, published for everyone else; the pages, exports and API."""

import io
from datetime import date

import openpyxl
from django.urls import reverse

from forlob.citizens import actions as citizen_actions
from forlob.citizens.actions import CitizenData
from forlob.family import actions as family_actions
from forlob.kl12.report import EVIDENCE
from forlob.organisations.models import Unit
from forlob.registers.actions.answers import save_answers
from forlob.registers.models import Submission, SubmittedRecord
from forlob.registers.specification import in_force
from forlob.stats.live import LiveMeasure, live_value
from forlob.stats.reports.registration import completeness, months_shown, submitted_values
from forlob.stats.scopes import Filters, Scope
from forlob.strategy.models import Indicator
from forlob.treatment import actions
from forlob.treatment.models import Course, OfferType
from tests.api.clients import api_client
from tests.conftest import family_house, new_citizen, new_course, new_request
from tests.test_registers import NAB_INTAKE
from tests.test_views import client_for

NOVEMBER = date(2026, 11, 1)


class People:
    """Citizens of Faxe with CPR numbers of their own."""

    def __init__(self, world) -> None:  # type: ignore[no-untyped-def]
        self.world, self.n = world, 0

    def citizen(self):  # type: ignore[no-untyped-def]
        self.n += 1
        return new_citizen(self.world, f"{self.n:02d}0385{self.n:04d}", municipality=self.world.faxe.municipality)

    def nab(self, started_on: date, complete: bool):  # type: ignore[no-untyped-def]
        course = new_course(self.world, self.citizen(), started_on=started_on)
        if complete:
            save_answers(self.world.actor(self.world.behandler), course, NAB_INTAKE)
            family_actions.assess_children(self.world.actor(self.world.behandler), course.citizen, date(2026, 12, 1))
        return course


def _november(world):  # type: ignore[no-untyped-def]
    """Faxe's courses, by hand for November 2026:
    A NAB from 05.11, every answer given      -> counted, complete
    B NAB from 10.10, every answer given      -> counted, complete (open in October too)
    C NAB from 20.11, no answers              -> counted, not complete
    an assessment course from 03.11           -> not counted (no register takes it)
    a relatives' course linked to A, 10.11    -> not counted
    an anonymous drug course (§ 101 a), 12.11 -> not counted (Statistics Denmark leaves it out)
    November: 2 of 3 = 66.7 %. October: B alone, 1 of 1."""
    people = People(world)
    a = people.nab(date(2026, 11, 5), complete=True)
    people.nab(date(2026, 10, 10), complete=True)
    people.nab(date(2026, 11, 20), complete=False)
    new_course(world, people.citizen(), started_on=date(2026, 11, 3), offer_type=OfferType.ASSESSMENT)
    actions.start_course(
        world.actor(world.familiekonsulent),
        people.citizen(),
        world.faxe,
        actions.CourseData(
            offer_type=OfferType.RELATIVES,
            started_on=date(2026, 11, 10),
            responsible=world.familiekonsulent,
            index_course=a,
            legal_basis="sul_141",
        ),
    )
    anonymous = citizen_actions.create_citizen(
        world.actor(world.visitator),
        world.faxe,
        CitizenData(is_anonymous=True, alias="Ravnen", birth_year=1990, sex="M"),
    )
    request = new_request(
        world, anonymous, received_on=date(2026, 11, 12), main_substance="cannabis", legal_basis="sel_101a"
    )
    actions.start_course_from_request(
        world.actor(world.visitator),
        request,
        actions.CourseData(offer_type=OfferType.AMBULANT, started_on=date(2026, 11, 12), responsible=world.behandler),
    )


def _unit(world) -> Scope:  # type: ignore[no-untyped-def]
    return Scope("unit", world.faxe.pk, world.faxe.name, "Faxe Kommune")


def test_the_months_are_the_last_twelve_finished_and_the_current_one():
    months = months_shown(date(2026, 12, 1))
    assert months[0] == date(2025, 12, 1) and months[-2] == NOVEMBER and months[-1] == date(2026, 12, 1)
    assert len(months) == 13


def test_the_leader_sees_two_of_three_courses_fully_registered_in_november(world):
    _november(world)
    found = completeness(_unit(world), "internal")
    assert found.units == [world.faxe.name] and len(found.rows) == 1  # one unit: no totals row
    cells = dict(zip(found.months, found.rows[0][1], strict=True))
    november = cells[NOVEMBER]
    assert (november.complete.value, november.total.value) == (2, 3)
    assert round(november.share or 0, 1) == 66.7
    assert str(november).startswith("2 / 3 (66,7")
    october = cells[date(2026, 10, 1)]
    assert (october.complete.value, october.total.value, october.share) == (1, 1, 100.0)
    assert cells[date(2026, 9, 1)].total.value == 0


def test_the_published_view_hides_the_small_counts_and_the_share(world):
    _november(world)
    found = completeness(_unit(world), "published")
    november = dict(zip(found.months, found.rows[0][1], strict=True))[NOVEMBER]
    assert november.complete.hidden and november.total.hidden and november.share is None


def test_the_page_is_internal_for_the_leader_and_published_for_the_analyst(world):
    _november(world)
    leader = client_for(world.leder).get(reverse("stats_registration"))
    assert leader.status_code == 200 and leader.context["view"] == "internal"
    assert "2 / 3 (66,7 %)" in leader.content.decode()
    analyst = client_for(world.analytiker).get(reverse("stats_registration"))
    assert analyst.status_code == 200 and analyst.context["view"] == "published"
    assert "66,7" not in analyst.content.decode()
    asked = client_for(world.analytiker).get(
        reverse("stats_registration"), {"scope": f"unit:{world.faxe.pk}", "view": "internal"}
    )
    assert asked.status_code == 200 and asked.context["view"] == "published"  # no internal view to ask for


def test_the_administrator_and_another_municipality_are_refused(world):
    assert client_for(world.administrator).get(reverse("stats_registration")).status_code == 403
    other = client_for(world.other_behandler).get(reverse("stats_registration"), {"scope": f"unit:{world.faxe.pk}"})
    assert other.status_code == 200 and other.context["form"].errors["scope"]


def test_the_completeness_xlsx_has_a_line_per_unit_and_month(world):
    _november(world)
    response = client_for(world.leder).get(reverse("stats_registration"), {"format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = [row for row in sheet.iter_rows(min_row=5, values_only=True) if row[0]]
    assert sheet["A3"].value.startswith("Intern")
    # Thirteen months of one unit; November 2026 is the twelfth: 2 complete, 1 not, 3 in all, 66.7 %.
    assert rows[12][0].startswith(world.faxe.name) and not rows[13][0].startswith(world.faxe.name)  # then the notes
    assert rows[11][0].startswith(world.faxe.name)
    assert rows[11][1:4] == (2, 1, 3) and round(rows[11][4], 1) == 66.7
    assert rows[10][1:4] == (1, 0, 1)  # October: B alone


def test_the_api_gives_the_same_figures(world):
    _november(world)
    response = api_client(world.leder).get(
        "/api/v1/stats/registration/completeness", {"scope": f"unit:{world.faxe.pk}"}
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["view"] == "internal"
    november = body["rows"][-2]  # the current month is last
    assert [c["value"] for c in november["cells"]] == [2, 1] and november["total"]["value"] == 3
    refused = api_client(world.analytiker).get(
        "/api/v1/stats/registration/completeness", {"scope": f"unit:{world.faxe.pk}", "view": "internal"}
    )
    assert refused.status_code == 403


# --- The live KL-12 evidence -----------------------------------------------------------------


def test_the_live_share_counts_the_years_courses_of_the_municipalitys_units(world):
    """Six NAB courses open in 2026 (five complete, one not), and the November courses' extra ones
    that no register takes: 5 of 6 = 83.3 %. Three courses alone would be too few to publish."""
    people = People(world)
    for month in range(1, 6):
        people.nab(date(2026, month, 2), complete=True)
    people.nab(date(2026, 6, 2), complete=False)
    value = live_value(LiveMeasure.NATIONAL_REGISTRATION_SHARE, world.faxe.municipality, 2026)
    assert value is not None and round(value, 1) == 83.3
    assert live_value(LiveMeasure.NATIONAL_REGISTRATION_SHARE, world.faxe.municipality, 2024) is None


def test_the_live_share_is_hidden_on_too_few_courses(world):
    _november(world)
    assert live_value(LiveMeasure.NATIONAL_REGISTRATION_SHARE, world.faxe.municipality, 2026) is None


def test_the_live_share_is_evidence_for_recommendation_7_and_a_strategy_indicator():
    assert LiveMeasure.NATIONAL_REGISTRATION_SHARE in EVIDENCE[7]
    choices = dict(Indicator._meta.get_field("live").choices or [])
    assert LiveMeasure.NATIONAL_REGISTRATION_SHARE.value in choices


# --- The municipality's own copy -------------------------------------------------------------


def _submission(world, unit, register: str, month: date, housing: list[str | None], made: str):  # type: ignore[no-untyped-def]
    n = Submission.objects.count() + 1
    course = new_course(world, new_citizen(world, f"{n:02d}0490{n:04d}"))
    spec = in_force(register, month)
    submission = Submission.objects.create(
        unit=unit,
        register=register,
        month=month,
        specification=spec.version if spec else "",
        channel="file",
        content=b"-",
        filename="x.txt",
        digest="0" * 64,
        record_count=len(housing) + 1,
        made_by=world.leder,
    )
    Submission.objects.filter(pk=submission.pk).update(made_at=made)
    for value in housing:
        values = {"cpr": "010180-1234"} | ({"housing": value} if value is not None else {})
        SubmittedRecord.objects.create(submission=submission, course=course, kind="intake", values=values)
    SubmittedRecord.objects.create(submission=submission, course=course, kind="discharge", values={"housing": "1"})
    return submission


def _reported(world) -> None:  # type: ignore[no-untyped-def]
    """Faxe's NAB submissions, by hand (intake records by housing; discharge records never count):
    03.2025: 1, 2                         -> 2025: code 1 once, code 2 once
    10.2026 first: 1, 1 (replaced)        -> not counted
    10.2026 correction: 1, 3, not stated  -> 2026: code 1, code 3, not stated, once each
    a drug submission 10.2026: 1          -> another register
    Aalborg's NAB submission 10.2026: 1   -> another municipality"""
    _submission(world, world.faxe, "nab", date(2025, 3, 1), ["1", "2"], "2025-04-10T10:00Z")
    _submission(world, world.faxe, "nab", date(2026, 10, 1), ["1", "1"], "2026-11-10T10:00Z")
    _submission(world, world.faxe, "nab", date(2026, 10, 1), ["1", "3", None], "2026-11-14T10:00Z")
    _submission(world, world.faxe, "drugs", date(2026, 10, 1), ["1"], "2026-11-10T10:00Z")
    _submission(world, world.aalborg, "nab", date(2026, 10, 1), ["1"], "2026-11-10T10:00Z")


def _housing():  # type: ignore[no-untyped-def]
    spec = in_force("nab", date(2026, 12, 1))
    assert spec is not None
    field = spec.field("housing")
    assert field is not None
    return field


def test_the_own_copy_counts_the_submissions_in_force_by_answer_and_year(world):
    _reported(world)
    report = submitted_values(Filters(_unit(world), 2025, 2026, view="internal"), "nab", _housing())
    counts = {row.label.split(" ")[0]: [c.value for c in row.cells] for row in report.rows}
    assert counts["1"] == [1, 1] and counts["2"] == [1, 0] and counts["3"] == [0, 1]
    assert [c.value for c in report.rows[-1].cells] == [0, 1]
    assert report.totals is not None and [c.value for c in report.totals.cells] == [2, 3]


def test_the_own_copy_is_published_for_the_analyst_of_the_municipality(world):
    _reported(world)
    client = client_for(world.analytiker)
    params = {
        "scope": f"municipality:{world.faxe.municipality.pk}",
        "register": "nab",
        "field": "housing",
        "first_year": "2025",
        "last_year": "2026",
    }
    page = client.get(reverse("stats_registration_submitted"), params)
    assert page.status_code == 200 and page.context["view"] == "published"
    report = page.context["reports"][0][0]
    assert all(c.hidden or c.value == 0 for row in report.rows for c in row.cells)
    exported = client.get(reverse("stats_registration_submitted"), {**params, "format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(exported.content)).worksheets[0]
    assert sheet["A3"].value.startswith("Published") or sheet["A3"].value.startswith("Offentlig")
    assert sheet["B4"].value == "2025" and sheet["C4"].value == "2026"


def test_the_leaders_export_of_the_own_copy_is_exact(world):
    _reported(world)
    params = {"register": "nab", "field": "housing", "first_year": "2025", "last_year": "2026", "format": "xlsx"}
    exported = client_for(world.leder).get(reverse("stats_registration_submitted"), params)
    sheet = openpyxl.load_workbook(io.BytesIO(exported.content)).worksheets[0]
    rows = {str(r[0]).split(" ")[0]: r[1:4] for r in sheet.iter_rows(min_row=5, values_only=True) if r[0]}
    assert rows["1"] == (1, 1, 2) and rows["3"] == (0, 1, 1)


def test_a_question_the_register_does_not_ask_is_refused(world):
    params = {"register": "nab", "field": "route", "first_year": "2025", "last_year": "2026"}
    page = client_for(world.leder).get(reverse("stats_registration_submitted"), params)
    assert page.status_code == 200 and page.context["form"].errors["field"]


def test_the_statistics_index_links_the_registration_pages(world):
    leader = client_for(world.leder).get(reverse("stats_index")).content.decode()
    assert reverse("stats_registration") in leader and reverse("stats_return_tables") in leader
    clinician = client_for(world.behandler).get(reverse("stats_index")).content.decode()
    assert reverse("stats_registration") in clinician and reverse("stats_return_tables") not in clinician


def test_a_municipality_with_two_units_has_a_totals_row_and_every_format_opens(world):
    """Faxe's municipality has the centre and, here, the family house (no course a register
    takes: not shown). One unit shown, so no totals row; CSV and PDF open."""
    family_house(world)
    _november(world)
    scope = Scope("municipality", world.faxe.municipality.pk, "Faxe", "Faxe Kommune")
    found = completeness(scope, "published")
    assert found.units == [world.faxe.name] and len(found.rows) == 1
    client = client_for(world.leder)
    params = {"scope": f"municipality:{world.faxe.municipality.pk}"}
    csv = client.get(reverse("stats_registration"), {**params, "format": "csv"})
    assert b"".join(csv.streaming_content).startswith("\ufeff".encode())
    pdf = client.get(reverse("stats_registration"), {**params, "format": "pdf"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_two_units_with_courses_get_a_totals_row(world):
    """B (complete, from 10.10) moved to a second unit with an institution code of its own: the
    totals row of November is still 2 of 3, one complete course at each unit."""
    unit, _clinician = family_house(world)
    Unit.objects.filter(pk=unit.pk).update(institution_code="3503")
    _november(world)
    Course.objects.filter(unit=world.faxe, started_on=date(2026, 10, 10)).update(unit=unit)
    scope = Scope("municipality", world.faxe.municipality.pk, "Faxe", "Faxe Kommune")
    found = completeness(scope, "internal")
    assert [label for label, _cells in found.rows][:2] == sorted([world.faxe.name, unit.name])
    totals = dict(zip(found.months, found.rows[-1][1], strict=True))[NOVEMBER]
    assert (totals.complete.value, totals.incomplete.value, totals.total.value) == (2, 1, 3)
