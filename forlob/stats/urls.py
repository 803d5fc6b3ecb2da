# SPDX-License-Identifier: AGPL-3.0-or-later
from django.urls import path

from forlob.stats import reports, views

urlpatterns = [
    path("statistik/", views.index, name="stats_index"),
    path(
        "statistik/afslutningsaarsager/",
        views.report_page,
        {"build": reports.end_reasons_per_year},
        name="stats_end_reasons",
    ),
    path(
        "statistik/forloeb/",
        views.report_page,
        {"build": reports.started_and_completed},
        name="stats_started_completed",
    ),
    path(
        "statistik/paaroerende/",
        views.report_page,
        {"build": reports.relatives_and_family_courses},
        name="stats_relatives_family",
    ),
    path(
        "statistik/behandlingsgaranti/",
        views.report_page,
        {"build": reports.treatment_guarantee, "breaches": True},
        name="stats_guarantee",
    ),
    path("statistik/boern/", views.report_page, {"build": reports.children_affected}, name="stats_children"),
    path("statistik/aktivitet/", views.report_page, {"build": reports.activity}, name="stats_activity"),
    path("statistik/screening/", views.report_page, {"build": reports.screening}, name="stats_screening"),
    path("statistik/forandring/", views.report_page, {"build": reports.outcome_change}, name="stats_outcome_change"),
    path(
        "statistik/forebyggelse/",
        views.report_page,
        {"build": reports.prevention_activities, "more": [reports.prevention_participants], "course_filters": False},
        name="stats_prevention",
    ),
    path(
        "statistik/uddannelse/",
        views.report_page,
        {"build": reports.training_participants, "course_filters": False},
        name="stats_training",
    ),
    path("statistik/udtraek/", views.person_extract, name="stats_extract"),
    path("statistik/opfoelgning/", views.follow_up_reach, name="stats_follow_up"),
]
