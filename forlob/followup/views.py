# SPDX-License-Identifier: AGPL-3.0-or-later
"""The follow-up worklists, one follow-up with its attempts and short form, and the unit's rule."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forlob.common.dates import today
from forlob.common.kept_forms import back_to_page, kept_form
from forlob.common.sections import render_sections
from forlob.common.views import page_of, run_action
from forlob.followup import actions, hooks, queries
from forlob.followup.forms import AttemptForm, ReassignForm, RuleForm
from forlob.followup.models import FollowUp, FollowUpRule
from forlob.organisations.access import FOLLOW_UP, MANAGE_FOLLOW_UP, Actor
from forlob.organisations.models import CASE_ROLES, Unit
from forlob.organisations.view_access import actor_of, case_work_required


def _unit_from_query(request: HttpRequest, actor: Actor) -> int | None:
    """The unit of ``?enhed=``: one of the actor's own units, or 404."""
    raw = request.GET.get("enhed")
    if not raw:
        return None
    if not raw.isdigit() or int(raw) not in actor.unit_ids(FOLLOW_UP):
        raise Http404(_("The unit is not one of yours."))
    return int(raw)


@case_work_required
def worklist(request: HttpRequest) -> HttpResponse:
    """My follow-ups (or, with ``?enhed=``, all of a unit's): due this week and overdue, later, done."""
    actor = actor_of(request)
    day = today()
    unit_id = _unit_from_query(request, actor)
    section = request.GET.get("vis", queries.Section.CURRENT)
    if section not in queries.Section.ALL:
        section = queries.Section.CURRENT
    shown = queries.worklist(actor, day, section, page_of(request), via="follow_up_worklist", unit_id=unit_id)
    unit = Unit.objects.get(pk=unit_id) if unit_id else None
    context = {
        "nav": "followup",
        "today": day,
        "week_end": queries.week_end(day),
        "rows": shown.rows,
        "page_obj": shown.page,
        "section": section,
        "counts": queries.section_counts(actor, day, unit_id=unit_id),
        "unit": unit,
        "units": Unit.objects.filter(pk__in=actor.unit_ids(FOLLOW_UP)).order_by("name"),
        "leader_units": actor.unit_ids(MANAGE_FOLLOW_UP),
        "unit_sections": render_sections(request, [add(unit_id, day) for add in hooks.unit_worklist_sections])
        if unit_id
        else {},
        "query": f"enhed={unit_id}&" if unit_id else "",
    }
    return render(request, "followup/worklist.html", context)


def _staff(unit_id: int) -> QuerySet[User]:
    """Whom a leader can hand a follow-up to: the unit's active case staff."""
    return (
        User.objects.filter(is_active=True, memberships__unit_id=unit_id, memberships__role__in=CASE_ROLES)
        .distinct()
        .order_by("first_name", "last_name")
    )


def _detail_page(request: HttpRequest, actor: Actor, task: FollowUp, **forms: object) -> HttpResponse:
    is_leader = actor.has_role(task.unit_id, MANAGE_FOLLOW_UP)
    staff = _staff(task.unit_id)
    context = {
        "nav": "followup",
        "task": task,
        "attempts": task.attempts.select_related("made_by"),
        "is_assignee": task.assigned_to_id == actor.user.pk,
        "attempt_form": AttemptForm(initial={"attempted_on": today(), "version": task.version}),
        "reassign_form": (
            kept_form(request, f"reassign-{task.pk}", partial(ReassignForm, staff=staff))
            or ReassignForm(staff=staff, initial={"assigned_to": task.assigned_to_id, "version": task.version})
            if is_leader and task.is_open
            else None
        ),
        **forms,
    }
    return render(request, "followup/follow_up_detail.html", context)


@case_work_required
def follow_up_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    task = queries.get_follow_up(actor, pk, via="follow_up_detail")
    if request.method != "POST":
        return _detail_page(request, actor, task)
    form = AttemptForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        data = actions.AttemptData(
            attempted_on=d["attempted_on"],
            reached=bool(d["reached"]),
            note=d["attempt_note"],
            answers=actions.ShortForm(**{name: d[name] for name in actions.SHORT_FORM_FIELDS}),
            version=d["version"],
        )
        saved = run_action(form, lambda: actions.record_attempt(actor, task, data))
        if saved is not None:
            messages.success(
                request, _("The follow-up is closed.") if not saved.is_open else _("The attempt is saved.")
            )
            return redirect("follow_up_worklist")
    return _detail_page(request, actor, task, attempt_form=form)


@case_work_required
@require_POST
def follow_up_reassign(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    task = queries.get_follow_up(actor, pk, via="follow_up_reassign")
    form = ReassignForm(request.POST, staff=_staff(task.unit_id))
    if (
        form.is_valid()
        and run_action(
            form,
            lambda: actions.reassign(actor, task, form.cleaned_data["assigned_to"], form.cleaned_data["version"]),
        )
        is not None
    ):
        messages.success(request, _("The follow-up is reassigned."))
        return redirect("follow_up_detail", task.pk)
    return back_to_page(request, f"reassign-{task.pk}", form, reverse("follow_up_detail", args=[task.pk]))


@case_work_required
def rule_edit(request: HttpRequest, unit_id: int) -> HttpResponse:
    """The unit's follow-up rule, for its leaders."""
    actor = actor_of(request)
    unit = get_object_or_404(Unit, pk=unit_id)
    actor.require(unit.pk, MANAGE_FOLLOW_UP)
    rule = FollowUpRule.for_unit(unit.pk)
    initial = {
        "months": ", ".join(str(m) for m in rule.months),
        "end_reasons": rule.end_reasons,
        "consent_required": rule.consent_required,
        "max_attempts": rule.max_attempts,
    }
    form = RuleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = actions.RuleData(**form.cleaned_data)
        if run_action(form, lambda: actions.save_rule(actor, unit, data)):
            messages.success(request, _("The follow-up rule is saved. Follow-ups already made are not changed."))
            return redirect(reverse("follow_up_worklist") + f"?enhed={unit.pk}")
    return render(request, "followup/rule_form.html", {"nav": "followup", "form": form, "unit": unit, "rule": rule})
