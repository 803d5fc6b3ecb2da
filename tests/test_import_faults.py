# SPDX-License-Identifier: AGPL-3.0-or-later
"""The import under faults: every broken file gets one Danish answer naming the row and column
(never a traceback or a 500) and imports nothing; large imports commit in slices that a re-run
resumes; the command says exactly what it did."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import DatabaseError
from django.urls import reverse

from forlob.citizens import cpr
from forlob.citizens.models import Citizen, Registration
from forlob.treatment.actions import ImportStopped, import_courses
from forlob.treatment.actions import imports as import_actions
from forlob.treatment.import_file import ImportFileError
from forlob.treatment.models import Course
from tests.test_import import BAD, GOOD
from tests.test_views import client_for

NAMED = "institutionskode;cpr;tilbud;hovedrusmiddel;startdato;fornavn"
ROW = "3502;0101801234;ambulant;Alkohol;01.02.2013;Ane"
QUOTE_RULE = (
    'Anførselstegnene er forkerte: et felt, der begynder med et anførselstegn ("), skal slutte med et, '
    "og et anførselstegn inde i feltet skrives to gange."
)
NOT_UTF8 = "Filen er ikke UTF-8-kodet. {seems} Gem den i Excel som 'CSV UTF-8 (semikolonsepareret)'."
CP1252 = "Den ser ud til at være gemt som Windows-1252 (Excels 'CSV (semikolonsepareret)')."

BROKEN_FILES = [
    # A field over the limit (csv's own limit of 131,072 raised a traceback).
    (
        f"{NAMED}\n{ROW}\n3502;0202801234;ambulant;Alkohol;01.02.2013;{'x' * 131_073}\n".encode(),
        'Række 3, kolonne fornavn: Feltet er længere end 2.000 tegn. Mangler et anførselstegn (") sin afslutning?',
    ),
    # A quote never closed: it swallows the rest of the file.
    (
        f'{NAMED}\n{ROW}\n3502;"0202801234;ambulant;Alkohol;01.02.2013;Bo\n{ROW}\n'.encode(),
        f"Række 3, kolonne cpr: {QUOTE_RULE}",
    ),
    # Text after a closing quote.
    (
        f'{NAMED}\n3502;0101801234;"ambulant"x;Alkohol;01.02.2013;Ane\n'.encode(),
        f"Række 2, kolonne tilbud: {QUOTE_RULE}",
    ),
    # Saved by Excel as "CSV (semikolonsepareret)": Windows-1252, Ø in the name of row 3.
    (
        f"{NAMED}\n{ROW}\n3502;0202801234;ambulant;Alkohol;01.02.2013;Øjvind\n".encode("cp1252"),
        "Række 3, kolonne fornavn: " + NOT_UTF8.format(seems=CP1252),
    ),
    (
        f"{NAMED}\n{ROW}\n".encode("utf-16"),
        "Filen er UTF-16-kodet (Excels 'Unicode-tekst'). Gem den som 'CSV UTF-8 (semikolonsepareret)'.",
    ),
    (
        NAMED.replace(";", "\t").encode() + b"\n" + ROW.replace(";", "\t").encode(),
        "Række 1: Kolonnerne er adskilt med tabulator. Adskil dem med semikolon (eller komma).",
    ),
    (
        f"{NAMED}\n{ROW}\n{ROW.replace(';', ',')}\n".encode(),
        "Række 3: Rækken er adskilt med komma, overskriften med semikolon.",
    ),
    (
        f"{NAMED}\n{ROW};ekstra\n".encode(),
        "Række 2, kolonne nr. 7 (uden navn): Rækken har 7 felter, overskriften 6. "
        "Er et skilletegn eller et anførselstegn forkert?",
    ),
    (
        b"institutionskode;cpr;startdato\n3502;0101801234;01.02.2013\n",
        "Manglende kolonner: tilbud, hovedrusmiddel. Kolonnerne er: institutionskode, startdato, tilbud, "
        "hovedrusmiddel, cpr, pseudonym, fornavn, efternavn, foedselsaar, koen, kommunekode, slutdato, "
        "afslutningsaarsag.",
    ),
    (b"", "Filen er tom."),
    (b" \r\n\r\n", "Filen er tom."),
    (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        "Række 3: Filen er ikke en tekstfil (den indeholder binære data). Vælg CSV-filen.",
    ),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "Filen er en gammel Excel-projektmappe (XLS). Gem den som XLSX eller som CSV UTF-8.",
    ),
]


@pytest.fixture
def leader(world):  # type: ignore[no-untyped-def]
    world.faxe.institution_code = "3502"
    world.faxe.save()
    return world.actor(world.leder)


@pytest.mark.parametrize(("content", "message"), BROKEN_FILES)
def test_a_broken_file_gets_one_danish_answer_with_row_and_column_and_nothing_is_imported(leader, content, message):
    with pytest.raises(ImportFileError) as refused:
        import_courses(leader, "forloeb.csv", content, commit=True)
    assert str(refused.value) == message
    assert Course.objects.count() == 0 and Citizen.objects.count() == 0


def test_the_command_refuses_a_broken_file_with_the_same_answer(world, leader, tmp_path):
    content, message = BROKEN_FILES[0]
    path = tmp_path / "forloeb.csv"
    path.write_bytes(content)
    with pytest.raises(CommandError) as refused:
        call_command("import_courses", str(path), "--user", world.leder.username, "--commit")
    assert str(refused.value) == message
    assert Course.objects.count() == 0


@pytest.mark.parametrize(("content", "message"), [BROKEN_FILES[0], BROKEN_FILES[3]])
def test_the_page_shows_a_broken_files_answer_at_the_file_field(world, leader, content, message):
    url = reverse("course_import")
    upload = SimpleUploadedFile("forloeb.csv", content, content_type="text/csv")
    response = client_for(world.leder).post(url, {"file": upload, "commit": "on"})
    assert response.status_code == 200
    field = response.context["form"]["file"]
    assert field.errors == [message]
    page = response.content.decode()
    assert 'class="form-error-message" id="id_file_error"' in page and 'type="file"' in page
    assert Course.objects.count() == 0


def test_a_file_with_a_byte_order_mark_imports(leader):
    result = import_courses(leader, "forloeb.csv", b"\xef\xbb\xbf" + f"{NAMED}\n{ROW}\n".encode(), commit=True)
    assert (result.created, result.committed) == (1, True)


FIVE = "\n".join(
    [
        "institutionskode;cpr;tilbud;hovedrusmiddel;startdato;slutdato;afslutningsaarsag",
        "3502;0101801234;ambulant;Alkohol;01.02.2013;01.03.2013;Færdigbehandlet",
        "3502;0101801234;ambulant;Alkohol;01.04.2013;01.05.2013;Færdigbehandlet",
        "3502;0202801234;ambulant;Alkohol;01.02.2013;;",
        "3502;0303801234;day;Cannabis;01.02.2014;;",
        "3502;0404801234;ambulant;Alkohol;01.02.2015;;",
    ]
).encode()


def test_a_large_import_commits_in_slices_and_a_rerun_imports_nothing_twice(world, leader):
    # Two courses a slice: five courses of four citizens, one of them with two courses.
    result = import_courses(leader, "forloeb.csv", FIVE, commit=True, slice_rows=2)
    assert (result.created, result.new_citizens, result.slices, result.committed) == (5, 4, 3, True)
    assert (Course.objects.count(), Citizen.objects.count(), Registration.objects.count()) == (5, 4, 4)
    assert all(course.history.count() == 1 for course in Course.objects.all())
    again = import_courses(leader, "forloeb.csv", FIVE, commit=True, slice_rows=2)
    assert (again.created, again.existing, again.slices) == (0, 5, 0)
    assert again.lines() == ["Intet nyt at importere: filens 5 forløb er allerede importeret."]
    assert Course.objects.count() == 5


def test_a_citizen_across_two_slices_is_made_once(leader):
    result = import_courses(leader, "forloeb.csv", FIVE, commit=True, slice_rows=1)
    assert (result.created, result.new_citizens, result.slices) == (5, 4, 5)
    assert Citizen.objects.count() == 4
    assert Citizen.objects.get(cpr_hash=cpr.lookup_hash("0101801234")).courses.count() == 2


def test_an_import_stopped_half_way_is_finished_by_running_it_again(leader, monkeypatch):
    save, calls = import_actions._save, []

    def fails_second_slice(*args):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 2:
            raise DatabaseError("database is locked")
        return save(*args)

    monkeypatch.setattr(import_actions, "_save", fails_second_slice)
    with pytest.raises(ImportStopped) as stopped:
        import_courses(leader, "forloeb.csv", FIVE, commit=True, slice_rows=2)
    assert str(stopped.value) == (
        "Importen stoppede efter 2 nye forløb, da databasen svarede: database is locked. "
        "De importerede forløb bevares; importér filen igen for at importere resten."
    )
    assert Course.objects.count() == 2
    made = Citizen.objects.count()  # one or two: the slices follow the citizens, not the file
    monkeypatch.setattr(import_actions, "_save", save)
    rest = import_courses(leader, "forloeb.csv", FIVE, commit=True, slice_rows=2)
    assert (rest.created, rest.existing, rest.new_citizens) == (3, 2, 4 - made)
    assert (Course.objects.count(), Citizen.objects.count()) == (5, 4)


def test_the_command_says_what_it_imported_skipped_and_refused(world, leader, tmp_path, capsys):
    path = tmp_path / "forloeb.csv"
    path.write_text(GOOD, encoding="utf-8")
    user = ["--user", world.leder.username]
    call_command("import_courses", str(path), *user)
    assert capsys.readouterr().out.splitlines() == [
        "3 rækker: 3 nye forløb (2 nye borgere), 0 allerede importeret, 0 problemer.",
        "Kun kontrol: intet er importeret.",
    ]
    call_command("import_courses", str(path), *user, "--commit")
    assert capsys.readouterr().out.splitlines() == [
        "Importeret: 3 nye forløb (2 nye borgere). Sprunget over: 0 allerede importeret. 3 rækker i filen."
    ]
    call_command("import_courses", str(path), *user, "--commit")
    assert capsys.readouterr().out.splitlines() == ["Intet nyt at importere: filens 3 forløb er allerede importeret."]
    path.write_text(BAD, encoding="utf-8")
    with pytest.raises(CommandError, match="Filen har problemer"):
        call_command("import_courses", str(path), *user, "--commit")
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Række 2, kolonne startdato: Skriv datoen som dd.mm.åååå: 31.02.2013."
    assert out[-2:] == [
        "4 rækker: 3 afvist med 8 problemer (se ovenfor), 0 nye forløb, 1 allerede importeret.",
        "Intet er importeret. Ret rækkerne, og prøv igen.",
    ]
    assert Course.objects.count() == 3
