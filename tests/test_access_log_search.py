# SPDX-License-Identifier: AGPL-3.0-or-later
"""The leader's search of the access log: only the leader's units, a CPR number known elsewhere
answered as an unknown one, filters, pages, exports, and the search itself in the log."""

import csv
import io
import json
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from forlob.audit.models import AccessLogEntry, Use
from forlob.citizens import queries as citizen_queries
from forlob.oversight import actions as oversight_actions
from tests.conftest import CPR_1, CPR_2, family_house, logged_at, new_citizen
from tests.test_api import api

CPH = ZoneInfo("Europe/Copenhagen")
NOVEMBER = datetime(2026, 11, 10, 12, 0, tzinfo=CPH)
NOVEMBER_PERIOD = {"date_from": "2026-11-01", "date_to": "2026-11-30"}
AALBORG_CPR = "1010701111"
UNKNOWN_CPR_SAME_BIRTH_DATE = "1010701112"  # masked, it is logged exactly as AALBORG_CPR is


def viewed(world, user, citizen, times: int = 1, when: datetime = NOVEMBER) -> list[AccessLogEntry]:
    """``times`` views of the citizen by ``user``, as if logged at ``when``."""
    actor = world.actor(user)
    for _ in range(times):
        citizen_queries.get_citizen(actor, citizen.pk, via="test")
    entries = AccessLogEntry.objects.filter(user=user, citizen=citizen, use=Use.VIEW).order_by("-pk")[:times]
    return logged_at(when, entries)


@pytest.fixture
def log(world):
    """Three views of Hans at Faxe by the clinician, one of Grete by the visitator, and two of
    Aage in Aalborg by Aalborg's clinician; all in November."""
    hans = new_citizen(world)
    grete = new_citizen(world, CPR_2, first_name="Grete", last_name="Jensen")
    aage = new_citizen(
        world, AALBORG_CPR, unit=world.aalborg, user=world.other_behandler, first_name="Aage", last_name="Aalborgsen"
    )
    viewed(world, world.behandler, hans, 3)
    viewed(world, world.visitator, grete)
    viewed(world, world.other_behandler, aage, 2)
    return {"hans": hans, "grete": grete, "aage": aage}


def leader_client(world) -> Client:
    client = Client()
    client.force_login(world.leder)
    return client


def search(client: Client, **data: str):
    return client.post(reverse("access_log_search"), NOVEMBER_PERIOD | data)


def api_search(user, **body: object):
    return api(user).post(
        "/api/v1/access-log/search", json.dumps(NOVEMBER_PERIOD | body), content_type="application/json"
    )


def test_a_leader_sees_the_rows_of_their_own_unit_and_never_another_municipalitys(world, log):
    response = search(leader_client(world))
    rows = response.context["rows"]
    assert len(rows) == 4  # three views of Hans and one of Grete; Aage's two are Aalborg's
    assert {row.unit_id for row in rows} == {world.faxe.pk}
    assert "Aalborgsen" not in response.content.decode()
    answer = api_search(world.leder).json()
    assert answer["count"] == 4
    assert {item["unit_id"] for item in answer["items"]} == {world.faxe.pk}


def as_compared(response, typed: str) -> str:
    """The page without what is bound to differ: the CSRF tokens and the number typed in the field."""
    return re.sub(r"[A-Za-z0-9]{64}", "", response.content.decode()).replace(typed, "CPR")


def test_a_cpr_number_known_only_in_another_municipality_gets_the_answer_an_unknown_one_gets(world, log):
    client = leader_client(world)
    elsewhere, unknown = search(client, citizen=AALBORG_CPR), search(client, citizen=UNKNOWN_CPR_SAME_BIRTH_DATE)
    assert elsewhere.context["rows"] == unknown.context["rows"] == []
    assert not elsewhere.context["form"].errors
    assert as_compared(elsewhere, AALBORG_CPR) == as_compared(unknown, UNKNOWN_CPR_SAME_BIRTH_DATE)
    by_api = [api_search(world.leder, citizen=cpr) for cpr in (AALBORG_CPR, UNKNOWN_CPR_SAME_BIRTH_DATE)]
    assert [r.status_code for r in by_api] == [200, 200]
    assert by_api[0].json() == by_api[1].json() == {"count": 0, "items": []}


def test_a_citizen_is_found_by_cpr_number_or_by_name(world, log):
    client = leader_client(world)
    by_cpr = search(client, citizen=CPR_1).context["rows"]
    by_name = search(client, citizen="grete").context["rows"]
    assert [row.citizen_id for row in by_cpr] == [log["hans"].pk] * 3
    assert [row.citizen_id for row in by_name] == [log["grete"].pk]


def test_the_search_filters_by_staff_member_type_of_use_and_period(world, log):
    viewed(world, world.behandler, log["hans"], 2, when=datetime(2026, 10, 20, 9, 0, tzinfo=CPH))
    client = leader_client(world)
    assert len(search(client, user=str(world.visitator.pk)).context["rows"]) == 1
    assert len(search(client, use=Use.VIEW).context["rows"]) == 4
    assert search(client, use=Use.EXPORT).context["rows"] == []
    october = search(client, date_from="2026-10-01", date_to="2026-10-31").context["rows"]
    assert [row.at.astimezone(CPH).day for row in october] == [20, 20]


def test_the_rows_come_a_page_at_a_time(world, settings, log):
    settings.PAGE_SIZE = 3
    client = leader_client(world)
    first = search(client)
    second = search(client, page="2")
    assert first.context["page_obj"].paginator.count == 4
    assert [len(first.context["rows"]), len(second.context["rows"])] == [3, 1]
    assert not {r.pk for r in first.context["rows"]} & {r.pk for r in second.context["rows"]}
    assert api_search(world.leder).json()["count"] == 4
    paged = api(world.leder).post(
        "/api/v1/access-log/search?limit=3&offset=3", json.dumps(NOVEMBER_PERIOD), content_type="application/json"
    )
    assert len(paged.json()["items"]) == 1


def test_the_search_is_logged_at_the_unit_with_its_terms_and_the_cpr_number_masked(world, log):
    before = AccessLogEntry.objects.count()
    search(leader_client(world), citizen=CPR_1, use=Use.VIEW)
    searched = AccessLogEntry.objects.get(use=Use.LOG_SEARCH)
    assert (searched.user, searched.unit, searched.via) == (world.leder, world.faxe, "access_log_search")
    assert "010180-xxxx" in searched.search_term
    assert "01.11.2026" in searched.search_term and "30.11.2026" in searched.search_term
    assert CPR_1 not in searched.search_term
    # Besides the search of the log: the citizen search, its hit (Hans), and the rows shown,
    # which name Hans once: 1 + 1 + 1 + 1.
    assert AccessLogEntry.objects.count() - before == 4
    assert AccessLogEntry.objects.filter(user=world.leder, use=Use.LIST, citizen=log["hans"]).count() == 2


def test_the_csv_export_is_named_with_the_unit_and_period_and_logs_the_citizens_in_it(world, log):
    response = search(leader_client(world), format="csv")
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="adgangslog-rusmiddelcentret-faxe-20261101-20261130.csv"'
    )
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    lines = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert len(lines[0]) == 7
    data = [line for line in lines[1:] if len(line) == 7]
    # The four November views; the export's own entry in the log is December's.
    assert sorted(line[3] for line in data) == ["Grete Jensen", "Hans Hansen", "Hans Hansen", "Hans Hansen"]
    assert all(line[1] == "Rusmiddelcentret Faxe" for line in data)
    exported = AccessLogEntry.objects.filter(user=world.leder, use=Use.EXPORT)
    assert sorted(exported.values_list("citizen_id", flat=True)) == sorted([log["hans"].pk, log["grete"].pk])


def test_the_xlsx_export_holds_the_same_rows(world, log):
    response = search(leader_client(world), format="xlsx", citizen="Grete")
    assert response["Content-Disposition"].endswith('-20261101-20261130.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [[cell for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert values[0][0].endswith("Rusmiddelcentret Faxe")
    assert "Grete" in values[1][0]  # the search terms, with the name searched
    data = [row for row in values[5:] if row[0]]
    assert [(row[2], row[3]) for row in data] == [("Visitator Test", "Grete Jensen")]


def test_a_citizen_outside_the_leaders_units_is_not_named(world, log):
    house, clinician = family_house(world)
    ida = new_citizen(world, "0202801234", unit=house, user=clinician, first_name="Ida", last_name="Husmand")
    oversight_actions.grant_emergency_access(
        world.actor(world.behandler), world.faxe, "0202801234", "Akut henvendelse, borgeren er i krise nu."
    )
    response = leader_client(world).post(
        reverse("access_log_search"), {"date_from": "2026-12-01", "date_to": "2026-12-01", "use": Use.EMERGENCY}
    )
    assert [row.citizen_id for row in response.context["rows"]] == [ida.pk]
    assert "Husmand" not in response.content.decode()
    item = api_search(world.leder, date_from="2026-12-01", date_to="2026-12-01", use=Use.EMERGENCY).json()["items"][0]
    assert (item["citizen_id"], "Husmand" in item["citizen_name"]) == (None, False)


@pytest.mark.parametrize("role", ["analytiker", "administrator", "behandler"])
def test_only_a_leader_searches_the_log(world, log, role):
    client = Client()
    client.force_login(getattr(world, role))
    assert client.get(reverse("access_log_search")).status_code == 403
    assert search(client).status_code == 403
    assert api_search(getattr(world, role)).status_code == 403


def test_a_unit_the_leader_does_not_lead_is_refused_at_the_field(world, log):
    response = api_search(world.leder, unit_ids=[world.aalborg.pk])
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["detail"]] == ["unit_ids"]


def test_an_end_before_the_start_is_refused_next_to_the_field(world, log):
    response = search(leader_client(world), date_from="2026-11-30", date_to="2026-11-01")
    assert list(response.context["form"].errors) == ["date_to"]
    assert "rows" not in response.context
    refused = api_search(world.leder, date_from="2026-11-30", date_to="2026-11-01")
    assert refused.status_code == 422
    assert [e["field"] for e in refused.json()["detail"]] == ["date_to"]
