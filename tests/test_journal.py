# SPDX-License-Identifier: AGPL-3.0-or-later
"""The journal of a course and of a citizen's courses: every kind of entry in date order with its
author, bounded by a period and logged; its print view and PDF with a purpose; the session note
its author may correct for a while, and addenda after that."""

import io
from datetime import date, timedelta
from functools import partial

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from forlob.audit.models import AccessLogEntry, Use
from forlob.family import actions as family_actions
from forlob.followup import actions as followup_actions
from forlob.instruments.actions import ResponseData, record_response
from forlob.treatment import actions, journal, queries
from forlob.treatment.models import Session
from tests.conftest import CPR_2, new_citizen, new_course
from tests.test_api import api
from tests.test_instruments import answers
from tests.test_views import client_for

STARTED = date(2026, 6, 1)


def session(world, course, held_on: date, note: str, user=None):  # type: ignore[no-untyped-def]
    user = user or world.behandler
    data = actions.SessionData(held_on=held_on, kind="individual", attendance="attended", staff=[user], note=note)
    return actions.register_session(world.actor(user), course, data)


def full_course(world):  # type: ignore[no-untyped-def]
    """A course with one entry of every kind: consent, request, start and plan, two sessions, an
    AUDIT, the discharge and a follow-up attempt."""
    citizen = new_citizen(world)
    consent = family_actions.ConsentData(kind="follow_up", given_on=STARTED, phone="22334455")
    family_actions.give_consent(world.actor(world.behandler), citizen, consent)
    course = new_course(world, citizen, started_on=STARTED, plan="Ædru i weekenderne")
    behandler = world.actor(world.behandler)
    session(world, course, date(2026, 6, 8), "Første samtale: motivation drøftet.")
    audit = ResponseData("audit", "intake", date(2026, 6, 8), answers("audit", [2, 2, 1, 1, 1, 1, 0, 0, 0, 0]))
    record_response(behandler, course, audit)
    session(world, course, date(2026, 6, 15), "Anden samtale: plan for weekenden.")
    course = actions.discharge_course(behandler, course, date(2026, 8, 31), "completed", "Mål nået.")
    task = course.follow_ups.order_by("months").first()
    followup_actions.record_attempt(
        behandler, task, followup_actions.AttemptData(date(2026, 11, 20), False, "Intet svar")
    )
    return course


def read(world, course, actor=None, **period):  # type: ignore[no-untyped-def]
    actor = actor or world.actor(world.behandler)
    return queries.course_journal(
        actor, course, partial(journal.read_page, number=None, per_page=50), via="t", **period
    )


def test_the_course_journal_holds_every_kind_in_date_order_with_its_author(world):
    course = full_course(world)
    shown = read(world, course)
    assert [(e.day, e.kind) for e in shown.entries] == [
        (date(2026, 6, 1), "consent_given"),
        (date(2026, 6, 1), "request"),
        (date(2026, 6, 1), "course_start"),
        (date(2026, 6, 8), "session"),
        (date(2026, 6, 8), "measurement"),
        (date(2026, 6, 15), "session"),
        (date(2026, 8, 31), "discharge"),
        (date(2026, 11, 20), "follow_up_attempt"),
        (date(2026, 12, 1), "plan"),  # the plan was written today, when the course was started
    ]
    by_kind = {e.kind: e for e in shown.entries}
    assert "Første samtale: motivation drøftet." in shown.entries[3].described.text
    assert by_kind["measurement"].described.text == "Point: 8\nZone II: risikabelt forbrug"
    assert by_kind["discharge"].described.title == "Forløb afsluttet: Færdigbehandlet"
    assert by_kind["plan"].described.text == "Ædru i weekenderne"
    assert by_kind["session"].author == "Behandler Test"
    assert by_kind["course_start"].author == by_kind["request"].author == "Visitator Test"
    assert shown.total == 9


def test_the_period_bounds_the_journal_and_the_read_is_logged(world):
    course = full_course(world)
    shown = read(world, course, start=date(2026, 6, 8), end=date(2026, 6, 15))
    assert [e.kind for e in shown.entries] == ["session", "measurement", "session"]
    logged = AccessLogEntry.objects.filter(citizen=course.citizen, via="t")
    assert [(e.use, e.user_id, e.unit_id) for e in logged] == [(Use.VIEW, world.behandler.pk, world.faxe.pk)]


def test_a_plan_change_is_an_entry_and_an_unchanged_plan_is_not(world):
    course = new_course(world, plan="Første plan")
    behandler = world.actor(world.behandler)
    course = actions.update_plan(behandler, course, "Første plan", ["Nyt mål"], expected_version=course.version)
    course = actions.update_plan(behandler, course, "Anden plan", expected_version=course.version)
    plans = [e for e in read(world, course).entries if e.kind == "plan"]
    assert [(e.described.text, e.author) for e in plans] == [
        ("Første plan", "Visitator Test"),
        ("Anden plan", "Behandler Test"),
    ]


def test_the_journal_reads_in_a_fixed_number_of_queries(world):
    course = full_course(world)
    actor = world.actor(world.behandler)
    with CaptureQueriesContext(connection) as few:
        read(world, course, actor, end=date(2026, 6, 1))
    for day in range(16, 26):
        session(world, course, date(2026, 6, day), "Endnu en samtale")
    with CaptureQueriesContext(connection) as all_kinds:
        read(world, course, actor)
    # count + page + one per kind shown + authors + the log row (+ the staff of the sessions)
    assert len(few.captured_queries) == 7
    assert len(all_kinds.captured_queries) == 13


def test_the_citizen_journal_spans_the_citizens_courses_at_the_users_units(world):
    citizen = new_citizen(world)
    first = new_course(world, citizen, started_on=STARTED)
    actions.discharge_course(world.actor(world.behandler), first, date(2026, 7, 1), "completed")
    second = new_course(world, citizen, started_on=date(2026, 9, 1))
    session(world, second, date(2026, 9, 2), "Ny start.")
    other = new_course(world, new_citizen(world, CPR_2, first_name="Anna"))
    session(world, other, date(2026, 11, 30), "En anden borger.")
    actor = world.actor(world.behandler)
    shown = queries.citizen_journal(actor, citizen.pk, partial(journal.read_all, limit=100), via="t")
    assert {e.course_id for e in shown.entries} == {first.pk, second.pk}
    assert [e.kind for e in shown.entries if e.kind != "plan"] == [
        "request",
        "course_start",
        "discharge",
        "request",
        "course_start",
        "session",
    ]
    stranger = world.actor(world.other_behandler)
    assert queries.citizen_journal(stranger, citizen.pk, partial(journal.read_all, limit=100), via="t").entries == []


def test_the_course_page_and_the_citizen_page_show_the_journal(world):
    course = full_course(world)
    client = client_for(world.behandler)
    page = client.get(reverse("course_detail", args=[course.pk])).content.decode()
    assert page.index("Første samtale") < page.index("Anden samtale") < page.index("Forløb afsluttet")
    citizen_page = client.get(reverse("citizen_detail", args=[course.citizen_id])).content.decode()
    assert "Anden samtale: plan for weekenden." in citizen_page
    journal_page = client.get(reverse("course_journal", args=[course.pk]), {"fra": "2026-06-15"}).content.decode()
    assert "Anden samtale" in journal_page and "Første samtale" not in journal_page
    refused = client.get(reverse("course_journal", args=[course.pk]), {"fra": "2026-06-15", "til": "2026-06-01"})
    assert refused.status_code == 200
    assert "Periodens slutning kan ikke ligge før dens start." in refused.content.decode()
    assert client_for(world.other_behandler).get(reverse("course_journal", args=[course.pk])).status_code == 404


# --- The session note: its author corrects it for a while, then only addenda ----------------


def test_the_author_corrects_the_note_within_the_window_and_the_history_keeps_the_first(world, settings):
    settings.FORLOB_NOTE_EDIT_HOURS = 24
    course = new_course(world)
    written = session(world, course, date(2026, 11, 30), "Første udgave")
    with time_machine.travel(timezone.now() + timedelta(hours=23), tick=False):
        actions.change_session_note(world.actor(world.behandler), written, "Rettet udgave")
    written.refresh_from_db()
    assert written.note == "Rettet udgave"
    assert written.history.earliest("history_date").note == "Første udgave"
    assert [h.note for h in written.history.filter(history_change_reason="note")] == ["Rettet udgave"]
    text = read(world, course).entries[-1].described.text
    assert "Rettet udgave" in text and "Notatet er rettet af forfatteren." in text


def test_another_clinician_cannot_correct_the_note_even_within_the_window(world):
    course = new_course(world)
    written = session(world, course, date(2026, 11, 30), "Behandlers notat")
    with pytest.raises(ValidationError) as refused:
        actions.change_session_note(world.actor(world.leder), written, "Lederens udgave")
    assert refused.value.message_dict["note"] == [
        "Kun forfatteren kan rette et notat, og kun inden for 24 timer efter det er skrevet. Tilføj et tillæg i stedet."
    ]
    written.refresh_from_db()
    assert written.note == "Behandlers notat"


def test_after_the_window_the_author_too_can_only_add_an_addendum(world):
    course = new_course(world)
    written = session(world, course, date(2026, 11, 30), "Notat")
    with time_machine.travel(timezone.now() + timedelta(hours=24, minutes=1), tick=False):
        with pytest.raises(ValidationError):
            actions.change_session_note(world.actor(world.behandler), written, "For sent")
        addendum = actions.add_addendum(world.actor(world.behandler), written, "Borgeren ringede bagefter.")
        other = actions.add_addendum(world.actor(world.leder), written, "Lederen supplerer.")
    written.refresh_from_db()
    assert written.note == "Notat"
    assert [(a.text, a.written_by) for a in written.addenda.all()] == [
        ("Borgeren ringede bagefter.", world.behandler),
        ("Lederen supplerer.", world.leder),
    ]
    entries = [e for e in read(world, course).entries if e.kind == "addendum"]
    assert [(e.author, e.at) for e in entries] == [
        ("Behandler Test", addendum.written_at),
        ("Leder Test", other.written_at),
    ]
    assert entries[0].described.title == f"Tillæg til notatet fra {written}"


def test_an_empty_addendum_is_refused(world):
    written = session(world, new_course(world), date(2026, 11, 30), "Notat")
    with pytest.raises(ValidationError) as refused:
        actions.add_addendum(world.actor(world.behandler), written, "  ")
    assert refused.value.message_dict == {"text": ["Skriv tillægget."]}


def test_the_note_page_offers_the_author_the_note_and_others_an_addendum(world):
    course = new_course(world)
    written = session(world, course, date(2026, 11, 30), "Notat")
    url = reverse("session_note", args=[written.pk])
    mine = client_for(world.behandler).get(url).content.decode()
    assert 'id="note-form"' in mine and 'id="addendum-form"' in mine
    leader = client_for(world.leder)
    assert 'id="note-form"' not in leader.get(url).content.decode()
    response = leader.post(url, {"what": "note", "note": "Snydt"})
    assert "Kun forfatteren kan rette et notat" in response.content.decode()
    assert leader.post(url, {"what": "addendum", "text": "Supplement"}).status_code == 302
    written.refresh_from_db()
    assert written.note == "Notat" and written.addenda.get().text == "Supplement"
    assert client_for(world.other_behandler).get(url).status_code == 404


# --- Print view and PDF ---------------------------------------------------------------------


def test_the_print_view_holds_the_period_and_is_logged_with_its_purpose(world):
    course = full_course(world)
    client = client_for(world.behandler)
    url = reverse("course_journal_print", args=[course.pk])
    body = {"fra": "2026-06-08", "til": "2026-06-30", "purpose": "Aktindsigt", "format": "print"}
    page = client.post(url, body).content.decode()
    assert "Første samtale" in page and "Anden samtale" in page and "Forløb afsluttet" not in page
    assert "journal-print.css" in page
    logged = AccessLogEntry.objects.get(citizen=course.citizen, via="course_journal_print", use=Use.EXPORT)
    assert (logged.use, logged.purpose) == (Use.EXPORT, "Aktindsigt")


def test_the_pdf_holds_the_journal_and_its_purpose(world):
    course = full_course(world)
    url = reverse("course_journal_print", args=[course.pk])
    body = {"purpose": "Overdragelse med samtykke", "format": "pdf"}
    response = client_for(world.behandler).post(url, body)
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    for expected in ("Første samtale: motivation drøftet.", "Overdragelse med samtykke", "Forløb afsluttet"):
        assert expected in text
    assert text.index("Første samtale") < text.index("Anden samtale") < text.index("Forløb afsluttet")
    logged = AccessLogEntry.objects.get(citizen=course.citizen, via="course_journal_pdf", use=Use.EXPORT)
    assert (logged.use, logged.purpose) == (Use.EXPORT, "Overdragelse med samtykke")


def test_a_print_without_purpose_is_refused_and_not_logged(world):
    course = full_course(world)
    url = reverse("course_journal_print", args=[course.pk])
    response = client_for(world.behandler).post(url, {"purpose": "", "format": "pdf"})
    assert response["Content-Type"].startswith("text/html")
    assert "Angiv formålet med udskriften." in response.content.decode()
    assert not AccessLogEntry.objects.filter(via__startswith="course_journal_p").exists()


def test_the_citizen_journal_prints_too(world):
    course = full_course(world)
    url = reverse("citizen_journal_print", args=[course.citizen_id])
    page = client_for(world.behandler).post(url, {"purpose": "Konference", "format": "print"}).content.decode()
    assert "Første samtale" in page
    assert AccessLogEntry.objects.filter(citizen=course.citizen, via="citizen_journal_print", purpose="Konference")


def test_the_session_note_written_with_a_session_is_kept(world):
    course = new_course(world)
    session(world, course, date(2026, 11, 30), "Notatet vises nu")
    assert Session.objects.get().note == "Notatet vises nu"
    page = client_for(world.behandler).get(reverse("course_detail", args=[course.pk])).content.decode()
    assert "Notatet vises nu" in page


# --- The API ----------------------------------------------------------------------------------


def test_the_api_reads_the_journal_in_pages_and_logs_it(world):
    course = full_course(world)
    client = api(world.behandler)
    url = f"/api/v1/courses/{course.pk}/journal"
    first = client.get(url, {"limit": 4}).json()
    assert first["count"] == 9
    assert [i["kind"] for i in first["items"]] == ["consent_given", "request", "course_start", "session"]
    assert first["items"][3]["text"].endswith("Første samtale: motivation drøftet.")
    assert first["items"][3]["author"] == "Behandler Test" and first["items"][0]["course_id"] is None
    period = client.get(url, {"start": "2026-06-15", "end": "2026-08-31"}).json()
    assert [i["kind"] for i in period["items"]] == ["session", "discharge"]
    assert AccessLogEntry.objects.filter(citizen=course.citizen, via="api:journal", use=Use.VIEW).count() == 2
    refused = client.get(url, {"start": "2026-06-15", "end": "2026-06-01"})
    assert refused.status_code == 422
    assert refused.json() == {
        "detail": [{"field": "end", "message": "Periodens slutning kan ikke ligge før dens start."}]
    }
    assert api(world.other_behandler).get(url).status_code == 404


# --- Other substances -------------------------------------------------------------------------


def test_the_main_substance_is_refused_among_the_other_substances_and_the_others_are_shown(world):
    citizen = new_citizen(world)
    client = client_for(world.visitator)
    url = reverse("request_create") + f"?borger={citizen.pk}"
    body = {
        "unit": world.faxe.pk,
        "received_on": "2026-11-30",
        "channel": "gp",
        "main_substance": "alcohol",
        "legal_basis": "sul_141",
        "other_substances": ["alcohol", "cannabis"],
    }
    refused = client.post(url, body)
    assert "Alkohol er hovedrusmidlet; vælg det ikke også blandt de andre rusmidler." in refused.content.decode()
    assert not citizen.requests.exists()
    created = client.post(url, {**body, "other_substances": ["cannabis", "benzodiazepines"]})
    request = citizen.requests.get()
    assert request.other_substances == ["benzodiazepines", "cannabis"]
    page = client.get(created["Location"]).content.decode()
    assert "Andre rusmidler" in page and "Benzodiazepiner, Hash/cannabis" in page


def test_anonymising_the_citizen_blanks_the_addenda_and_their_history(world):
    from forlob.citizens.models import Citizen
    from forlob.oversight.declarations import tied_models
    from forlob.oversight.retention import clear_personal_data

    course = new_course(world)
    written = session(world, course, date(2026, 11, 30), "Notat")
    addendum = actions.add_addendum(world.actor(world.leder), written, "Navn på borgerens søster")
    clear_personal_data(Citizen.objects.filter(pk=course.citizen_id), tied_models(), dry_run=False)
    addendum.refresh_from_db()
    # History is blanked, not deleted: who added what and when stays, the words do not.
    assert addendum.text == "" and set(addendum.history.values_list("text", flat=True)) == {""}
