# SPDX-License-Identifier: AGPL-3.0-or-later
"""Strategies are set up in the admin: the strategy, its core areas, their goals with indicators
and their initiatives. Status and notes are kept on the strategy's page. Every save and delete
goes through the strategy's actions, which check that the administrator is one of the
strategy's municipality."""

from django.contrib import admin
from django.db.models import QuerySet
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from forlob.organisations.access import Actor
from forlob.organisations.admin_site import AdministratorOnly
from forlob.organisations.models import Municipality
from forlob.strategy import actions
from forlob.strategy.models import Area, Goal, Indicator, Initiative, Strategy

# How each part reaches its strategy's municipality.
MUNICIPALITY_OF = {
    Strategy: "municipality",
    Area: "strategy__municipality",
    Goal: "area__strategy__municipality",
    Initiative: "area__strategy__municipality",
    Indicator: "goal__area__strategy__municipality",
}


class OwnMunicipalities(AdministratorOnly):
    """An administrator sees, and can choose, only the strategies of the municipalities they
    administer, so the actions' refusal is never met on a form."""

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        mine = actions.administered_municipalities(Actor.for_user(request.user))
        path = MUNICIPALITY_OF[self.model]  # type: ignore[attr-defined]
        return super().get_queryset(request).filter(**{f"{path}__in": mine})  # type: ignore[misc]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        mine = actions.administered_municipalities(Actor.for_user(request.user))
        if db_field.related_model is Municipality:
            kwargs["queryset"] = Municipality.objects.filter(pk__in=mine)
        elif db_field.related_model in MUNICIPALITY_OF:
            path = MUNICIPALITY_OF[db_field.related_model]
            kwargs["queryset"] = db_field.related_model.objects.filter(**{f"{path}__in": mine})
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]


class AreaInline(OwnMunicipalities, admin.TabularInline):
    model = Area
    extra = 1


class GoalInline(OwnMunicipalities, admin.StackedInline):
    model = Goal
    extra = 1


class InitiativeInline(OwnMunicipalities, admin.TabularInline):
    model = Initiative
    extra = 1


class IndicatorInline(OwnMunicipalities, admin.TabularInline):
    model = Indicator
    extra = 1


class SetUpThroughActions(OwnMunicipalities, SimpleHistoryAdmin):
    def save_model(self, request: HttpRequest, obj: actions.SetUpPart, form: ModelForm, change: bool) -> None:
        actions.save_set_up(Actor.for_user(request.user), obj)

    def delete_model(self, request: HttpRequest, obj: actions.SetUpPart) -> None:
        actions.delete_set_up(Actor.for_user(request.user), obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        actor = Actor.for_user(request.user)
        for part in queryset:
            actions.delete_set_up(actor, part)

    def save_formset(self, request: HttpRequest, form: ModelForm, formset: BaseInlineFormSet, change: bool) -> None:
        actor = Actor.for_user(request.user)
        for part in formset.save(commit=False):
            actions.save_set_up(actor, part)
        for part in formset.deleted_objects:
            actions.delete_set_up(actor, part)


@admin.register(Strategy)
class StrategyAdmin(SetUpThroughActions):
    list_display = ["title", "municipality", "first_year", "last_year"]
    inlines = [AreaInline]

    def save_model(self, request: HttpRequest, obj: Strategy, form: ModelForm, change: bool) -> None:  # type: ignore[override]
        if change:
            super().save_model(request, obj, form, change)
            return
        data = actions.StrategyData(obj.municipality, obj.title, obj.first_year, obj.last_year, obj.description)
        created = actions.create_strategy(Actor.for_user(request.user), data)
        obj.pk = created.pk


@admin.register(Area)
class AreaAdmin(SetUpThroughActions):
    list_display = ["title", "strategy", "position"]
    inlines = [GoalInline, InitiativeInline]


@admin.register(Goal)
class GoalAdmin(SetUpThroughActions):
    list_display = ["__str__", "area"]
    inlines = [IndicatorInline]
