# SPDX-License-Identifier: AGPL-3.0-or-later
from django.urls import path

from forlob.family import views

urlpatterns = [
    path("borgere/<int:pk>/netvaerk/ny/", views.relation_create, name="relation_create"),
    path("borgere/<int:pk>/boernevurdering/", views.children_assessment, name="children_assessment"),
    path("netvaerk/<int:pk>/rediger/", views.relation_edit, name="relation_edit"),
    path("netvaerk/<int:pk>/fjern/", views.relation_remove, name="relation_remove"),
]
