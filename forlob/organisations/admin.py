# SPDX-License-Identifier: AGPL-3.0-or-later
"""Organisation set-up for administrators: units, the municipalities they serve, staff and roles."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from simple_history.admin import SimpleHistoryAdmin

from forlob.organisations.models import Cluster, Membership, Municipality, Region, Unit


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "region"]
    list_filter = ["region"]
    search_fields = ["name", "code"]


@admin.register(Cluster)
class ClusterAdmin(SimpleHistoryAdmin):
    list_display = ["name", "region"]
    filter_horizontal = ["municipalities"]


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    list_display = ["name", "municipality", "kind", "department", "institution_code", "active", "public"]
    list_filter = ["kind", "department", "active", "public", "municipality__region"]
    search_fields = ["name", "institution_code"]
    filter_horizontal = ["serves"]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "unit", "role"]
    list_filter = ["role", "unit"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1


admin.site.unregister(User)


@admin.register(User)
class StaffAdmin(UserAdmin):
    inlines = [MembershipInline]


admin.site.site_header = "Forløb – administration"
admin.site.site_title = "Forløb"
