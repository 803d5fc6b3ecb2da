# SPDX-License-Identifier: AGPL-3.0-or-later
from django.urls import path

from forlob.coordination import views

urlpatterns = [
    path("forloeb/<int:pk>/indsatsplan/ny/", views.action_plan_create, name="action_plan_create"),
    path("forloeb/<int:pk>/tovholder/", views.case_manager_add, name="case_manager_add"),
    path("indsatsplaner/<int:pk>/", views.action_plan_detail, name="action_plan_detail"),
    path("indsatsplaner/<int:pk>/parter/", views.action_plan_party_add, name="action_plan_party_add"),
    path("indsatsplaner/<int:pk>/handlinger/", views.action_plan_action_add, name="action_plan_action_add"),
    path("indsatsplaner/<int:pk>/opfoelgning/", views.action_plan_review, name="action_plan_review"),
    path("indsatsplaner/<int:pk>/luk/", views.action_plan_close, name="action_plan_close"),
    path("indsatsplan-parter/<int:pk>/samtykke/", views.plan_party_consent, name="plan_party_consent"),
    path("indsatsplan-parter/<int:pk>/pdf/", views.plan_party_pdf, name="plan_party_pdf"),
    path("indsatsplan-handlinger/<int:pk>/status/", views.plan_action_status, name="plan_action_status"),
    path("tovholdere/<int:pk>/afslut/", views.case_manager_end, name="case_manager_end"),
]
