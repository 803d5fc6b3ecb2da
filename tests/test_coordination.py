# SPDX-License-Identifier: AGPL-3.0-or-later
"""The coordinated action plan (seeds 003 and 004): a plan with three parties, the reminder of a
review due (dates worked out by hand), the copy for a party only with the citizen's consent (read
back with pypdf), the refusals, the case manager, and need-to-know. The clock stands at
01.12.2026. Messages are compared through gettext, so the tests hold in any language."""

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _
from pypdf import PdfReader

from forlob.audit.models import AccessLogEntry, Use
from forlob.coordination import actions, queries
from forlob.coordination.models import ActionStatus, CaseManager, PartyKind
from forlob.family import actions as family_actions
from forlob.organisations.models import Role
from forlob.treatment import journal
from forlob.treatment import queries as treatment_queries
from tests.conftest import CPR_2, family_house, make_user, new_citizen, new_course
from tests.test_api import api
from tests.test_views import client_for

STARTED = date(2026, 11, 2)
AGREED = date(2026, 11, 10)


def plan_with_three_parties(world):  # type: ignore[no-untyped-def]
    """Agreed 10.11.2026 on a course started 02.11.2026, next review 15.12.2026; the parties: the
    unit (implicit), Psykiatrien Region Sjælland and Jobcenter Faxe, the first with the citizen's
    consent from 10.11.2026; two actions."""
    course = new_course(world, started_on=STARTED)
    actor = world.actor(world.behandler)
    plan = actions.create_plan(
        actor,
        course,
        actions.PlanData(
            "Jeg vil have styr på min angst og drikke mindre.", AGREED, "Bente Behandler", date(2026, 12, 15)
        ),
    )
    psychiatry = actions.add_party(
        actor, plan, actions.PartyData(PartyKind.REGIONAL_PSYCHIATRY, "Psykiatrien Region Sjælland", "Tlf. 70 15 50 15")
    )
    jobcentre = actions.add_party(actor, plan, actions.PartyData(PartyKind.JOBCENTRE, "Jobcenter Faxe"))
    psychiatry = actions.record_party_consent(actor, psychiatry, AGREED)
    actions.add_action(
        actor, plan, actions.ActionData("Udredning for angst", "Overlæge Holm", date(2026, 11, 20), psychiatry.pk)
    )
    actions.add_action(
        actor, plan, actions.ActionData("Samtale om tilbud", "Sagsbehandler Lund", date(2027, 1, 5), jobcentre.pk)
    )
    return course, plan, psychiatry, jobcentre


def test_an_action_plan_with_three_parties(world):
    course, plan, psychiatry, jobcentre = plan_with_three_parties(world)
    plan.refresh_from_db()
    assert [p.kind for p in plan.parties.all()] == [PartyKind.REGIONAL_PSYCHIATRY, PartyKind.JOBCENTRE]
    assert plan.coordinator_party is None  # the unit coordinates until a party is chosen
    assert [(a.owner_party_id, a.due_on) for a in plan.actions.all()] == [
        (psychiatry.pk, date(2026, 11, 20)),
        (jobcentre.pk, date(2027, 1, 5)),
    ]
    consent = psychiatry.consent
    assert (consent.kind, consent.given_on, consent.citizen_id) == ("plan_party", AGREED, course.citizen_id)
    changed = actions.change_plan(
        world.actor(world.behandler),
        plan,
        actions.PlanData(plan.citizen_goals, AGREED, "Overlæge Holm", plan.next_review_on, psychiatry.pk),
        plan.version,
    )
    assert (changed.coordinator_party_id, changed.version) == (psychiatry.pk, plan.version + 1)
    # The page shows the plan, the three parties and whether each may receive it.
    page = client_for(world.behandler).get(reverse("action_plan_detail", args=[plan.pk])).content.decode()
    for text in (course.unit.name, "Psykiatrien Region Sjælland", "Jobcenter Faxe", "Udredning for angst"):
        assert escape(text) in page
    section = client_for(world.behandler).get(reverse("course_detail", args=[course.pk])).content.decode()
    assert reverse("action_plan_detail", args=[plan.pk]) in section


def test_one_open_plan_per_course_and_edits_are_version_locked(world):
    course, plan, _psychiatry, _jobcentre = plan_with_three_parties(world)
    actor = world.actor(world.behandler)
    with pytest.raises(ValidationError) as refused:
        actions.create_plan(actor, course, actions.PlanData("Nye mål", AGREED, "Bente"))
    assert refused.value.error_dict["__all__"][0].code == "plan_exists"
    data = actions.PlanData("Ændrede mål", AGREED, "Bente", date(2026, 12, 15))
    actions.change_plan(actor, plan, data, plan.version)
    with pytest.raises(ValidationError) as stale:
        actions.change_plan(actor, plan, actions.PlanData("Mine mål", AGREED, "Bente"), plan.version)  # old copy
    assert stale.value.error_dict["__all__"][0].code == "stale"
    actions.close_plan(actor, plan, date(2026, 12, 1), "Afsluttet", plan.version + 1)
    assert actions.create_plan(actor, course, actions.PlanData("Nye mål", date(2026, 12, 1), "Bente")).is_open


def test_the_review_reminder_worked_out_by_hand(world):
    """On 01.12.2026 a review shows on "Mit overblik" from 14 days before it is due: due 15.12
    (1.12 + 14) shows, due 16.12 does not; an overdue one (30.11) shows first. Only to the
    course's responsible clinician and the case manager today."""
    _course, plan, _p, _j = plan_with_three_parties(world)  # due 15.12.2026
    actor = world.actor(world.behandler)
    later = actions.create_plan(
        actor,
        new_course(world, new_citizen(world, CPR_2, first_name="Senere"), started_on=STARTED),
        actions.PlanData("Mål", AGREED, "Bente", date(2026, 12, 16)),
    )
    overdue = actions.create_plan(
        actor,
        new_course(world, new_citizen(world, "0202801234", first_name="Forsinket"), started_on=STARTED),
        actions.PlanData("Mål", AGREED, "Bente", date(2026, 11, 30)),
    )
    day = date(2026, 12, 1)
    assert [p.pk for p in queries.reviews_due(actor, day)] == [overdue.pk, plan.pk]
    assert later.pk not in [p.pk for p in queries.reviews_due(actor, date(2026, 12, 1))]
    assert [p.pk for p in queries.reviews_due(actor, date(2026, 12, 2))] == [overdue.pk, plan.pk, later.pk]
    colleague = make_user("kollega", world.faxe, Role.BEHANDLER)
    assert queries.reviews_due(world.actor(colleague), day) == []
    actions.add_case_manager(actor, plan.course, actions.CaseManagerData(date(2026, 11, 20), staff=colleague))
    assert [p.pk for p in queries.reviews_due(world.actor(colleague), day)] == [plan.pk]
    overview = client_for(world.behandler).get(reverse("overview")).content.decode()
    assert reverse("action_plan_detail", args=[plan.pk]) in overview
    # Held on 01.12 for the review due 15.12: on time; the next is set to 01.03.2027.
    review = actions.hold_review(actor, plan, day, date(2027, 3, 1), "Godt i gang", plan.version)
    assert (review.due_on, review.held_on, review.on_time) == (date(2026, 12, 15), day, True)
    plan.refresh_from_db()
    assert plan.next_review_on == date(2027, 3, 1)
    assert plan.pk not in [p.pk for p in queries.reviews_due(actor, day)]


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        (
            lambda a, plan, party: actions.add_action(a, plan, actions.ActionData("X", "Y", date(2026, 11, 9))),
            "due_on",
            "before_agreed",
        ),
        (
            lambda a, plan, party: actions.add_action(a, plan, actions.ActionData("", "Y", date(2026, 12, 9))),
            "what",
            "required",
        ),
        (
            lambda a, plan, party: actions.add_party(a, plan, actions.PartyData("psykiater", "X")),
            "kind",
            "unknown_code",
        ),
        (
            lambda a, plan, party: actions.record_party_consent(a, party, date(2026, 11, 12)),
            "given_on",
            "consent_exists",
        ),
        (
            lambda a, plan, party: actions.hold_review(a, plan, date(2026, 12, 1), date(2026, 12, 1), "", plan.version),
            "next_review_on",
            "too_early",
        ),
        (
            lambda a, plan, party: actions.hold_review(a, plan, date(2026, 12, 2), None, "", plan.version),
            "held_on",
            "future",
        ),
        (
            lambda a, plan, party: actions.close_plan(a, plan, date(2026, 11, 9), "", plan.version),
            "closed_on",
            "before_agreed",
        ),
        (
            lambda a, plan, party: actions.change_plan(
                a, plan, actions.PlanData("M", date(2026, 11, 1), "B"), plan.version
            ),
            "agreed_on",
            "before_start",
        ),
        (
            lambda a, plan, party: actions.change_plan(
                a, plan, actions.PlanData("M", date(2026, 11, 25), "B"), plan.version
            ),
            "agreed_on",
            "actions_before",
        ),
    ],
)
def test_bad_input_is_refused_at_the_field_and_nothing_changes(world, change, field, code):
    _course, plan, psychiatry, _jobcentre = plan_with_three_parties(world)
    with pytest.raises(ValidationError) as refused:
        change(world.actor(world.behandler), plan, psychiatry)
    assert refused.value.error_dict[field][0].code == code
    plan.refresh_from_db()
    assert (plan.actions.count(), plan.parties.count(), plan.reviews.count(), plan.version) == (2, 2, 0, 1)


def test_a_refused_form_keeps_its_input_on_the_page(world):
    _course, plan, _p, _j = plan_with_three_parties(world)
    body = {"what": "Bolig ansøgning", "owner_party": "", "owner_name": "Bente", "due_on": "2026-11-01"}
    response = client_for(world.behandler).post(reverse("action_plan_action_add", args=[plan.pk]), body)
    assert response.status_code == 200
    page = response.content.decode()
    assert escape(_("The action cannot be due before the plan was agreed.")) in page
    assert 'value="Bolig ansøgning"' in page
    assert plan.actions.count() == 2


def test_the_pdf_for_a_party_with_consent_read_back(world):
    course, _plan, psychiatry, _jobcentre = plan_with_three_parties(world)
    url = reverse("plan_party_pdf", args=[psychiatry.pk])
    response = client_for(world.behandler).post(
        url, {f"udskrift-{psychiatry.pk}-purpose": "Samarbejde med psykiatrien"}
    )
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages).split())
    for expected in (
        "Psykiatrien Region Sjælland",
        "Jobcenter Faxe",
        "Jeg vil have styr på min angst og drikke mindre.",
        "Udredning for angst",
        "Samarbejde med psykiatrien",
        course.citizen.display_name,
    ):
        assert expected in text
    logged = AccessLogEntry.objects.get(citizen=course.citizen, via="plan_party_pdf", use=Use.EXPORT)
    assert logged.purpose == "Samarbejde med psykiatrien"


def test_no_pdf_for_a_party_without_consent_or_after_it_is_withdrawn(world):
    course, _plan, psychiatry, jobcentre = plan_with_three_parties(world)
    client = client_for(world.behandler)

    def ask(party):  # type: ignore[no-untyped-def]
        return client.post(reverse("plan_party_pdf", args=[party.pk]), {f"udskrift-{party.pk}-purpose": "Deling"})

    refused = ask(jobcentre)
    assert refused.status_code == 200 and refused["Content-Type"].startswith("text/html")
    message = _("%(party)s may not receive the plan: the citizen's consent to share it with them is not in force.")
    assert escape(message % {"party": "Jobcenter Faxe"}) in refused.content.decode()
    family_actions.withdraw_consent(world.actor(world.behandler), psychiatry.consent, date(2026, 11, 30))
    assert ask(psychiatry)["Content-Type"].startswith("text/html")
    assert not AccessLogEntry.objects.filter(citizen=course.citizen, use=Use.EXPORT).exists()
    # Given again: the party may have the plan once more.
    actions.record_party_consent(world.actor(world.behandler), psychiatry, date(2026, 12, 1))
    assert ask(psychiatry)["Content-Type"] == "application/pdf"


def test_the_case_manager_is_staff_or_a_named_person_and_shows_on_the_course(world):
    course, _plan, _p, _j = plan_with_three_parties(world)
    actor = world.actor(world.behandler)
    first = actions.add_case_manager(actor, course, actions.CaseManagerData(date(2026, 11, 3), staff=world.behandler))
    second = actions.add_case_manager(
        actor,
        course,
        actions.CaseManagerData(
            date(2026, 11, 20), external_name="Sygeplejerske Dam", party_kind=PartyKind.REGIONAL_PSYCHIATRY
        ),
    )
    first.refresh_from_db()
    assert first.to_on == date(2026, 11, 19)  # the day before the next one started
    page = client_for(world.behandler).get(reverse("course_detail", args=[course.pk])).content.decode()
    assert escape(second.display_name) in page
    outsider = make_user("fremmed", world.aalborg, Role.BEHANDLER)
    for data, field in (
        (actions.CaseManagerData(date(2026, 11, 25), staff=outsider), "staff"),
        (actions.CaseManagerData(date(2026, 11, 25), external_name="Ole"), "party_kind"),
        (actions.CaseManagerData(date(2026, 11, 1), staff=world.behandler), "from_on"),
        (actions.CaseManagerData(date(2026, 11, 19), staff=world.behandler), "from_on"),
    ):
        with pytest.raises(ValidationError) as refused:
            actions.add_case_manager(actor, course, data)
        assert field in refused.value.error_dict
    assert CaseManager.objects.filter(course=course).count() == 2


def test_the_plan_and_its_reviews_are_in_the_course_journal(world):
    course, plan, _p, _j = plan_with_three_parties(world)
    actor = world.actor(world.behandler)
    actions.hold_review(actor, plan, date(2026, 12, 1), None, "Status", plan.version)
    shown = treatment_queries.course_journal(
        actor, course, lambda scope, sources, a: journal.read_all(scope, sources, a, limit=100), via="test"
    )
    kinds = [entry.kind for entry in shown.entries]
    assert "action_plan_agreed" in kinds and "action_plan_review" in kinds


def test_a_plan_is_seen_only_at_its_unit(world):
    _course, plan, psychiatry, _j = plan_with_three_parties(world)
    _house, house_staff = family_house(world)
    for user in (world.other_behandler, house_staff):
        client = client_for(user)
        assert client.get(reverse("action_plan_detail", args=[plan.pk])).status_code == 404
        response = client.post(
            reverse("plan_party_pdf", args=[psychiatry.pk]), {f"udskrift-{psychiatry.pk}-purpose": "x"}
        )
        assert response.status_code == 404
        assert b"Psykiatrien" not in response.content
    assert client_for(world.analytiker).get(reverse("action_plan_detail", args=[plan.pk])).status_code == 403


def test_action_status_is_version_locked(world):
    _course, plan, _p, _j = plan_with_three_parties(world)
    action = plan.actions.first()
    actor = world.actor(world.behandler)
    actions.set_action_status(actor, action, ActionStatus.DONE, action.version)
    with pytest.raises(ValidationError):
        actions.set_action_status(actor, action, ActionStatus.CANCELLED, action.version)
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE


def test_the_plan_through_the_api(world):
    """The same plan read and changed through the API; an action due before the agreed date is
    refused naming the field; another municipality's staff get a 404."""
    course, plan, psychiatry, _jobcentre = plan_with_three_parties(world)
    client = api(world.behandler)
    url = f"/api/v1/courses/{course.pk}/action-plan"
    body = client.get(url).json()
    assert (body["id"], len(body["parties"]), len(body["actions"])) == (plan.pk, 2, 2)
    assert body["parties"][0]["consent_id"] == psychiatry.consent_id
    refused = client.post(
        f"/api/v1/action-plans/{plan.pk}/actions",
        {"what": "Bolig", "owner_name": "Bente", "due_on": "2026-11-01"},
        content_type="application/json",
    )
    assert refused.status_code == 422 and refused.json()["detail"][0]["field"] == "due_on"
    review = client.post(
        f"/api/v1/action-plans/{plan.pk}/reviews",
        {"held_on": "2026-12-01", "next_review_on": "2027-03-01", "version": plan.version},
        content_type="application/json",
    )
    assert review.status_code == 201 and review.json()["due_on"] == "2026-12-15"
    assert api(world.other_behandler).get(url).status_code == 404
