# SPDX-License-Identifier: AGPL-3.0-or-later
from django.urls import path

from forlob.family import views

urlpatterns = [
    path("borgere/<int:pk>/netvaerk/ny/", views.relation_create, name="relation_create"),
    path("borgere/<int:pk>/boernevurdering/", views.children_assessment, name="children_assessment"),
    path("borgere/<int:pk>/samtykker/nyt/", views.consent_create, name="consent_create"),
    path("borgere/<int:pk>/faelles-visitation/ny/", views.shared_visitation_create, name="shared_visitation_create"),
    path("faelles-visitation/", views.shared_visitation_list, name="shared_visitation_list"),
    path("samtykker/<int:pk>/tilbagekald/", views.consent_withdraw, name="consent_withdraw"),
    path("netvaerk/<int:pk>/rediger/", views.relation_edit, name="relation_edit"),
    path("netvaerk/<int:pk>/fjern/", views.relation_remove, name="relation_remove"),
    path("forloeb/<int:pk>/familietilbud/", views.family_offer, name="family_offer"),
    path("forloeb/<int:pk>/familietilbud/svar/", views.family_offer_answer, name="family_offer_answer"),
    path("forloeb/<int:pk>/boern-i-samtaler/", views.session_children, name="session_children"),
]
