# SPDX-License-Identifier: AGPL-3.0-or-later
"""Strategies are set up in the admin: the strategy, its core areas, their goals with indicators
and their initiatives. Status and notes are kept on the strategy's page."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from forlob.organisations.admin_site import AdministratorOnly
from forlob.strategy.models import Area, Goal, Indicator, Initiative, Strategy


class AreaInline(AdministratorOnly, admin.TabularInline):
    model = Area
    extra = 1


class GoalInline(AdministratorOnly, admin.StackedInline):
    model = Goal
    extra = 1


class InitiativeInline(AdministratorOnly, admin.TabularInline):
    model = Initiative
    extra = 1


class IndicatorInline(AdministratorOnly, admin.TabularInline):
    model = Indicator
    extra = 1


@admin.register(Strategy)
class StrategyAdmin(AdministratorOnly, SimpleHistoryAdmin):
    list_display = ["title", "municipality", "first_year", "last_year"]
    inlines = [AreaInline]


@admin.register(Area)
class AreaAdmin(AdministratorOnly, SimpleHistoryAdmin):
    list_display = ["title", "strategy", "position"]
    inlines = [GoalInline, InitiativeInline]


@admin.register(Goal)
class GoalAdmin(AdministratorOnly, SimpleHistoryAdmin):
    list_display = ["__str__", "area"]
    inlines = [IndicatorInline]
