# SPDX-License-Identifier: AGPL-3.0-or-later
from django.urls import path

from forlob.stats import views

urlpatterns = [
    path("statistik/", views.index, name="stats_index"),
    path("statistik/afslutningsaarsager/", views.end_reasons, name="stats_end_reasons"),
    path("statistik/forloeb/", views.started_completed, name="stats_started_completed"),
    path("statistik/paaroerende/", views.relatives_family, name="stats_relatives_family"),
    path("statistik/behandlingsgaranti/", views.guarantee, name="stats_guarantee"),
    path("statistik/boern/", views.children, name="stats_children"),
    path("statistik/aktivitet/", views.sessions, name="stats_activity"),
    path("statistik/udtraek/", views.person_extract, name="stats_extract"),
    path("statistik/opfoelgning/", views.follow_up_reach, name="stats_follow_up"),
]
