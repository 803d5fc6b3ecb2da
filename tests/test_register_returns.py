# SPDX-License-Identifier: AGPL-3.0-or-later
"""The registers' return tables: imported from CSV or XLSX by a leader of one of the
municipality's units, every bad file refused whole with its rows named; compared with Forløb's
own figures counted by hand; the page, its upload and exports, and the API."""

import base64
import io
import re
from datetime import date

import openpyxl
import pytest
import xlsxwriter
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from forlob.organisations.models import Role
from forlob.registers.actions.returns import import_return_table
from forlob.registers.models import ReturnTable
from forlob.stats.returns import comparison
from forlob.treatment import actions
from forlob.treatment.models import Course, OfferType
from tests.api.clients import api_client, send
from tests.conftest import make_user, new_citizen, new_course, new_request
from tests.test_views import client_for

GOOD_CSV = "måned;mål;antal\n2026-10;påbegyndte;2\n10.2026;afsluttede;2\n2026-10;aktive;2\n"


def _import(world, content: bytes, filename: str = "retur.csv", user=None, title: str = "NAB oktober"):  # type: ignore[no-untyped-def]
    actor = world.actor(user or world.leder)
    return import_return_table(actor, world.faxe.municipality, "nab", title, filename, content)


def _refusal(world, content: bytes, filename: str = "retur.csv") -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """The problems of a refused file, as (code, message); nothing is saved."""
    with pytest.raises(ValidationError) as refused:
        _import(world, content, filename)
    assert ReturnTable.objects.count() == 0
    return [(e.code or "", e.messages[0]) for e in refused.value.error_dict["file"]]


def _xlsx(rows: list[list[object]]) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet()
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    book.close()
    return out.getvalue()


# --- Import ----------------------------------------------------------------------------------


def test_a_semicolon_csv_with_a_byte_order_mark_is_imported_as_rows(world):
    table = _import(world, ("\ufeff" + GOOD_CSV).encode())
    assert table.rows == [
        {"month": "2026-10-01", "measure": "started", "count": 2},
        {"month": "2026-10-01", "measure": "ended", "count": 2},
        {"month": "2026-10-01", "measure": "active", "count": 2},
    ]
    assert table.municipality == world.faxe.municipality and table.filename == "retur.csv"


def test_a_comma_csv_without_a_byte_order_mark_is_imported(world):
    table = _import(world, "Måned,Mål,Antal\n09.2026,aktive,0\n".encode())
    assert table.rows == [{"month": "2026-09-01", "measure": "active", "count": 0}]


def test_an_xlsx_file_is_imported(world):
    content = _xlsx([["måned", "mål", "antal"], ["2026-11", "påbegyndte", 4], ["10.2026", "aktive", 7]])
    table = _import(world, content, "retur.xlsx")
    assert table.rows == [
        {"month": "2026-10-01", "measure": "active", "count": 7},
        {"month": "2026-11-01", "measure": "started", "count": 4},
    ]


@pytest.mark.parametrize(
    ("text", "code", "row"),
    [
        ("dato;mål;antal\n2026-10;aktive;1\n", "wrong_header", 1),
        ("måned;mål;antal\n2026-10;indskrevne;1\n", "unknown_measure", 2),
        ("måned;mål;antal\n2026-10;aktive;1\n2026-13;aktive;1\n", "bad_month", 3),
        ("måned;mål;antal\n2027-01;aktive;1\n", "future_month", 2),
        ("måned;mål;antal\n2026-10;aktive;-1\n", "bad_count", 2),
        ("måned;mål;antal\n2026-10;aktive;mange\n", "bad_count", 2),
        ("måned;mål;antal\n2026-10;aktive;1\n2026-10;aktive;2\n", "duplicate", 3),
    ],
)
def test_a_bad_row_is_refused_by_its_row_number(world, text, code, row):
    problems = _refusal(world, text.encode())
    assert problems[0][0] == code
    assert re.search(rf"\b{row}\b", problems[0][1])


def test_every_bad_row_is_named_not_only_the_first(world):
    problems = _refusal(world, "måned;mål;antal\n2026-10;x;1\n2026-11;aktive;-4\n".encode())
    assert [code for code, _message in problems] == ["unknown_measure", "bad_count"]


@pytest.mark.parametrize(
    ("content", "filename", "code"),
    [
        (b"", "retur.csv", "empty_file"),
        ("måned;mål;antal\n".encode(), "retur.csv", "empty_file"),
        (b"%PDF-1.4 not a table", "retur.pdf", "invalid_file"),
        (b"m\xe5ned;m\xe5l;antal\n", "retur.csv", "invalid_file"),  # Latin-1, not UTF-8
        (b"not a zip file", "retur.xlsx", "invalid_file"),
        (b"x" * (2 * 1024 * 1024 + 1), "retur.csv", "too_large"),
    ],
)
def test_a_file_that_is_not_a_table_is_refused(world, content, filename, code):
    assert _refusal(world, content, filename)[0][0] == code


def test_a_bad_xlsx_row_is_refused_too(world):
    content = _xlsx([["måned", "mål", "antal"], ["2026-10", "aktive", 2.5]])
    assert _refusal(world, content, "retur.xlsx")[0][0] == "bad_count"


@pytest.mark.parametrize("who", ["behandler", "administrator", "analytiker"])
def test_only_a_leader_of_the_municipality_imports(world, who):
    with pytest.raises(PermissionDenied):
        _import(world, GOOD_CSV.encode(), user=getattr(world, who))
    assert ReturnTable.objects.count() == 0


def test_another_municipalitys_leader_cannot_import_for_faxe(world):
    aalborg_leader = make_user("aalborgleder", world.aalborg, Role.LEDER)
    with pytest.raises(PermissionDenied):
        _import(world, GOOD_CSV.encode(), user=aalborg_leader)


# --- Comparison with Forløb's own figures ----------------------------------------------------


def _comparison_world(world) -> ReturnTable:  # type: ignore[no-untyped-def]
    """Faxe's NAB courses, counted by hand for October 2026:
    A started 05.10, open            -> started, open at 31.10
    B started 20.10, ended 28.10     -> started, ended
    C started 01.09, ended 10.11     -> open at 31.10
    an assessment course from 10.10  -> not taken by the register
    a drug course (§ 101) from 12.10 -> another register
    So started 2, ended 1, open at the end 2. The table says 2, 2, 2: only "ended" differs."""
    n = iter(range(1, 10))

    def citizen():  # type: ignore[no-untyped-def]
        i = next(n)
        return new_citizen(world, f"{i:02d}0385{i:04d}", municipality=world.faxe.municipality)

    new_course(world, citizen(), started_on=date(2026, 10, 5))
    b = new_course(world, citizen(), started_on=date(2026, 10, 20))
    c = new_course(world, citizen(), started_on=date(2026, 9, 1))
    Course.objects.filter(pk=b.pk).update(ended_on=date(2026, 10, 28), end_reason="completed")
    Course.objects.filter(pk=c.pk).update(ended_on=date(2026, 11, 10), end_reason="completed")
    new_course(world, citizen(), started_on=date(2026, 10, 10), offer_type=OfferType.ASSESSMENT)
    drugs = new_request(
        world, citizen(), received_on=date(2026, 10, 12), main_substance="cannabis", legal_basis="sel_101"
    )
    actions.start_course_from_request(
        world.actor(world.visitator),
        drugs,
        actions.CourseData(offer_type=OfferType.AMBULANT, started_on=date(2026, 10, 12), responsible=world.behandler),
    )
    return _import(world, GOOD_CSV.encode())


def test_the_leader_sees_each_row_beside_forlobs_exact_figure(world):
    table = _comparison_world(world)
    found = comparison(world.actor(world.leder), table)
    assert found.view == "internal"
    assert [(line.measure, line.theirs.value, line.ours.value, line.difference) for line in found.lines] == [
        ("started", 2, 2, 0),
        ("ended", 2, 1, -1),
        ("active", 2, 2, 0),
    ]
    assert found.differences == 1
    assert [line.differs for line in found.lines] == [False, True, False]


def test_the_analyst_sees_the_comparison_published(world):
    table = _comparison_world(world)
    found = comparison(world.actor(world.analytiker), table)
    assert found.view == "published"
    # Every count is 1-4: hidden, so no difference can be told.
    assert all(line.ours.hidden and line.difference is None for line in found.lines)


def test_the_page_shows_the_difference_in_words_and_exports_xlsx(world):
    table = _comparison_world(world)
    client = client_for(world.leder)
    page = client.get(reverse("stats_return_table", args=[table.pk]))
    assert page.status_code == 200
    assert "-1" in page.content.decode() and "<strong>" in page.content.decode()
    exported = client.get(reverse("stats_return_table", args=[table.pk]), {"format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(exported.content)).worksheets[0]
    assert sheet["A1"].value == "NAB oktober" and sheet["A2"].value.startswith("Intern")
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=5, max_row=7)]
    assert [[row[0], *row[2:5]] for row in rows] == [["10.2026", 2, 2, 0], ["10.2026", 2, 1, -1], ["10.2026", 2, 2, 0]]
    csv = client.get(reverse("stats_return_table", args=[table.pk]), {"format": "csv"})
    assert b"".join(csv.streaming_content).startswith("\ufeff".encode())


@pytest.mark.parametrize("who", ["behandler", "administrator"])
def test_staff_who_are_not_leader_or_analyst_cannot_open_the_return_tables(world, who):
    table = _import(world, GOOD_CSV.encode())
    client = client_for(getattr(world, who))
    assert client.get(reverse("stats_return_tables")).status_code == 403
    assert client.get(reverse("stats_return_table", args=[table.pk])).status_code == 403


def test_another_municipalitys_leader_does_not_find_the_table(world):
    table = _import(world, GOOD_CSV.encode())
    aalborg_leader = make_user("aalborgleder", world.aalborg, Role.LEDER)
    assert client_for(aalborg_leader).get(reverse("stats_return_table", args=[table.pk])).status_code == 404


def test_the_upload_form_imports_and_a_refused_upload_keeps_the_title(world):
    client = client_for(world.leder)
    url = reverse("stats_return_tables")
    data = {"municipality": world.faxe.municipality.pk, "register": "nab", "title": "DST oktober"}
    bad = io.BytesIO("måned;mål;antal\n2026-10;aktive;-1\n".encode())
    bad.name = "retur.csv"
    refused = client.post(url, {**data, "file": bad})
    assert refused.status_code == 200 and ReturnTable.objects.count() == 0
    assert 'value="DST oktober"' in refused.content.decode()
    assert refused.context["form"].errors["file"]
    good = io.BytesIO(GOOD_CSV.encode())
    good.name = "retur.csv"
    done = client.post(url, {**data, "file": good})
    table = ReturnTable.objects.get()
    assert done.status_code == 302 and done["Location"] == reverse("stats_return_table", args=[table.pk])
    assert table.title == "DST oktober"


def test_the_analyst_sees_the_list_without_the_upload_form(world):
    _import(world, GOOD_CSV.encode())
    page = client_for(world.analytiker).get(reverse("stats_return_tables"))
    assert page.status_code == 200 and page.context["form"] is None
    assert "NAB oktober" in page.content.decode()


# --- API -------------------------------------------------------------------------------------


def _body(content: bytes, **extra: object) -> dict[str, object]:
    return {
        "municipality_code": "320",
        "national_register": "nab",
        "title": "NAB oktober",
        "filename": "retur.csv",
        "content_base64": base64.b64encode(content).decode(),
        **extra,
    }


def test_the_api_imports_a_table_and_returns_the_comparison(world):
    _comparison_world(world)  # one table imported already, by the action
    client = api_client(world.leder)
    created = send(client, "POST", "/api/v1/stats/registration/return-tables", _body(GOOD_CSV.encode()))
    assert created.status_code == 201, created.content
    table_id = created.json()["id"]
    assert created.json()["rows"][1] == {"month": "2026-10-01", "measure": "ended", "count": 2}
    compared = client.get(f"/api/v1/stats/registration/return-tables/{table_id}/comparison").json()
    assert compared["view"] == "internal" and compared["differences"] == 1
    assert [(li["forlob_count"]["value"], li["difference"]) for li in compared["lines"]] == [(2, 0), (1, -1), (2, 0)]
    listed = client.get("/api/v1/stats/registration/return-tables").json()
    assert len(listed) == 2


def test_the_api_refuses_a_bad_file_at_the_content_field(world):
    response = send(
        api_client(world.leder),
        "POST",
        "/api/v1/stats/registration/return-tables",
        _body("måned;mål;antal\n2026-10;aktive;x\n".encode()),
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "content_base64"
    assert ReturnTable.objects.count() == 0
    not_base64 = send(
        api_client(world.leder), "POST", "/api/v1/stats/registration/return-tables", _body(b"", content_base64="%%%")
    )
    assert not_base64.status_code == 422


def test_the_api_refuses_the_analyst_and_another_municipalitys_leader(world):
    url = "/api/v1/stats/registration/return-tables"
    assert send(api_client(world.analytiker), "POST", url, _body(GOOD_CSV.encode())).status_code == 403
    aalborg_leader = make_user("aalborgleder", world.aalborg, Role.LEDER)
    assert send(api_client(aalborg_leader), "POST", url, _body(GOOD_CSV.encode())).status_code == 403
    assert ReturnTable.objects.count() == 0
