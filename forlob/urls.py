# SPDX-License-Identifier: AGPL-3.0-or-later
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from forlob.api.routes import api

urlpatterns = [
    path("", include("forlob.treatment.urls")),
    path("borgere/", include("forlob.citizens.urls")),
    path("log-ind/", auth_views.LoginView.as_view(), name="login"),
    path("log-ud/", auth_views.LogoutView.as_view(), name="logout"),
    path("api/v1/", api.urls),
    path("api-noegler/", include("forlob.api.urls")),
    path("admin/", admin.site.urls),
]
