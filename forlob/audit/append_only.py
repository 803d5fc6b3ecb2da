# SPDX-License-Identifier: AGPL-3.0-or-later
"""The database's own guard on the access log, for what reaches the table past the model's
append-only manager (raw SQL, a database shell, a bug): triggers refuse every UPDATE of a row, every TRUNCATE, and the
DELETE of a row younger than the minimum retention, so only the retention run's purge of old rows
gets through. On PostgreSQL every role also loses UPDATE and TRUNCATE on the table, the migrating
role included.

Migration ``audit.0005_access_log_append_only`` installs the guard. SQLite rebuilds a table when
a migration alters it and drops its triggers on the way: a migration that alters the access log
must run ``protect_sql`` again (``tests/test_access_log_guard.py`` fails until it does).
"""

from django.core.exceptions import ImproperlyConfigured

MINIMUM_RETENTION_DAYS = 183  # six months, the shortest FORLOB_ACCESS_LOG_RETENTION_DAYS allowed

TABLE = "audit_accesslogentry"

_UPDATE = "The access log is append-only: its rows cannot be changed"
_DELETE = (
    f"The access log is append-only: rows younger than the minimum retention of {MINIMUM_RETENTION_DAYS} days "
    "cannot be deleted"
)
_TRUNCATE = (
    f"The access log is append-only: it cannot be truncated; the retention run deletes rows older than "
    f"{MINIMUM_RETENTION_DAYS} days"
)

_SQLITE_PROTECT = [
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_no_update BEFORE UPDATE ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{_UPDATE}'); END",
    # Django stores times as UTC text 'YYYY-MM-DD HH:MM:SS.ffffff', which sorts as it compares.
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_no_young_delete BEFORE DELETE ON {TABLE} "
    f"WHEN OLD.at >= strftime('%Y-%m-%d %H:%M:%f', 'now', '-{MINIMUM_RETENTION_DAYS} days') "
    f"BEGIN SELECT RAISE(ABORT, '{_DELETE}'); END",
]

_SQLITE_UNPROTECT = [f"DROP TRIGGER IF EXISTS {TABLE}_no_update", f"DROP TRIGGER IF EXISTS {TABLE}_no_young_delete"]

# statement_timestamp() is the clock Django's Now() reads, so the retention run's own check of
# the minimum (AccessLogEntry.objects.purgeable) and the trigger's agree to the microsecond.
_POSTGRESQL_PROTECT = [
    f"""CREATE OR REPLACE FUNCTION {TABLE}_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION USING
        ERRCODE = 'integrity_constraint_violation',
        MESSAGE = CASE TG_OP WHEN 'UPDATE' THEN '{_UPDATE}' WHEN 'DELETE' THEN '{_DELETE}' ELSE '{_TRUNCATE}' END;
END
$$""",
    f"CREATE OR REPLACE TRIGGER {TABLE}_no_update BEFORE UPDATE ON {TABLE} "
    f"FOR EACH ROW EXECUTE FUNCTION {TABLE}_refuse()",
    f"CREATE OR REPLACE TRIGGER {TABLE}_no_young_delete BEFORE DELETE ON {TABLE} FOR EACH ROW "
    f"WHEN (OLD.at >= statement_timestamp() - interval '{MINIMUM_RETENTION_DAYS} days') "
    f"EXECUTE FUNCTION {TABLE}_refuse()",
    f"CREATE OR REPLACE TRIGGER {TABLE}_no_truncate BEFORE TRUNCATE ON {TABLE} "
    f"FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_refuse()",
    # The triggers are the guarantee; privileges are a second lock, for a migrating role that is
    # also the application's and for any role already granted more than docs/security.md says.
    f"REVOKE UPDATE, TRUNCATE ON {TABLE} FROM PUBLIC, CURRENT_USER",
    f"""DO $$
DECLARE holder name;
BEGIN
    FOR holder IN
        SELECT DISTINCT pg_roles.rolname
        FROM pg_class, aclexplode(pg_class.relacl) AS acl JOIN pg_roles ON pg_roles.oid = acl.grantee
        WHERE pg_class.oid = '{TABLE}'::regclass AND acl.privilege_type IN ('UPDATE', 'TRUNCATE')
    LOOP
        EXECUTE format('REVOKE UPDATE, TRUNCATE ON {TABLE} FROM %I', holder);
    END LOOP;
END
$$""",  # noqa: S608 - the log's own table name
]

_POSTGRESQL_UNPROTECT = [
    f"GRANT UPDATE, TRUNCATE ON {TABLE} TO CURRENT_USER",
    f"DROP TRIGGER IF EXISTS {TABLE}_no_update ON {TABLE}",
    f"DROP TRIGGER IF EXISTS {TABLE}_no_young_delete ON {TABLE}",
    f"DROP TRIGGER IF EXISTS {TABLE}_no_truncate ON {TABLE}",
    f"DROP FUNCTION IF EXISTS {TABLE}_refuse()",
]

_PROTECT = {"sqlite": _SQLITE_PROTECT, "postgresql": _POSTGRESQL_PROTECT}
_UNPROTECT = {"sqlite": _SQLITE_UNPROTECT, "postgresql": _POSTGRESQL_UNPROTECT}


def _for(statements: dict[str, list[str]], vendor: str) -> list[str]:
    if vendor not in statements:
        raise ImproperlyConfigured(f"No append-only guard for the access log on {vendor}: only SQLite and PostgreSQL")
    return statements[vendor]


def protect_sql(vendor: str) -> list[str]:
    """Statements that install the guard; running them again changes nothing. Each is executed
    without parameters (they hold % signs)."""
    return _for(_PROTECT, vendor)


def unprotect_sql(vendor: str) -> list[str]:
    """Statements that remove the guard: the migration's reverse, and the tests' flush between
    transactional tests (which empties every table)."""
    return _for(_UNPROTECT, vendor)
