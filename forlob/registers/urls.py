# SPDX-License-Identifier: AGPL-3.0-or-later
from django.urls import path

from forlob.registers import views, views_submissions

urlpatterns = [
    path("forloeb/<int:pk>/registrering/", views.course_answers, name="register_answers"),
    path("indberetning/", views_submissions.overview, name="submission_overview"),
    path("indberetning/fil/<int:pk>/", views_submissions.download, name="submission_file"),
    path(
        "indberetning/<int:unit_id>/<str:register>/<str:month>/",
        views_submissions.preview,
        name="submission_preview",
    ),
]
