# SPDX-License-Identifier: AGPL-3.0-or-later
"""Instruments: scoring on hand-worked answer sets (every band boundary), the range of every
total, the rule for missing answers, and recording on a course with its refusals."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from forlob.audit.models import AccessLogEntry
from forlob.common.dates import today
from forlob.instruments.actions import ResponseData, record_response
from forlob.instruments.definitions import shipped
from forlob.instruments.models import Instrument, Response
from forlob.instruments.scoring import score
from forlob.stats.reports.outcomes import outcome_change
from forlob.stats.reports.screening import screening
from forlob.stats.scopes import Filters, scope_for
from tests.conftest import new_citizen, new_course
from tests.test_api import api
from tests.test_views import client_for

DEFINITIONS = {d["code"]: d for d in shipped()}
SUMMED = [d for d in DEFINITIONS.values() if d["kind"] == "sum"]


def answers(code: str, points: list[int]) -> dict[str, str]:
    """The options worth these points, item by item."""
    items = DEFINITIONS[code]["items"]
    assert len(points) == len(items)
    return {
        item["code"]: next(o["value"] for o in item["options"] if o["points"] == p)
        for item, p in zip(items, points, strict=True)
    }


def scored(code: str, points: list[int], sex: str = "M") -> tuple[int, str]:
    result = score(DEFINITIONS[code], answers(code, points), sex)
    assert result.total is not None
    return int(result.total), result.band


@pytest.mark.parametrize(
    ("points", "expected"),
    [
        ([0] * 10, (0, "zone_1")),
        ([2, 2, 1, 1, 1, 0, 0, 0, 0, 0], (7, "zone_1")),
        ([2, 2, 1, 1, 1, 1, 0, 0, 0, 0], (8, "zone_2")),
        ([3, 3, 3, 2, 2, 2, 0, 0, 0, 0], (15, "zone_2")),
        ([3, 3, 3, 2, 2, 1, 0, 0, 2, 0], (16, "zone_3")),
        ([3, 3, 3, 2, 2, 2, 0, 0, 2, 2], (19, "zone_3")),
        ([4, 3, 3, 2, 2, 2, 0, 0, 2, 2], (20, "zone_4")),
        ([4] * 10, (40, "zone_4")),
    ],
)
def test_audit_totals_and_whos_zones(points, expected):
    assert scored("audit", points) == expected


@pytest.mark.parametrize(
    ("points", "sex", "expected"),
    [
        ([1, 1, 1], "M", (3, "negative")),
        ([2, 1, 1], "M", (4, "positive")),
        ([1, 1, 0], "K", (2, "negative")),
        ([1, 1, 1], "K", (3, "positive")),
        ([4, 4, 4], "K", (12, "positive")),
    ],
)
def test_audit_c_cut_offs_differ_by_sex(points, sex, expected):
    assert scored("audit_c", points, sex) == expected


@pytest.mark.parametrize(
    ("points", "sex", "expected"),
    [
        ([1] + [0] * 10, "K", (1, "none")),
        ([1, 1] + [0] * 9, "K", (2, "problems")),
        ([1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0], "M", (5, "none")),
        ([1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0], "M", (6, "problems")),
        ([4, 4, 4, 4, 4, 4, 0, 0, 0, 0, 0], "M", (24, "problems")),
        ([4, 4, 4, 4, 4, 4, 1, 0, 0, 0, 0], "K", (25, "dependence")),
        ([4, 4, 4, 4, 4, 4, 1, 0, 0, 0, 0], "M", (25, "dependence")),
        ([4] * 11, "K", (44, "dependence")),
    ],
)
def test_dudit_cut_offs_for_women_and_men(points, sex, expected):
    assert scored("dudit", points, sex) == expected


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_every_total_stays_in_the_instruments_range_and_has_a_band(data):
    definition = data.draw(st.sampled_from(SUMMED))
    sex = data.draw(st.sampled_from(["K", "M"]))
    chosen = {item["code"]: data.draw(st.sampled_from(item["options"])) for item in definition["items"]}
    result = score(definition, {code: option["value"] for code, option in chosen.items()}, sex)
    low, high = definition["range"]
    assert result.total == sum(option["points"] for option in chosen.values())
    assert low <= result.total <= high and result.band


def test_a_missing_or_unknown_answer_is_refused_item_by_item():
    given_answers = answers("audit", [1] * 8 + [2, 2])
    del given_answers["q3"]
    given_answers["q9"] = "1"  # items 9 and 10 score 0, 2 or 4
    with pytest.raises(ValidationError) as refused:
        score(DEFINITIONS["audit"], given_answers, "M")
    assert {k: [str(m) for m in v] for k, v in refused.value.message_dict.items()} == {
        "q3": ["Besvar dette spørgsmål."],
        "q9": ["Vælg et af svarene."],
    }


def test_asi_composite_scores_are_registered_as_entered():
    result = score(DEFINITIONS["asi"], {"medical": "0,456", "alcohol": "1", "drug": ""}, "M")
    assert (result.answers["medical"], result.answers["alcohol"], result.answers["drug"]) == (0.456, 1.0, None)
    assert result.total is None
    with pytest.raises(ValidationError) as refused:
        score(DEFINITIONS["asi"], {"medical": "1.2", "alcohol": "0.12345", "family": "høj"}, "M")
    assert {k: str(v[0]) for k, v in refused.value.message_dict.items()} == {
        "medical": "Skriv et tal fra 0 til 1.",
        "alcohol": "Skriv højst 3 decimaler.",
        "family": "Skriv et tal.",
    }
    with pytest.raises(ValidationError, match="mindst ét område"):
        score(DEFINITIONS["asi"], {}, "M")


def test_the_outcome_profile_checks_days_and_ratings():
    profile = {
        "alcohol_days": "20",
        "heavy_days": "12",
        "drinks_per_day": "9",
        "drug_days": "",
        "psychological_health": "6",
        "physical_health": "10",
        "quality_of_life": "5",
    }
    assert score(DEFINITIONS["outcome"], profile, "K").answers["drug_days"] is None  # optional
    with pytest.raises(ValidationError) as refused:
        score(
            DEFINITIONS["outcome"], profile | {"heavy_days": "21", "quality_of_life": "21", "physical_health": ""}, "K"
        )
    assert {k: str(v[0]) for k, v in refused.value.message_dict.items()} == {
        "heavy_days": "Kan ikke være flere end: Dage med alkohol de sidste 28 dage.",
        "quality_of_life": "Skriv et tal fra 0 til 20.",
        "physical_health": "Udfyld feltet.",
    }


def test_a_positive_psychiatric_screening_needs_the_follow_up_action():
    areas = {item["code"]: "negative" for item in DEFINITIONS["kl_basis"]["items"]}
    negative = score(DEFINITIONS["kl_basis"], areas, "M")
    assert (negative.band, negative.action) == ("negative", "none")
    with pytest.raises(ValidationError, match="efter den positive screening"):
        score(DEFINITIONS["kl_basis"], areas | {"depression": "positive"}, "M")
    assessed = score(DEFINITIONS["kl_basis"], areas | {"depression": "positive"}, "M", "assessment")
    assert (assessed.band, assessed.action) == ("positive", "assessment")
    # The centre does not refer to psychiatry itself (seed 004): the old action is gone.
    with pytest.raises(ValidationError):
        score(DEFINITIONS["kl_basis"], areas | {"depression": "positive"}, "M", "psychiatry")


# --- Recording on a course -------------------------------------------------------------------


def test_every_shipped_instrument_is_loaded_after_migrate(db):
    assert sorted(Instrument.objects.values_list("code", "version")) == sorted(
        (d["code"], d["version"]) for d in DEFINITIONS.values()
    )


def test_recording_scores_stores_and_logs(world):
    course = new_course(world, started_on=today() - timedelta(days=30))
    data = ResponseData(
        "audit", "intake", today() - timedelta(days=29), answers("audit", [2, 2, 1, 1, 1, 1, 0, 0, 0, 0])
    )
    response = record_response(world.actor(world.behandler), course, data)
    response.refresh_from_db()
    assert (response.total, response.band, response.band_label) == (Decimal(8), "zone_2", "Zone II: risikabelt forbrug")
    assert response.recorded_by == world.behandler and response.instrument.version == 1
    assert AccessLogEntry.objects.filter(citizen=course.citizen, via="record_response", use="change").count() == 1


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"answered_on": date(2000, 1, 1)}, "answered_on", "Datoen kan ikke ligge før forløbets start."),
        ({"answered_on": today() + timedelta(days=1)}, "answered_on", "Datoen kan ikke ligge i fremtiden."),
        ({"phase": "someday"}, "phase", "Ukendt værdi: someday."),
        ({"instrument": "phq9"}, "instrument", "Ukendt måleredskab: phq9."),
        ({"answers": {"q1": "9"}}, "q1", "Vælg et af svarene."),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(world, change, field, message):
    course = new_course(world, started_on=today() - timedelta(days=30))
    data = ResponseData("audit", "intake", today(), answers("audit", [0] * 10))
    for name, value in change.items():
        setattr(data, name, value if name != "answers" else {**data.answers, **value})
    with pytest.raises(ValidationError) as refused:
        record_response(world.actor(world.behandler), course, data)
    assert message in refused.value.message_dict[field]
    assert Response.objects.count() == 0


def test_another_units_course_is_refused(world):
    course = new_course(world, new_citizen(world, "0202802345"), started_on=today() - timedelta(days=5))
    data = ResponseData("audit", "intake", today(), answers("audit", [0] * 10))
    with pytest.raises(PermissionDenied):
        record_response(world.actor(world.other_behandler), course, data)
    assert Response.objects.count() == 0


def test_after_discharge_only_a_follow_up_is_accepted(world):
    from forlob.treatment import actions

    course = new_course(world, started_on=today() - timedelta(days=60))
    actions.discharge_course(world.actor(world.behandler), course, today() - timedelta(days=10), "completed")
    course.refresh_from_db()
    data = ResponseData("audit", "during", today(), answers("audit", [0] * 10))
    with pytest.raises(ValidationError, match="kun registreres en opfølgning"):
        record_response(world.actor(world.behandler), course, data)
    data.phase = "follow_up"
    assert record_response(world.actor(world.behandler), course, data).phase == "follow_up"


# --- Statistics -------------------------------------------------------------------------------


def audit_worth(total: int) -> dict[str, str]:
    """AUDIT answers adding up to ``total``: the most points item by item."""
    points = []
    for item in DEFINITIONS["audit"]["items"]:
        best = max(o["points"] for o in item["options"] if o["points"] <= total)
        points.append(best)
        total -= best
    assert total == 0
    return answers("audit", points)


def screened_courses(world, n: int, year: int, first_cpr: int):  # type: ignore[no-untyped-def]
    return [
        new_course(world, new_citizen(world, f"0101{first_cpr + i:02d}1234"), started_on=date(year, 2, 1))
        for i in range(n)
    ]


def test_screening_at_intake_worked_out_by_hand(world):
    actor = world.actor(world.behandler)
    courses = screened_courses(world, 12, 2025, 60)
    for course in courses[:10]:  # 10 of 12 screened at intake
        record_response(actor, course, ResponseData("audit", "intake", date(2025, 2, 1), audit_worth(9)))
    areas = {item["code"]: "negative" for item in DEFINITIONS["kl_basis"]["items"]}
    actions_taken = ["gp_result", "assessment", "gp_result", "assessment", "gp_result", "none"]
    for i, course in enumerate(courses[:8]):  # 8 psychiatric screenings, 6 positive, 5 followed up
        found = areas | ({"depression": "positive"} if i < 6 else {})
        action = actions_taken[i] if i < 6 else ""
        record_response(actor, course, ResponseData("kl_basis", "intake", date(2025, 2, 3), found, action))
    # A screening during the course does not count as screening at intake.
    record_response(actor, courses[11], ResponseData("audit", "during", date(2025, 3, 1), audit_worth(3)))

    report = screening(Filters(scope_for(world.actor(world.analytiker), f"unit:{world.faxe.pk}"), 2024, 2025))
    assert [[str(c) for c in row.cells] for row in report.rows] == [["0"] * 5, ["12", "10", "8", "6", "5"]]
    assert [round(v, 1) if v is not None else None for v in report.rows[1].measures] == [83.3, 66.7, 83.3]
    assert report.rows[0].measures == [None, None, None]  # nothing started in 2024
    assert [str(c) for c in report.totals.cells] == ["12", "10", "8", "6", "5"]


def test_change_during_treatment_worked_out_by_hand(world):
    from forlob.treatment import actions

    actor = world.actor(world.behandler)
    courses = screened_courses(world, 6, 2025, 30)
    discharge = [8, 10, 6, 4, 12]  # mean 8.0; the intake totals below are 20, 19, 18, 17, 16: mean 18.0
    profile = {"alcohol_days": 20, "heavy_days": 10, "drinks_per_day": 8, "psychological_health": 5}
    profile |= {"physical_health": 9, "quality_of_life": 6}
    for n, course in enumerate(courses):
        record_response(actor, course, ResponseData("audit", "intake", date(2025, 2, 1), audit_worth(20 - n)))
        if n < 3:  # only three outcome profiles: too few to publish
            record_response(actor, course, ResponseData("outcome", "intake", date(2025, 2, 1), profile))
        actions.discharge_course(actor, course, date(2025, 6, 1), "completed")
        course.refresh_from_db()
        if n < 5:  # the sixth course has no discharge measurement and is left out
            # A second, later intake measurement does not count: the first one does.
            record_response(actor, course, ResponseData("audit", "intake", date(2025, 2, 20), audit_worth(1)))
            record_response(
                actor, course, ResponseData("audit", "discharge", date(2025, 6, 1), audit_worth(discharge[n]))
            )
        if n < 3:
            better = profile | {"alcohol_days": 4, "heavy_days": 1, "psychological_health": 12}
            record_response(actor, course, ResponseData("outcome", "discharge", date(2025, 6, 1), better))

    report = outcome_change(Filters(scope_for(world.actor(world.analytiker), f"unit:{world.faxe.pk}"), 2025, 2025))
    rows = {row.label: ([str(c) for c in row.cells], row.measures) for row in report.rows}
    assert rows["AUDIT-total"] == (["5"], [18.0, 8.0, -10.0])
    assert rows["DUDIT-total"] == (["0"], [None, None, None])
    assert rows["Dage med alkohol (af 28)"] == (["<5"], [None, None, None])
    client = client_for(world.analytiker)
    page = client.get(reverse("stats_outcome_change") + f"?scope=unit:{world.faxe.pk}&first_year=2025&last_year=2025")
    assert "Forandring under behandlingen" in page.content.decode() and "-10" in page.content.decode()
    body = (
        api(world.analytiker)
        .get(f"/api/v1/stats/outcome-change?scope=unit:{world.faxe.pk}&first_year=2025&last_year=2025")
        .json()
    )
    assert body["rows"][0]["cells"][0]["text"] == "5" and body["rows"][0]["measures"] == [18.0, 8.0, -10.0]


def test_the_api_reads_instruments_and_reads_and_submits_responses(world):
    course = new_course(world, started_on=today() - timedelta(days=20))
    client = api(world.behandler)
    instruments = client.get("/api/v1/instruments").json()
    assert [i["code"] for i in instruments] == ["asi", "audit", "audit_c", "dudit", "outcome", "kl_basis"]  # by name
    dudit = next(i for i in instruments if i["code"] == "dudit")
    assert len(dudit["definition"]["items"]) == 11 and dudit["definition"]["range"] == [0, 44]

    body = {"instrument": "dudit", "phase": "intake", "answered_on": str(today()), "answers": {"q1": "4"}}
    refused = client.post(f"/api/v1/courses/{course.pk}/responses", body, content_type="application/json")
    assert refused.status_code == 422
    assert {d["field"] for d in refused.json()["detail"]} == {f"q{n}" for n in range(2, 12)}
    body["answers"] = answers("dudit", [1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0])
    made = client.post(f"/api/v1/courses/{course.pk}/responses", body, content_type="application/json")
    assert made.status_code == 201
    # The citizen made by new_course is a woman (CPR ending in an even digit): 2 is problems for her.
    assert (made.json()["total"], made.json()["band"], made.json()["version"]) == (2.0, "problems", 1)
    listed = client.get(f"/api/v1/courses/{course.pk}/responses").json()
    assert [(r["instrument"], r["phase"], r["band_label"]) for r in listed] == [
        ("dudit", "intake", "Stofrelaterede problemer")
    ]
    assert Response.objects.count() == 1


def test_the_course_page_reads_its_measurements_in_a_fixed_number_of_queries(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    course = new_course(world, started_on=today() - timedelta(days=40))
    actor, client = world.actor(world.behandler), client_for(world.behandler)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("course_detail", args=[course.pk])).status_code == 200
        return len(captured)

    record_response(actor, course, ResponseData("audit", "intake", today() - timedelta(days=39), audit_worth(12)))
    one = queries()
    for days, total in ((30, 10), (20, 8), (10, 5)):
        record_response(
            actor, course, ResponseData("audit", "during", today() - timedelta(days=days), audit_worth(total))
        )
    profile = {"alcohol_days": 3, "heavy_days": 1, "drinks_per_day": 4, "psychological_health": 12}
    profile |= {"physical_health": 12, "quality_of_life": 12}
    record_response(actor, course, ResponseData("outcome", "intake", today() - timedelta(days=39), profile))
    assert queries() == one
    page = client.get(reverse("course_detail", args=[course.pk])).content.decode()
    assert 'aria-label="Diagram: AUDIT gennem forløbet.' in page and "Forløbsprofil – brug og trivsel" in page
    asi = {"medical": "0.456", "alcohol": "0.7", "psychiatric": "0.25"}
    record_response(actor, course, ResponseData("asi", "intake", today() - timedelta(days=38), asi))
    page = client.get(reverse("course_detail", args=[course.pk])).content.decode()
    profile_table = page[page.index("ASI – sammensatte scorer") :].split("</table>")[1]
    assert "Profil" in profile_table and "Fysisk helbred" in profile_table and "0,456" in profile_table
