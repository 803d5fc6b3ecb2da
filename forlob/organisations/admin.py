# SPDX-License-Identifier: AGPL-3.0-or-later
"""Organisation set-up for administrators: units and the municipalities they serve. Regions and
municipalities are shipped data; staff and roles are in forlob/accounts/admin.py."""

from collections.abc import Callable

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from forlob.organisations import actions
from forlob.organisations.access import Actor
from forlob.organisations.admin_site import AdministratorOnly, ReadOnlyAdmin
from forlob.organisations.models import Cluster, Municipality, Region, Unit


def administered_municipalities(request: HttpRequest) -> set[int]:
    return actions.administered_municipalities(Actor.for_user(request.user))


class WritesThroughActions:
    """For the set-up admin classes: saving and deleting go through forlob.organisations.actions
    (permission, one transaction, history); ``m2m_field`` is saved by the action with the row."""

    m2m_field: str
    save_action: Callable[..., object]

    def save_model(self, request, obj, form, change) -> None:
        self.save_action(Actor.for_user(request.user), obj, form.cleaned_data[self.m2m_field])

    def save_related(self, request, form, formsets, change) -> None:
        """Nothing left to save: the action saved the many-to-many field."""

    def delete_model(self, request, obj) -> None:
        actions.remove_set_up(Actor.for_user(request.user), obj)

    def delete_queryset(self, request, queryset) -> None:
        for record in queryset:
            actions.remove_set_up(Actor.for_user(request.user), record)


@admin.register(Region)
class RegionAdmin(ReadOnlyAdmin):  # the five regions and 98 municipalities come with Forløb
    list_display = ["name", "code"]


@admin.register(Municipality)
class MunicipalityAdmin(ReadOnlyAdmin):
    list_display = ["name", "code", "region"]
    list_filter = ["region"]
    search_fields = ["name", "code"]


@admin.register(Cluster)
class ClusterAdmin(WritesThroughActions, AdministratorOnly, SimpleHistoryAdmin):
    m2m_field = "municipalities"
    save_action = staticmethod(actions.save_cluster)
    list_display = ["name", "region"]
    filter_horizontal = ["municipalities"]


@admin.register(Unit)
class UnitAdmin(WritesThroughActions, AdministratorOnly, SimpleHistoryAdmin):
    """An administrator sets up the units of their own municipalities. A unit stays in the
    municipality it was made in: its citizens' records belong to that data controller."""

    list_display = ["name", "municipality", "kind", "department", "institution_code", "active", "public"]
    list_filter = ["kind", "department", "active", "public"]
    search_fields = ["name", "institution_code"]
    filter_horizontal = ["serves"]
    m2m_field = "serves"
    save_action = staticmethod(actions.save_unit)

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).filter(municipality__in=administered_municipalities(request))

    def get_readonly_fields(self, request: HttpRequest, obj: Unit | None = None):
        return ["municipality"] if obj is not None else []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "municipality":
            kwargs["queryset"] = Municipality.objects.filter(pk__in=administered_municipalities(request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
