# SPDX-License-Identifier: AGPL-3.0-or-later
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from forlob.common.dates import today
from forlob.common.views import paginate, run_action
from forlob.organisations.models import Unit
from forlob.organisations.view_access import actor_of
from forlob.prevention import actions, queries
from forlob.prevention.forms import ActivityFilterForm, ActivityForm
from forlob.prevention.models import Activity

FIELDS = ("held_on", "level", "focus_area", "target_group", "setting", "title", "participants", "contacts", "notes")


def _units(request: HttpRequest) -> QuerySet[Unit]:
    units = queries.prevention_units(actor_of(request))
    if not units.exists():
        raise PermissionDenied(_("Your roles do not give access to prevention activities."))
    return units


@login_required
def activity_list(request: HttpRequest) -> HttpResponse:
    """Activities by period, level, focus area and title, newest first, with the totals."""
    _units(request)
    form = ActivityFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    qs = queries.activities(
        actor_of(request),
        first=filters.get("first"),
        last=filters.get("last"),
        level=filters.get("level", ""),
        focus_area=filters.get("focus_area", ""),
        term=filters.get("q", ""),
    )
    totals = qs.aggregate(participants=Sum("participants"), contacts=Sum("contacts"))
    page = paginate(request, qs)
    query = {k: str(v) for k, v in request.GET.items() if k != "page" and v}
    context = {
        "nav": "prevention",
        "form": form,
        "rows": list(page.object_list),
        "page_obj": page,
        "totals": totals,
        "query_string": urlencode(query) + "&" if query else "",
    }
    return render(request, "prevention/activity_list.html", context)


def _data(form: ActivityForm) -> actions.ActivityData:
    d = form.cleaned_data
    return actions.ActivityData(**{name: d[name] for name in FIELDS})


@login_required
def activity_create(request: HttpRequest) -> HttpResponse:
    """Register an activity; ``?kopi=<id>`` starts from a repeated one, dated today."""
    units = _units(request)
    actor = actor_of(request)
    if request.method == "POST":
        form = ActivityForm(request.POST, units=units)
        if form.is_valid():
            unit = form.cleaned_data["unit"]
            if run_action(form, lambda: actions.register_activity(actor, unit, _data(form))):
                messages.success(request, _("The activity has been registered."))
                return redirect("activity_list")
    else:
        initial: dict[str, object] = {"held_on": today()}
        if request.GET.get("kopi", "").isdigit():
            source = get_object_or_404(queries.activities(actor), pk=request.GET["kopi"])
            initial |= {name: getattr(source, name) for name in FIELDS if name != "held_on"}
            initial["unit"] = source.unit_id
        form = ActivityForm(initial=initial, units=units)
    return render(request, "prevention/activity_form.html", {"nav": "prevention", "form": form})


@login_required
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    units = _units(request)
    actor = actor_of(request)
    activity: Activity = get_object_or_404(queries.activities(actor), pk=pk)
    if request.method == "POST":
        form = ActivityForm(request.POST, units=units, editing=True)
        if form.is_valid():
            version = form.cleaned_data["version"]
            if run_action(form, lambda: actions.change_activity(actor, activity, _data(form), version)):
                messages.success(request, _("The activity has been saved."))
                return redirect("activity_list")
    else:
        initial = {name: getattr(activity, name) for name in FIELDS} | {
            "unit": activity.unit_id,
            "version": activity.version,
        }
        form = ActivityForm(initial=initial, units=units, editing=True)
    context = {"nav": "prevention", "form": form, "activity": activity}
    return render(request, "prevention/activity_form.html", context)
