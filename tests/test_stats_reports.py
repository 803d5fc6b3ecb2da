# SPDX-License-Identifier: AGPL-3.0-or-later
"""The guarantee, children and activity reports on hand-built data, and the exports: the XLSX
read back and the PDF's text compared with the table on screen."""

import io
import re
from collections import Counter
from datetime import date, time, timedelta
from html import unescape

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from forlob.audit.models import AccessLogEntry, Use
from forlob.citizens.models import Citizen
from forlob.common.dates import today
from forlob.common.paging import WebPage
from forlob.family import actions as family_actions
from forlob.stats.reports.activity import activity
from forlob.stats.reports.children import children_affected
from forlob.stats.reports.guarantee import guarantee_breaches, percentile, treatment_guarantee
from forlob.stats.scopes import Filters, scope_for
from forlob.stats.suppression import INTERNAL
from forlob.treatment import actions
from tests.conftest import new_citizen, new_request
from tests.test_api import api
from tests.test_views import client_for


def cprs(prefix: str):  # type: ignore[no-untyped-def]
    """Distinct CPR numbers: day 01-28 of the months in ``prefix`` (two digits of a month)."""
    return iter(f"{d:02d}{prefix}{n % 10}{d % 10}{n:02d}"[:10] for n in range(1, 99) for d in range(1, 29))


def start(world, request, started_on: date, **extra):  # type: ignore[no-untyped-def]
    data = actions.CourseData(
        offer_type=extra.pop("offer_type", "ambulant"), started_on=started_on, responsible=world.behandler, **extra
    )
    return actions.start_course_from_request(world.actor(world.visitator), request, data)


def faxe(world, first: int, last: int, actor=None, **extra) -> Filters:  # type: ignore[no-untyped-def]
    return Filters(scope_for(world.actor(actor or world.analytiker), f"unit:{world.faxe.pk}"), first, last, **extra)


def texts(report) -> list[list[str]]:  # type: ignore[no-untyped-def]
    """The table as published: counts as text, measures with one decimal, "–" where hidden."""
    return [
        [str(c) if not isinstance(c, float | type(None)) else ("–" if c is None else f"{c:.1f}") for c in line]
        for line in report.lines()
    ]


# --- Treatment guarantee ---------------------------------------------------------------------

WAITS_2024 = [3, 7, 10, 12, 14, 14, 15, 16, 20, 30, 40]  # deadline inclusive: 14 days is in time
WAITS_2025 = [2, 4, 6, 8, 10]


def build_guarantee(world) -> None:  # type: ignore[no-untyped-def]
    numbers = cprs("0370")
    visitator = world.actor(world.visitator)
    for received, waits in ((date(2024, 3, 1), WAITS_2024), (date(2025, 6, 2), WAITS_2025)):
        for n, wait in enumerate(waits):
            citizen = new_citizen(world, next(numbers), first_name=f"Venter{received.year}-{n}")
            start(world, new_request(world, citizen, received), received + timedelta(days=wait))
    for n in range(2):  # 2025: two still waiting, long past the deadline
        new_request(world, new_citizen(world, next(numbers), first_name=f"Glemt{n}"), date(2025, 5, 1))
    for n in range(3):  # 2025: three closed, the citizen declined
        request = new_request(world, new_citizen(world, next(numbers), first_name=f"Takkede{n}"), date(2025, 7, 1))
        actions.close_request(visitator, request, "declined")


def test_treatment_guarantee_worked_out_by_hand(world):
    """2024: 11 started, 6 by the deadline (54.5 %); waits sorted 3 … 40: median the 6th (14),
    90th percentile the 10th of 11 (30). 2025: 5 in time, 2 waiting past the deadline, 3 closed;
    the 2 and the 3 are hidden, and nothing pins them: their row adds up to 5 = 1+4, 2+3, …, and
    the column totals say the same. So the share in time is hidden too (it needs the 2). All 16
    waits: median (10+12)/2 = 11, 90th percentile the 15th (30)."""
    build_guarantee(world)
    report = treatment_guarantee(faxe(world, 2024, 2025))
    assert report.header == [
        "Modtaget år",
        "Startet til tiden",
        "Startet for sent",
        "Venter, fristen overskredet",
        "Venter, inden for fristen",
        "Henvist eller lukket uden forløb",
        "Henvendelser",
        "Andel til tiden (%)",
        "Median ventetid (dage)",
        "90 %-fraktil ventetid (dage)",
    ]
    assert texts(report) == [
        ["2024", "6", "5", "0", "0", "0", "11", "54.5", "14.0", "30.0"],
        ["2025", "5", "0", "<5", "0", "<5", "10", "–", "6.0", "10.0"],
        ["I alt", "11", "5", "<5", "0", "<5", "21", "–", "11.0", "30.0"],
    ]


def test_percentile_is_the_nearest_rank_of_the_values_a_histogram_stands_for():
    assert [percentile(Counter(range(1, 11)), p) for p in (10, 50, 90, 100)] == [1, 5, 9, 10]
    assert percentile(Counter([7]), 90) == 7
    waits = Counter({3: 2, 9: 5, 40: 3})  # 3 3 9 9 9 9 9 40 40 40: the 9th of 10 is 40
    assert percentile(waits, 90) == 40 and percentile(waits, 20) == 3 and percentile(waits, 21) == 9


def test_a_request_within_its_deadline_is_waiting_not_late(world):
    day = today()
    new_request(world, new_citizen(world, "0101901234"), day - timedelta(days=2))
    report = treatment_guarantee(faxe(world, day.year - 1, day.year))
    waiting = {line[0]: line[4] for line in texts(report)}
    assert waiting[str((day - timedelta(days=2)).year)] == "<5"
    assert [line[3] for line in texts(report)] == ["0", "0", "0"]


def test_only_the_units_leader_sees_the_breaches_on_screen_and_they_are_logged(world):
    build_guarantee(world)
    assert guarantee_breaches(world.actor(world.analytiker), faxe(world, 2024, 2025), WebPage(None, 50)) is None
    found = guarantee_breaches(world.actor(world.leder), faxe(world, 2024, 2025, actor=world.leder), WebPage(None, 50))
    assert found is not None
    breaches = found.rows
    # 2024's five waits past 14 days, and 2025's two still waiting since 1 May (deadline 15 May)
    assert sorted(b.days_late for b in breaches if b.started_on) == [1, 2, 6, 16, 26]
    assert [b.citizen.first_name for b in breaches if not b.started_on] == ["Glemt0", "Glemt1"]
    logged = AccessLogEntry.objects.filter(user=world.leder, via="Statistik: behandlingsgaranti")
    assert logged.count() == 7

    query = f"?scope=unit:{world.faxe.pk}&first_year=2024&last_year=2025"
    leader = client_for(world.leder)
    page = leader.get(reverse("stats_guarantee") + query).content.decode()
    assert "Henvendelser efter garantifristen" in page and "Glemt0" in page
    for fmt in ("csv", "xlsx", "pdf"):
        export = leader.get(reverse("stats_guarantee") + query + f"&format={fmt}").getvalue()
        assert b"Glemt0" not in export and b"Venter2024" not in export
    analyst_page = client_for(world.analytiker).get(reverse("stats_guarantee") + query).content.decode()
    assert "Glemt0" not in analyst_page and "Henvendelser efter garantifristen" not in analyst_page
    body = api(world.leder).get(f"/api/v1/stats/treatment-guarantee{query}").json()
    # The leader's own figures are exact: 11 in time of 11 + 5 late + 2 waiting past the deadline.
    assert "Glemt0" not in str(body) and body["totals"]["measures"] == [100 * 11 / 18, 11.0, 30.0]
    assert body["view"] == "internal"
    published = api(world.leder).get(f"/api/v1/stats/treatment-guarantee{query}&view=published").json()
    assert published["view"] == "published" and published["totals"]["measures"] == [None, 11.0, 30.0]
    # The published view lists no one: hidden counts never stand beside names.
    published_page = leader.get(reverse("stats_guarantee") + query + "&view=published").content.decode()
    assert "Glemt0" not in published_page and "Henvendelser efter garantifristen" not in published_page


def test_the_leader_sees_the_units_own_guarantee_exactly_and_the_analyst_published(world):
    """The same requests as above, internal: 2025 has 5 in time, 2 waiting past the deadline and 3
    closed, shown as they are; the share in time is 5 of 7 = 71.4 %, in all 11 of 18 = 61.1 %."""
    build_guarantee(world)
    report = treatment_guarantee(faxe(world, 2024, 2025, actor=world.leder, view=INTERNAL))
    assert report.view == INTERNAL
    assert texts(report) == [
        ["2024", "6", "5", "0", "0", "0", "11", "54.5", "14.0", "30.0"],
        ["2025", "5", "0", "2", "0", "3", "10", "71.4", "6.0", "10.0"],
        ["I alt", "11", "5", "2", "0", "3", "21", "61.1", "11.0", "30.0"],
    ]
    query = f"?scope=unit:{world.faxe.pk}&first_year=2024&last_year=2025"
    leader_page = client_for(world.leder).get(reverse("stats_guarantee") + query).content.decode()
    assert "Interne tal" in leader_page and "71,4" in leader_page
    analyst = client_for(world.analytiker)
    analyst_page = analyst.get(reverse("stats_guarantee") + query).content.decode()
    assert "Offentliggjorte tal" in analyst_page and "71,4" not in analyst_page
    # The analyst cannot have the internal view: on screen there is no such choice, the API refuses.
    asked = analyst.get(reverse("stats_guarantee") + query + "&view=internal").content.decode()
    assert "Offentliggjorte tal" in asked and "71,4" not in asked
    assert api(world.analytiker).get(f"/api/v1/stats/treatment-guarantee{query}&view=internal").status_code == 403
    # Every export says which view it is.
    csv_text = client_for(world.leder).get(reverse("stats_guarantee") + query + "&format=csv").getvalue()
    assert b"Interne tal" in csv_text
    published_csv = analyst.get(reverse("stats_guarantee") + query + "&format=csv").getvalue()
    assert b"Offentliggjorte tal" in published_csv


# --- Children ------------------------------------------------------------------------------


def test_children_affected_worked_out_by_hand(world):
    """Five parents in treatment since 2024, each with a child born 2010 at home. The first also
    has one born 01.06.2007 (17 at the end of 2024, 18 at the end of 2025), the second one born
    2012 who lives elsewhere, the third one with only a birth year, 2015. A sixth citizen was in
    treatment in spring 2024 with a child born 2011 at home; a seventh started in 2025 in day
    treatment, without children.
    2024: 6 in treatment, 6 with children, 5 + 1 + 1 + 1 = 8 children.
    2025: 6 in treatment, 5 with children, 5 + 1 = 6 children."""
    numbers = cprs("0465")
    clinician = world.actor(world.behandler)

    def child(citizen, **born) -> None:  # type: ignore[no-untyped-def]
        data = family_actions.RelationData(kind="child", name="Barn", in_household=born.pop("home", True), **born)
        family_actions.add_relation(clinician, citizen, data)

    for n in range(5):
        parent = new_citizen(world, next(numbers), first_name=f"Forælder{n}")
        start(world, new_request(world, parent, date(2024, 1, 20)), date(2024, 2, 1))
        child(parent, birth_date=date(2010, 5, 1))
        if n == 0:
            child(parent, birth_date=date(2007, 6, 1))
        if n == 1:
            child(parent, birth_date=date(2012, 1, 1), home=False)
        if n == 2:
            child(parent, birth_year=2015)
    spring = new_citizen(world, next(numbers), first_name="Forår")
    course = start(world, new_request(world, spring, date(2024, 2, 20)), date(2024, 3, 1))
    actions.discharge_course(clinician, course, date(2024, 5, 1), "completed")
    child(spring, birth_date=date(2011, 9, 9))
    late = new_citizen(world, next(numbers), first_name="Sen")
    start(world, new_request(world, late, date(2025, 1, 20)), date(2025, 2, 1), offer_type="day")

    assert texts(children_affected(faxe(world, 2024, 2025))) == [["2024", "6", "6", "8"], ["2025", "6", "5", "6"]]
    assert texts(children_affected(faxe(world, 2024, 2025, offer_type="day"))) == [
        ["2024", "0", "0", "0"],
        ["2025", "<5", "0", "0"],
    ]


# --- Activity -------------------------------------------------------------------------------


def test_activity_worked_out_by_hand(world):
    """2025: one course with 8 individual sessions attended and 5 not turned up (38.5 % no-show),
    6 phone calls held, 3 not answered, 2 cancelled; a group of ten: 5 came, 2 did not, 3 sent
    word. The four counts 2, 3, 3, 2 are hidden; no total pins them (each row and column holds
    two, adding up to 5). No-show in all: 10 of 29 = 34.5 %. A session in 2024 is not counted."""
    clinician = world.actor(world.behandler)
    numbers = cprs("0155")
    courses = []
    for n in range(10):
        citizen = new_citizen(world, next(numbers), first_name=f"Deltager{n}")
        courses.append(start(world, new_request(world, citizen, date(2024, 12, 1)), date(2024, 12, 10)))

    def session(kind: str, attendance: str, day: date = date(2025, 3, 3)) -> None:
        data = actions.SessionData(held_on=day, kind=kind, attendance=attendance, staff=[world.behandler])
        actions.register_session(clinician, courses[0], data)

    for kind, attendance, n in [
        ("individual", "attended", 8),
        ("individual", "no_show", 5),
        ("phone", "attended", 6),
        ("phone", "no_show", 3),
        ("phone", "cancelled", 2),
    ]:
        for _i in range(n):
            session(kind, attendance)
    session("individual", "attended", date(2024, 12, 30))
    group_data = actions.GroupData(
        name="Tirsdagsgruppen", weekday=1, start_time=time(17), starts_on=date(2025, 1, 7), staff=[world.behandler]
    )
    group = actions.create_group(clinician, world.faxe, group_data)
    for course in courses:
        actions.add_group_member(clinician, group, course, date(2025, 1, 7))
    marks = ["attended"] * 5 + ["no_show"] * 2 + ["cancelled"] * 3
    actions.register_group_session(
        clinician,
        group,
        actions.SessionData(held_on=date(2025, 1, 14), kind="group", attendance="attended", staff=[world.behandler]),
        {course.pk: mark for course, mark in zip(courses, marks, strict=True)},
    )
    report = activity(faxe(world, 2025, 2025))
    assert texts(report) == [
        ["Individuel samtale", "8", "5", "0", "13", "38.5"],
        ["Gruppesession", "5", "<5", "<5", "10", "–"],
        ["Parsamtale", "0", "0", "0", "0", "–"],
        ["Fælles familiesamtale", "0", "0", "0", "0", "–"],
        ["Netværksmøde", "0", "0", "0", "0", "–"],
        ["Telefonsamtale", "6", "<5", "<5", "11", "–"],
        ["I alt", "19", "10", "5", "34", "34.5"],
    ]


# --- Exports and query counts -----------------------------------------------------------------


def screen_rows(html: str) -> list[list[str]]:
    """The cells of the first table on a page, as text."""
    table = html[html.index("<table") : html.index("</table>")]
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)
    return [
        [unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in rows
    ]


def test_screen_xlsx_and_pdf_publish_the_same_table(world):
    build_guarantee(world)
    query = f"?scope=unit:{world.faxe.pk}&first_year=2024&last_year=2025"
    client = client_for(world.analytiker)
    html = client.get(reverse("stats_guarantee") + query).content.decode()
    screen = screen_rows(html)
    assert screen[0][0] == "Modtaget år" and screen[2][:6] == ["2025", "5", "0", "<5", "0", "<5"]
    assert "<svg" in html and 'aria-label="Diagram: Behandlingsgaranti' in html

    xlsx = client.get(reverse("stats_guarantee") + query + "&format=xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "Behandlingsgaranti" and values[1][0] == "Rusmiddelcentret Faxe, 2024–2025"
    table = [row[: len(screen[0])] for row in values[3:7]]
    assert table[0] == tuple(screen[0])
    assert table[1][:7] == ("2024", 6, 5, 0, 0, 0, 11) and table[1][7] == pytest.approx(54.5454, abs=1e-3)
    assert table[2][:8] == ("2025", 5, 0, "<5", 0, "<5", 10, None)
    for xlsx_row, screen_row in zip(table, screen, strict=False):
        shown = [
            "–" if v is None else (f"{v:.1f}".replace(".", ",").removesuffix(",0") if isinstance(v, float) else str(v))
            for v in xlsx_row
        ]
        assert shown == screen_row
    notes = [row[0] for row in values[8:] if row[0]]
    assert notes[0].startswith("Antal fra 1 til 4 vises som <5") and notes[1].startswith("Kilde: Forløb, udtrukket")

    pdf = client.get(reverse("stats_guarantee") + query + "&format=pdf")
    assert pdf["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    text = re.sub(r"\s+", " ", text)
    assert "Faxe Kommune" in text and "Rusmiddelcentret Faxe, 2024–2025" in text
    assert "Kilde: Forløb, udtrukket" in text and "Antal fra 1 til 4 vises som <5" in text
    for row in screen[1:]:
        assert " ".join(row) in text


def test_query_count_does_not_grow_with_the_data(world):
    def count(build, filters) -> int:  # type: ignore[no-untyped-def]
        with CaptureQueriesContext(connection) as captured:
            build(filters)
        return len(captured)

    reports = (treatment_guarantee, children_affected, activity)
    before = [count(build, faxe(world, 2024, 2025)) for build in reports]
    build_guarantee(world)
    after = [count(build, faxe(world, 2024, 2025)) for build in reports]
    assert before == after == [2, 2, 2]  # the guarantee: started and not started; children: one query per year


# --- Person-level extracts --------------------------------------------------------------------


def test_the_pseudonymised_extract_has_no_cpr_or_name_and_a_stable_pseudonym(world):
    build_guarantee(world)
    client = client_for(world.analytiker)
    first = client.post(reverse("stats_extract"), extract_form(world)).getvalue().decode("utf-8")
    lines = [line.split(";") for line in first.splitlines()]
    assert lines[0][:4] == ["\ufeffPseudonym", "Fødselsår", "Køn", "Kommunekode"]
    assert len([line for line in lines[1:] if len(line) > 5]) == 16  # the 16 courses started
    assert "Venter2024" not in first and "0101" not in first.split("\n", 1)[1].split(";")[0]
    waits = sorted(int(line[12]) for line in lines[1:17])
    assert waits == sorted(WAITS_2024 + WAITS_2025)
    second = client.post(reverse("stats_extract"), extract_form(world)).getvalue().decode("utf-8")
    assert [line.split(";")[0] for line in second.splitlines()[1:17]] == [line[0] for line in lines[1:17]]
    assert len({line[0] for line in lines[1:17]}) == 16
    logged = AccessLogEntry.objects.filter(user=world.analytiker, via="Pseudonymiseret udtræk", use="export")
    assert logged.count() == 32  # 16 citizens, twice


def test_analysts_pull_the_pseudonymised_extract_through_the_api(world):
    build_guarantee(world)
    query = f"?scope=unit:{world.faxe.pk}&first_year=2024&last_year=2025"
    answer = api(world.analytiker).get("/api/v1/stats/extract" + query)
    assert answer.status_code == 200
    data = answer.json()
    assert (data["scope"], data["first_year"], data["last_year"], data["count"]) == (world.faxe.name, 2024, 2025, 16)
    assert sorted(item["wait_days"] for item in data["items"]) == sorted(WAITS_2024 + WAITS_2025)
    first = next(item for item in data["items"] if item["request_received"] == "2024-03-01")
    assert (first["started_on"], first["wait_days"], first["offer_type"], first["legal_basis"]) == (
        "2024-03-04",
        3,
        "ambulant",
        "sul_141",
    )
    assert "Venter" not in answer.content.decode() and "cpr" not in str(data["items"][0].keys())
    screen = client_for(world.analytiker).post(reverse("stats_extract"), extract_form(world))
    pseudonyms = {line.split(";")[0] for line in screen.getvalue().decode("utf-8-sig").splitlines()[1:17]}
    assert {item["pseudonym"] for item in data["items"]} == pseudonyms
    assert AccessLogEntry.objects.filter(user=world.analytiker, via="api", use="export").count() == 16

    refused = api(world.behandler).get("/api/v1/stats/extract" + query)
    assert refused.status_code == 403
    assert refused.json()["detail"].startswith("Kun kommunens analytikere og ledere")
    backwards = api(world.analytiker).get(
        f"/api/v1/stats/extract?scope=unit:{world.faxe.pk}&first_year=2025&last_year=2024"
    )
    assert backwards.status_code == 422 and backwards.json()["detail"][0]["field"] == "last_year"


def extract_form(world, **extra: str) -> dict[str, object]:  # type: ignore[no-untyped-def]
    return {"scope": f"unit:{world.faxe.pk}", "first_year": 2024, "last_year": 2025, **extra}


def csv_table(response) -> list[list[str]]:  # type: ignore[no-untyped-def]
    """The rows of a CSV download, header first, without the notes under the table."""
    assert response["Content-Type"].startswith("text/csv")
    return [line.split(";") for line in response.getvalue().decode("utf-8-sig").split("\r\n\r\n")[0].splitlines()]


def test_the_extract_is_not_downloaded_by_get(world):
    build_guarantee(world)
    query = f"?hent=1&scope=unit:{world.faxe.pk}&first_year=2024&last_year=2025&purpose=Analyse"
    page = client_for(world.leder).get(reverse("stats_extract") + query)
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    assert '<form method="post"' in page.content.decode()
    assert not AccessLogEntry.objects.filter(use=Use.EXPORT).exists()


def test_the_extract_writes_its_purpose_to_the_log_of_every_citizen_in_it(world):
    build_guarantee(world)
    purpose = "Analyse af ventetider 2024-2025"
    lines = csv_table(client_for(world.leder).post(reverse("stats_extract"), extract_form(world, purpose=purpose)))
    started = Citizen.objects.filter(first_name__startswith="Venter")
    assert len(lines) - 1 == started.count() and not any(re.search(r"\d{6}-\d{4}", ";".join(line)) for line in lines)
    logged = AccessLogEntry.objects.filter(user=world.leder, use=Use.EXPORT)
    assert sorted(logged.values_list("citizen_id", flat=True)) == sorted(c.pk for c in started)
    assert set(logged.values_list("purpose", "via")) == {(purpose, "Pseudonymiseret udtræk")}


def test_charts_drawn_at_once_in_threads_each_show_their_own_counts():
    from concurrent.futures import ThreadPoolExecutor

    from forlob.stats.charts import chart_svg
    from forlob.stats.report import Report
    from forlob.stats.suppression import suppress_table

    def report(n: int) -> Report:
        table = suppress_table([[10 + n]], row_totals=False, column_totals=False)
        return Report(f"Rapport{n}", "", "År", [f"Række{n}"], ["Antal"], table)

    with ThreadPoolExecutor(4) as pool:  # the threads of one gunicorn worker
        svgs = list(pool.map(chart_svg, [report(n) for n in range(12)]))
    assert all(f"Række{n}" in svg and f"Rapport{n}." in svg for n, svg in enumerate(svgs))
    assert chart_svg(report(3)) == svgs[3]  # the same counts: the same chart


def test_the_breaches_are_paged_and_only_the_page_shown_is_logged(world, settings):
    """Seven breaches (five started late in 2024, two waiting since May 2025), three to a page:
    pages of 3, 3 and 1, oldest first, each logging its own citizens and no one else."""
    build_guarantee(world)
    settings.PAGE_SIZE = 3
    leader = client_for(world.leder)
    url = reverse("stats_guarantee") + f"?scope=unit:{world.faxe.pk}&first_year=2024&last_year=2025"
    logged = AccessLogEntry.objects.filter(user=world.leder, via="Statistik: behandlingsgaranti")
    first = leader.get(url).content.decode()
    assert "7 henvendelser, ældste først." in first and first.count("Venter2024-") == 3 and "Glemt" not in first
    assert logged.count() == 3
    assert f"scope=unit%3A{world.faxe.pk}&amp;first_year=2024&amp;last_year=2025&amp;page=3" in first
    last = leader.get(url + "&page=3").content.decode()
    assert "Venter2024-" not in last and last.count("Glemt") == 1  # the newest received, last
    assert logged.count() == 3 + 1
    # A page beyond the last shows the last; a page that is no number shows the first.
    assert leader.get(url + "&page=99").content.decode().count("Glemt") == 1
    assert leader.get(url + "&page=x").content.decode().count("Venter2024-") == 3
    assert logged.count() == 3 + 1 + 1 + 3
