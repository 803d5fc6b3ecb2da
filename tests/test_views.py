# SPDX-License-Identifier: AGPL-3.0-or-later
"""The pages: scoping, access log, Danish refusals that keep the input, fixed query counts."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forlob.audit.models import AccessLogEntry, Use
from forlob.citizens import actions as citizen_actions
from forlob.citizens.models import Citizen, TargetGroup
from forlob.common.dates import today
from forlob.family import actions as family_actions
from forlob.treatment import actions
from forlob.treatment.models import Course, Request
from tests.conftest import CPR_1, CPR_2, PASSWORD, new_citizen, new_course, new_request, password_login


def client_for(user) -> Client:
    client = Client()
    assert password_login(client, user.username, PASSWORD)
    return client


def test_pages_require_login(world):
    response = Client().get(reverse("overview"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_citizen_page_logs_a_view_and_other_units_get_404(world):
    citizen = new_citizen(world)
    before = AccessLogEntry.objects.filter(citizen=citizen, use=Use.VIEW).count()

    response = client_for(world.behandler).get(reverse("citizen_detail", args=[citizen.pk]))
    assert response.status_code == 200
    assert "Hans Hansen" in response.content.decode()
    entries = AccessLogEntry.objects.filter(citizen=citizen, use=Use.VIEW)
    assert entries.count() == before + 1
    entry = entries.latest("at")
    assert (entry.user_id, entry.unit_id) == (world.behandler.pk, world.faxe.pk)

    response = client_for(world.other_behandler).get(reverse("citizen_detail", args=[citizen.pk]))
    assert response.status_code == 404
    # The refusal is logged against the citizen, so Faxe's leaders see it; nothing else is.
    refused = AccessLogEntry.objects.filter(citizen=citizen, user=world.other_behandler)
    assert list(refused.values_list("use", "unit_id")) == [(Use.REFUSED, world.aalborg.pk)]


def test_pages_with_person_data_are_not_cached(world):
    citizen = new_citizen(world)
    response = client_for(world.behandler).get(reverse("citizen_detail", args=[citizen.pk]))
    assert "no-store" in response["Cache-Control"]


def test_masked_cpr_until_revealed_with_purpose(world):
    citizen = new_citizen(world)
    client = client_for(world.behandler)
    page = client.get(reverse("citizen_detail", args=[citizen.pk])).content.decode()
    assert "010180-xxxx" in page
    assert "0101801234" not in page and "010180-1234" not in page

    refused = client.post(reverse("citizen_reveal_cpr", args=[citizen.pk]), {"purpose": ""})
    assert "010180-1234" not in refused.content.decode()
    shown = client.post(reverse("citizen_reveal_cpr", args=[citizen.pk]), {"purpose": "Henvisning til egen læge"})
    assert "010180-1234" in shown.content.decode()
    entry = AccessLogEntry.objects.get(citizen=citizen, use=Use.REVEAL_CPR)
    assert entry.purpose == "Henvisning til egen læge"


def test_cpr_search_is_posted_and_logged_masked(world):
    citizen = new_citizen(world)
    response = client_for(world.behandler).post(reverse("citizen_list"), {"q": "010180-1234"})
    assert citizen.display_name in response.content.decode()
    entry = AccessLogEntry.objects.filter(use=Use.SEARCH).latest("at")
    assert entry.search_term == "010180-xxxx"


def test_duplicate_cpr_links_to_existing_citizen(world):
    citizen = new_citizen(world)
    response = client_for(world.visitator).post(
        reverse("citizen_create"),
        {"unit": world.faxe.pk, "cpr": CPR_1, "first_name": "Hans", "last_name": "Hansen"},
    )
    assert response.status_code == 200
    assert reverse("citizen_detail", args=[citizen.pk]) in response.content.decode()
    assert Citizen.objects.count() == 1


def test_invalid_cpr_keeps_input_and_saves_nothing(world):
    response = client_for(world.visitator).post(
        reverse("citizen_create"),
        {
            "unit": world.faxe.pk,
            "cpr": "3102801234",
            "first_name": "Grete",
            "last_name": "Nielsen",
            "phone": "12345678",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="Grete"' in page and 'value="12345678"' in page
    assert "form-error" in page
    assert Citizen.objects.count() == 0


def test_request_with_future_date_is_refused_at_the_field(world):
    citizen = new_citizen(world)
    response = client_for(world.visitator).post(
        reverse("request_create") + f"?borger={citizen.pk}",
        {
            "unit": world.faxe.pk,
            "received_on": (today() + timedelta(days=2)).isoformat(),
            "channel": "gp",
            "main_substance": "alcohol",
            "legal_basis": "sul_141",
            "note": "Henvist af egen læge",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "form-error" in page and "Henvist af egen læge" in page
    assert Request.objects.count() == 0


def test_chain_through_the_pages(world):
    citizen = new_citizen(world)
    visitator = client_for(world.visitator)
    response = visitator.post(
        reverse("request_create") + f"?borger={citizen.pk}",
        {
            "unit": world.faxe.pk,
            "received_on": (today() - timedelta(days=2)).isoformat(),
            "channel": "self",
            "main_substance": "alcohol",
            "legal_basis": "sul_141",
        },
    )
    request = Request.objects.get()
    assert response.status_code == 302
    assert request.deadline == request.received_on + timedelta(days=14)

    response = visitator.post(
        reverse("request_detail", args=[request.pk]),
        {
            "decision": "course",
            "offer_type": "ambulant",
            "started_on": today().isoformat(),
            "responsible": world.behandler.pk,
            "goals": "Ædru i weekenden\nGenoptage arbejdet",
        },
    )
    course = Course.objects.get()
    assert response.status_code == 302
    assert course.goals.count() == 2

    behandler = client_for(world.behandler)
    response = behandler.post(
        reverse("session_create", args=[course.pk]),
        {
            "held_on": today().isoformat(),
            "kind": "individual",
            "minutes": 60,
            "attendance": "attended",
            "staff": [world.behandler.pk],
        },
    )
    assert response.status_code == 302
    assert course.sessions.count() == 1

    course.refresh_from_db()
    discharge = {"ended_on": today().isoformat(), "end_reason": "", "version": course.version}
    response = behandler.post(reverse("course_discharge", args=[course.pk]), discharge)
    assert response.status_code == 200 and "form-error" in response.content.decode()
    response = behandler.post(reverse("course_discharge", args=[course.pk]), discharge | {"end_reason": "completed"})
    course.refresh_from_db()
    assert response.status_code == 302
    assert (course.end_reason, course.closed_by_id) == ("completed", world.behandler.pk)


def _household(world, citizen) -> None:  # type: ignore[no-untyped-def]
    actor = world.actor(world.behandler)
    for name in ("Barn", "Søskende"):
        family_actions.add_relation(
            actor, citizen, family_actions.RelationData(kind="child", name=name, birth_year=2015)
        )
    family_actions.assess_children(actor, citizen, today())
    consent = family_actions.ConsentData(kind="follow_up", given_on=today() - timedelta(days=30), phone="22334455")
    family_actions.give_consent(actor, citizen, consent)
    meeting = family_actions.SharedVisitationData(held_on=today(), departments=["jobcenter"], decision="Dagbehandling")
    family_actions.record_shared_visitation(actor, citizen, meeting)
    for code in ("young_under_25", "homeless"):
        group = TargetGroup.objects.get(code=code)
        citizen_actions.add_target_group_marker(actor, citizen, group, today() - timedelta(days=10))


def _discharged_with_follow_ups(world, citizen) -> None:  # type: ignore[no-untyped-def]
    """An aftercare course, completed: two follow-ups on the clinician's list, one of them overdue."""
    course = new_course(world, citizen, offer_type="aftercare", started_on=today() - timedelta(days=200))
    actions.discharge_course(world.actor(world.behandler), course, today() - timedelta(days=100), "completed")


def _grow(world, n: int) -> None:
    for i in range(n):
        citizen = new_citizen(world, cpr=f"{(i % 28) + 1:02d}0{(i % 9) + 1}85{1000 + i:04d}", first_name=f"Borger{i}")
        _household(world, citizen)
        course = new_course(world, citizen)
        actions.register_session(
            world.actor(world.behandler),
            course,
            actions.SessionData(held_on=today(), kind="individual", attendance="planned", staff=[world.behandler]),
        )
        new_request(world, citizen, received_on=today() - timedelta(days=i % 14))
        _discharged_with_follow_ups(world, citizen)
        world.faxe.public = True
        actions.receive_contact(world.faxe, actions.ContactData(about="self", name=f"Kontakt{i}", phone=f"2000000{i}"))


def _count_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


# Session, user, memberships, the page's own reads and one bulk insert into the access log; the
# session is not saved (its idle end moves at most once a minute, forlob.common.sessions), except
# on the statistics page, which remembers the scope chosen (savepoint, update, release). The
# citizen page also reads the household, the consents and the latest assessment of the children,
# the target-group markers and the target groups to choose from.
# The follow-up worklist reads the section counts and one page of tasks with phone and attempts.
# The visitation queue also counts and reads one page of contact requests and logs them in one insert.
# The course page reads the course with its citizen, unit, request and staff in one query, then its
# goals, sessions and their staff, linked courses, groups, follow-ups, measurements and the
# instruments in use, the family offer, the citizen's children and the children in its sessions,
# and its medications (with the missed doses in a row), latest doses and detoxification episodes.
# The statistics page runs its one aggregate (suppression and chart in Python).
# The course and citizen pages read their newest journal entries: one query that merges and pages
# every kind, then one per kind to describe the page's rows; the overview reads critical answers.
PAGE_QUERIES = {
    # with today's appointments, screenings awaiting assessment, reviews due of action plans and of
    # cooperation agreements, and my courses lacking national registration (courses, answers, log)
    "overview": 15,
    "visitation_queue": 10,
    "citizen_detail": 25,
    "course_list": 6,
    "citizen_list": 6,
    "follow_up_worklist": 8,
    # with the sections of medical treatment, appointments, the psychiatric pathway, the action plan,
    # the aftercare courses that follow a residential course, and national registration (two)
    "course_detail": 43,
    "stats_end_reasons": 11,
}


def _page_url(world, page: str) -> str:  # type: ignore[no-untyped-def]
    first = Citizen.objects.order_by("pk").first()
    if page == "citizen_detail":
        return reverse(page, args=[first.pk])
    if page == "course_detail":
        return reverse(page, args=[Course.objects.filter(citizen=first).order_by("pk").first().pk])
    if page == "stats_end_reasons":
        return reverse(page) + f"?scope=unit:{world.faxe.pk}&first_year={today().year - 1}&last_year={today().year}"
    return reverse(page)


@pytest.mark.parametrize("page", sorted(PAGE_QUERIES))
def test_page_query_count_is_fixed(world, page):
    _grow(world, 2)
    client = client_for(world.leder if page.startswith("stats_") else world.behandler)
    url = _page_url(world, page)
    assert _count_queries(client, url) == PAGE_QUERIES[page]
    _grow_more = 6
    for i in range(_grow_more):
        citizen = new_citizen(world, cpr=f"{i + 1:02d}1170{2000 + i:04d}", first_name=f"Flere{i}")
        _household(world, citizen)
        course = new_course(world, citizen)
        new_request(world, citizen)
        actions.register_session(
            world.actor(world.behandler),
            course,
            actions.SessionData(held_on=today(), kind="individual", attendance="planned", staff=[world.behandler]),
        )
        _discharged_with_follow_ups(world, citizen)
    viewed = Course.objects.filter(citizen=Citizen.objects.order_by("pk").first()).order_by("pk").first()
    for _session in range(3):  # the course page's own rows grow too
        actions.register_session(
            world.actor(world.behandler),
            viewed,
            actions.SessionData(
                held_on=today(),
                kind="individual",
                attendance="attended",
                staff=[world.behandler],
            ),
        )
    assert _count_queries(client, url) == PAGE_QUERIES[page]


def test_second_of_two_concurrent_plan_edits_is_refused(world):
    course = new_course(world)
    first, second = client_for(world.behandler), client_for(world.leder)
    version = course.version
    response = first.post(reverse("course_plan", args=[course.pk]), {"plan": "Plan A", "version": version})
    assert response.status_code == 302
    response = second.post(
        reverse("course_plan", args=[course.pk]),
        {"plan": "Plan B", "new_goals": "Nyt mål", "version": version},
        follow=True,
    )
    # Refused, the form is shown again on the course page's own address, not the POST-only one.
    assert response.redirect_chain == [(reverse("course_detail", args=[course.pk]) + "#plan", 302)]
    assert response.status_code == 200
    page = response.content.decode()
    assert "Plan B" in page  # the second user's text is kept to copy from
    course.refresh_from_db()
    assert (course.plan, course.goals.count(), course.version) == ("Plan A", 0, version + 1)
    # Having seen Plan A, the second user saves again from the same form: now it is theirs.
    assert f'name="version" value="{version + 1}"' in page
    again = second.post(
        reverse("course_plan", args=[course.pk]), {"plan": "Plan B", "new_goals": "Nyt mål", "version": version + 1}
    )
    assert again.status_code == 302
    course.refresh_from_db()
    assert (course.plan, course.goals.count(), course.version) == ("Plan B", 1, version + 2)


def test_discharge_from_a_stale_page_is_refused(world):
    course = new_course(world)
    behandler = client_for(world.behandler)
    stale = course.version
    behandler.post(reverse("course_plan", args=[course.pk]), {"plan": "Ændret", "version": stale})
    response = behandler.post(
        reverse("course_discharge", args=[course.pk]),
        {"ended_on": today().isoformat(), "end_reason": "completed", "version": stale},
    )
    assert response.status_code == 200
    text = response.content.decode()
    changed = r"Behandler Test ændrede feltet »behandlingsplan« den \d\d\.\d\d\.\d{4} kl\. \d\d:\d\d, efter at du"
    assert re.search(changed, text)
    assert "Dine ændringer er ikke gemt; de står stadig i formularen." in text
    assert Course.objects.get(pk=course.pk).ended_on is None


def test_second_of_two_concurrent_citizen_edits_is_refused(world):
    citizen = new_citizen(world, phone="11111111")
    first, second = client_for(world.behandler), client_for(world.visitator)
    form = {"first_name": "Hans", "last_name": "Hansen", "version": citizen.version}
    assert first.post(reverse("citizen_edit", args=[citizen.pk]), form | {"phone": "22222222"}).status_code == 302
    response = second.post(reverse("citizen_edit", args=[citizen.pk]), form | {"phone": "33333333"})
    assert response.status_code == 200 and 'value="33333333"' in response.content.decode()
    assert "Behandler Test ændrede feltet »telefon«" in response.content.decode()
    assert Citizen.objects.get(pk=citizen.pk).phone == "22222222"


@pytest.mark.parametrize("page", ["visitation_queue", "course_list"])
def test_lists_are_searched_by_name_without_the_name_in_the_url(world, page):
    hans = new_citizen(world)
    grete = new_citizen(world, CPR_2, first_name="Grete", last_name="Mikkelsen")
    for citizen in (hans, grete):
        new_request(world, citizen)
        new_course(world, citizen)
    client = client_for(world.behandler)
    listed = client.get(reverse(page)).content.decode()
    assert "Hans Hansen" in listed and "Grete Mikkelsen" in listed

    response = client.post(reverse(page), {"q": "mikkel"})
    found = response.content.decode()
    assert "Grete Mikkelsen" in found and "Hans Hansen" not in found
    assert 'value="mikkel"' in found  # the search box keeps the term
    entry = AccessLogEntry.objects.filter(use=Use.SEARCH).latest("id")
    assert (entry.search_term, entry.user_id) == ("mikkel", world.behandler.pk)
    shown = AccessLogEntry.objects.filter(use=Use.LIST, id__gt=entry.id)
    assert list(shown.values_list("citizen_id", flat=True)) == [grete.pk]

    nothing = client.post(reverse(page), {"q": "Zacharias"}).content.decode()
    assert "passer til søgningen" in nothing


def test_protected_address_is_hidden_on_the_pages_and_kept_when_left_empty(world):
    citizen = new_citizen(world, address="Hemmelig Allé 7", address_protected=True)
    client = client_for(world.behandler)
    for url in (reverse("citizen_detail", args=[citizen.pk]), reverse("citizen_edit", args=[citizen.pk])):
        page = client.get(url).content.decode()
        assert "Hemmelig" not in page, url
    response = client.post(
        reverse("citizen_edit", args=[citizen.pk]),
        {
            "first_name": "Hans",
            "last_name": "Hansen",
            "address": "",
            "address_protected": "on",
            "version": citizen.version,
        },
    )
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert citizen.address == "Hemmelig Allé 7"


def test_lists_are_paged(world, settings):
    settings.PAGE_SIZE = 2
    names = ["Anna", "Bent", "Carl"]
    for i, name in enumerate(names):
        citizen = new_citizen(world, f"0{i + 1}0180{1234 + i}", first_name=name)
        new_request(world, citizen, received_on=today() - timedelta(days=10 - i))
    client = client_for(world.visitator)
    first = client.get(reverse("visitation_queue")).content.decode()
    assert "Side 1 af 2" in first and "Anna Hansen" in first and "Bent Hansen" in first and "Carl" not in first
    second = client.get(reverse("visitation_queue") + "?page=2").content.decode()
    assert "Side 2 af 2" in second and "Carl Hansen" in second and "Anna" not in second
