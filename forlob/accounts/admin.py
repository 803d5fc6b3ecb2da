# SPDX-License-Identifier: AGPL-3.0-or-later
"""Staff and their roles, for administrators of the staff's municipalities. Every change goes
through forlob.accounts.actions: a role that reads person data waits for a leader's approval,
an administrator cannot give themself such a role, and a password reset forces a new second
factor. Nobody is a superuser, and nobody sets Django permissions: the roles decide."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from forlob.accounts import actions
from forlob.organisations.access import Actor
from forlob.organisations.admin_site import AdministratorOnly
from forlob.organisations.models import APPROVED_ROLES, Membership, Unit


def _actor(request: HttpRequest) -> Actor:
    return Actor.for_user(request.user)


class MembershipForm(forms.ModelForm):
    """Checked by the action before anything is saved, so a refusal shows at the field."""

    request: HttpRequest

    class Meta:
        model = Membership
        fields = ["user", "unit", "role", "profession", "weekly_hours"]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        user, unit, role = data.get("user"), data.get("unit"), data.get("role")
        if user is not None and unit is not None and role:
            actor = _actor(self.request)
            if unit.pk not in actions.administered_units(actor):
                self.add_error("unit", _("You can only grant roles at units of your own municipality."))
            elif user.pk == actor.user.pk and role in APPROVED_ROLES:
                self.add_error(
                    "role", _("An administrator cannot give themself a role that gives access to citizens' data.")
                )
        return data


@admin.register(Membership)
class MembershipAdmin(AdministratorOnly, admin.ModelAdmin):
    """Roles are granted and taken away here, never changed: a changed role is a new grant."""

    form = MembershipForm
    list_display = ["user", "unit", "role", "profession", "weekly_hours", "status", "granted_by", "approved_by"]
    list_filter = ["role", "unit"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]

    @admin.display(description=gettext_lazy("status"))
    def status(self, obj: Membership) -> str:
        return _("In force") if obj.in_force else _("Awaits the leader's approval")

    def get_queryset(self, request: HttpRequest):
        units = actions.administered_units(_actor(request))
        return super().get_queryset(request).filter(unit_id__in=units).select_related("user", "unit")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "unit":
            kwargs["queryset"] = Unit.objects.filter(pk__in=actions.administered_units(_actor(request)))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"request": request})

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def save_model(self, request, obj, form, change) -> None:
        granted = actions.grant_role(_actor(request), obj.user, obj.unit, obj.role, obj.profession, obj.weekly_hours)
        obj.pk = granted.pk
        if not granted.in_force:
            messages.warning(request, _("The role takes effect when a leader of the unit has approved it."))

    def delete_model(self, request, obj) -> None:
        actions.remove_role(_actor(request), obj)

    def delete_queryset(self, request, queryset) -> None:
        for membership in queryset:
            actions.remove_role(_actor(request), membership)


class MembershipInline(AdministratorOnly, admin.TabularInline):
    """The user's roles, as they stand; granted and removed under Memberships."""

    model = Membership
    fk_name = "user"
    readonly_fields = ("unit", "role", "profession", "weekly_hours", "approved_at", "approved_by")
    fields = readonly_fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(User)
class StaffAdmin(AdministratorOnly, UserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "first_name", "last_name", "email", "is_active", "last_login"]
    list_filter = ["is_active"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (gettext_lazy("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (gettext_lazy("Status"), {"fields": ("is_active", "last_login", "date_joined")}),
    )
    readonly_fields = ["last_login", "date_joined"]

    def get_queryset(self, request: HttpRequest):
        """Users who work in the administrator's municipalities, and users with no role yet."""
        units = actions.administered_units(_actor(request))
        roles = Membership.objects.filter(user=OuterRef("pk"))
        return super().get_queryset(request).filter(Q(Exists(roles.filter(unit_id__in=units))) | ~Exists(roles))

    def save_model(self, request, obj, form, change) -> None:
        actor = _actor(request)
        if change and "is_active" in form.changed_data:
            active = obj.is_active
            obj.is_active = not active
            actions.save_staff_user(actor, obj)
            actions.set_account_active(actor, obj, active)
            obj.is_active = active
            return
        actions.save_staff_user(actor, obj)

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        """Accounts are disabled, never deleted: the access log and the history name them."""
        return False

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> HttpResponse:
        """Setting another user's password goes through ``reset_password``: the second factor,
        sessions and tokens end, and the user's roles wait for a leader's approval again."""
        user = self.get_object(request, unquote(id))
        if user is None:
            raise Http404
        if not self.has_change_permission(request, user):
            raise PermissionDenied
        form = AdminPasswordChangeForm(user, request.POST or None)
        form.fields.pop("usable_password", None)
        if request.method == "POST" and form.is_valid():
            try:
                actions.reset_password(_actor(request), user, form.cleaned_data["password1"])
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request,
                    _(
                        "The password is set. The user must set up a new second factor, and their roles "
                        "that give access to citizens' data wait for a leader's approval again."
                    ),
                )
                return HttpResponseRedirect(reverse("admin:auth_user_change", args=[user.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Reset password: %s") % user.get_username(),
            "adminForm": helpers.AdminForm(form, [(None, {"fields": list(form.fields)})], {}),  # type: ignore[arg-type]
            "form_url": form_url,
            "form": form,
            "is_popup": False,
            "add": True,
            "change": False,
            "has_delete_permission": False,
            "has_change_permission": True,
            "has_absolute_url": False,
            "opts": self.opts,
            "original": user,
            "save_as": False,
            "show_save": True,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(
            request, self.change_user_password_template or "admin/auth/user/change_password.html", context
        )
