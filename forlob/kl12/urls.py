# SPDX-License-Identifier: AGPL-3.0-or-later
from django.urls import path

from forlob.kl12 import views

urlpatterns = [
    path("kl12/", views.round_list, name="kl12_rounds"),
    path("kl12/<int:pk>/besvar/<str:code>/", views.answer_sheet, name="kl12_answer"),
    path("kl12/<int:pk>/klynge/<int:cluster_pk>/", views.cluster_report, name="kl12_cluster_report"),
    path("kl12/<int:pk>/region/", views.region_report, name="kl12_region_report"),
]
