# SPDX-License-Identifier: AGPL-3.0-or-later
"""The recommendations and the indicator set are kept in the admin, where a round is opened:
opening copies the indicators in use, so later edits leave the round as it was. Every save goes
through an action; nothing here is deleted (an indicator no longer asked is taken out of use)."""

from django.contrib import admin
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest

from forlob.kl12 import actions
from forlob.kl12.models import Indicator, Recommendation, Round, RoundIndicator
from forlob.organisations.access import Actor
from forlob.organisations.admin_site import AdministratorOnly


class KeptWithoutDeleting(AdministratorOnly):
    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class IndicatorInline(KeptWithoutDeleting, admin.TabularInline):
    model = Indicator
    extra = 1


@admin.register(Recommendation)
class RecommendationAdmin(KeptWithoutDeleting, admin.ModelAdmin):
    list_display = ["number", "text", "municipal"]
    inlines = [IndicatorInline]

    def save_model(self, request: HttpRequest, obj: Recommendation, form: ModelForm, change: bool) -> None:
        actions.keep_indicator_set(Actor.for_user(request.user), obj)

    def save_formset(self, request: HttpRequest, form: ModelForm, formset: BaseInlineFormSet, change: bool) -> None:
        actor = Actor.for_user(request.user)
        for indicator in formset.save(commit=False):
            actions.keep_indicator_set(actor, indicator)


class RoundIndicatorInline(KeptWithoutDeleting, admin.TabularInline):
    model = RoundIndicator
    extra = 0
    fields = ("code", "text", "kind")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Round)
class RoundAdmin(KeptWithoutDeleting, admin.ModelAdmin):
    list_display = ["title", "region", "year", "deadline"]
    inlines = [RoundIndicatorInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Round | None = None) -> tuple[str, ...]:
        """An open round keeps its region and year: only its title and deadline change."""
        return ("region", "year") if obj is not None else ()

    def save_model(self, request: HttpRequest, obj: Round, form: ModelForm, change: bool) -> None:
        actor = Actor.for_user(request.user)
        if change:
            actions.change_round(actor, obj, obj.title, obj.deadline)
            return
        # A second round for the same region and year is refused by the form (unique constraint).
        opened = actions.open_round(actor, obj.region, obj.year, obj.title, obj.deadline)
        obj.pk = opened.pk
        obj.created_at = opened.created_at
