# SPDX-License-Identifier: AGPL-3.0-or-later
from django.urls import path

from forlob.psychiatry import views

urlpatterns = [
    path("forloeb/<int:pk>/psykiatri/vurdering/", views.assessment_create, name="psychiatric_assessment"),
    path("forloeb/<int:pk>/psykiatri/andetsteds/", views.finding_create, name="outside_finding"),
    path("forloeb/<int:pk>/psykiatri/brev/", views.letter_create, name="gp_letter_create"),
    path("psykiatri/brev/<int:pk>/pdf/", views.letter_pdf, name="gp_letter_pdf"),
    path("psykiatri/brev/<int:pk>/sendt/", views.letter_sent, name="gp_letter_sent"),
    path("psykiatri/brev/<int:pk>/henvisning/", views.gp_referral, name="gp_referral"),
]
