# SPDX-License-Identifier: AGPL-3.0-or-later
from django.urls import path

from forlob.competences import views

urlpatterns = [
    path("uddannelse/", views.training_list, name="training_list"),
    path("uddannelse/ny/", views.training_create, name="training_create"),
    path("kompetencer/", views.overview, name="competence_overview"),
    path("kompetencer/ny/", views.competence_add, name="competence_add"),
    path("kompetencer/<int:pk>/fjern/", views.competence_remove, name="competence_remove"),
    path("kompetencer/plan/", views.seats_plan, name="seats_plan"),
]
