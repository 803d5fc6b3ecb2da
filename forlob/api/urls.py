# SPDX-License-Identifier: AGPL-3.0-or-later
from django.urls import path

from forlob.api import views

urlpatterns = [
    path("", views.api_tokens, name="api_tokens"),
    path("<int:pk>/tilbagekald/", views.api_token_revoke, name="api_token_revoke"),
]
