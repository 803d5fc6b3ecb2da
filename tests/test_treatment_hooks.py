# SPDX-License-Identifier: AGPL-3.0-or-later
"""The hooks through which follow-up, family and instruments take part in treatment (and
follow-up in family) without the lower app importing the higher: the reactions run inside the
lower app's transaction, and the course page shows what the higher apps register."""

import pytest
from django.urls import reverse

from forlob.common.dates import today
from forlob.family import actions as family_actions
from forlob.family import hooks as family_hooks
from forlob.followup.models import FollowUp
from forlob.treatment import hooks as treatment_hooks
from forlob.treatment.models import Course
from tests.test_followup import CPR_1, discharged
from tests.test_views import client_for


class Refused(Exception):
    pass


def refuse(*args: object) -> None:
    raise Refused


def test_a_failing_reaction_to_a_discharge_rolls_the_discharge_back(world, monkeypatch):
    monkeypatch.setattr(treatment_hooks, "course_discharged", [*treatment_hooks.course_discharged, refuse])
    with pytest.raises(Refused):
        discharged(world, CPR_1)
    course = Course.objects.get()
    assert course.is_open and course.end_reason == ""
    assert not FollowUp.objects.exists()


def test_a_failing_reaction_to_a_withdrawn_consent_rolls_the_withdrawal_back(world, monkeypatch):
    course = discharged(world, CPR_1)
    monkeypatch.setattr(
        family_hooks, "follow_up_consent_withdrawn", [*family_hooks.follow_up_consent_withdrawn, refuse]
    )
    with pytest.raises(Refused):
        family_actions.withdraw_consent(world.actor(world.behandler), course.citizen.consents.get(), today())
    assert course.citizen.consents.get().withdrawn_on is None
    assert set(course.follow_ups.values_list("status", flat=True)) == {"open"}


def test_the_course_page_shows_the_follow_ups_in_its_summary_and_the_measurements_after_the_plan(world):
    course = discharged(world, CPR_1)
    page = client_for(world.behandler).get(reverse("course_detail", args=[course.pk])).content.decode()
    summary = page[page.index('<dl class="summary-list">') : page.index("</dl>")]
    for task in course.follow_ups.all():
        assert reverse("follow_up_detail", args=[task.pk]) in summary
    assert "3 måneder</a>: forfalder 30.11.2026, Familiekonsulent Test – Åben" in summary
    assert page.index('id="plan"') < page.index('id="maalinger"') < page.index('id="samtaler"')


def test_a_course_without_follow_ups_shows_no_follow_up_row(world):
    course = discharged(world, CPR_1, with_consent=False)
    page = client_for(world.behandler).get(reverse("course_detail", args=[course.pk])).content.decode()
    assert "Opfølgning</dt>" not in page
