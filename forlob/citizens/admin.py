# SPDX-License-Identifier: AGPL-3.0-or-later
"""The national list of target groups, kept in the administration. It is a code list: no
citizen, marker or other person data is ever shown here. Every save and delete goes through the
citizens' actions; a group in use is not deleted but taken out of use."""

from django.contrib import admin
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from forlob.citizens import actions
from forlob.citizens.models import TargetGroup
from forlob.organisations.access import Actor
from forlob.organisations.admin_site import AdministratorOnly


@admin.register(TargetGroup)
class TargetGroupAdmin(AdministratorOnly, SimpleHistoryAdmin):
    list_display = ["name", "code", "active", "order"]
    list_editable = ["active", "order"]
    ordering = ["order", "name"]

    def get_readonly_fields(self, request: HttpRequest, obj: TargetGroup | None = None) -> tuple[str, ...]:
        """The code is the key statistics compare by: set once, when the group is added."""
        return ("code",) if obj is not None else ()

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        """A group some citizen was marked with is taken out of use (untick "in use") instead."""
        if isinstance(obj, TargetGroup) and obj.markers.exists():
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: TargetGroup, form: ModelForm, change: bool) -> None:
        actions.save_target_group(Actor.for_user(request.user), obj)

    def delete_model(self, request: HttpRequest, obj: TargetGroup) -> None:
        if not actions.delete_target_group(Actor.for_user(request.user), obj):
            self.message_user(request, _("%(group)s is in use and was taken out of use.") % {"group": obj.name})

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[TargetGroup]) -> None:
        for group in queryset:
            self.delete_model(request, group)
