# SPDX-License-Identifier: AGPL-3.0-or-later
"""Import of historical courses: every problem reported by row and column, all or nothing, and
the same file twice creates nothing the second time."""

import io
from datetime import date

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from forlob.audit.models import AccessLogEntry
from forlob.citizens import cpr
from forlob.citizens.models import Citizen, Registration
from forlob.organisations.models import Role
from forlob.treatment.actions import import_courses
from forlob.treatment.actions import imports as import_actions
from forlob.treatment.import_file import ImportFileError
from forlob.treatment.importer import parse_date
from forlob.treatment.models import Course
from tests.conftest import make_user
from tests.test_views import client_for

HEADER = "institutionskode;cpr;pseudonym;foedselsaar;koen;tilbud;hovedrusmiddel;startdato;slutdato;afslutningsaarsag"
GOOD = "\n".join(
    [
        HEADER,
        "3502;010180-1234;;;;Ambulant behandling;Alkohol;01.02.2013;15.09.2013;Færdigbehandlet",
        "3502;010180-1234;;;;day;alcohol;2013-10-01;;",
        "3502;;P-0001;1975;K;ambulant;Cannabis;01.03.2013;01.06.2013;udeblevet",
    ]
)
BAD = "\n".join(
    [
        HEADER,
        "3502;020280-1234;;;;ambulant;Alkohol;31.02.2013;;",
        "9999;12;;;;Dagbehandling;Snus;01.02.2013;;Død",
        "3502;;P-0002;;;ambulant;alkohol;01.02.2013;01.01.2013;færdigbehandlet",
        "3502;010180-1234;;;;ambulant;Alkohol;01.02.2013;15.09.2013;Færdigbehandlet",
    ]
)


@pytest.fixture
def leader(world):  # type: ignore[no-untyped-def]
    world.faxe.institution_code = "3502"
    world.faxe.save()
    return world.actor(world.leder)


def run(actor, text: str, *, commit: bool = False, name: str = "forloeb.csv"):  # type: ignore[no-untyped-def]
    return import_courses(actor, name, text.encode("utf-8"), commit=commit)


def test_a_check_reports_what_would_be_imported_and_imports_nothing(leader):
    result = run(leader, GOOD)
    assert (result.rows, result.created, result.new_citizens, result.problem_count) == (3, 3, 2, 0)
    assert not result.committed and Course.objects.count() == 0 and Citizen.objects.count() == 0
    assert result.lines()[-1] == "Kun kontrol: intet er importeret."


def test_commit_imports_all_and_the_same_file_again_creates_nothing(world, leader):
    result = run(leader, GOOD, commit=True)
    assert result.committed and result.created == 3
    person = Citizen.objects.get(cpr_hash=cpr.lookup_hash("0101801234"))
    assert (person.birth_date, person.sex, person.municipality) == (date(1980, 1, 1), "K", world.faxe.municipality)
    ended, still_open = person.courses.order_by("started_on")
    assert (ended.ended_on, ended.end_reason, ended.legal_basis, ended.closed_by) == (
        date(2013, 9, 15),
        "completed",
        "sul_141",
        world.leder,
    )
    assert (still_open.offer_type, still_open.ended_on, still_open.end_reason) == ("day", None, "")
    anonymous = Citizen.objects.get(alias="P-0001")
    assert (anonymous.is_anonymous, anonymous.birth_year, anonymous.sex) == (True, 1975, "K")
    assert anonymous.courses.get().legal_basis == "sel_101a"  # anonymous drug treatment
    assert Registration.objects.filter(unit=world.faxe).count() == 2
    logged = AccessLogEntry.objects.filter(via="import_courses", user=world.leder)
    assert sorted(logged.values_list("citizen_id", "use")) == sorted([(person.pk, "create"), (anonymous.pk, "create")])
    for record in (ended.history.get(), still_open.history.get(), person.history.get(), anonymous.history.get()):
        assert (record.history_type, record.history_user) == ("+", world.leder)
    assert ended.history.get().ended_on == date(2013, 9, 15) and person.history.get().birth_year == 1980

    again = run(leader, GOOD, commit=True)
    assert (again.created, again.existing, again.problem_count, again.committed) == (0, 3, 0, False)
    assert Course.objects.count() == 3 and Citizen.objects.count() == 2

    # A later course for the same two citizens: no new citizen, no second registration.
    later = "\n".join(
        [
            HEADER,
            "3502;010180-1234;;;;ambulant;Alkohol;01.02.2015;;",
            "3502;;P-0001;1975;K;ambulant;Cannabis;01.03.2015;;",
        ]
    )
    more = run(leader, later, commit=True)
    assert (more.created, more.new_citizens, more.committed) == (2, 0, True)
    assert (Course.objects.count(), Citizen.objects.count(), Registration.objects.count()) == (5, 2, 2)
    assert person.history.count() == 1 and anonymous.courses.count() == 2


def test_every_problem_is_reported_by_row_and_column_and_nothing_is_imported(leader):
    run(leader, GOOD, commit=True)
    result = run(leader, BAD, commit=True)
    assert [(p.row, p.column, p.message) for p in result.problems] == [
        (2, "startdato", "Skriv datoen som dd.mm.åååå: 31.02.2013."),
        (3, "institutionskode", "Ingen enhed har institutionskoden 9999."),
        (3, "cpr", "Et CPR-nummer har ti cifre, skrevet ddmmåå-xxxx."),
        (3, "hovedrusmiddel", "Ukendt hovedrusmiddel: Snus."),
        (3, "slutdato", "Et forløb med en afslutningsårsag skal have en slutdato."),
        (4, "foedselsaar", "En borger med pseudonym skal have et fødselsår mellem 1900 og i år."),
        (4, "koen", "En borger med pseudonym skal have et køn: K eller M."),
        (4, "slutdato", "Slutdatoen er før startdatoen."),
    ]
    assert (result.existing, result.committed) == (1, False)  # row 5 is already there
    assert result.lines()[-1] == "Intet er importeret. Ret rækkerne, og prøv igen."
    assert Course.objects.count() == 3


def test_the_same_course_twice_in_one_file_and_a_second_open_course_are_refused(leader):
    text = "\n".join(
        [
            HEADER,
            "3502;010180-1234;;;;ambulant;Alkohol;01.02.2013;;",
            "3502;010180-1234;;;;ambulant;Alkohol;01.02.2013;;",
            "3502;010180-1234;;;;ambulant;Alkohol;01.05.2013;;",
        ]
    )
    result = run(leader, text, commit=True)
    assert [(p.row, p.column) for p in result.problems] == [(3, "startdato"), (4, "slutdato")]
    assert result.problems[0].message == "Det samme forløb som række 2."
    assert Course.objects.count() == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("01.02.2013", date(2013, 2, 1)),
        ("1.2.2013", date(2013, 2, 1)),
        ("01-02-2013", date(2013, 2, 1)),
        ("2013-02-01", date(2013, 2, 1)),
        (" 29.02.2012 ", date(2012, 2, 29)),
        ("29.02.2013", None),
        ("01.02-2013", None),
        ("2013/02/01", None),
        ("01.02.13", None),
        ("", None),
    ],
)
def test_dates_are_read_in_danish_and_iso_form_only(text, expected):
    if expected is None:
        with pytest.raises(ValueError):
            parse_date(text)
    else:
        assert parse_date(text) == expected


def test_a_unit_the_importer_does_not_administer_is_refused(world, leader):
    world.aalborg.institution_code = "8510"
    world.aalborg.save()
    result = run(leader, HEADER + "\n8510;010180-1234;;;;ambulant;Alkohol;01.02.2013;;")
    assert result.problems[0].message == "Du må ikke importere forløb for Rusmiddelafsnittet Aalborg."


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("f.csv", b"enhed;cpr\n1;2", "Manglende kolonner: institutionskode, startdato, tilbud, hovedrusmiddel."),
        ("f.csv", b"institutionskode;startdato;tilbud;hovedrusmiddel\n", "Filen skal have en kolonne cpr"),
        ("f.csv", HEADER.encode(), "Filen har ingen rækker under overskriften."),
        ("f.csv", (HEADER + "\n3502;;Ø;1975;K;ambulant;Alkohol;01.02.2013;;").encode("cp1252"), "ikke UTF-8"),
        # Far down the file, read after the first rows were checked: still nothing is imported.
        (
            "f.csv",
            (HEADER + "\n3502;0101801234;;;;ambulant;Alkohol;01.02.2013;;" * 500 + "\n3502;;Ø").encode("cp1252"),
            "ikke UTF-8",
        ),
        ("f.csv", b"", "Filen er tom."),
        ("f.xlsx", b"not a workbook", "kan ikke læses som en Excel-projektmappe"),
        ("f.pdf", b"%PDF", "Filen skal være en CSV- eller XLSX-fil."),
    ],
)
def test_a_file_that_cannot_be_read_gets_one_clear_answer(leader, name, content, message):
    with pytest.raises(ImportFileError, match=message):
        import_courses(leader, name, content, commit=True)
    assert Course.objects.count() == 0


def test_an_excel_file_imports_like_a_csv(leader):
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["Institutionskode", "CPR", "Tilbud", "Hovedrusmiddel", "Startdato", "Slutdato"])
    sheet.write_row(1, 0, [3502, "0101801234", "ambulant", "alkohol", "01.02.2013"])
    sheet.write_datetime(
        1, 5, __import__("datetime").datetime(2013, 9, 1), book.add_format({"num_format": "dd.mm.yyyy"})
    )
    sheet.write_string(1, 6, "")
    book.close()
    result = import_courses(leader, "historik.xlsx", out.getvalue(), commit=True)
    assert [(p.row, p.column) for p in result.problems] == [(2, "afslutningsaarsag")]
    out_ok = io.BytesIO()
    book = xlsxwriter.Workbook(out_ok, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["institutionskode", "cpr", "tilbud", "hovedrusmiddel", "startdato"])
    sheet.write_row(1, 0, [3502, "0101801234", "ambulant", "alkohol", "2013-02-01"])
    book.close()
    assert import_courses(leader, "historik.xlsx", out_ok.getvalue(), commit=True).created == 1


def test_a_hundred_thousand_bad_rows_get_a_report_and_nothing_is_imported(leader):
    rows = [HEADER] + ["3502;010180-1234;;;;ambulant;Alkohol;1.2.13;;"] * 100_000
    result = run(leader, "\n".join(rows), commit=True)
    assert (result.rows, result.problem_count, len(result.problems)) == (100_000, 100_000, 1000)
    assert result.lines()[-3] == "… og 99000 problemer mere."
    assert Course.objects.count() == 0


def test_the_command_checks_by_default_and_imports_with_commit(world, leader, tmp_path, capsys):
    path = tmp_path / "forloeb.csv"
    path.write_text(GOOD, encoding="utf-8")
    call_command("import_courses", str(path), "--user", world.leder.username)
    assert "3 rækker: 3 nye forløb (2 nye borgere)" in capsys.readouterr().out
    assert Course.objects.count() == 0
    call_command("import_courses", str(path), "--user", world.leder.username, "--commit")
    assert Course.objects.count() == 3
    path.write_text(BAD, encoding="utf-8")
    with pytest.raises(CommandError, match="Filen har problemer"):
        call_command("import_courses", str(path), "--user", world.leder.username, "--commit")
    assert "Række 2, kolonne startdato" in capsys.readouterr().out


def test_the_upload_page_is_for_the_units_leader(world, leader):
    client = client_for(world.leder)
    url = reverse("course_import")
    upload = SimpleUploadedFile("forloeb.csv", BAD.encode("utf-8"), content_type="text/csv")
    page = client.post(url, {"file": upload, "commit": "on"}).content.decode()
    assert "Række" in page and "Ukendt hovedrusmiddel: Snus." in page and "Intet er importeret" in page
    upload = SimpleUploadedFile("forloeb.csv", GOOD.encode("utf-8"), content_type="text/csv")
    page = client.post(url, {"file": upload, "commit": "on"}).content.decode()
    assert "Importeret: 3 nye forløb (2 nye borgere)." in page and Course.objects.count() == 3
    missing = client.post(url, {}).content.decode()
    assert "Dette felt er påkrævet." in missing
    assert client_for(world.administrator).get(url).status_code == 403
    clinician = make_user("behandler.admin", world.faxe, Role.BEHANDLER)
    assert client_for(clinician).get(url).status_code == 403


@pytest.mark.parametrize(
    "digits", ["0101801234", "3112585001", "0101574001", "0101364001", "0101379001", "2902004001", "0101998001"]
)
def test_the_imports_birth_date_is_the_cpr_modules(digits):
    """The import reads the birth date of checked digits itself; every century rule agrees."""
    assert import_actions._born(digits) == cpr.birth_date(digits)


@pytest.mark.django_db
def test_one_of_looks_up_any_number_of_values_in_one_query(world, django_assert_num_queries):
    """The set-based look-up of existing citizens and courses: 5,000 keys, one parameter, one query."""
    from django.db import connection

    from forlob.common import bulk
    from forlob.organisations.models import Unit

    units = list(Unit.objects.values_list("pk", "institution_code"))
    assert units
    codes = [code for _pk, code in units] + [f"x{n}" for n in range(5000)]
    ids = [pk for pk, _code in units] + [-n for n in range(1, 5000)]
    codes_sql, codes_param = bulk.one_of(codes, "text")
    ids_sql, ids_param = bulk.one_of(ids, "bigint")
    with django_assert_num_queries(1), connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, institution_code FROM organisations_unit WHERE institution_code IN {codes_sql}"  # noqa: S608
            f" AND id IN {ids_sql}",
            [codes_param, ids_param],
        )
        found = set(cursor.fetchall())
    assert found == set(units)
