# SPDX-License-Identifier: AGPL-3.0-or-later
from django.urls import path

from forlob.organisations import views

urlpatterns = [
    path("find-behandling/", views.find_treatment_index, name="find_treatment_index"),
    path("find-behandling/<str:code>/", views.find_treatment, name="find_treatment"),
]
