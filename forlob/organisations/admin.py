# SPDX-License-Identifier: AGPL-3.0-or-later
"""Organisation set-up for administrators: units and the municipalities they serve. Regions and
municipalities are shipped data; staff and roles are in forlob/accounts/admin.py."""

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from forlob.organisations.access import ADMINISTER, Actor
from forlob.organisations.admin_site import AdministratorOnly, ReadOnlyAdmin
from forlob.organisations.models import Cluster, Municipality, Region, Unit


def administered_municipalities(request: HttpRequest) -> set[int]:
    units = Actor.for_user(request.user).unit_ids(ADMINISTER)
    return set(Unit.objects.filter(pk__in=units).values_list("municipality_id", flat=True))


@admin.register(Region)
class RegionAdmin(ReadOnlyAdmin):  # the five regions and 98 municipalities come with Forløb
    list_display = ["name", "code"]


@admin.register(Municipality)
class MunicipalityAdmin(ReadOnlyAdmin):
    list_display = ["name", "code", "region"]
    list_filter = ["region"]
    search_fields = ["name", "code"]


@admin.register(Cluster)
class ClusterAdmin(AdministratorOnly, SimpleHistoryAdmin):
    list_display = ["name", "region"]
    filter_horizontal = ["municipalities"]


@admin.register(Unit)
class UnitAdmin(AdministratorOnly, SimpleHistoryAdmin):
    """An administrator sets up the units of their own municipalities. A unit stays in the
    municipality it was made in: its citizens' records belong to that data controller."""

    list_display = ["name", "municipality", "kind", "department", "institution_code", "active", "public"]
    list_filter = ["kind", "department", "active", "public"]
    search_fields = ["name", "institution_code"]
    filter_horizontal = ["serves"]

    def get_queryset(self, request: HttpRequest):  # type: ignore[no-untyped-def]
        return super().get_queryset(request).filter(municipality__in=administered_municipalities(request))

    def get_readonly_fields(self, request: HttpRequest, obj: Unit | None = None):  # type: ignore[no-untyped-def]
        return ["municipality"] if obj is not None else []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):  # type: ignore[no-untyped-def]
        if db_field.name == "municipality":
            kwargs["queryset"] = Municipality.objects.filter(pk__in=administered_municipalities(request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
