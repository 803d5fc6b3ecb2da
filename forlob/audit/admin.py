# SPDX-License-Identifier: AGPL-3.0-or-later
"""Administrators watch security events and retention runs; neither holds person data.
The access log itself is not in the admin: it names citizens."""

from django.contrib import admin

from forlob.audit.models import RetentionRun, SecurityEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def,override]
        return False

    def has_change_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False


@admin.register(SecurityEvent)
class SecurityEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "kind", "user", "username", "ip_address", "path"]
    list_filter = ["kind"]
    search_fields = ["username", "user__username", "ip_address"]
    date_hierarchy = "at"


@admin.register(RetentionRun)
class RetentionRunAdmin(ReadOnlyAdmin):
    list_display = [
        "at",
        "citizens_anonymised",
        "access_log_rows_deleted",
        "history_rows_deleted",
        "security_events_deleted",
        "contact_requests_deleted",
    ]
