# SPDX-License-Identifier: AGPL-3.0-or-later
from django.urls import path

from forlob.oversight import views

urlpatterns = [
    path("noedadgang/", views.emergency_access, name="emergency_access"),
    path("noedadgang/<int:pk>/gennemset/", views.emergency_review, name="emergency_review"),
    path("logkontrol/", views.log_review_list, name="log_review_list"),
    path("logkontrol/soeg/", views.access_log_search, name="access_log_search"),
    path("logkontrol/<int:pk>/", views.log_review_detail, name="log_review_detail"),
    path("borgere/<int:pk>/indsigt/", views.citizen_insight, name="citizen_insight"),
]
