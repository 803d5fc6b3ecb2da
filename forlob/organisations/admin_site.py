# SPDX-License-Identifier: AGPL-3.0-or-later
"""The administration site: organisation set-up for users with the administrator role, and
nothing else. Django's superuser flag gives no access here (Forløb has no superusers), and the
site shows only Forløb's own admin classes, each allowing administrators only: third-party admin
pages (such as the two-factor devices, which hold their secrets) are never registered."""

from django.contrib import admin
from django.contrib.auth.models import AnonymousUser, User
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse

from forlob.organisations.access import ADMINISTER, Actor


def is_administrator(user: User | AnonymousUser) -> bool:
    return user.is_authenticated and user.is_active and bool(Actor.for_user(user).unit_ids(ADMINISTER))


class AdministratorOnly:
    """For ModelAdmin and inline classes: administrators may do everything the class allows,
    everyone else nothing, whatever Django permissions or superuser flag they have."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_administrator(request.user)

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return is_administrator(request.user)

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return is_administrator(request.user)

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return is_administrator(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return is_administrator(request.user)


class ReadOnlyAdmin(AdministratorOnly, admin.ModelAdmin):
    """Administrators look, nobody changes: shipped data and logs."""

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class ForlobAdminSite(admin.AdminSite):
    site_header = "Forløb – administration"
    site_title = "Forløb"

    def has_permission(self, request: HttpRequest) -> bool:
        return is_administrator(request.user)

    def login(self, request: HttpRequest, extra_context: object = None) -> HttpResponse:
        """Everyone signs in on Forløb's own login page (second factor and single sign-on)."""
        return redirect_to_login(request.get_full_path())

    def register(self, model_or_iterable, admin_class=None, **options) -> None:
        if admin_class is not None and issubclass(admin_class, AdministratorOnly):
            super().register(model_or_iterable, admin_class, **options)
