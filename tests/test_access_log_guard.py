# SPDX-License-Identifier: AGPL-3.0-or-later
"""The database itself keeps the access log append-only (forlob/audit/append_only.py), on the
test database as every migration left it: SQLite drops a table's triggers when a migration
rebuilds the table, and these tests are what notices."""

import uuid
from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from forlob.audit.append_only import MINIMUM_RETENTION_DAYS, TABLE, protect_sql
from forlob.audit.models import AccessLogEntry, LogReview, LogReviewItem
from forlob.citizens.models import Citizen
from forlob.oversight.retention import apply_retention
from tests.conftest import CPR_1, logged_at, new_citizen

# The database's own trigger judges a row's age by the database's clock, which time_machine does not move.
pytestmark = pytest.mark.real_clock

REBUILT = "the guard is gone: a migration rebuilt the table; run append_only.protect_sql in it"


def refused(sql: str, *params: object) -> str:
    """The database's message refusing ``sql``."""
    with (
        pytest.raises(IntegrityError, match="append-only") as error,
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, params)
    return str(error.value)


def deleted(entry: AccessLogEntry) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE id = %s", [entry.pk])  # noqa: S608 - the log's own name
    return not AccessLogEntry.objects.filter(pk=entry.pk).exists()


@pytest.fixture
def entry(world) -> AccessLogEntry:
    new_citizen(world)
    return AccessLogEntry.objects.get()


def test_the_database_refuses_to_change_a_log_row(entry):
    message = refused(f"UPDATE {TABLE} SET purpose = %s WHERE id = %s", "ændret", entry.pk)  # noqa: S608
    assert "cannot be changed" in message, REBUILT
    refused(f"UPDATE {TABLE} SET at = %s", timezone.now() - timedelta(days=400))  # noqa: S608
    assert AccessLogEntry.objects.get().purpose == entry.purpose


def test_the_database_refuses_to_delete_a_row_younger_than_the_minimum_retention(entry):
    almost = logged_at(timezone.now() - timedelta(days=MINIMUM_RETENTION_DAYS - 1), [entry])[0]
    for young in (entry, almost):
        message = refused(f"DELETE FROM {TABLE} WHERE id = %s", young.pk)  # noqa: S608
        assert "younger than the minimum retention of 183 days" in message, REBUILT
    assert AccessLogEntry.objects.count() == 2


def test_the_database_deletes_a_row_past_the_minimum_retention(entry):
    old = logged_at(timezone.now() - timedelta(days=MINIMUM_RETENTION_DAYS, minutes=1), [entry])[0]
    assert deleted(old)
    assert AccessLogEntry.objects.filter(pk=entry.pk).exists()


def test_the_database_refuses_to_empty_the_log(entry):
    """TRUNCATE on PostgreSQL; SQLite has none, and empties a table with a DELETE of every row."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # check the new rows' keys now, not at commit
        assert "cannot be truncated" in refused(f"TRUNCATE {TABLE} CASCADE"), REBUILT
    else:
        refused(f"DELETE FROM {TABLE}")  # noqa: S608 - the log's own name
    assert AccessLogEntry.objects.filter(pk=entry.pk).exists()


def test_no_role_keeps_update_or_truncate_on_the_log(db):
    """SQLite has no roles: there the guard is the triggers alone (and the file's permissions)."""
    if connection.vendor != "postgresql":
        assert not any("GRANT" in sql or "REVOKE" in sql for sql in protect_sql(connection.vendor))
        return
    # Roles belong to the whole server: this one has a name of its own and goes with the test's
    # transaction. It stands for a runtime role granted everything before the migration ran.
    role = f"forlob_test_{uuid.uuid4().hex[:12]}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {role}")
        cursor.execute(f"GRANT ALL ON {TABLE} TO {role}")
        for statement in protect_sql("postgresql"):
            cursor.execute(statement)
        cursor.execute(
            "SELECT privilege_type FROM information_schema.table_privileges "
            "WHERE table_name = %s AND grantee = current_user",
            [TABLE],
        )
        migrating = {row[0] for row in cursor.fetchall()}
        cursor.execute(
            "SELECT p FROM unnest(ARRAY['SELECT', 'INSERT', 'DELETE', 'UPDATE', 'TRUNCATE']) AS p "
            "WHERE has_table_privilege(%s, %s, p)",
            [role, TABLE],
        )
        runtime = {row[0] for row in cursor.fetchall()}
    assert {"SELECT", "INSERT", "DELETE"} <= migrating and not migrating & {"UPDATE", "TRUNCATE"}
    assert runtime == {"SELECT", "INSERT", "DELETE"}


def test_retention_purges_old_rows_with_their_review_and_keeps_young_ones(world, entry, settings):
    settings.FORLOB_ACCESS_LOG_RETENTION_DAYS = 200
    now = timezone.now()
    old, kept = logged_at(now - timedelta(days=201), [entry]) + logged_at(now - timedelta(days=199), [entry])
    review = LogReview.objects.create(unit=world.faxe, month=(now - timedelta(days=201)).date().replace(day=1))
    LogReviewItem.objects.create(review=review, entry=old)

    run = apply_retention()

    assert run.access_log_rows_deleted == 1
    assert set(AccessLogEntry.objects.values_list("pk", flat=True)) == {entry.pk, kept.pk}
    assert not LogReviewItem.objects.exists()


def test_a_citizen_with_logged_uses_cannot_be_deleted(world):
    citizen = new_citizen(world, CPR_1)
    with pytest.raises(ProtectedError) as error:
        Citizen.objects.filter(pk=citizen.pk).delete()
    assert any(isinstance(row, AccessLogEntry) for row in error.value.protected_objects)
