# SPDX-License-Identifier: AGPL-3.0-or-later
"""Backups under faults: a backup that cannot be taken leaves the previous one as it was and says
why in Danish; a missing database is never created on the way; restore takes only a backup of
Forløb and replaces a database that holds anything only when told to; the restore drill proves a
backup restores every table exactly, on SQLite and PostgreSQL alike."""

import io
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from forlob.audit import drill
from forlob.audit.backup import fingerprint, run_pg_tool
from forlob.citizens.models import Citizen
from tests.conftest import new_citizen

ROOT = Path(__file__).resolve().parent.parent
OLD_BACKUP = b"the previous night's backup"

# pg_dump reads only what is committed, so these tests commit like production does.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """manage.py in a process of its own, with the environment changed by ``env`` ("" removes)."""
    environment = {**os.environ, **env}
    for name in [name for name, value in env.items() if not value]:
        del environment[name]
    return subprocess.run(  # noqa: S603 - this interpreter and manage.py
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, check=False
    )


def _previous_backup(folder: Path) -> Path:
    path = folder / "nightly.dump"
    path.write_bytes(OLD_BACKUP)
    return path


@pytest.mark.django_db(False)
def test_backup_from_an_unreachable_postgresql_keeps_the_previous_dump(tmp_path):
    target = _previous_backup(tmp_path)
    # Port 9 (discard) has nothing listening: the connection is refused at once.
    done = _manage("backup", str(target), DATABASE_URL="postgres://postgres@127.0.0.1:9/forlob")

    assert done.returncode != 0
    assert "Der er ikke taget en sikkerhedskopi; den tidligere fil er uændret." in done.stderr
    assert "pg_dump fejlede" in done.stderr and "Traceback" not in done.stderr
    assert target.read_bytes() == OLD_BACKUP
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nightly.dump"]  # no temporary file left


@pytest.mark.django_db(False)
def test_backup_of_a_missing_sqlite_database_keeps_the_previous_backup_and_creates_nothing(tmp_path):
    target = _previous_backup(tmp_path)
    wrong = tmp_path / "var-typo"
    done = _manage("backup", str(target), DATABASE_URL="", FORLOB_VAR_DIR=str(wrong))

    assert done.returncode != 0
    assert f"Databasen findes ikke: {wrong / 'forlob.sqlite3'}" in done.stderr
    assert "Traceback" not in done.stderr
    assert target.read_bytes() == OLD_BACKUP
    assert not wrong.exists()  # neither a new empty database nor new development keys
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nightly.dump"]


def test_restore_into_a_missing_sqlite_database_is_refused_and_creates_nothing(world, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("a SQLite file's absence")
    new_citizen(world)
    good = tmp_path / "nightly.dump"
    call_command("backup", str(good), stdout=io.StringIO())
    wrong = tmp_path / "var-typo"
    wrong.mkdir()
    done = _manage("restore", str(good), DATABASE_URL="", FORLOB_VAR_DIR=str(wrong))

    assert done.returncode != 0
    assert f"Databasen er ikke genskabt. Databasen findes ikke: {wrong / 'forlob.sqlite3'}" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (wrong / "forlob.sqlite3").exists()


def _empty_database_backup(path: Path) -> Path:
    """A well-formed backup of a database without tables, like the one a backup of a missing
    SQLite file used to produce."""
    if connection.vendor == "postgresql":
        run_pg_tool(["pg_dump", "--format=custom", f"--file={path}", "template1"], connection.settings_dict)
    else:
        empty = sqlite3.connect(path)
        empty.execute("PRAGMA user_version = 1")  # SQLite writes the 4 KB header only when asked
        empty.close()
    return path


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Filen findes ikke eller er tom"),
        (b"garbage, not a backup\n" * 10, "Filen er ikke en"),
        (None, "Filen er ikke en sikkerhedskopi af Forløb: tabellerne auth_user, citizens_citizen"),
    ],
    ids=["empty", "garbage", "database-without-tables"],
)
def test_restore_refuses_a_file_that_is_not_a_backup_of_forlob_in_danish(world, tmp_path, content, message):
    new_citizen(world)
    before = fingerprint()
    path = tmp_path / "suspect.dump"
    if content is None:
        _empty_database_backup(path)
    else:
        path.write_bytes(content)

    with pytest.raises(CommandError, match="^" + re.escape(f"Databasen er ikke genskabt. {message}")):
        call_command("restore", str(path), "--replace")
    assert fingerprint() == before


def test_restore_onto_a_database_with_data_needs_replace(world, tmp_path):
    citizen = new_citizen(world)
    path = tmp_path / "nightly.dump"
    call_command("backup", str(path), stdout=io.StringIO())
    Citizen.objects.filter(pk=citizen.pk).update(first_name="Ændret")
    changed = fingerprint()

    with pytest.raises(CommandError, match=re.escape("Databasen er ikke tom; intet er ændret. Brug --replace")):
        call_command("restore", str(path))
    assert fingerprint() == changed

    out = io.StringIO()
    call_command("restore", str(path), "--replace", stdout=out)
    assert out.getvalue().startswith("Databasen er genskabt fra")
    assert Citizen.objects.get(pk=citizen.pk).first_name != "Ændret"


def _database_url_of_the_test_database(folder: Path) -> str:
    """A URL for a process of its own: the test database itself on PostgreSQL, a copy of the
    test database (in memory) on SQLite."""
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        return f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT'] or 5432}/{settings['NAME']}"
    copy = folder / "live.sqlite3"
    call_command("backup", str(copy), stdout=io.StringIO())
    return f"sqlite:///{copy}"


def test_nightly_script_keeps_the_newest_copies_and_mirrors_them_to_another_machine(world, tmp_path):
    new_citizen(world)
    url = _database_url_of_the_test_database(tmp_path)
    backups, remote = tmp_path / "backups", tmp_path / "remote"
    backups.mkdir()
    remote.mkdir()
    older = [f"forlob-2026112{day}-020000.dump" for day in (7, 8, 9)]
    for name in older:
        (backups / name).write_bytes(OLD_BACKUP)

    done = subprocess.run(  # noqa: S603 - the script of this checkout
        ["/bin/sh", "scripts/backup.sh", str(backups), "2", str(Path(sys.executable).parent.parent)],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url, "FORLOB_VAR_DIR": str(tmp_path), "FORLOB_BACKUP_REMOTE": f"{remote}/"},
        capture_output=True,
        text=True,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    kept = sorted(path.name for path in backups.iterdir())
    assert kept[0] == older[-1] and kept[1] not in older and len(kept) == 2  # the newest old one and tonight's
    assert (backups / kept[1]).stat().st_mode & 0o077 == 0  # for the service's user alone
    assert sorted(path.name for path in remote.iterdir()) == kept


def test_restore_drill_finds_every_table_restored_exactly(world):
    new_citizen(world)
    out = io.StringIO()
    call_command("restore_drill", stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[0].split() == ["Tabel", "Rækker", "Genskabt", "Resultat"]
    citizens = next(line.split() for line in lines if line.startswith("citizens_citizen "))
    assert citizens == ["citizens_citizen", "1", "1", "ens"]
    tables = len(connection.introspection.table_names())
    assert lines[-1] == f"Den genskabte kopi svarer til databasen i alle {tables} tabeller."
    assert fingerprint()["citizens_citizen"][0] == 1  # the live database untouched


def test_restore_drill_fails_when_a_restored_table_differs(world, monkeypatch):
    new_citizen(world)
    restore = drill.restore

    def restore_and_spoil(path, scratch):  # type: ignore[no-untyped-def]
        restore(path, scratch)
        with scratch.cursor() as cursor:
            cursor.execute("UPDATE citizens_citizen SET first_name = 'Forkert'")

    monkeypatch.setattr(drill, "restore", restore_and_spoil)
    out = io.StringIO()
    with pytest.raises(CommandError, match=r"Den genskabte kopi afviger fra databasen i 1 af \d+ tabeller."):
        call_command("restore_drill", stdout=out)
    assert next(line.split() for line in out.getvalue().splitlines() if line.startswith("citizens_citizen ")) == [
        "citizens_citizen",
        "1",
        "1",
        "AFVIGER",
    ]
