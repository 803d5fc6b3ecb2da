# SPDX-License-Identifier: AGPL-3.0-or-later
"""National registration: the questions Forløb does not know itself, asked in the normal forms;
validation with a failing and a passing example per rule; the version in force by date."""

from dataclasses import replace
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from forlob.citizens import cpr
from forlob.common.dates import today
from forlob.family import actions as family_actions
from forlob.registers.actions.answers import save_answers
from forlob.registers.models import CourseAnswers
from forlob.registers.queries import course_registration
from forlob.registers.specification import in_force, shipped
from forlob.treatment.models import Course, LegalBasis, OfferType
from tests.conftest import new_citizen, new_course, new_request
from tests.test_api import api
from tests.test_views import client_for

JSON = "application/json"
NAB_INTAKE = {
    "earlier_treatment": "1",
    "units_week": 40,
    "drinking_days": 20,
    "heavy_days": 10,
    "debut_age": 30,
    "cohabitation": "2",
    "housing": "1",
    "income": "1",
    "education": "3",
}


def _assess_children(world, course, day=None) -> None:  # type: ignore[no-untyped-def]
    family_actions.assess_children(world.actor(world.behandler), course.citizen, day or today())


def _rules(course) -> set[tuple[str, str]]:  # type: ignore[no-untyped-def]
    checked, _row = course_registration(course)
    return {(p.field, p.rule) for p in checked.problems}


CPRS = iter(f"{day:02d}0180{serial}" for serial in range(1234, 1300) for day in range(2, 29))


def _course(world, **extra):  # type: ignore[no-untyped-def]
    """A course of a new citizen of Faxe (a CPR number of its own each time)."""
    citizen = new_citizen(world, cpr=next(CPRS), municipality=world.faxe.municipality)
    return new_course(world, citizen, **extra)


def test_a_course_with_every_answer_and_the_children_assessed_is_complete(world):
    course = _course(world)
    save_answers(world.actor(world.behandler), course, NAB_INTAKE)
    _assess_children(world, course)
    checked, _row = course_registration(course)
    assert checked.register == "nab" and checked.problems == [] and checked.complete
    assert checked.values["cpr"] == cpr.formatted(cpr.decrypt(course.citizen.cpr_encrypted))
    assert checked.values["institution"] == "3502" and checked.values["municipality"] == "320"
    assert checked.values["referred_by"] == "1" and checked.values["treatment_form"] == "1"
    assert checked.values["children"] == 0 and checked.values["acute_detox"] == "1"


def _complete(world, **extra):  # type: ignore[no-untyped-def]
    course = _course(world, **extra)
    save_answers(world.actor(world.behandler), course, NAB_INTAKE)
    _assess_children(world, course)
    return course


def test_an_open_question_is_missing_until_it_is_answered(world):
    course = _complete(world)
    save_answers(world.actor(world.behandler), course, {"housing": ""})
    assert _rules(course) == {("housing", "missing")}
    save_answers(world.actor(world.behandler), course, {"housing": "4"})
    assert _rules(course) == set()


def test_what_forlob_knows_is_missing_where_it_is_not_recorded(world):
    """The residence municipality and the children come from the citizen and the family tab; the
    message says where to put them right."""
    course = new_course(world, new_citizen(world))
    save_answers(world.actor(world.behandler), course, NAB_INTAKE)
    checked, _row = course_registration(course)
    assert {(p.field, p.rule) for p in checked.problems} == {("municipality", "missing"), ("children", "missing")}
    assert any("familie" in p.message.lower() or "family" in p.message.lower() for p in checked.problems)
    _assess_children(world, course)
    assert _rules(course) == {("municipality", "missing")}


def test_a_unit_without_an_institution_code_cannot_be_reported(world):
    course = _complete(world)
    world.faxe.institution_code = ""
    world.faxe.save()
    assert _rules(course) == {("institution", "missing")}


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({"housing": "8"}, {("housing", "unknown_code")}),  # 8 is no housing code
        ({"units_week": 701}, {("units_week", "out_of_range")}),
        ({"units_week": "mange"}, {("units_week", "out_of_range")}),
        ({"heavy_days": 21}, {("", "heavy_days_within_drinking_days")}),  # 21 heavy days of 20 drinking days
        ({"debut_age": 47}, {("", "debut_age_within_age")}),  # born 1980, 46 at intake on 30.11.2026
        ({"debut_age": 46, "heavy_days": 20, "units_week": 700, "housing": "9"}, set()),  # the limits pass
    ],
)
def test_each_rule_fails_and_passes_by_hand(world, answers, expected):
    """The stored answers checked as they stand (an answer from an older code list, or written
    before a rule existed, is found here; the action refuses them at once, tested below)."""
    course = _complete(world)
    row = CourseAnswers.objects.get(course=course)
    CourseAnswers.objects.filter(pk=row.pk).update(answers=NAB_INTAKE | answers)
    assert _rules(course) == expected


def test_the_action_refuses_an_unknown_question_code_or_range_and_saves_nothing(world):
    course = _complete(world)
    actor = world.actor(world.behandler)
    for answers, field, code in [
        ({"shoe_size": "42"}, "shoe_size", "unknown_field"),
        ({"housing": "8"}, "housing", "unknown_code"),
        ({"units_week": -1}, "units_week", "out_of_range"),
        ({"drinking_days": 31}, "drinking_days", "out_of_range"),
    ]:
        with pytest.raises(ValidationError) as refused:
            save_answers(actor, course, answers, 1)
        assert refused.value.error_dict[field][0].code == code
    assert CourseAnswers.objects.get(course=course).answers == NAB_INTAKE


def test_a_change_from_an_old_copy_is_refused(world):
    course = _complete(world)
    actor = world.actor(world.behandler)
    save_answers(actor, course, {"housing": "2"}, 1)
    with pytest.raises(ValidationError) as refused:
        save_answers(actor, course, {"housing": "3"}, 1)
    assert refused.value.error_dict["__all__"][0].code == "stale"
    assert CourseAnswers.objects.get(course=course).answers["housing"] == "2"


def test_only_those_who_work_with_the_course_may_answer(world):
    course = _complete(world)
    for user in (world.other_behandler, world.analytiker, world.administrator):
        with pytest.raises(PermissionDenied):
            save_answers(world.actor(user), course, {"housing": "2"}, 1)
    assert CourseAnswers.objects.get(course=course).version == 1


def test_the_discharge_questions_are_asked_when_the_end_reason_calls_for_them(world):
    """Drinks at discharge are asked after a completed course, not after a death."""
    from forlob.treatment.actions import discharge_course

    course = _complete(world, started_on=today() - timedelta(days=60))
    discharge_course(world.actor(world.behandler), course, today() - timedelta(days=1), "completed")
    assert _rules(course) == {("units_week_end", "missing")}
    save_answers(world.actor(world.behandler), course, {"units_week_end": 5}, 1)
    assert _rules(course) == set()
    other = _complete(world, started_on=today() - timedelta(days=60))
    discharge_course(world.actor(world.behandler), other, today() - timedelta(days=1), "died")
    checked, _row = course_registration(other)
    assert checked.problems == [] and checked.values["end_reason"] == "4"


def test_anonymous_alcohol_treatment_is_reported_without_cpr(world):
    from forlob.citizens.actions import CitizenData, create_citizen

    data = CitizenData(is_anonymous=True, alias="Kasper", birth_year=1980, sex="M")
    citizen = create_citizen(world.actor(world.visitator), world.faxe, data)
    course = new_course(world, citizen)
    save_answers(world.actor(world.behandler), course, NAB_INTAKE)
    _assess_children(world, course)
    checked, _row = course_registration(course)
    assert checked.reported and checked.values["cpr"] is None
    assert checked.values["birth_year"] == 1980 and checked.values["sex"] == "1"
    assert {p.field for p in checked.problems} <= {"municipality"}


def test_anonymous_drug_treatment_is_left_out(world):
    course = _course(world)
    course.legal_basis = LegalBasis.SEL_101A
    course.save()
    checked, _row = course_registration(course)
    assert checked.register == "drugs" and not checked.reported and not checked.complete


def test_courses_for_relatives_and_before_treatment_go_to_no_register(world):
    index = _course(world)
    relatives = _course(world, offer_type=OfferType.RELATIVES, index_course=index)
    assessment = _course(world, offer_type=OfferType.ASSESSMENT)
    for course in (relatives, assessment):
        assert course_registration(course)[0].register is None
        with pytest.raises(ValidationError):
            save_answers(world.actor(world.behandler), course, {"housing": "1"})


def test_the_version_in_force_on_the_start_date_decides_the_questions(world):
    """A new version from 1.7.2026 asks one more question: a course started 30.6.2026 is checked
    by the old version, a course started 1.7.2026 by the new one."""
    from forlob.registers.specification import Field
    from forlob.registers.validation import check

    old = in_force("nab", date(2026, 1, 1))
    assert old is not None
    new = replace(
        old,
        version="Testversion 8",
        valid_from=date(2026, 7, 1),
        fields=(*old.fields, Field("alkopops", "Antal alkopops", "intake", number=(0, 100))),
    )
    specs = (old, new)
    assert in_force("nab", date(2026, 6, 30), specs) is old and in_force("nab", date(2026, 7, 1), specs) is new
    assert in_force("nab", date(2010, 9, 30), specs) is None
    before = _complete(world, started_on=date(2026, 6, 30))
    after = _complete(world, started_on=date(2026, 7, 1))
    for course, expected in ((before, []), (after, [("alkopops", "missing")])):
        checked, row = course_registration(course)
        result = check(checked.course, row.answers, specs)
        assert [(p.field, p.rule) for p in result.problems] == expected
    row = CourseAnswers.objects.get(course=after)
    assert check(course_registration(after)[0].course, row.answers | {"alkopops": 3}, specs).problems == []


def test_a_course_before_the_first_version_has_no_specification(world):
    course = _complete(world)
    Course.objects.filter(pk=course.pk).update(started_on=date(2009, 1, 5))
    checked = course_registration(course)[0]
    assert [(p.rule) for p in checked.problems] == ["no_specification"]


def test_the_shipped_specifications_are_well_formed():
    specs = shipped()
    assert {s.register for s in specs} == {"nab", "drugs"}
    for spec in specs:
        codes = [f.code for f in spec.fields]
        assert len(codes) == len(set(codes)), spec.version
        for f in spec.fields:
            assert f.stage in ("intake", "discharge") and (f.codes or f.number or f.known)
            if f.when:
                assert f.when.field in codes
        assert spec.notice, "the page must say plainly how current the specification is"


def _posted(answers: dict[str, object]) -> dict[str, object]:
    return {f"register-{code}": value for code, value in answers.items()}


def test_the_intake_questions_are_asked_in_the_course_form_and_saved_with_the_course(world):
    citizen = new_citizen(world, cpr=next(CPRS), municipality=world.faxe.municipality)
    request = new_request(world, citizen)
    visitator = client_for(world.visitator)
    page = visitator.get(reverse("request_detail", args=[request.pk])).content.decode()
    assert "Boligsituation" in page and 'name="register-housing"' in page
    assert 'name="register-cpr"' not in page and 'name="register-children"' not in page  # known, never asked
    start = {
        "decision": "course",
        "offer_type": "ambulant",
        "started_on": today().isoformat(),
        "responsible": world.behandler.pk,
    }
    refused = visitator.post(
        reverse("request_detail", args=[request.pk]), start | _posted(NAB_INTAKE | {"units_week": 9999})
    )
    assert refused.status_code == 200 and not Course.objects.filter(request=request).exists()
    page = refused.content.decode()
    assert 'value="9999"' in page and "700" in page  # the input kept, the range said
    response = visitator.post(reverse("request_detail", args=[request.pk]), start | _posted(NAB_INTAKE))
    assert response.status_code == 302
    course = Course.objects.get(request=request)
    assert CourseAnswers.objects.get(course=course).answers == NAB_INTAKE


def test_the_discharge_form_asks_the_discharge_questions_and_the_course_page_shows_what_is_missing(world):
    course = _complete(world, started_on=today() - timedelta(days=30))
    behandler = client_for(world.behandler)
    form = behandler.get(reverse("course_discharge", args=[course.pk])).content.decode()
    assert 'name="register-units_week_end"' in form and 'name="register-housing"' not in form
    discharge = {"ended_on": today().isoformat(), "end_reason": "completed", "version": course.version}
    response = behandler.post(
        reverse("course_discharge", args=[course.pk]), discharge | {"register-units_week_end": "8"}
    )
    assert response.status_code == 302
    assert CourseAnswers.objects.get(course=course).answers["units_week_end"] == 8
    assert _rules(course) == set()


def test_the_course_page_lists_the_problems_and_saves_the_answers(world):
    course = _course(world)
    behandler = client_for(world.behandler)
    page = behandler.get(reverse("course_detail", args=[course.pk])).content.decode()
    assert 'id="national-registrering"' in page and "Boligsituation" in page
    response = behandler.post(
        reverse("register_answers", args=[course.pk]), _posted({"housing": "1", "units_week": "-3"})
    )
    assert response.status_code == 200 and 'value="-3"' in response.content.decode()
    assert not CourseAnswers.objects.filter(course=course).exists()
    response = behandler.post(reverse("register_answers", args=[course.pk]), _posted(NAB_INTAKE))
    assert response.status_code == 302 and CourseAnswers.objects.get(course=course).answers == NAB_INTAKE
    other = client_for(world.other_behandler)
    assert other.post(reverse("register_answers", args=[course.pk]), _posted({"housing": "2"})).status_code == 404
    assert CourseAnswers.objects.get(course=course).answers["housing"] == "1"


def test_the_api_shows_the_course_as_the_register_sees_it_and_takes_answers(world):
    course = _course(world)
    token = api(world.behandler)
    url = f"/api/v1/courses/{course.pk}/registration"
    body = token.get(url).json()
    assert body["national_register"] == "nab" and not body["complete"] and body["version"] is None
    assert {"field": "housing", "rule": "missing"} in [
        {"field": p["field"], "rule": p["rule"]} for p in body["problems"]
    ]
    assert token.put(url, {"answers": {"housing": "8"}}, content_type=JSON).status_code == 422
    saved = token.put(url, {"answers": NAB_INTAKE}, content_type=JSON).json()
    assert saved["answers"] == NAB_INTAKE and saved["version"] == 1
    assert (
        token.put(url, {"answers": {"housing": "2"}}, content_type=JSON).status_code == 422
    )  # no version once answered
    assert (
        token.put(url, {"answers": {"housing": "2"}, "version": 1}, content_type=JSON).json()["answers"]["housing"]
        == "2"
    )
    assert api(world.other_behandler).get(url).status_code == 404


def test_my_overview_lists_my_open_courses_that_lack_something(world):
    incomplete = _course(world)  # the responsible is world.behandler
    complete = _complete(world)
    page = client_for(world.behandler).get(reverse("overview")).content.decode()
    assert "register-incomplete-heading" in page
    assert (
        f"/forloeb/{incomplete.pk}/#national-registrering" in page
        and f"/forloeb/{complete.pk}/" not in page.split("register-incomplete-heading")[1]
    )
    assert "register-incomplete-heading" not in client_for(world.visitator).get(reverse("overview")).content.decode()


def test_a_course_registered_through_the_normal_forms_yields_a_valid_submission_record(world):
    """The visitator starts the course in November with the intake answers, the clinician
    assesses the household and discharges with the discharge answer, and the leader's November
    submission holds its intake and discharge records and passes the validator."""
    from forlob.registers.models import Submission
    from forlob.registers.submission import validate_file

    citizen = new_citizen(world, cpr=next(CPRS), municipality=world.faxe.municipality)
    request = new_request(world, citizen, received_on=date(2026, 11, 2))
    start = {
        "decision": "course",
        "offer_type": "ambulant",
        "started_on": "2026-11-09",
        "responsible": world.behandler.pk,
    }
    client_for(world.visitator).post(reverse("request_detail", args=[request.pk]), start | _posted(NAB_INTAKE))
    course = Course.objects.get(request=request)
    behandler = client_for(world.behandler)
    children = {"assessed_on": "2026-11-09", "action": "no_concern"}
    assert behandler.post(reverse("children_assessment", args=[citizen.pk]), children).status_code == 302
    discharge = {"ended_on": "2026-11-27", "end_reason": "completed", "version": course.version}
    behandler.post(reverse("course_discharge", args=[course.pk]), discharge | {"register-units_week_end": "6"})
    assert _rules(course) == set()

    url = reverse("submission_preview", args=[world.faxe.pk, "nab", "2026-11"])
    assert client_for(world.leder).post(url, {"channel": "file"}).status_code == 302
    made = Submission.objects.get(unit=world.faxe, register="nab", month=date(2026, 11, 1))
    assert made.record_count == 2 and validate_file(bytes(made.content)) == []
    records = {r.kind: r.values for r in made.records.filter(course=course)}
    assert records["intake"]["housing"] == "1" and records["intake"]["start_date"] == "2026-11-09"
    assert records["intake"]["children"] == "0"
    assert records["discharge"]["end_reason"] == "1" and records["discharge"]["units_week_end"] == "6"
    assert "cpr" not in records["intake"]
