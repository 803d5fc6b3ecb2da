# SPDX-License-Identifier: AGPL-3.0-or-later
from django.urls import path

from forlob.prevention import views

urlpatterns = [
    path("forebyggelse/", views.activity_list, name="activity_list"),
    path("forebyggelse/ny/", views.activity_create, name="activity_create"),
    path("forebyggelse/<int:pk>/", views.activity_edit, name="activity_edit"),
]
