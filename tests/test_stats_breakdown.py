# SPDX-License-Identifier: AGPL-3.0-or-later
"""The breakdowns by age group, sex, target group and referral source, counting courses or
citizens, worked out by hand; the internal view for the unit's leader and the published one."""

from datetime import date

import pytest
from django.urls import reverse

from forlob.citizens.models import TargetGroup, TargetGroupMarker
from forlob.stats.reports.breakdown import breakdown
from forlob.stats.scopes import CITIZENS, Filters, scope_for
from forlob.stats.suppression import INTERNAL, PUBLISHED
from forlob.treatment.models import Channel
from tests.conftest import new_citizen, new_request
from tests.test_api import api
from tests.test_stats_reports import start, texts
from tests.test_suppression import recoverable
from tests.test_views import client_for

# A: man born 15.06.1990; B: woman born 10.12.2008; C: man born 01.03.2001; D: woman born
# 01.01.1960; E: woman born 1985, a request in 2026 that led to no course.
A, B, C, D, E = "1506901231", "1012084002", "0103014003", "0101601234", "0202852222"


@pytest.fixture
def people(world):  # type: ignore[no-untyped-def]
    """The courses (each with its own request on the start date, from the channel given):
    A 01.03.2025 (34, own doctor), 01.09.2025 day treatment (35, self), 01.02.2026 (35, school);
    B 01.05.2025 (16, school), 10.01.2026 (17, day care);
    C 28.02.2025 (23: the birthday is the next day; job centre), 01.03.2026 (25; mentor);
    D 01.01.2025 (65, home care). E: a request 01.06.2026 (41, relatives), no course.
    Target groups: B young from 2024; C young through 2025; A dual diagnosis from 01.06.2025."""
    citizens = {
        cpr: new_citizen(world, cpr, first_name=name) for name, cpr in zip("ABCDE", (A, B, C, D, E), strict=True)
    }

    def course(cpr: str, on: date, channel: str, offer: str = "ambulant") -> None:
        start(world, new_request(world, citizens[cpr], on, channel=channel), on, offer_type=offer)

    course(A, date(2025, 3, 1), Channel.GP)
    course(A, date(2025, 9, 1), Channel.SELF, offer="day")
    course(B, date(2025, 5, 1), Channel.SCHOOL)
    course(C, date(2025, 2, 28), Channel.JOBCENTER)
    course(D, date(2025, 1, 1), Channel.HOMECARE)
    course(A, date(2026, 2, 1), Channel.SCHOOL, offer="residential")
    course(B, date(2026, 1, 10), Channel.DAYCARE, offer="day")
    course(C, date(2026, 3, 1), Channel.MENTOR, offer="day")
    new_request(world, citizens[E], date(2026, 6, 1), channel=Channel.FAMILY)
    young = TargetGroup.objects.get(code="young_under_25")
    dual = TargetGroup.objects.get(code="dual_diagnosis")
    for cpr, group, from_on, ended_on in (
        (B, young, date(2024, 1, 1), None),
        (C, young, date(2025, 1, 1), date(2025, 12, 31)),
        (A, dual, date(2025, 6, 1), None),
    ):
        TargetGroupMarker.objects.create(
            citizen=citizens[cpr],
            group=group,
            from_on=from_on,
            ended_on=ended_on,
            unit=world.faxe,
            recorded_by=world.behandler,
        )
    return citizens


def filters(world, view: str = INTERNAL, **extra) -> Filters:  # type: ignore[no-untyped-def]
    user = world.leder if view == INTERNAL else world.analytiker
    return Filters(scope_for(world.actor(user), f"unit:{world.faxe.pk}"), 2025, 2026, view=view, **extra)


AGE_GROUPS = ["Under 18", "18–24", "25–29", "30–39", "40–49", "50–59", "60 år og derover"]


def test_courses_by_age_group_counted_as_courses_and_as_citizens(world, people):
    """Courses: 2025 B (16), C (23), A twice (34, 35), D (65); 2026 B (17), C (25), A (35).
    Citizens once a year: A counts once in 2025. Requests add E (41) in 2026."""
    report = breakdown(filters(world), of="courses", by="age")
    assert report.row_labels == AGE_GROUPS
    assert texts(report) == [
        ["Under 18", "1", "1", "2"],
        ["18–24", "1", "0", "1"],
        ["25–29", "0", "1", "1"],
        ["30–39", "2", "1", "3"],
        ["40–49", "0", "0", "0"],
        ["50–59", "0", "0", "0"],
        ["60 år og derover", "1", "0", "1"],
        ["I alt", "5", "3", "8"],
    ]
    citizens = breakdown(filters(world, counting=CITIZENS), of="courses", by="age")
    assert citizens.header == ["Aldersgruppe", "2025", "2026"]  # no total across years: a citizen-year each
    assert [line[1:] for line in texts(citizens)] == [
        ["1", "1"],
        ["1", "0"],
        ["0", "1"],
        ["1", "1"],
        ["0", "0"],
        ["0", "0"],
        ["1", "0"],
        ["4", "3"],
    ]
    requests = breakdown(filters(world), of="requests", by="age")
    assert [line[1:] for line in texts(requests)][4] == ["0", "1", "1"]  # E, 41 in 2026


def test_by_sex_and_the_published_view_hides_every_small_count_and_pins_none(world, people):
    internal = breakdown(filters(world), of="courses", by="sex")
    assert texts(internal) == [["Kvinde", "2", "1", "3"], ["Mand", "3", "2", "5"], ["I alt", "5", "3", "8"]]
    published = breakdown(filters(world, PUBLISHED), of="courses", by="sex")
    assert published.view == PUBLISHED
    cells = [line[1:] for line in texts(published)]
    # Every count from 1 to 4 is hidden; what is shown is exact.
    exact = [line[1:] for line in texts(internal)]
    for shown_row, exact_row in zip(cells, exact, strict=True):
        for shown, value in zip(shown_row, exact_row, strict=True):
            assert shown in ("<5", "x") if 0 < int(value) < 5 else shown in (value, "x")
    truth = [[int(value) for value in line[1:3]] for line in texts(internal)[:2]]
    assert recoverable(published.table, truth) == []


def test_requests_by_referral_source_each_channel_and_year(world, people):
    report = breakdown(filters(world), of="requests", by="channel")
    rows = {line[0]: line[1:] for line in texts(report)}
    assert rows["Egen læge"] == ["1", "0", "1"]
    assert rows["Borgeren selv"] == ["1", "0", "1"]
    assert rows["Skole eller ungdomsuddannelse"] == ["1", "1", "2"]
    assert rows["Dagtilbud"] == ["0", "1", "1"]
    assert rows["Mentor eller kontaktperson"] == ["0", "1", "1"]
    assert rows["Hjemmepleje"] == ["1", "0", "1"]
    assert rows["Jobcenter"] == ["1", "0", "1"]
    assert rows["Pårørende"] == ["0", "1", "1"]  # E's request, without a course
    assert rows["I alt"] == ["5", "4", "9"]
    courses = {line[0]: line[1:] for line in texts(breakdown(filters(world), of="courses", by="channel"))}
    assert courses["Pårørende"] == ["0", "0", "0"] and courses["I alt"] == ["5", "3", "8"]


def test_target_groups_overlap_so_the_table_has_no_totals_and_published_hides_small_counts(world, people):
    """Courses: young B 2025, C 2025 (marked through 2025), B 2026; dual diagnosis A 01.09.2025
    and 2026 (not A's course of 01.03.2025, before the marker); none: A 01.03.2025, D, C 2026.
    Citizens by their first course of the year: A's 2025 falls before the marker."""
    report = breakdown(filters(world), of="courses", by="target_group")
    rows = {line[0]: line[1:] for line in texts(report)}
    assert report.totals is None and report.row_total_label == ""
    assert rows["Unge under 25"] == ["2", "1"]
    assert rows["Dobbeltdiagnose (psykisk lidelse og rusmiddelproblem)"] == ["1", "1"]
    assert rows["Hjemløse"] == ["0", "0"]
    assert rows["Ingen målgruppe"] == ["2", "1"]
    citizens = {
        line[0]: line[1:]
        for line in texts(breakdown(filters(world, counting=CITIZENS), of="courses", by="target_group"))
    }
    assert citizens["Dobbeltdiagnose (psykisk lidelse og rusmiddelproblem)"] == ["0", "1"]
    assert citizens["Ingen målgruppe"] == ["2", "1"]
    published = {
        line[0]: line[1:] for line in texts(breakdown(filters(world, PUBLISHED), of="courses", by="target_group"))
    }
    assert published["Unge under 25"] == ["<5", "<5"] and published["Hjemløse"] == ["0", "0"]


def test_the_breakdown_pages_and_api_for_the_leader_and_the_analyst(world, people):
    query = f"?scope=unit:{world.faxe.pk}&first_year=2025&last_year=2026"
    page = client_for(world.leder).get(reverse("stats_by_channel") + query).content.decode()
    assert "Henvendelser modtaget efter henvisningskilde" in page and "Interne tal" in page
    assert "Mentor eller kontaktperson" in page
    body = api(world.leder).get(f"/api/v1/stats/breakdown{query}&of=courses&by=age&counting=citizens").json()
    assert body["view"] == "internal" and [c["value"] for c in body["totals"]["cells"]] == [4, 3]
    analyst = api(world.analytiker).get(f"/api/v1/stats/breakdown{query}&of=courses&by=sex").json()
    assert analyst["view"] == "published" and analyst["rows"][0]["cells"][0]["text"] in ("<5", "x")
    assert api(world.analytiker).get(f"/api/v1/stats/breakdown{query}&view=internal").status_code == 403
