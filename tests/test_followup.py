# SPDX-License-Identifier: AGPL-3.0-or-later
"""Follow-up after treatment (seeds 003 and 004): which discharges make which tasks, the
worklist, attempts and the short form, withdrawn consent, the reach rate and the reminders."""

import re
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.http import Http404
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext

from forlob.common.dates import add_months, today
from forlob.common.paging import FirstHits
from forlob.family import actions as family_actions
from forlob.followup import actions, queries
from forlob.followup.models import Attempt, FollowUp, Status
from forlob.stats.reports.follow_up import reach_rate
from forlob.treatment import actions as treatment_actions
from forlob.treatment.models import OfferType
from tests.conftest import CPR_1, new_citizen, new_course
from tests.test_api import api
from tests.test_views import client_for

ENDED = date(2026, 8, 31)
STARTED = date(2026, 6, 1)
REACHED = actions.ShortForm(use_change="reduced", new_treatment_needed=False, housing="same", satisfaction=4)


def consent(world, citizen, given_on: date = STARTED):  # type: ignore[no-untyped-def]
    data = family_actions.ConsentData(kind="follow_up", given_on=given_on, phone="22334455", preferred_time="Formiddag")
    return family_actions.give_consent(world.actor(world.behandler), citizen, data)


def discharged(world, cpr: str, reason: str = "completed", *, with_consent: bool = True, ended=ENDED, **extra):  # type: ignore[no-untyped-def]
    """A course ended on ``ended`` and closed by the family consultant (not the responsible clinician)."""
    citizen = new_citizen(world, cpr)
    if with_consent:
        consent(world, citizen)
    course = new_course(world, citizen, started_on=extra.pop("started_on", STARTED), **extra)
    return treatment_actions.discharge_course(world.actor(world.familiekonsulent), course, ended, reason)


def rule(world, months, reasons=("completed",), consent_required=True, max_attempts=3):  # type: ignore[no-untyped-def]
    data = actions.RuleData(list(months), list(reasons), consent_required, max_attempts)
    return actions.save_rule(world.actor(world.leder), world.faxe, data)


def tasks(course) -> list[tuple[int, date, str]]:  # type: ignore[no-untyped-def]
    return [(f.months, f.due_on, f.assigned_to.username) for f in course.follow_ups.order_by("months")]


def test_month_arithmetic_keeps_the_day_or_takes_the_months_last():
    assert add_months(date(2026, 8, 31), 3) == date(2026, 11, 30)
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert add_months(date(2027, 11, 30), 3) == date(2028, 2, 29)
    assert add_months(date(2026, 1, 15), -1) == date(2025, 12, 15)


def test_completed_treatment_with_consent_gets_tasks_at_3_and_6_months_for_the_closer(world):
    course = discharged(world, CPR_1)
    assert tasks(course) == [(3, date(2026, 11, 30), "familiekonsulent"), (6, date(2027, 2, 28), "familiekonsulent")]
    assert course.responsible == world.behandler  # the responsible clinician is not the one who calls


@pytest.mark.parametrize(
    ("reason", "with_consent", "offer", "expected"),
    [
        ("own_wish", True, OfferType.AMBULANT, 0),  # interrupted treatment is not followed up
        ("no_show", True, OfferType.AMBULANT, 0),
        ("completed", False, OfferType.AMBULANT, 0),  # no consent, no call
        ("completed", True, OfferType.RESIDENTIAL, 2),
        ("completed", True, OfferType.RELATIVES, 0),  # a course for relatives has no use to follow up
    ],
)
def test_which_discharges_make_tasks_under_the_default_rule(world, reason, with_consent, offer, expected):
    extra = {}
    if offer == OfferType.RELATIVES:
        extra["index_course"] = new_course(world, new_citizen(world, "1505920001"))
    course = discharged(world, CPR_1, reason, with_consent=with_consent, offer_type=offer, **extra)
    assert course.follow_ups.count() == expected


def test_aalborg_style_rule_at_1_6_and_12_months_without_consent(world):
    rule(world, [12, 1, 6], reasons=["completed", "own_wish"], consent_required=False, max_attempts=2)
    course = discharged(world, CPR_1, "own_wish", with_consent=False)
    assert tasks(course) == [
        (1, date(2026, 9, 30), "familiekonsulent"),
        (6, date(2027, 2, 28), "familiekonsulent"),
        (12, date(2027, 8, 31), "familiekonsulent"),
    ]
    assert {(f.needs_consent, f.max_attempts) for f in course.follow_ups.all()} == {(False, 2)}
    assert discharged(world, "1505920001", "died", with_consent=False).follow_ups.count() == 0


def test_changing_the_rule_does_not_rewrite_tasks_already_made(world):
    before = discharged(world, CPR_1)
    rule(world, [1], max_attempts=5)
    assert tasks(before) == [(3, date(2026, 11, 30), "familiekonsulent"), (6, date(2027, 2, 28), "familiekonsulent")]
    assert {f.max_attempts for f in before.follow_ups.all()} == {3}
    after = discharged(world, "1505920001")
    assert tasks(after) == [(1, date(2026, 9, 30), "familiekonsulent")]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (actions.RuleData([], ["completed"]), "months"),
        (actions.RuleData([0, 3], ["completed"]), "months"),
        (actions.RuleData([3], []), "end_reasons"),
        (actions.RuleData([3], ["died"]), "end_reasons"),
        (actions.RuleData([3], ["sent_home"]), "end_reasons"),
        (actions.RuleData([3], ["completed"], max_attempts=0), "max_attempts"),
    ],
)
def test_bad_rules_are_refused(world, data, field):
    with pytest.raises(ValidationError) as refused:
        actions.save_rule(world.actor(world.leder), world.faxe, data)
    assert field in refused.value.message_dict


def test_only_the_units_leader_sets_the_rule(world):
    with pytest.raises(Exception) as refused:
        actions.save_rule(world.actor(world.behandler), world.faxe, actions.RuleData([1], ["completed"]))
    assert refused.type.__name__ == "PermissionDenied"


def test_withdrawn_consent_cancels_the_open_tasks_at_once(world):
    course = discharged(world, CPR_1)
    first, second = course.follow_ups.order_by("months")
    actions.record_attempt(
        world.actor(world.familiekonsulent), first, actions.AttemptData(date(2026, 11, 20), True, answers=REACHED)
    )
    withdrawn_on = today()
    family_actions.withdraw_consent(world.actor(world.behandler), course.citizen.consents.get(), withdrawn_on)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (Status.REACHED, Status.CANCELLED)
    assert (second.closed_on, second.cancel_reason) == (withdrawn_on, "consent_withdrawn")


def test_unanswered_attempts_close_the_task_as_no_contact(world):
    task = discharged(world, CPR_1).follow_ups.order_by("months").first()
    actor = world.actor(world.familiekonsulent)
    for day in (date(2026, 11, 20), date(2026, 11, 21)):
        task = actions.record_attempt(actor, task, actions.AttemptData(day, False, "Intet svar"))
        assert task.status == Status.OPEN
    task = actions.record_attempt(actor, task, actions.AttemptData(date(2026, 11, 23), False))
    assert (task.status, task.closed_on) == (Status.NOT_REACHED, date(2026, 11, 23))
    assert task.attempts.count() == 3


def test_reaching_the_citizen_saves_the_short_form(world):
    task = discharged(world, CPR_1).follow_ups.order_by("months").first()
    actor = world.actor(world.familiekonsulent)
    actions.record_attempt(actor, task, actions.AttemptData(date(2026, 11, 20), False))
    with pytest.raises(ValidationError) as refused:
        actions.record_attempt(actor, task, actions.AttemptData(date(2026, 11, 21), True))
    assert "use_change" in refused.value.message_dict
    task = actions.record_attempt(actor, task, actions.AttemptData(date(2026, 11, 21), True, answers=REACHED))
    assert (task.status, task.use_change, task.new_treatment_needed, task.housing, task.work) == (
        Status.REACHED,
        "reduced",
        False,
        "same",
        "",
    )
    assert [a.reached for a in task.attempts.all()] == [False, True]


def test_bad_attempts_are_refused_and_nothing_is_saved(world):
    task = discharged(world, CPR_1).follow_ups.order_by("months").first()
    mine = world.actor(world.familiekonsulent)
    cases = [
        (world.actor(world.behandler), actions.AttemptData(date(2026, 11, 20), False), "ikke din"),
        (mine, actions.AttemptData(today() + timedelta(days=1), False), "fremtiden"),
        (mine, actions.AttemptData(date(2026, 8, 30), False), "før forløbets afslutning"),
        (mine, actions.AttemptData(None, False), "datoen"),
        (mine, actions.AttemptData(date(2026, 11, 20), True, answers=actions.ShortForm("vanished", False)), "Ukendt"),
    ]
    for actor, data, message in cases:
        with pytest.raises(ValidationError, match=message):
            actions.record_attempt(actor, task, data)
    assert not Attempt.objects.exists()
    actions.record_attempt(mine, task, actions.AttemptData(date(2026, 11, 20), True, answers=REACHED))
    with pytest.raises(ValidationError, match="afsluttet"):
        actions.record_attempt(mine, task, actions.AttemptData(date(2026, 11, 21), False))
    assert Attempt.objects.count() == 1


def test_another_units_staff_cannot_see_or_answer_the_tasks(world):
    task = discharged(world, CPR_1).follow_ups.first()
    other = world.actor(world.other_behandler)
    with pytest.raises(Http404):
        queries.get_follow_up(other, task.pk, via="test")
    assert queries.worklist(other, today(), queries.Section.CURRENT, FirstHits(50), via="test").rows == []
    client = client_for(world.other_behandler)
    assert client.get(reverse("follow_up_detail", args=[task.pk])).status_code == 404
    assert client.get(reverse("follow_up_worklist") + f"?enhed={world.faxe.pk}").status_code == 404
    assert api(world.other_behandler).get(f"/api/v1/follow-ups/{task.pk}").status_code == 404


def test_the_leader_hands_a_task_to_a_colleague(world):
    task = discharged(world, CPR_1).follow_ups.first()
    with pytest.raises(ValidationError):
        actions.reassign(world.actor(world.leder), task, world.other_behandler)
    task = actions.reassign(world.actor(world.leder), task, world.behandler)
    assert task.assigned_to == world.behandler
    with pytest.raises(Exception) as refused:
        actions.reassign(world.actor(world.behandler), task, world.familiekonsulent)
    assert refused.type.__name__ == "PermissionDenied"


# --- Worklist ---------------------------------------------------------------------------------


def test_worklist_sections_this_week_later_and_done(world):
    day = date(2026, 11, 25)  # a Wednesday in week 48
    overdue = discharged(world, CPR_1, ended=date(2026, 8, 20)).follow_ups.get(months=3)  # due 20.11
    this_week = discharged(world, "1505920001", ended=date(2026, 8, 29)).follow_ups.get(months=3)  # due 29.11
    actor = world.actor(world.familiekonsulent)
    current = queries.worklist(actor, day, queries.Section.CURRENT, FirstHits(50), via="test").rows
    assert [t.pk for t in current] == [overdue.pk, this_week.pk]
    assert (current[0].phone, current[0].preferred_time, current[0].attempts_made) == ("22334455", "Formiddag", 0)
    later = queries.worklist(actor, day, queries.Section.LATER, FirstHits(50), via="test").rows
    assert len(later) == 2  # the two at 6 months
    actions.record_attempt(actor, overdue, actions.AttemptData(date(2026, 11, 20), True, answers=REACHED))
    assert queries.section_counts(actor, day) == {"aktuelle": 1, "senere": 2, "afsluttede": 1, "overdue": 0}
    assert queries.section_counts(world.actor(world.behandler), day)["aktuelle"] == 0  # not theirs
    assert queries.section_counts(world.actor(world.behandler), day, unit_id=world.faxe.pk)["senere"] == 2


# --- Reach rate --------------------------------------------------------------------------------


def test_reach_rate_worked_out_by_hand(world):
    """September: 6 reached, 5 not reached (11 due, 55 %). October: 5 reached (100 %). December's
    due dates have not come yet and count nowhere. Total 11 of 16 = 69 %."""
    rule(world, [3], consent_required=False, max_attempts=1)
    actor = world.actor(world.familiekonsulent)
    cprs = iter(f"{d:02d}0{m}801234" for m in (1, 2, 3) for d in range(1, 29))
    for ended, reached in [(date(2026, 6, 10), [True] * 6 + [False] * 5), (date(2026, 7, 15), [True] * 5)]:
        for answer in reached:
            task = discharged(world, next(cprs), with_consent=False, ended=ended).follow_ups.get()
            attempt = actions.AttemptData(add_months(ended, 3), answer, answers=REACHED)
            actions.record_attempt(actor, task, attempt)
    discharged(world, next(cprs), with_consent=False, ended=date(2026, 9, 1))  # due 01.12: not yet due
    report = reach_rate({world.faxe.pk}, date(2026, 9, 1), date(2026, 11, 1), date(2026, 11, 25))
    shown = [(row.label, str(row.total), [str(c) for c in row.cells], *row.measures) for row in report.rows]
    assert shown == [
        ("september 2026", "11", ["6", "5", "0"], pytest.approx(100 * 6 / 11)),
        ("oktober 2026", "5", ["5", "0", "0"], 100.0),
        ("november 2026", "0", ["0", "0", "0"], None),
    ]
    assert [str(c) for c in report.table.column_totals] == ["11", "5", "0"]
    assert report.totals is not None
    assert (str(report.totals.total), report.totals.measures) == ("16", [pytest.approx(100 * 11 / 16)])
    by_staff = reach_rate({world.faxe.pk}, date(2026, 9, 1), date(2026, 11, 1), date(2026, 11, 25), by="assignee")
    assert [(row.label, str(row.total)) for row in by_staff.rows] == [("Familiekonsulent Test", "16")]


def test_small_reach_counts_are_suppressed_with_their_rates(world):
    rule(world, [3], consent_required=False, max_attempts=1)
    actor = world.actor(world.familiekonsulent)
    for n, answer in enumerate([True, True, False]):
        task = discharged(world, f"0{n + 1}0180123{n}", with_consent=False, ended=date(2026, 6, 10)).follow_ups.get()
        actions.record_attempt(actor, task, actions.AttemptData(date(2026, 9, 10), answer, answers=REACHED))
    report = reach_rate({world.faxe.pk}, date(2026, 9, 1), date(2026, 9, 1), date(2026, 11, 25))
    [row] = report.rows
    assert report.totals is not None
    assert (str(row.total), [str(c) for c in row.cells], row.measures, report.totals.measures) == (
        "<5",
        ["<5", "<5", "0"],
        [None],
        [None],
    )


# --- Reminders ---------------------------------------------------------------------------------


def test_reminders_are_sent_once_a_day_and_name_no_citizen(world):
    world.familiekonsulent.email = "hanne@kommune.invalid"
    world.familiekonsulent.save()
    discharged(world, CPR_1, ended=date(2026, 8, 20))  # due 20.11: overdue on 25.11
    discharged(world, "1505920001", ended=date(2026, 8, 27))  # due 27.11: this week
    assert actions.send_reminders(date(2026, 11, 25)) == 1
    assert actions.send_reminders(date(2026, 11, 25)) == 0
    call_command("followup_reminders")  # today's run may be a different day: at most one more mail
    [message] = mail.outbox[:1]
    assert message.to == ["hanne@kommune.invalid"]
    assert message.body.startswith("1 opfølgning er forfalden. " + due_this_week(1) + "\n\n")
    assert "/opfoelgning/" in message.body and "Hansen" not in message.body and "Hansen" not in message.subject


def due_this_week(n: int) -> str:
    with translation.override("da"):
        return ngettext("%(n)s follow-up is due this week.", "%(n)s follow-ups are due this week.", n) % {"n": n}


def test_the_overview_tells_overdue_from_due_this_week_with_danish_plurals(world):
    # On Tuesday 1.12.2026 (week 49, ending Sunday 6.12): due 20.11 and 27.11 are overdue, 3.12 is due.
    for cpr, ended in (("0101801234", date(2026, 8, 20)), ("1505920001", date(2026, 8, 27))):
        discharged(world, cpr, ended=ended)
    client = client_for(world.familiekonsulent)
    overview = client.get(reverse("overview")).content.decode()
    assert "2 opfølgninger er forfaldne.</a>" in overview and "forfalder" not in overview

    discharged(world, "0303801234", ended=date(2026, 9, 3))
    overview = client.get(reverse("overview")).content.decode()
    assert f"2 opfølgninger er forfaldne. {due_this_week(1)}</a>" in overview


# --- Pages, export and API --------------------------------------------------------------------


def test_worklist_page_shows_phone_and_the_short_form_keeps_input_on_error(world):
    task = discharged(world, CPR_1, ended=date(2026, 8, 20)).follow_ups.get(months=3)
    client = client_for(world.familiekonsulent)
    overview = client.get(reverse("overview")).content.decode()
    assert "1 opfølgning er forfalden.</a>" in overview and "forfaldne: 1" not in overview
    page = client.get(reverse("follow_up_worklist")).content.decode()
    assert "Hans Hansen" in page and "22334455" in page and "Formiddag" in page and "forfalden" in page
    url = reverse("follow_up_detail", args=[task.pk])
    short = {"attempted_on": "2026-11-20", "reached": "yes", "note": "Har det godt", "version": task.version}
    refused = client.post(url, short)
    page = refused.content.decode()
    assert refused.status_code == 200 and "Angiv, hvordan forbruget er i forhold til ved afslutningen." in page
    assert "Har det godt" in page and not Attempt.objects.exists()
    answered = {
        "attempted_on": "2026-11-20",
        "reached": "yes",
        "use_change": "stopped",
        "new_treatment_needed": "no",
        "work": "better",
        "satisfaction": "5",
        "note": "Har det godt",
        "version": task.version,
    }
    assert client.post(url, answered).status_code == 302
    task.refresh_from_db()
    assert (task.status, task.use_change, task.work, task.satisfaction, task.note) == (
        "reached",
        "stopped",
        "better",
        5,
        "Har det godt",
    )
    done = client.get(reverse("follow_up_worklist") + "?vis=afsluttede").content.decode()
    assert "Kontakt opnået" in done


def test_someone_elses_task_shows_no_form_and_refuses_a_post(world):
    task = discharged(world, CPR_1, ended=date(2026, 8, 20)).follow_ups.get(months=3)
    client = client_for(world.behandler)
    url = reverse("follow_up_detail", args=[task.pk])
    assert "Kun den medarbejder, opfølgningen er tildelt" in client.get(url).content.decode()
    posted = client.post(url, {"attempted_on": "2026-11-20", "reached": "no", "version": task.version}).content.decode()
    assert "Opfølgningen er ikke din" in posted and not Attempt.objects.exists()


def _version_in(page: str) -> int:
    found = re.search(r'name="version" value="(\d+)"', page)
    assert found, "the form carries the version it was made from"
    return int(found.group(1))


def test_a_save_from_a_page_opened_before_a_change_is_refused_keeps_the_input_and_saves_next_time(world):
    task = discharged(world, CPR_1, ended=date(2026, 8, 20)).follow_ups.get(months=3)
    clinician, leader = client_for(world.familiekonsulent), client_for(world.leder)
    url = reverse("follow_up_detail", args=[task.pk])
    seen = _version_in(clinician.get(url).content.decode())
    # Meanwhile an attempt is saved from another tab, and the leader opens the page to reassign.
    leader_seen = _version_in(leader.get(url).content.decode().split('id="overdrag"')[1])
    other_tab = {"attempted_on": "2026-11-19", "reached": "no", "attempt_note": "Telefonsvarer", "version": seen}
    assert clinician.post(url, other_tab).status_code == 302
    form = {
        "attempted_on": "2026-11-20",
        "reached": "yes",
        "use_change": "stopped",
        "new_treatment_needed": "no",
        "note": "Har det godt",
        "version": seen,
    }
    refused = clinician.post(url, form)
    page = refused.content.decode()
    assert refused.status_code == 200
    assert re.search(r"Familiekonsulent Test ændrede dette den \d\d\.\d\d\.\d{4} kl\. \d\d:\d\d, efter at du", page)
    assert "Dine ændringer er ikke gemt; de står stadig i formularen." in page and "Har det godt" in page
    task.refresh_from_db()
    assert (task.status, task.attempts.count(), task.version) == ("open", 1, seen + 1)
    reassign = reverse("follow_up_reassign", args=[task.pk])
    stale = leader.post(reassign, {"assigned_to": world.behandler.pk, "version": leader_seen}, follow=True)
    assert stale.redirect_chain == [(reverse("follow_up_detail", args=[task.pk]), 302)]  # the page's own address
    assert "Familiekonsulent Test ændrede dette den" in stale.content.decode()
    assert f'name="version" value="{leader_seen}"' not in stale.content.decode()  # moved to the current version
    assert FollowUp.objects.get(pk=task.pk).assigned_to == world.familiekonsulent

    assert _version_in(page) == seen + 1  # having looked, the user can save what they wrote
    assert clinician.post(url, form | {"version": _version_in(page)}).status_code == 302
    task.refresh_from_db()
    assert (task.status, task.note, task.attempts.count(), task.version) == ("reached", "Har det godt", 2, seen + 2)


def test_the_leader_sets_the_rule_on_its_page(world):
    client = client_for(world.leder)
    url = reverse("follow_up_rule", args=[world.faxe.pk])
    page = client.get(url).content.decode()
    assert 'value="3, 6"' in page and "standardreglen" in page
    refused = client.post(url, {"months": "1, x", "end_reasons": ["completed"], "max_attempts": "3"})
    assert "Angiv hele tal adskilt af komma." in refused.content.decode()
    saved = client.post(url, {"months": "12, 1, 6", "end_reasons": ["completed"], "max_attempts": "4"})
    assert saved.status_code == 302
    rule_row = world.faxe.follow_up_rule
    assert (rule_row.months, rule_row.consent_required, rule_row.max_attempts) == ([1, 6, 12], False, 4)
    assert client_for(world.behandler).get(url).status_code == 403


def test_reach_statistic_page_csv_and_api_publish_the_same_suppressed_table(world):
    rule(world, [3], consent_required=False, max_attempts=1)
    actor = world.actor(world.familiekonsulent)
    for n, answer in enumerate([True, True, False]):
        task = discharged(world, f"0{n + 1}0180123{n}", with_consent=False, ended=date(2026, 6, 10)).follow_ups.get()
        actions.record_attempt(actor, task, actions.AttemptData(date(2026, 9, 10), answer, answers=REACHED))
    query = f"?unit={world.faxe.pk}&first=2026-09&last=2026-09"
    client = client_for(world.analytiker)  # analysts see the figures, never a person
    page = client.get(reverse("stats_follow_up") + query).content.decode()
    assert "september 2026" in page and "&lt;5" in page and "Antal fra 1 til 4 vises som &lt;5" in page
    assert "Hans" not in page
    assert '<svg role="img"' not in page  # every count is hidden: no chart to draw
    export = client.get(reverse("stats_follow_up") + query + "&format=csv&tabel=0")
    text = export.getvalue().decode("utf-8")
    assert text.startswith("\ufeffMåned;Kontakt opnået;Ikke opnået kontakt;Stadig åbne;Forfaldne;Opnåelsesgrad (%)")
    rows = [line.split(";") for line in text.splitlines()]
    assert rows[1] == ["september 2026", "<5", "<5", "0", "<5", ""]
    assert any(line.startswith("Kilde: Forløb, udtrukket") for line in text.splitlines())
    body = (
        api(world.analytiker)
        .get(f"/api/v1/stats/follow-up-reach?unit_id={world.faxe.pk}&first=2026-09&last=2026-09")
        .json()
    )
    [row] = body["rows"]
    assert (row["total"], row["cells"][0], row["cells"][2], row["measures"]) == (
        {"value": None, "text": "<5"},
        {"value": None, "text": "<5"},
        {"value": 0, "text": "0"},
        [None],
    )
    bad = client.get(reverse("stats_follow_up") + f"?unit={world.faxe.pk}&first=2026-09&last=2026-03")
    assert "Perioden kan ikke slutte, før den begynder." in bad.content.decode()
    bad_api = api(world.analytiker).get(
        f"/api/v1/stats/follow-up-reach?unit_id={world.faxe.pk}&first=2026-09&last=2026-13"
    )
    assert bad_api.status_code == 422 and bad_api.json()["detail"][0]["field"] == "last"


def test_follow_ups_through_the_api(world):
    task = discharged(world, CPR_1, ended=date(2026, 8, 20)).follow_ups.get(months=3)
    client = api(world.familiekonsulent)
    listed = client.get("/api/v1/follow-ups").json()
    assert listed["count"] == 1 and listed["items"][0]["phone"] == "22334455"
    seen = listed["items"][0]["version"]
    url = f"/api/v1/follow-ups/{task.pk}/attempts"
    first = {"attempted_on": "2026-11-19", "reached": False, "version": seen}
    assert client.post(url, first, content_type="application/json").json()["version"] == seen + 1
    stale = client.post(url, first, content_type="application/json")  # sent twice from the same copy
    assert stale.status_code == 422 and "efter at du åbnede siden" in stale.json()["detail"][0]["message"]
    assert task.attempts.count() == 1
    now = {"version": seen + 1}
    refused = client.post(url, {"attempted_on": "2026-11-20", "reached": True} | now, content_type="application/json")
    assert refused.status_code == 422 and refused.json()["detail"][0]["field"] == "use_change"
    answers = {"use_change": "unchanged", "new_treatment_needed": True, "network": "worse"}
    done = client.post(
        url, {"attempted_on": "2026-11-20", "reached": True, "answers": answers} | now, content_type="application/json"
    )
    assert done.status_code == 200 and done.json()["status"] == "reached" and done.json()["network"] == "worse"
    again = api(world.familiekonsulent).post(
        url, {"attempted_on": "2026-11-21", "reached": False, "version": seen + 2}, content_type="application/json"
    )
    assert again.status_code == 422 and "afsluttet" in again.json()["detail"][0]["message"]
    leader = api(world.leder)
    assert leader.get(f"/api/v1/units/{world.faxe.pk}/follow-up-rule").json()["months"] == [3, 6]
    put = leader.put(
        f"/api/v1/units/{world.faxe.pk}/follow-up-rule",
        {"months": [1, 6, 12], "end_reasons": ["completed"]},
        content_type="application/json",
    )
    assert put.status_code == 200 and put.json()["months"] == [1, 6, 12]
