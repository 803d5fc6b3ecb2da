# SPDX-License-Identifier: AGPL-3.0-or-later
from django.urls import path

from forlob.cooperation import views

urlpatterns = [
    path("samarbejdsaftaler/", views.agreement_list, name="agreement_list"),
    path("samarbejdsaftaler/ny/", views.agreement_create, name="agreement_create"),
    path("samarbejdsaftaler/<int:pk>/", views.agreement_detail, name="agreement_detail"),
    path("samarbejdsaftaler/<int:pk>/ret/", views.agreement_edit, name="agreement_edit"),
    path("samarbejdsaftaler/<int:pk>/dokumenter/", views.document_upload, name="agreement_document_upload"),
    path(
        "samarbejdsaftaler/<int:pk>/dokumenter/<int:document_pk>/",
        views.document_download,
        name="agreement_document",
    ),
    path(
        "samarbejdsaftaler/<int:pk>/dokumenter/<int:document_pk>/fjern/",
        views.document_remove,
        name="agreement_document_remove",
    ),
]
