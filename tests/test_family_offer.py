# SPDX-License-Identifier: AGPL-3.0-or-later
"""Evidence of family-oriented treatment (KL recommendation 1): the offer on each course and the
citizen's answer, the children who took part in sessions, and what followed an assessment of the
children's situation. Messages are compared through gettext, so the tests hold in any language."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _

from forlob.audit.models import AccessLogEntry
from forlob.common.dates import today
from forlob.family import actions
from forlob.family.models import ChildrenAssessment, FamilyOffer, SessionChild
from forlob.treatment import actions as treatment_actions
from forlob.treatment import queries as treatment_queries
from forlob.treatment.models import OfferType
from tests.conftest import CPR_1, CPR_2, new_citizen, new_course, new_request
from tests.test_api import api
from tests.test_views import client_for

STARTED = today() - timedelta(days=20)  # new_course: its request was received the same day


def child(name: str, born: int) -> actions.RelationData:
    return actions.RelationData(kind="child", name=name, birth_year=born, in_household=True)


def session(world, course, held_on, attendance="attended"):  # type: ignore[no-untyped-def]
    data = treatment_actions.SessionData(
        held_on=held_on, kind="family", attendance=attendance, staff=[world.behandler, world.familiekonsulent]
    )
    return treatment_actions.register_session(world.actor(world.behandler), course, data)


# --- The family offer ------------------------------------------------------------------------------


def test_the_offer_is_recorded_then_answered_and_history_keeps_each_step(world):
    course = new_course(world, started_on=STARTED)
    actor = world.actor(world.behandler)
    offer = actions.record_family_offer(actor, course, STARTED, "Tilbudt ved første samtale")
    assert (offer.outcome, offer.answered_on, offer.offered_by, offer.version) == ("awaiting", None, world.behandler, 1)
    offer = actions.answer_family_offer(actor, course, "declined", STARTED + timedelta(days=2), expected_version=1)
    offer = actions.answer_family_offer(actor, course, "accepted", STARTED + timedelta(days=9), expected_version=2)
    assert (offer.outcome, offer.answered_on, offer.version) == ("accepted", STARTED + timedelta(days=9), 3)
    steps = list(offer.history.order_by("history_id").values_list("outcome", "answered_on"))
    assert steps == [("awaiting", None), ("declined", STARTED + timedelta(days=2)), ("accepted", offer.answered_on)]
    # Back to awaiting: the answer's date goes with it.
    assert actions.answer_family_offer(actor, course, "awaiting", today()).answered_on is None
    assert AccessLogEntry.objects.filter(user=world.behandler, via="answer_family_offer").count() == 3


@pytest.mark.parametrize(
    ("offered_on", "field"),
    [
        (None, "offered_on"),
        (today() + timedelta(days=1), "offered_on"),  # the future
        (STARTED - timedelta(days=1), "offered_on"),  # before the request was received
    ],
)
def test_a_bad_offer_date_is_refused_and_nothing_is_saved(world, offered_on, field):
    course = new_course(world, started_on=STARTED)
    with pytest.raises(ValidationError) as refused:
        actions.record_family_offer(world.actor(world.behandler), course, offered_on)
    assert field in refused.value.message_dict
    assert not FamilyOffer.objects.exists()


def test_the_offer_can_be_made_at_the_visitation_before_the_start_but_not_after_the_end(world):
    request = new_request(world, new_citizen(world), received_on=STARTED - timedelta(days=5))
    data = treatment_actions.CourseData(offer_type=OfferType.AMBULANT, started_on=STARTED, responsible=world.behandler)
    course = treatment_actions.start_course_from_request(world.actor(world.visitator), request, data)
    actor = world.actor(world.behandler)
    visitation = STARTED - timedelta(days=3)
    assert actions.record_family_offer(actor, course, visitation).offered_on == visitation
    treatment_actions.discharge_course(actor, course, STARTED + timedelta(days=5), "completed")
    with pytest.raises(ValidationError, match=_("The offer cannot be after the course ended.")):
        actions.record_family_offer(actor, course, STARTED + timedelta(days=6), expected_version=1)


def test_the_answer_needs_its_date_not_before_the_offer_nor_in_the_future(world):
    course = new_course(world, started_on=STARTED)
    actor = world.actor(world.behandler)
    with pytest.raises(ValidationError, match=_("Record the offer before the answer.")):
        actions.answer_family_offer(actor, course, "accepted", today())
    actions.record_family_offer(actor, course, STARTED + timedelta(days=1))
    for outcome, answered_on, field in (
        ("accepted", None, "answered_on"),
        ("declined", STARTED, "answered_on"),  # the day before the offer
        ("accepted", today() + timedelta(days=1), "answered_on"),
        ("maybe", today(), "outcome"),
    ):
        with pytest.raises(ValidationError) as refused:
            actions.answer_family_offer(actor, course, outcome, answered_on)
        assert field in refused.value.message_dict
    assert FamilyOffer.objects.get().outcome == "awaiting"
    # Correcting the offer to after the answer is refused too.
    answered = actions.answer_family_offer(actor, course, "accepted", STARTED + timedelta(days=2))
    with pytest.raises(ValidationError, match=_("The offer cannot be after the citizen's answer.")):
        actions.record_family_offer(actor, course, STARTED + timedelta(days=3), expected_version=answered.version)


def test_a_relatives_course_records_no_offer_of_its_own(world):
    index = new_course(world, started_on=STARTED)
    relative = new_citizen(world, CPR_2, first_name="Pårørende")
    data = treatment_actions.CourseData(
        offer_type=OfferType.RELATIVES,
        started_on=STARTED,
        responsible=world.behandler,
        legal_basis="sul_141",
        index_course=index,
    )
    linked = treatment_actions.start_course(world.actor(world.behandler), relative, world.faxe, data)
    with pytest.raises(ValidationError):
        actions.record_family_offer(world.actor(world.behandler), linked, STARTED)
    assert not FamilyOffer.objects.exists()


def test_only_the_courses_unit_records_the_offer(world):
    course = new_course(world, started_on=STARTED)
    with pytest.raises(Http404):
        treatment_queries.get_course(world.actor(world.other_behandler), course.pk, via="test")
    with pytest.raises(PermissionDenied):
        actions.record_family_offer(world.actor(world.other_behandler), course, STARTED)
    assert client_for(world.other_behandler).post(reverse("family_offer", args=[course.pk])).status_code == 404
    assert not FamilyOffer.objects.exists()


def test_the_offer_on_the_course_page_keeps_input_on_error_and_refuses_a_lost_update(world):
    course = new_course(world, started_on=STARTED)
    client, url = client_for(world.behandler), reverse("course_detail", args=[course.pk])
    page = client.get(url).content.decode()
    assert (
        escape(_("No family-oriented offer is recorded on this course. KL recommends that it is always offered."))
        in page
    )
    future = (today() + timedelta(days=1)).isoformat()
    refused = client.post(
        reverse("family_offer", args=[course.pk]), {"offer-offered_on": future, "offer-note": "Ved første samtale"}
    ).content.decode()
    assert _("The date cannot be in the future.") in refused
    assert f'value="{future}"' in refused and "Ved første samtale" in refused  # the input is kept
    assert not FamilyOffer.objects.exists()
    saved = client.post(
        reverse("family_offer", args=[course.pk]),
        {"offer-offered_on": STARTED.isoformat(), "offer-note": "Ved første samtale"},
    )
    assert saved.status_code == 302 and saved["Location"].endswith("#familie")
    page = client.get(url).content.decode()
    assert f"{STARTED:%d.%m.%Y} (Behandler Test)" in page and _("Awaiting answer") in page

    # Two people answer from the same copy of the page: the second is refused, input kept.
    answer = {"answer-outcome": "accepted", "answer-answered_on": today().isoformat(), "answer-version": "1"}
    assert client.post(reverse("family_offer_answer", args=[course.pk]), answer).status_code == 302
    other = client_for(world.familiekonsulent)
    late = {**answer, "answer-outcome": "declined"}
    stale = other.post(reverse("family_offer_answer", args=[course.pk]), late).content.decode()
    assert "Behandler Test" in stale and 'value="declined" id="id_answer-outcome_2" checked' in stale
    assert 'name="answer-version" value="2"' in stale  # saving again is a choice made having seen it
    assert FamilyOffer.objects.get().outcome == "accepted"
    missing_date = other.post(
        reverse("family_offer_answer", args=[course.pk]), {"answer-outcome": "declined", "answer-version": "2"}
    ).content.decode()
    assert _("Enter the date of the answer.") in missing_date


# --- Children taking part in sessions ----------------------------------------------------------------


def test_children_in_a_session_are_set_replaced_and_cleared(world):
    course = new_course(world, started_on=STARTED)
    actor = world.actor(world.behandler)
    emma = actions.add_relation(actor, course.citizen, child("Emma", 2016))
    noah = actions.add_relation(actor, course.citizen, child("Noah", 2012))
    held = session(world, course, STARTED + timedelta(days=7))
    assert [c.name for c in actions.set_session_children(actor, held, [emma.pk, noah.pk])] == ["Noah", "Emma"]
    assert actions.set_session_children(actor, held, [emma.pk]) == [emma]
    assert list(SessionChild.objects.values_list("relation__name", flat=True)) == ["Emma"]
    # Noah's row is gone from the table and kept in the history.
    assert SessionChild.history.filter(relation_id=noah.pk, history_type="-").count() == 1
    assert actions.set_session_children(actor, held, []) == []
    assert not SessionChild.objects.exists()


def test_only_the_citizens_children_in_a_session_that_took_place(world):
    course = new_course(world, started_on=STARTED)
    actor = world.actor(world.behandler)
    partner = actions.add_relation(
        actor, course.citizen, actions.RelationData(kind="partner", name="Partner", in_household=True)
    )
    other = new_citizen(world, CPR_2, first_name="Anden")
    someone_elses = actions.add_relation(actor, other, child("Fremmed", 2015))
    own = actions.add_relation(actor, course.citizen, child("Ida", 2014))
    held = session(world, course, STARTED + timedelta(days=7))
    for wrong in ([partner.pk], [someone_elses.pk], [own.pk, 10**9]):
        with pytest.raises(ValidationError) as refused:
            actions.set_session_children(actor, held, wrong)
        assert "children" in refused.value.message_dict
    missed = session(world, course, STARTED + timedelta(days=8), attendance="no_show")
    with pytest.raises(
        ValidationError, match=re.escape(_("Children can only be recorded for a session that took place (attended)."))
    ):
        actions.set_session_children(actor, missed, [own.pk])
    assert not SessionChild.objects.exists()


def test_children_in_sessions_on_the_course_page(world):
    course = new_course(world, started_on=STARTED)
    actor = world.actor(world.behandler)
    emma = actions.add_relation(actor, course.citizen, child("Emma", 2016))
    actions.add_relation(actor, course.citizen, child("Noah", 2012))
    client, page_url = client_for(world.behandler), reverse("course_detail", args=[course.pk])
    assert (
        escape(_("Children can be recorded once a session has taken place.")) in client.get(page_url).content.decode()
    )
    held = session(world, course, STARTED + timedelta(days=7))
    url = reverse("session_children", args=[course.pk])
    refused = client.post(url, {"children-children": [str(emma.pk)]}).content.decode()
    assert "Dette felt er påkrævet." in refused  # no session chosen
    assert f'value="{emma.pk}" id="id_children-children_1" checked' in refused
    saved = client.post(url, {"children-session": str(held.pk), "children-children": [str(emma.pk)]})
    assert saved.status_code == 302
    page = client.get(page_url).content.decode()
    assert f"<td>{held.held_on:%d.%m.%Y}</td><td>Fælles familiesamtale</td><td>Emma</td>" in page


# --- What followed the assessment of the children's situation ------------------------------------


def test_an_assessment_records_its_action_dated_for_an_offer_or_a_notification(world):
    citizen = new_citizen(world, CPR_1)
    actor = world.actor(world.behandler)
    day = today() - timedelta(days=10)
    for action, action_on, field in (
        ("notification", None, "action_on"),
        ("family_offer", None, "action_on"),
        ("notification", day - timedelta(days=1), "action_on"),  # before the assessment
        ("notification", today() + timedelta(days=1), "action_on"),
        ("", day, "action"),  # a date with no action
        ("phone_call", None, "action"),
    ):
        with pytest.raises(ValidationError) as refused:
            actions.assess_children(actor, citizen, day, action=action, action_on=action_on)
        assert field in refused.value.message_dict
    assert not ChildrenAssessment.objects.exists()
    notified = actions.assess_children(actor, citizen, day, action="notification", action_on=day + timedelta(days=1))
    calm = actions.assess_children(actor, citizen, day, action="no_concern")
    old_style = actions.assess_children(actor, citizen, day)  # as before: no action recorded
    assert [(a.action, a.action_on) for a in (notified, calm, old_style)] == [
        ("notification", day + timedelta(days=1)),
        ("no_concern", None),
        ("", None),
    ]


def test_the_assessment_form_asks_for_the_action_and_keeps_input_on_error(world):
    citizen = new_citizen(world, CPR_1)
    client, url = client_for(world.behandler), reverse("children_assessment", args=[citizen.pk])
    day = today().isoformat()
    refused = client.post(url, {"assessed_on": day, "action": "notification", "note": "Bekymring om skolegang"})
    page = refused.content.decode()
    assert escape(_("Enter the date of the family offer or the notification.")) in page
    assert 'value="notification" id="id_action_2" checked' in page and "Bekymring om skolegang" in page
    saved = client.post(url, {"assessed_on": day, "action": "notification", "action_on": day, "note": ""})
    assert saved.status_code == 302
    assert ChildrenAssessment.objects.get().action == "notification"
    page = client.get(reverse("citizen_detail", args=[citizen.pk])).content.decode()
    assert f"({today():%d.%m.%Y})." in page


# --- Through the API --------------------------------------------------------------------------------


def test_the_offer_children_and_assessment_action_through_the_api(world):
    course = new_course(world, started_on=STARTED)
    client = api(world.behandler)
    url = f"/api/v1/courses/{course.pk}/family-offer"
    assert client.get(url).status_code == 404
    future = client.put(url, {"offered_on": (today() + timedelta(days=1)).isoformat()}, content_type="application/json")
    assert future.status_code == 422 and future.json()["detail"][0]["field"] == "offered_on"
    made = client.put(
        url, {"offered_on": STARTED.isoformat(), "note": "Første samtale"}, content_type="application/json"
    )
    assert made.status_code == 200
    assert (made.json()["outcome"], made.json()["offered_by_id"], made.json()["version"]) == (
        "awaiting",
        world.behandler.pk,
        1,
    )
    answered = client.post(
        f"{url}/answer",
        {"outcome": "declined", "answered_on": today().isoformat(), "version": 1},
        content_type="application/json",
    )
    assert (answered.status_code, answered.json()["outcome"], answered.json()["version"]) == (200, "declined", 2)
    stale = client.post(
        f"{url}/answer",
        {"outcome": "accepted", "answered_on": today().isoformat(), "version": 1},
        content_type="application/json",
    )
    assert stale.status_code == 422 and stale.json()["detail"][0]["field"] == "version"
    assert client.get(url).json()["answered_on"] == today().isoformat()
    assert api(world.other_behandler).get(url).status_code == 404

    emma = actions.add_relation(world.actor(world.behandler), course.citizen, child("Emma", 2016))
    held = session(world, course, STARTED + timedelta(days=7))
    children_url = f"/api/v1/sessions/{held.pk}/children"
    put = client.put(children_url, {"children": [emma.pk]}, content_type="application/json")
    assert put.status_code == 200 and put.json() == {"session_id": held.pk, "children": [emma.pk]}
    assert client.get(children_url).json()["children"] == [emma.pk]
    assert client.put(children_url, {"children": [10**9]}, content_type="application/json").status_code == 422

    assessment = client.post(
        f"/api/v1/citizens/{course.citizen_id}/children-assessments",
        {"assessed_on": today().isoformat(), "action": "family_offer", "action_on": today().isoformat()},
        content_type="application/json",
    )
    assert assessment.status_code == 201 and assessment.json()["action"] == "family_offer"
    undated = client.post(
        f"/api/v1/citizens/{course.citizen_id}/children-assessments",
        {"assessed_on": today().isoformat(), "action": "notification"},
        content_type="application/json",
    )
    assert undated.status_code == 422 and undated.json()["detail"][0]["field"] == "action_on"
