# SPDX-License-Identifier: AGPL-3.0-or-later
"""Statistics reports on hand-built data: the expected tables, "<5" placements included, are
written out here and compared with the screen, the CSV and the API."""

from datetime import date

from django.urls import reverse
from django.utils import timezone

from forlob.organisations.models import Cluster, Membership, Municipality, Role, Unit, UnitKind
from forlob.stats.reports.courses import end_reasons_per_year, relatives_and_family_courses, started_and_completed
from forlob.stats.scopes import CITIZENS, Filters, scope_for, scopes_for
from forlob.stats.suppression import INTERNAL
from forlob.treatment import actions
from tests.conftest import family_house, make_user, new_citizen, new_course
from tests.test_api import api
from tests.test_views import client_for

# Courses ended per year and end reason. 2012's citizen lives in Faxe, 2013's in Stevns (treated
# in Faxe, which serves Stevns by agreement).
ENDED = {2012: {"completed": 6, "own_wish": 3, "no_show": 5, "other": 1}, 2013: {"completed": 7, "died": 1}}

# Rows in NAB's order. 2013's single death is hidden; with the year's total shown, 7 would give it
# away, so the 7 is hidden too (x). 2012's two hidden counts add up to 4 and can be 1+3, 2+2 or 3+1.
EXPECTED = [
    ["Færdigbehandlet", "6", "x"],
    ["Afsluttet efter eget ønske", "<5", "0"],
    ["Udeblevet", "5", "0"],
    ["Død", "0", "<5"],
    ["Fraflyttet", "0", "0"],
    ["Udskrevet til anden institution", "0", "0"],
    ["Udskrevet til egen læge", "0", "0"],
    ["Udskrevet til hospital", "0", "0"],
    ["Andet", "<5", "0"],
]


def build(world) -> None:  # type: ignore[no-untyped-def]
    home = {2012: world.faxe.municipality, 2013: Municipality.objects.get(code="336")}  # Faxe, Stevns
    for year, reasons in ENDED.items():
        citizen = new_citizen(world, f"01018{year % 10}1234", first_name=f"Borger{year}", municipality=home[year])
        for reason, n in reasons.items():
            for _i in range(n):
                course = new_course(world, citizen, started_on=date(year, 2, 1))
                actions.discharge_course(world.actor(world.behandler), course, date(year, 6, 1), reason)


def shown(report) -> list[list[str]]:  # type: ignore[no-untyped-def]
    return [[row.label, *(str(c) for c in row.cells)] for row in report.rows]


def test_end_reasons_per_year_worked_out_by_hand(world):
    build(world)
    actor = world.actor(world.analytiker)
    report = end_reasons_per_year(Filters(scope_for(actor, f"unit:{world.faxe.pk}"), 2012, 2013))
    assert report.column_labels == ["2012", "2013"]
    assert shown(report) == EXPECTED
    assert [str(c) for c in report.table.column_totals] == ["15", "8"]
    only_completed_2012 = end_reasons_per_year(
        Filters(scope_for(actor, f"unit:{world.faxe.pk}"), 2012, 2012, offer_type="ambulant", substance="alcohol")
    )
    assert shown(only_completed_2012)[0] == ["Færdigbehandlet", "6"]
    day_treatment = end_reasons_per_year(Filters(scope_for(actor, f"unit:{world.faxe.pk}"), 2012, 2012, "day"))
    assert day_treatment.table.column_totals[0].value == 0


def test_the_buying_municipality_sees_its_own_citizens_treated_elsewhere(world):
    build(world)
    stevns = Municipality.objects.get(code="336")
    office = Unit.objects.create(name="Stevns Kommune, Sundhed", municipality=stevns, kind=UnitKind.OTHER)
    analyst = make_user("analytiker.stevns", office, Role.ANALYTIKER)
    actor = world.actor(analyst)
    assert [s.label for s in scopes_for(actor)] == [
        "Stevns Kommune, Sundhed",
        "Borgere i Stevns",
        "Borgere i Klynge Syd",
    ]
    report = end_reasons_per_year(Filters(scope_for(actor, f"municipality:{stevns.pk}"), 2012, 2013))
    assert [row[1:] for row in shown(report)][:4] == [["0", "x"], ["0", "0"], ["0", "0"], ["0", "<5"]]
    assert [str(c) for c in report.table.column_totals] == ["0", "8"]
    page = client_for(analyst).get(reverse("stats_end_reasons") + f"?scope=unit:{world.faxe.pk}")
    assert "Marker en gyldig valgmulighed" in page.content.decode()  # Faxe's production is not Stevns' to see


def test_a_cluster_counts_the_citizens_of_its_municipalities(world):
    build(world)  # a Faxe citizen in 2012, a Stevns citizen in 2013: both municipalities are in Klynge Syd
    greve = Municipality.objects.get(name="Greve")  # in Klynge Øst
    neighbour = new_citizen(world, "0101851234", first_name="Greveborger", municipality=greve)
    for _i in range(6):
        course = new_course(world, neighbour, started_on=date(2013, 2, 1))
        actions.discharge_course(world.actor(world.behandler), course, date(2013, 6, 1), "completed")
    coordinator = make_user("koordinator.syd", world.faxe, Role.KOORDINATOR)
    actor = world.actor(coordinator)
    [syd] = scopes_for(actor)
    assert (syd.key, syd.label, syd.municipality) == (
        f"cluster:{Cluster.objects.get(name='Klynge Syd').pk}",
        "Borgere i Klynge Syd",
        "Klynge Syd, Region Sjælland",
    )
    assert shown(end_reasons_per_year(Filters(syd, 2012, 2013))) == EXPECTED
    analyst = world.actor(world.analytiker)
    unit = end_reasons_per_year(Filters(scope_for(analyst, f"unit:{world.faxe.pk}"), 2012, 2013))
    assert [str(c) for c in unit.table.column_totals] == ["15", "14"]  # the unit treated the Greve citizen too
    assert f"cluster:{syd.pk}" in [s.key for s in scopes_for(analyst)]  # Faxe's analyst sees Faxe's cluster

    client = client_for(coordinator)
    page = client.get(reverse("stats_end_reasons") + f"?scope={syd.key}&first_year=2012&last_year=2013").content
    assert "Borgere i Klynge Syd" in page.decode() and "Greveborger" not in page.decode()
    index = client.get(reverse("stats_index")).content.decode()
    assert reverse("stats_end_reasons") in index and reverse("stats_extract") not in index
    assert client.get(reverse("stats_extract")).status_code == 403  # no person-level extract of a cluster
    query = f"?scope={syd.key}&first_year=2012&last_year=2013"
    assert api(world.analytiker).get("/api/v1/stats/extract" + query).status_code == 403
    assert api(coordinator).get("/api/v1/stats/end-reasons" + query).json()["scope"] == "Borgere i Klynge Syd"


def test_end_reasons_page_csv_and_api_publish_the_same_table(world):
    build(world)
    query = f"?scope=unit:{world.faxe.pk}&first_year=2012&last_year=2013"
    client = client_for(world.analytiker)
    page = client.get(reverse("stats_end_reasons") + query).content.decode()
    assert "Afslutningsårsager pr. år" in page and "Færdigbehandlet" in page and "&lt;5" in page
    assert "Borger2012" not in page
    text = client.get(reverse("stats_end_reasons") + query + "&format=csv").getvalue().decode("utf-8")
    lines = [line.split(";") for line in text.splitlines()]
    assert lines[0] == ["\ufeffAfslutningsårsag", "2012", "2013"]
    assert lines[1 : 1 + len(EXPECTED)] == EXPECTED
    assert lines[1 + len(EXPECTED)] == ["I alt", "15", "8"]
    body = (
        api(world.analytiker)
        .get(f"/api/v1/stats/end-reasons?scope=unit:{world.faxe.pk}&first_year=2012&last_year=2013")
        .json()
    )
    assert [[row["label"], *(c["text"] for c in row["cells"])] for row in body["rows"]] == EXPECTED
    assert body["rows"][0]["cells"][1] == {"value": None, "text": "x"}


def test_bad_report_filters_get_a_danish_answer(world):
    client = client_for(world.analytiker)
    url = reverse("stats_end_reasons")
    backwards = client.get(url + f"?scope=unit:{world.faxe.pk}&first_year=2013&last_year=2012").content.decode()
    assert "Perioden kan ikke slutte, før den begynder." in backwards
    future = client.get(url + f"?scope=unit:{world.faxe.pk}&first_year=2020&last_year=2999").content.decode()
    assert "Perioden kan ikke slutte i fremtiden." in future
    other = api(world.analytiker).get(
        f"/api/v1/stats/end-reasons?scope=unit:{world.aalborg.pk}&first_year=2012&last_year=2013"
    )
    assert other.status_code == 403
    assert client_for(world.administrator).get(url).status_code == 403


def test_courses_started_and_completed_worked_out_by_hand(world):
    """Started 2012: 11, of which 6 completed and 5 ended at own request (55 %). Started 2013: 11,
    5 completed and 6 still in treatment (45 %). In all 11 of 22 completed (50 %)."""
    actor = world.actor(world.behandler)
    citizens = [new_citizen(world, f"0{n + 1}0280{n}234", first_name=f"Start{n}") for n in range(6)]
    for year, ended in ((2012, ["completed"] * 6 + ["own_wish"] * 5), (2013, ["completed"] * 5)):
        for reason in ended:
            course = new_course(world, citizens[0], started_on=date(year, 3, 1))
            actions.discharge_course(actor, course, date(year, 9, 1), reason)
    for citizen in citizens:  # six open courses started in 2013
        new_course(world, citizen, started_on=date(2013, 4, 1), offer_type="day")
    scope = scope_for(world.actor(world.analytiker), f"unit:{world.faxe.pk}")
    report = started_and_completed(Filters(scope, 2012, 2013))
    assert report.header == [
        "Startår",
        "Færdigbehandlet",
        "Afsluttet på anden vis",
        "Stadig i behandling",
        "Startet",
        "Andel færdigbehandlet (%)",
    ]
    lines = [[str(c) if not isinstance(c, float) else round(c, 1) for c in line] for line in report.lines()]
    assert lines == [
        ["2012", "6", "5", "0", "11", 54.5],
        ["2013", "5", "0", "6", "11", 45.5],
        ["I alt", "11", "5", "6", "22", 50.0],
    ]
    body = (
        api(world.analytiker)
        .get(f"/api/v1/stats/courses-started?scope=unit:{world.faxe.pk}&first_year=2012&last_year=2013")
        .json()
    )
    assert body["totals"]["total"] == {"value": 22, "text": "22"} and body["totals"]["measures"] == [50.0]
    text = client_for(world.analytiker).get(
        reverse("stats_started_completed") + f"?scope=unit:{world.faxe.pk}&first_year=2012&last_year=2013&format=csv"
    )
    assert "2012;6;5;0;11;54,5" in text.getvalue().decode("utf-8")


def test_courses_for_relatives_and_families_worked_out_by_hand(world):
    """Seed 001's second table, by hand: 2012 two courses for relatives and five family courses;
    2013 five and none. The 2 is hidden, and so is 2012's 5 (x), or the total 7 would give it away."""
    index_course = new_course(world, new_citizen(world, "0101701234", first_name="Indeks"), started_on=date(2012, 1, 9))
    relatives = [new_citizen(world, f"0{n + 1}0375{n}234", first_name=f"Pårørende{n}") for n in range(7)]
    actor = world.actor(world.familiekonsulent)
    plan = {2012: [("relatives", 2), ("family", 5)], 2013: [("relatives", 5)]}
    for year, offers in plan.items():
        people = iter(relatives)
        for offer, n in offers:
            for _i in range(n):
                data = actions.CourseData(
                    offer_type=offer,
                    started_on=date(year, 5, 1),
                    responsible=world.familiekonsulent,
                    legal_basis="sul_141",
                    index_course=index_course,
                )
                course = actions.start_course(actor, next(people), world.faxe, data)
                actions.discharge_course(actor, course, date(year, 11, 1), "completed")
    scope = scope_for(world.actor(world.analytiker), f"unit:{world.faxe.pk}")
    report = relatives_and_family_courses(Filters(scope, 2012, 2013))
    assert [[str(c) for c in line] for line in report.lines()] == [
        ["Pårørendeforløb", "<5", "5"],
        ["Familieforløb", "x", "0"],
        ["I alt", "7", "5"],
    ]
    assert report.table.column_totals[0].value == 7


def test_years_months_and_days_are_worked_out_by_the_database_alike_on_every_backend(world):
    from forlob.common.dates import DaysBetween, Month, Year
    from forlob.treatment.models import Request
    from tests.conftest import new_request

    citizen = new_citizen(world)
    for received in (date(2024, 12, 31), date(2024, 2, 20), date(2023, 2, 20)):
        new_request(world, citizen, received_on=received)
    found = Request.objects.annotate(
        year=Year("received_on"), month=Month("received_on"), days=DaysBetween("deadline", "received_on")
    ).order_by("received_on")
    # The deadline is 14 days on, across a new year and a leap day alike.
    assert [(r.year, r.month, r.days, r.deadline) for r in found] == [
        (2023, date(2023, 2, 1), 14, date(2023, 3, 6)),
        (2024, date(2024, 2, 1), 14, date(2024, 3, 5)),
        (2024, date(2024, 12, 1), 14, date(2025, 1, 14)),
    ]


def test_counting_citizens_each_once_a_year_by_their_first_course(world):
    """The courses of the test above, counted as citizens: in 2012 one citizen, whose first course
    was completed; in 2013 six, one whose first course (01.03) was completed and five still in
    treatment. The completion share needs a base of 5: none for 2012, 1 of 6 for 2013, 2 of 7 in all."""
    actor = world.actor(world.behandler)
    citizens = [new_citizen(world, f"0{n + 1}0280{n}234", first_name=f"Start{n}") for n in range(6)]
    for year, ended in ((2012, ["completed"] * 6 + ["own_wish"] * 5), (2013, ["completed"] * 5)):
        for reason in ended:
            course = new_course(world, citizens[0], started_on=date(year, 3, 1))
            actions.discharge_course(actor, course, date(year, 9, 1), reason)
    for citizen in citizens:
        new_course(world, citizen, started_on=date(2013, 4, 1), offer_type="day")
    scope = scope_for(world.actor(world.leder), f"unit:{world.faxe.pk}")
    report = started_and_completed(Filters(scope, 2012, 2013, view=INTERNAL, counting=CITIZENS))
    assert report.title == "Borgere, der startede et forløb, og færdigbehandling"
    lines = [
        [str(c) if not isinstance(c, float | None) else c and round(c, 1) for c in line] for line in report.lines()
    ]
    assert lines == [
        ["2012", "1", "0", "0", "1", None],
        ["2013", "1", "0", "5", "6", 16.7],
        ["I alt", "2", "0", "5", "7", 28.6],
    ]
    page = client_for(world.leder).get(
        reverse("stats_started_completed")
        + f"?scope=unit:{world.faxe.pk}&first_year=2012&last_year=2013&counting=citizens"
    )
    assert "Borgere, der startede et forløb" in page.content.decode()


def test_reports_open_on_the_unit_the_user_leads_and_remember_the_last_choice(world):
    """The leader of Faxe also has a statistics role at Familiehuset Faxe, which sorts first."""
    house, _clinician = family_house(world)
    Membership.objects.create(user=world.leder, unit=house, role=Role.ANALYTIKER, approved_at=timezone.now())
    leader = client_for(world.leder)
    page = leader.get(reverse("stats_end_reasons"))
    assert page.context["form"]["scope"].value() == f"unit:{world.faxe.pk}"
    assert "Interne tal" in page.content.decode()
    leader.get(reverse("stats_end_reasons") + f"?scope=unit:{house.pk}&first_year=2022&last_year=2026")
    again = leader.get(reverse("stats_guarantee"))  # another report opens on the scope chosen last
    assert again.context["form"]["scope"].value() == f"unit:{house.pk}"
    assert "Offentliggjorte tal" in again.content.decode()  # an analyst there: published


def test_the_leader_cannot_have_a_municipality_internally(world):
    """A municipality's citizens are also treated at other municipalities' units."""
    query = f"?scope=municipality:{world.faxe.municipality_id}&first_year=2022&last_year=2026"
    page = client_for(world.leder).get(reverse("stats_end_reasons") + query + "&view=internal")
    assert "Kun enhedens leder ser de interne tal" in page.content.decode()
    assert not page.context.get("reports")
    published = client_for(world.leder).get(reverse("stats_end_reasons") + query)
    assert "Offentliggjorte tal" in published.content.decode()
    body = api(world.leder).get(f"/api/v1/stats/end-reasons{query}&view=internal")
    assert body.status_code == 403
