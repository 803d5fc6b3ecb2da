# SPDX-License-Identifier: AGPL-3.0-or-later
from django.urls import path

from forlob.strategy import views

urlpatterns = [
    path("strategier/", views.strategy_list, name="strategy_list"),
    path("strategier/<int:pk>/", views.strategy_detail, name="strategy_detail"),
    path("strategier/<int:pk>/rapport/", views.strategy_report, name="strategy_report"),
    path("strategier/initiativ/<int:pk>/", views.initiative_update, name="initiative_update"),
    path("strategier/indikator/<int:pk>/", views.indicator_update, name="indicator_update"),
]
