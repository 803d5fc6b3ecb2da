# SPDX-License-Identifier: AGPL-3.0-or-later
from django.urls import path

from forlob.followup import views

urlpatterns = [
    path("opfoelgning/", views.worklist, name="follow_up_worklist"),
    path("opfoelgning/<int:pk>/", views.follow_up_detail, name="follow_up_detail"),
    path("opfoelgning/<int:pk>/overdrag/", views.follow_up_reassign, name="follow_up_reassign"),
    path("opfoelgning/regel/<int:unit_id>/", views.rule_edit, name="follow_up_rule"),
]
