# SPDX-License-Identifier: AGPL-3.0-or-later
from django.urls import path

from forlob.instruments import views

urlpatterns = [
    path("forloeb/<int:pk>/maaling/<slug:code>/", views.response_create, name="response_create"),
    path("maalinger/<int:pk>/", views.response_detail, name="response_detail"),
    path("maalinger/<int:pk>/kvitter/", views.critical_acknowledge, name="critical_acknowledge"),
]
