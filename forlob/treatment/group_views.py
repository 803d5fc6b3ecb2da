# SPDX-License-Identifier: AGPL-3.0-or-later
"""Pages of the treatment groups: their list, their page, members and meetings."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forlob.common.dates import today
from forlob.common.kept_forms import back_to_page, kept_form
from forlob.common.views import paginate, run_action
from forlob.organisations.access import MANAGE_GROUPS, Actor
from forlob.organisations.view_access import actor_of, case_work_required
from forlob.treatment import actions, queries
from forlob.treatment.forms import GroupForm, GroupMemberForm, GroupSessionForm
from forlob.treatment.models import Attendance


@case_work_required
def group_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    page = paginate(request, queries.visible_groups(actor).select_related("unit").order_by("name", "pk"))
    return render(
        request,
        "treatment/group_list.html",
        {"nav": "groups", "page_obj": page, "can_create": bool(actor.unit_ids(MANAGE_GROUPS))},
    )


@case_work_required
def group_create(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    form = GroupForm(request.POST or None, unit_ids=actor.unit_ids(MANAGE_GROUPS))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        data = actions.GroupData(
            name=d["name"],
            weekday=d["weekday"],
            start_time=d["start_time"],
            starts_on=d["starts_on"],
            staff=list(d["staff"]),
            minutes=d["minutes"],
            ends_on=d["ends_on"],
            description=d["description"],
        )
        group = run_action(form, lambda: actions.create_group(actor, d["unit"], data))
        if group:
            messages.success(request, _("The group has been created."))
            return redirect("group_detail", pk=group.pk)
    return render(request, "treatment/group_form.html", {"nav": "groups", "form": form})


def _group_page(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    group = queries.get_group(actor, pk)
    members = group.active_memberships  # type: ignore[attr-defined]
    candidates = queries.course_choices(
        actor, via="group_detail", unit_id=group.unit_id, other_than_course_ids=[m.course_id for m in members]
    )
    context = {
        "nav": "groups",
        "group": group,
        "members": members,
        "meetings": group.meetings(today(), 6),
        "member_form": kept_form(request, f"group-member-{pk}", partial(GroupMemberForm, courses=candidates))
        or GroupMemberForm(courses=candidates),
        "session_form": kept_form(
            request, f"group-session-{pk}", partial(GroupSessionForm, group=group, members=members)
        )
        or GroupSessionForm(
            group=group, members=members, initial={"staff": [request.user.pk], "minutes": group.minutes}
        ),
    }
    return render(request, "treatment/group_detail.html", context)


@case_work_required
def group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _group_page(request, actor_of(request), pk)


@case_work_required
@require_POST
def group_add_member(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    group = queries.get_group(actor, pk)
    courses = queries.course_choices(actor, via="group_add_member", unit_id=group.unit_id)
    form = GroupMemberForm(request.POST, courses=courses)
    if (
        form.is_valid()
        and run_action(
            form,
            lambda: actions.add_group_member(actor, group, form.cleaned_data["course"], form.cleaned_data["joined_on"]),
        )
        is not None
    ):
        messages.success(request, _("The citizen has joined the group."))
        return redirect("group_detail", pk=group.pk)
    return back_to_page(request, f"group-member-{pk}", form, reverse("group_detail", args=[pk]))


@case_work_required
@require_POST
def group_remove_member(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    membership = queries.get_membership(actor, pk, via="group_remove_member")
    try:
        actions.remove_group_member(actor, membership, today())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The citizen has left the group."))
    return redirect("group_detail", pk=membership.group_id)


@case_work_required
@require_POST
def group_session(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    group = queries.get_group(actor, pk)
    members = group.active_memberships  # type: ignore[attr-defined]
    form = GroupSessionForm(request.POST, group=group, members=members)
    if form.is_valid():
        d = form.cleaned_data
        present = {int(c) for c in d["present"]}
        attendance = {
            m.course_id: Attendance.ATTENDED if m.course_id in present else Attendance.NO_SHOW for m in members
        }
        data = actions.SessionData(
            held_on=d["held_on"],
            kind="group",
            attendance=Attendance.ATTENDED,
            staff=list(d["staff"]),
            minutes=d["minutes"],
            start_time=group.start_time,
            note=d["note"],
        )
        if run_action(form, lambda: actions.register_group_session(actor, group, data, attendance)):
            messages.success(request, _("The group session has been registered."))
            return redirect("group_detail", pk=group.pk)
    return back_to_page(request, f"group-session-{pk}", form, reverse("group_detail", args=[pk]))
