# SPDX-License-Identifier: AGPL-3.0-or-later
"""Administrators watch security events and retention runs; neither holds person data.
The access log itself is not in the admin: it names citizens."""

from django.contrib import admin

from forlob.audit.models import RetentionRun, SecurityEvent
from forlob.organisations.admin_site import ReadOnlyAdmin


@admin.register(SecurityEvent)
class SecurityEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "kind", "user", "unit", "by_user", "detail", "username", "ip_address", "path"]
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
