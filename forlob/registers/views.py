# SPDX-License-Identifier: AGPL-3.0-or-later
"""The registers' questions on the course page: a thin view posting to the action; a refused form
comes back on the course page with the user's input and the reasons."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forlob.common.views import run_action
from forlob.organisations.view_access import actor_of, case_work_required
from forlob.registers.actions.answers import save_answers
from forlob.registers.course_page import answers_form
from forlob.treatment import queries as treatment_queries
from forlob.treatment import views as treatment_views


@case_work_required
@require_POST
def course_answers(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    course = treatment_queries.get_course(actor, pk, via="register_answers")
    form = answers_form(course, request.POST)
    if form is None:
        messages.error(request, _("This course is not reported to a national register."))
        return redirect("course_detail", pk=course.pk)
    if (
        form.is_valid()
        and run_action(form, lambda: save_answers(actor, course, form.answers(), form.cleaned_data["version"]))
        is not None
    ):
        messages.success(request, _("The answers for national registration are saved."))
        return redirect(reverse("course_detail", args=[course.pk]) + "#national-registrering")
    return treatment_views.course_page(request, course, register_form=form)
