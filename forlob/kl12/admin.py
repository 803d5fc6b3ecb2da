# SPDX-License-Identifier: AGPL-3.0-or-later
"""The recommendations and the indicator set are kept in the admin, where a round is opened:
opening copies the indicators in use, so later edits leave the round as it was."""

from django.contrib import admin

from forlob.kl12 import actions
from forlob.kl12.models import Indicator, Recommendation, Round, RoundIndicator
from forlob.organisations.admin_site import AdministratorOnly


class IndicatorInline(AdministratorOnly, admin.TabularInline):
    model = Indicator
    extra = 1


@admin.register(Recommendation)
class RecommendationAdmin(AdministratorOnly, admin.ModelAdmin):
    list_display = ["number", "text", "municipal"]
    inlines = [IndicatorInline]


class RoundIndicatorInline(AdministratorOnly, admin.TabularInline):
    model = RoundIndicator
    extra = 0
    can_delete = False
    fields = ("code", "text", "kind")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False


@admin.register(Round)
class RoundAdmin(AdministratorOnly, admin.ModelAdmin):
    list_display = ["title", "region", "year", "deadline"]
    inlines = [RoundIndicatorInline]

    def save_model(self, request, obj, form, change) -> None:  # type: ignore[no-untyped-def]
        if change:
            super().save_model(request, obj, form, change)
            return
        # A second round for the same region and year is refused by the form (unique constraint).
        opened = actions.open_round(obj.region, obj.year, obj.title, obj.deadline)
        obj.pk = opened.pk
        obj.created_at = opened.created_at
