# SPDX-License-Identifier: AGPL-3.0-or-later
from django.contrib.auth import views as auth_views
from django.urls import path

from forlob.accounts import roles, views

urlpatterns = [
    path("log-ind/", views.ForlobLoginView.as_view(), name="login"),
    path("log-ud/", auth_views.LogoutView.as_view(), name="logout"),
    path("log-ind/kode/", views.otp_verify, name="otp_verify"),
    path("log-ind/opsaet/", views.otp_setup, name="otp_setup"),
    path("sso/", views.oidc_init, name="oidc_authentication_init"),
    path("sso/retur/", views.oidc_callback, name="oidc_authentication_callback"),
    path("roller/", roles.unit_roles, name="unit_roles"),
    path("roller/<int:pk>/", roles.unit_roles, name="unit_roles_of"),
]
