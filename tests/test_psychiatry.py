# SPDX-License-Identifier: AGPL-3.0-or-later
"""The psychiatric pathway of seed 004: a positive basisscreener awaits a psychologist's or
doctor's assessment; with the citizen's consent the result goes to the own doctor in a letter
(PDF); the doctor's referral to psychiatry and its outcome are recorded; the statistics and KL-12's
live evidence count it, worked out by hand."""

import importlib
import io
from datetime import date, timedelta

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from pypdf import PdfReader

from forlob.common.dates import today
from forlob.family import actions as family_actions
from forlob.instruments.actions import ResponseData, record_response
from forlob.instruments.models import Instrument, Response
from forlob.kl12.report import EVIDENCE
from forlob.organisations.models import Role
from forlob.psychiatry import actions
from forlob.psychiatry.course_page import awaiting_section
from forlob.psychiatry.models import GpLetter
from forlob.psychiatry.queries import course_pathway
from forlob.stats.live import LiveMeasure, live_value
from forlob.stats.reports.psychiatry import psychiatric_pathway
from forlob.stats.reports.screening import screening
from tests.conftest import make_user, new_citizen, new_course, new_request
from tests.test_api import api
from tests.test_stats_reports import cprs, faxe, start
from tests.test_views import client_for


def _areas() -> dict[str, str]:
    definition = Instrument.objects.filter(code="kl_basis").order_by("-version").first().definition
    return {item["code"]: "negative" for item in definition["items"]}


def _screen(world, course, day: date, positive: bool = True) -> Response:  # type: ignore[no-untyped-def]
    found = _areas() | ({"depression": "positive"} if positive else {})
    data = ResponseData("kl_basis", "intake", day, found, "assessment" if positive else "")
    return record_response(world.actor(world.behandler), course, data)


def _psychologist(world):  # type: ignore[no-untyped-def]
    return world.actor(make_user("psykolog", world.faxe, Role.PSYKOLOG))


def _consent(world, course, day: date) -> None:  # type: ignore[no-untyped-def]
    data = family_actions.ConsentData(kind="gp", given_on=day)
    family_actions.give_consent(world.actor(world.behandler), course.citizen, data)


def test_the_course_page_offers_the_assessment_form_only_to_psychologists_and_doctors(world):
    course = new_course(world, started_on=today() - timedelta(days=20))
    _screen(world, course, today() - timedelta(days=19))
    psychologist = _psychologist(world).user
    url = reverse("course_detail", args=[course.pk])

    assert 'id="psychiatric-assessment-form"' in client_for(psychologist).get(url).content.decode()
    page = client_for(world.behandler).get(url).content.decode()
    assert 'id="psychiatric-assessment-form"' not in page
    assert 'id="outside-finding-form"' in page  # the rest of the pathway is the course's staff's


# --- The worked pathway -----------------------------------------------------------------------


def test_the_pathway_from_positive_screening_to_the_referral_outcome(world):
    course = new_course(world, started_on=today() - timedelta(days=20))
    screened = _screen(world, course, today() - timedelta(days=19))
    psychologist = _psychologist(world)

    # Afventer vurdering: on the course page and on the psychologist's Mit overblik.
    assert [r.pk for r in course_pathway(course).awaiting] == [screened.pk]
    assert [r.pk for r in awaiting_section(psychologist, today()).context["awaiting"]] == [screened.pk]
    assert awaiting_section(world.actor(world.behandler), today()) is None  # not the behandler's list

    data = actions.AssessmentData(
        today() - timedelta(days=12), "confirmed", ["mini", "other"], "SCID-5-PD", "Moderat depression", screened.pk
    )
    assessment = actions.record_assessment(psychologist, course, data)
    assert assessment.tests_display == "MINI, SCID-5-PD"
    assert course_pathway(course).awaiting == []
    assert awaiting_section(psychologist, today()) is None

    # The letter, written on the course page with the consent in force; the latest screening and assessment go in.
    _consent(world, course, today() - timedelta(days=11))
    client = client_for(world.behandler)
    posted = client.post(
        reverse("gp_letter_create", args=[course.pk]),
        {"letter-written_on": (today() - timedelta(days=10)).isoformat(), "letter-doctor": "Lægehuset Torvet, Faxe"},
    )
    assert posted.status_code == 302
    letter = GpLetter.objects.get(course=course)
    assert (letter.response_id, letter.assessment_id, letter.written_by) == (
        screened.pk,
        assessment.pk,
        world.behandler,
    )

    # Sent by secure e-mail, then the doctor's referral and its outcome, through the API.
    sent = api(world.behandler).post(
        f"/api/v1/gp-letters/{letter.pk}/sent",
        {"sent_on": (today() - timedelta(days=9)).isoformat(), "sent_how": "secure_mail", "version": letter.version},
        content_type="application/json",
    )
    assert sent.status_code == 200, sent.content
    body = {
        "referred": True,
        "referred_on": (today() - timedelta(days=5)).isoformat(),
        "version": sent.json()["version"],
    }
    pending = api(world.behandler).post(
        f"/api/v1/gp-letters/{letter.pk}/referral", body, content_type="application/json"
    )
    assert (pending.status_code, pending.json()["outcome"], pending.json()["outcome_on"]) == (200, "pending", None)
    accepted = api(world.behandler).post(
        f"/api/v1/gp-letters/{letter.pk}/referral",
        body | {"outcome": "accepted", "outcome_on": today().isoformat(), "version": pending.json()["version"]},
        content_type="application/json",
    )
    assert accepted.status_code == 200, accepted.content
    letter.refresh_from_db()
    assert (letter.sent_how, letter.sent_by, letter.referred, letter.outcome) == (
        "secure_mail",
        world.behandler,
        True,
        "accepted",
    )
    assert letter.history.count() == 4  # written, sent, referred, outcome

    page = client.get(reverse("course_detail", args=[course.pk]))
    assert page.status_code == 200
    assert 'id="psykiatri"' in page.content.decode() and "Lægehuset Torvet, Faxe" in page.content.decode()
    journal = api(world.behandler).get(f"/api/v1/courses/{course.pk}/journal").json()
    kinds = {entry["kind"] for entry in journal["items"]}
    assert {"psychiatric_assessment", "gp_letter"} <= kinds


def test_the_letter_pdf_holds_the_result_the_assessment_and_the_cpr(world):
    course = new_course(world, started_on=today() - timedelta(days=10))
    screened = _screen(world, course, today() - timedelta(days=9))
    data = actions.AssessmentData(today() - timedelta(days=5), "confirmed", ["scl90r"], note="Angst og uro")
    actions.record_assessment(_psychologist(world), course, data)
    _consent(world, course, today() - timedelta(days=5))
    letter = actions.write_gp_letter(
        world.actor(world.behandler),
        course,
        actions.LetterData(today(), "Lægehuset Torvet", "Venlig hilsen fra centret", response_id=screened.pk),
    )
    response = client_for(world.behandler).get(reverse("gp_letter_pdf", args=[letter.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    for expected in (
        "Lægehuset Torvet",
        course.citizen.display_name,
        "010180-1234",
        "SCL-90-R",
        "Angst og uro",
        "Positiv på mindst ét område",
        "Venlig hilsen fra centret",
        today().strftime("%d.%m.%Y"),
    ):
        assert expected in text, expected


# --- Refusals ------------------------------------------------------------------------------------


def test_the_letter_is_refused_without_a_gp_consent_in_force(world):
    course = new_course(world, started_on=today() - timedelta(days=10))
    _screen(world, course, today() - timedelta(days=9))
    behandler = world.actor(world.behandler)
    with pytest.raises(ValidationError) as refused:
        actions.write_gp_letter(behandler, course, actions.LetterData(today(), "Lægehuset"))
    assert refused.value.error_dict["written_on"][0].code == "no_consent"
    # Through the page: the course page again, the input kept, the reason at the field.
    client = client_for(world.behandler)
    page = client.post(
        reverse("gp_letter_create", args=[course.pk]),
        {"letter-written_on": today().isoformat(), "letter-doctor": "Lægehuset Nord"},
    )
    assert page.status_code == 200 and "Lægehuset Nord" in page.content.decode()
    assert page.context["letter_form"].errors.as_data()["written_on"][0].code == "no_consent"
    # A consent withdrawn before the letter is sent stops the sending.
    _consent(world, course, today() - timedelta(days=8))
    letter = actions.write_gp_letter(behandler, course, actions.LetterData(today() - timedelta(days=4), "Lægehuset"))
    consent = course.citizen.consents.get(kind="gp")
    family_actions.withdraw_consent(behandler, consent, today() - timedelta(days=2), consent.version)
    with pytest.raises(ValidationError) as refused:
        actions.record_letter_sent(behandler, letter, today(), "letter", letter.version)
    assert refused.value.error_dict["sent_on"][0].code == "no_consent"
    assert GpLetter.objects.get(pk=letter.pk).sent_on is None


def test_only_a_psychologist_or_doctor_records_the_assessment(world):
    course = new_course(world)
    data = actions.AssessmentData(today(), "unclear", ["asrs"])
    for user in (world.behandler, world.leder):
        with pytest.raises(PermissionDenied):
            actions.record_assessment(world.actor(user), course, data)
    doctor = world.actor(make_user("laege", world.faxe, Role.LAEGE))
    assert actions.record_assessment(doctor, course, data).conclusion == "unclear"
    with pytest.raises(ValidationError) as refused:
        actions.record_assessment(doctor, course, actions.AssessmentData(today(), "unclear"))
    assert refused.value.error_dict["tests"][0].code == "required"


@pytest.mark.parametrize(
    ("code", "accepted"),
    [
        ("F32.1", True),
        ("f32", True),
        ("F10.24", True),
        ("DF321", True),
        ("F3", False),
        ("32.1", False),
        ("F32.123", False),
    ],
)
def test_the_icd10_code_is_checked_for_its_pattern(world, code, accepted):
    course = new_course(world)
    data = actions.FindingData("region", today(), "diagnosis", "Depression", code)
    if accepted:
        assert actions.record_outside_finding(world.actor(world.behandler), course, data).icd10 == code.upper()
    else:
        with pytest.raises(ValidationError) as refused:
            actions.record_outside_finding(world.actor(world.behandler), course, data)
        assert refused.value.error_dict["icd10"][0].code == "icd10"


def test_the_referral_needs_a_sent_letter_and_an_outcome_needs_a_referral(world):
    course = new_course(world, started_on=today() - timedelta(days=10))
    _screen(world, course, today() - timedelta(days=9))
    _consent(world, course, today() - timedelta(days=9))
    behandler = world.actor(world.behandler)
    letter = actions.write_gp_letter(behandler, course, actions.LetterData(today() - timedelta(days=8), "Lægehuset"))
    with pytest.raises(ValidationError):
        actions.record_gp_referral(behandler, letter, actions.ReferralData(True, today()), letter.version)
    letter = actions.record_letter_sent(behandler, letter, today() - timedelta(days=7), "edi", letter.version)
    with pytest.raises(ValidationError) as refused:
        actions.record_gp_referral(behandler, letter, actions.ReferralData(False, outcome="accepted"), letter.version)
    assert "outcome" in refused.value.error_dict
    with pytest.raises(ValidationError) as refused:
        actions.record_gp_referral(behandler, letter, actions.ReferralData(True, today() - timedelta(days=8)), 2)
    assert "referred_on" in refused.value.error_dict  # before the letter was sent


# --- Scope -----------------------------------------------------------------------------------------


def test_another_municipality_gets_404_and_learns_nothing(world):
    course = new_course(world, started_on=today() - timedelta(days=10))
    _screen(world, course, today() - timedelta(days=9))
    _consent(world, course, today() - timedelta(days=9))
    letter = actions.write_gp_letter(world.actor(world.behandler), course, actions.LetterData(today(), "Lægehuset"))
    aalborg = client_for(world.other_behandler)
    assert aalborg.get(reverse("gp_letter_pdf", args=[letter.pk])).status_code == 404
    assert aalborg.post(reverse("gp_referral", args=[letter.pk]), {}).status_code == 404
    assert aalborg.post(reverse("psychiatric_assessment", args=[course.pk]), {}).status_code == 404
    client = api(world.other_behandler)
    assert client.get(f"/api/v1/courses/{course.pk}/psychiatry").status_code == 404
    missing = client.post(
        f"/api/v1/courses/{course.pk}/gp-letters",
        {"written_on": today().isoformat(), "doctor": "X"},
        content_type="application/json",
    )
    assert missing.status_code == 404
    # The same answer as for a course that does not exist.
    assert (
        client.get(f"/api/v1/courses/{course.pk}/psychiatry").json()
        == client.get("/api/v1/courses/999999/psychiatry").json()
    )
    # An Aalborg psychologist does not see Faxe's screening awaiting assessment.
    aalborg_psychologist = world.actor(make_user("psykolog.aalborg", world.aalborg, Role.PSYKOLOG))
    assert awaiting_section(aalborg_psychologist, today()) is None


# --- The basisscreener's follow-up actions, migrated ------------------------------------------------


def test_the_old_referral_actions_are_migrated_without_loss(world):
    """Answers given before the change keep what was recorded: the new action, and the old label in
    the note; the stored definition gets the seed's actions."""
    migration = importlib.import_module("forlob.instruments.migrations.0003_basisscreener_actions")
    instrument = Instrument.objects.get(code="kl_basis")
    course = new_course(world)
    given = {}
    for action, note in (("psychiatry", ""), ("own_doctor", "Ringet til lægen"), ("psychologist", ""), ("none", "")):
        response = _screen(world, course, today(), positive=True)
        Response.objects.filter(pk=response.pk).update(action=action, note=note)  # as stored before the change
        given[action] = response.pk
    old_actions = [{"value": v, "label": v} for v in ("none", "own_doctor", "psychiatry", "psychologist", "already")]
    Instrument.objects.filter(pk=instrument.pk).update(definition=instrument.definition | {"actions": old_actions})
    migration.move_actions(django_apps, None)
    after = {action: Response.objects.get(pk=pk) for action, pk in given.items()}
    assert [(r.action, r.note) for r in after.values()] == [
        ("gp_result", "Opfølgning registreret før december 2026 som: Henvist til psykiatrien"),
        ("gp_result", "Ringet til lægen\nOpfølgning registreret før december 2026 som: Henvist til egen læge"),
        ("assessment", "Opfølgning registreret før december 2026 som: Henvist til psykolog"),
        ("none", ""),
    ]
    actions_now = [a["value"] for a in Instrument.objects.get(pk=instrument.pk).definition["actions"]]
    assert actions_now == ["none", "assessment", "gp_result", "already"]


# --- Statistics, worked out by hand ------------------------------------------------------------------


def _year(
    world, numbers, year: int, positive: int, assessed: int, confirmed: int, sent: int, referred: int, outcome: str
):  # type: ignore[no-untyped-def]
    psychologist = world.actor(make_user(f"psykolog{year}", world.faxe, Role.PSYKOLOG))
    behandler = world.actor(world.behandler)
    for n in range(positive):
        citizen = new_citizen(world, next(numbers), first_name=f"Psyk{year}-{n}", municipality=world.faxe.municipality)
        course = start(world, new_request(world, citizen, date(year, 3, 1)), date(year, 3, 2))
        screened = _screen(world, course, date(year, 3, 3))
        if n < assessed:
            conclusion = "confirmed" if n < confirmed else "not_confirmed"
            data = actions.AssessmentData(date(year, 3, 10), conclusion, ["mini"], response_id=screened.pk)
            actions.record_assessment(psychologist, course, data)
        if n < sent:
            _consent(world, course, date(year, 3, 10))
            letter = actions.write_gp_letter(behandler, course, actions.LetterData(date(year, 3, 11), "Lægehuset"))
            letter = actions.record_letter_sent(behandler, letter, date(year, 3, 12), "edi")
            done = outcome != "pending"
            referral = actions.ReferralData(
                n < referred, date(year, 4, 1), outcome if n < referred else "", date(year, 5, 1) if done else None
            )
            actions.record_gp_referral(behandler, letter, referral)
    _screen(world, course, date(year, 3, 3), positive=False)  # a negative screening counts nowhere


def build(world) -> None:  # type: ignore[no-untyped-def]
    """2025: 8 positive screenings; 6 assessed (5 confirmed); 6 letters sent; 5 referred, all
    accepted. 2026: 7 positive; all 7 assessed (5 confirmed); 6 letters sent; 5 referred, all
    pending, and one letter the doctor did not refer."""
    numbers = cprs("0391")
    _year(world, numbers, 2025, positive=8, assessed=6, confirmed=5, sent=6, referred=5, outcome="accepted")
    _year(world, numbers, 2026, positive=7, assessed=7, confirmed=5, sent=6, referred=5, outcome="pending")


def test_the_pathway_report_worked_out_by_hand(world):
    """Shares: assessed 6/8 = 75.0 % and 7/7 = 100.0 % (13/15 = 86.7 %); referred of letters sent
    5/6 = 83.3 % both years (10/12 = 83.3 %)."""
    build(world)
    report = psychiatric_pathway(faxe(world, 2025, 2026))
    assert [[str(c) for c in row.cells] for row in report.rows] == [
        ["8", "6", "5", "6", "5", "5", "0", "0"],
        ["7", "7", "5", "6", "5", "0", "0", "5"],
    ]
    assert [str(c) for c in report.totals.cells] == ["15", "13", "10", "12", "10", "5", "0", "5"]
    assert [[round(v, 1) for v in row.measures] for row in report.rows] == [[75.0, 83.3], [100.0, 83.3]]
    assert [round(v, 1) for v in report.totals.measures] == [86.7, 83.3]
    # The screening report counts the follow-up action ("Vurdering ved psykolog/læge"), no referral.
    assert [str(c) for c in screening(faxe(world, 2026, 2026)).rows[0].cells] == ["7", "0", "7", "7", "7"]


def test_small_counts_are_suppressed_in_the_pathway_report(world):
    """Three positive screenings in 2026, one assessed: published as <5, and the total, which would
    tell the hidden cells, is hidden too."""
    numbers = cprs("0392")
    _year(world, numbers, 2026, positive=3, assessed=1, confirmed=1, sent=0, referred=0, outcome="pending")
    report = psychiatric_pathway(faxe(world, 2026, 2026))
    assert [str(c) for c in report.rows[0].cells][:3] == ["<5", "<5", "<5"]
    assert report.rows[0].measures == [None, None]


def test_kl12_recommendation_10_shows_the_share_assessed(world):
    """Faxe's citizens: 2025 6 of 8 positive screenings assessed = 75.0 %; 2026 7 of 7 = 100.0 %."""
    build(world)
    municipality = world.faxe.municipality
    assert live_value(LiveMeasure.PSYCHIATRIC_ASSESSED_SHARE, municipality, 2025) == 75.0
    assert live_value(LiveMeasure.PSYCHIATRIC_ASSESSED_SHARE, municipality, 2026) == 100.0
    assert live_value(LiveMeasure.PSYCHIATRIC_ASSESSED_SHARE, municipality, 2024) is None  # none screened
    assert LiveMeasure.PSYCHIATRIC_ASSESSED_SHARE in EVIDENCE[10]
