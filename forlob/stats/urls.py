# SPDX-License-Identifier: AGPL-3.0-or-later
from django.urls import path

from forlob.stats import caseload_views, registration_views, views
from forlob.stats.reports import (
    activity,
    children,
    coordination,
    courses,
    family,
    guarantee,
    medical,
    method_place,
    outcomes,
    prevention,
    psychiatry,
    screening,
    training,
)
from forlob.stats.reports.breakdown import builder

urlpatterns = [
    path("statistik/", views.index, name="stats_index"),
    path(
        "statistik/afslutningsaarsager/",
        views.report_page,
        {"build": courses.end_reasons_per_year},
        name="stats_end_reasons",
    ),
    path(
        "statistik/forloeb/",
        views.report_page,
        {"build": courses.started_and_completed, "counting": True},
        name="stats_started_completed",
    ),
    path(
        "statistik/paaroerende/",
        views.report_page,
        {"build": courses.relatives_and_family_courses},
        name="stats_relatives_family",
    ),
    path(
        "statistik/behandlingsgaranti/",
        views.report_page,
        {"build": guarantee.treatment_guarantee, "breaches": True},
        name="stats_guarantee",
    ),
    path("statistik/familieorienteret/", views.report_page, {"build": family.family_oriented}, name="stats_family"),
    path(
        "statistik/indsatsplaner/", views.report_page, {"build": coordination.action_plans}, name="stats_action_plans"
    ),
    path("statistik/boern/", views.report_page, {"build": children.children_affected}, name="stats_children"),
    path("statistik/aktivitet/", views.report_page, {"build": activity.activity}, name="stats_activity"),
    path(
        "statistik/sted-og-metode/",
        views.report_page,
        {"build": method_place.sessions_by_place_and_method, "more": [method_place.sessions_before_a_course]},
        name="stats_method_place",
    ),
    path("statistik/screening/", views.report_page, {"build": screening.screening}, name="stats_screening"),
    path("statistik/psykiatri/", views.report_page, {"build": psychiatry.psychiatric_pathway}, name="stats_psychiatry"),
    path("statistik/medicinsk/", views.report_page, {"build": medical.medical_treatment}, name="stats_medical"),
    path("statistik/forandring/", views.report_page, {"build": outcomes.outcome_change}, name="stats_outcome_change"),
    path(
        "statistik/forebyggelse/",
        views.report_page,
        {
            "build": prevention.prevention_activities,
            "more": [prevention.prevention_participants],
            "course_filters": False,
        },
        name="stats_prevention",
    ),
    path(
        "statistik/uddannelse/",
        views.report_page,
        {"build": training.training_participants, "course_filters": False},
        name="stats_training",
    ),
    path(
        "statistik/alder/",
        views.report_page,
        {"build": builder("courses", "age"), "more": [builder("requests", "age")], "counting": True},
        name="stats_by_age",
    ),
    path(
        "statistik/koen/",
        views.report_page,
        {"build": builder("courses", "sex"), "more": [builder("requests", "sex")], "counting": True},
        name="stats_by_sex",
    ),
    path(
        "statistik/maalgrupper/",
        views.report_page,
        {"build": builder("courses", "target_group"), "more": [builder("requests", "target_group")], "counting": True},
        name="stats_by_target_group",
    ),
    path(
        "statistik/henvisningskilder/",
        views.report_page,
        {"build": builder("requests", "channel"), "more": [builder("courses", "channel")], "counting": True},
        name="stats_by_channel",
    ),
    path("statistik/udtraek/", views.person_extract, name="stats_extract"),
    path("statistik/opfoelgning/", views.follow_up_reach, name="stats_follow_up"),
    path("statistik/kapacitet/", caseload_views.caseload_page, name="stats_caseload"),
    path("statistik/registrering/", registration_views.completeness_page, name="stats_registration"),
    path(
        "statistik/registrering/indberettet/",
        registration_views.submitted_page,
        name="stats_registration_submitted",
    ),
    path("statistik/registrering/returtabeller/", registration_views.return_tables_page, name="stats_return_tables"),
    path(
        "statistik/registrering/returtabeller/<int:table_id>/",
        registration_views.return_table_page,
        name="stats_return_table",
    ),
]
