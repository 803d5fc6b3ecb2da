# SPDX-License-Identifier: AGPL-3.0-or-later
"""The leader's page of the unit's roles: who holds which role and when they last signed in,
approving roles granted by an administrator, taking roles away, confirming the periodic review
(recertification), and the unit's security events and refused attempts on its citizens."""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from forlob.accounts import actions
from forlob.accounts.forms import StaffingForm
from forlob.audit.log import log_many
from forlob.audit.models import AccessLogEntry, SecurityEvent, Use
from forlob.common.views import paginate
from forlob.organisations.access import APPROVE_ROLES, Actor
from forlob.organisations.actions import set_staffing
from forlob.organisations.models import Membership, Profession, Unit
from forlob.organisations.view_access import actor_of

# A unit's roles, those awaiting a leader's approval first (on every database: PostgreSQL sorts
# an empty approval last unless told), then by name.
AWAITING_APPROVAL_FIRST = (F("approved_at").asc(nulls_first=True), "user__last_name", "user__first_name", "role")

# Security events and refusals shown: those of the last 90 days.
EVENT_DAYS = 90


@login_required
def unit_roles(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    actor = actor_of(request)
    units = list(Unit.objects.filter(pk__in=actor.unit_ids(APPROVE_ROLES)).order_by("name"))
    if not units:
        raise PermissionDenied(_("Only a unit's leader can see and approve its roles."))
    wanted = pk if pk is not None else actor.home_unit_id
    unit = next((u for u in units if u.pk == wanted), None if pk is not None else units[0])
    if unit is None:
        raise Http404(_("The unit is not one of yours."))
    if request.method == "POST":
        _act(request, unit)
        return redirect("unit_roles_of", pk=unit.pk)

    since = timezone.now() - timedelta(days=EVENT_DAYS)
    memberships = list(
        Membership.objects.filter(unit=unit)
        .select_related("user", "approved_by", "granted_by")
        .order_by(*AWAITING_APPROVAL_FIRST)
    )
    inactive_days = settings.FORLOB_ACCOUNT_INACTIVE_DAYS
    for m in memberships:
        seen = m.user.last_login or m.user.date_joined
        m.disabled_on = seen + timedelta(days=inactive_days) if inactive_days and m.user.is_active else None  # type: ignore[attr-defined]
    events = paginate(
        request,
        SecurityEvent.objects.filter(unit=unit, at__gte=since).select_related("user", "by_user"),
        page_param="haendelser",
    )
    refusals = list(
        AccessLogEntry.objects.filter(use=Use.REFUSED, citizen__unit=unit, at__gte=since)
        .select_related("user", "unit", "citizen")
        .order_by("-at")[:50]
    )
    log_many(
        actor, Use.LIST, sorted({r.citizen_id for r in refusals if r.citizen_id}), unit_id=unit.pk, via="unit_roles"
    )
    reviewed = SecurityEvent.objects.filter(unit=unit, kind=SecurityEvent.Kind.ROLES_REVIEWED).first()
    context = {
        "nav": "roles",
        "unit": unit,
        "units": units,
        "memberships": memberships,
        "pending": [m for m in memberships if not m.in_force],
        "events": events,
        "refusals": refusals,
        "reviewed": reviewed,
        "inactive_days": inactive_days,
        "event_days": EVENT_DAYS,
        "professions": Profession.choices,
    }
    return render(request, "accounts/unit_roles.html", context)


def _act(request: HttpRequest, unit: Unit) -> None:
    actor = actor_of(request)
    action = request.POST.get("action", "")
    membership = None
    if action in ("approve", "remove", "staffing"):
        membership = Membership.objects.filter(unit=unit, pk=request.POST.get("membership") or 0).first()
        if membership is None:
            raise Http404(_("The role is not found at the unit."))
    try:
        if action == "approve" and membership is not None:
            actions.approve_role(actor, membership)
            messages.success(request, _("The role is approved and takes effect now."))
        elif action == "remove" and membership is not None:
            actions.remove_role(actor, membership)
            messages.success(request, _("The role is removed."))
        elif action == "staffing" and membership is not None:
            _set_staffing(actor, membership, StaffingForm(request.POST))
            messages.success(request, _("The profession and weekly hours are saved."))
        elif action == "reviewed":
            actions.confirm_roles_reviewed(actor, unit)
            messages.success(request, _("The review of the unit's roles is recorded."))
        else:
            messages.error(request, _("Unknown action."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))


def _set_staffing(actor: Actor, membership: Membership, form: StaffingForm) -> None:
    if not form.is_valid():
        labels = {name: form.fields[name].label for name in form.errors}
        raise ValidationError(
            [
                (f"{labels[name]}: " if labels[name] else "") + " ".join(map(str, errors))
                for name, errors in form.errors.items()
            ]
        )
    d = form.cleaned_data
    set_staffing(actor, membership, d["profession"], d["weekly_hours"], d["version"])
