# SPDX-License-Identifier: AGPL-3.0-or-later
"""Medical treatment: medications, the daily dispensing list with its missed-dose warning,
detoxification episodes, the statistic, and who may do what."""

import re
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from forlob.citizens import actions as citizen_actions
from forlob.citizens.actions import CitizenData
from forlob.common.dates import today
from forlob.common.paging import WebPage
from forlob.medical import actions, queries
from forlob.medical.actions import DetoxData, MedicationData
from forlob.medical.models import Dispensing
from forlob.organisations.models import Role
from forlob.stats.reports.medical import medical_treatment
from forlob.stats.scopes import Filters, scope_for
from forlob.stats.suppression import INTERNAL
from forlob.treatment import actions as treatment_actions
from tests.conftest import make_user, new_citizen, new_course, new_request, password_login
from tests.test_api import token_for


@pytest.fixture
def staff(world):  # type: ignore[no-untyped-def]
    return {
        "laege": make_user("laege", world.faxe, Role.LAEGE),
        "sygeplejerske": make_user("sygeplejerske", world.faxe, Role.SYGEPLEJERSKE),
        "aalborg_laege": make_user("laege.aalborg", world.aalborg, Role.LAEGE),
    }


def methadone(world, staff, course, started_on):  # type: ignore[no-untyped-def]
    doctor = world.actor(staff["laege"])
    data = MedicationData("methadone", "60 mg", "supervised", started_on, "Opioidafhængighed", prescriber=doctor.user)
    return actions.record_medication(doctor, course, data)


def test_the_missed_doses_in_a_row_worked_out_by_hand(world, staff):
    day = today()
    course = new_course(world, started_on=day - timedelta(days=20))
    medication = methadone(world, staff, course, day - timedelta(days=10))
    nurse = world.actor(staff["sygeplejerske"])
    # 6 days ago given, 5 missed, 4 given, 3 and 2 missed, yesterday nothing registered.
    for days_ago, outcome in ((6, "given"), (5, "missed"), (4, "given"), (3, "missed"), (2, "missed")):
        actions.register_dispensing(nurse, medication, day - timedelta(days=days_ago), outcome)

    def missed_before(d: date) -> int:
        rows = queries.dispensing_list(nurse, world.faxe.pk, d, WebPage(None, 50), via="test").rows
        return rows[0].missed_in_a_row

    assert missed_before(day) == 2  # the missed doses 3 and 2 days ago; an unregistered day is not a miss
    assert missed_before(day - timedelta(days=2)) == 1  # only the one 3 days ago
    assert missed_before(day - timedelta(days=4)) == 1  # the one 5 days ago; 4 days ago is not before
    assert missed_before(day - timedelta(days=3)) == 0  # 4 days ago it was given
    assert missed_before(day - timedelta(days=6)) == 0  # nothing registered before
    # The course page counts up to and including today: a dose given today ends the run.
    assert queries.course_medical(course, day).medications[0].missed_in_a_row == 2
    actions.register_dispensing(nurse, medication, day, "given")
    assert queries.course_medical(course, day).medications[0].missed_in_a_row == 0


def test_the_course_page_and_the_list_show_the_missed_doses(client, world, staff):
    day = today()
    course = new_course(world, started_on=day - timedelta(days=20))
    medication = methadone(world, staff, course, day - timedelta(days=10))
    nurse = world.actor(staff["sygeplejerske"])
    for days_ago in (2, 1):
        actions.register_dispensing(nurse, medication, day - timedelta(days=days_ago), "missed")
    assert password_login(client, "sygeplejerske")
    page = client.get(reverse("dispensing_list") + f"?enhed={world.faxe.pk}&dato={day.isoformat()}")
    assert page.status_code == 200
    html = page.content.decode()
    flag = re.search(r'<strong class="missed-flag">(.*?)</strong>', html)
    assert flag is not None and "⚠" in flag.group(1) and " 2 " in flag.group(1)
    assert f'action="{reverse("dispensing_register", args=[medication.pk])}"' in html
    course_page = client.get(reverse("course_detail", args=[course.pk])).content.decode()
    assert 'id="medicin"' in course_page and "missed-flag" in course_page


def test_a_dose_is_registered_once_a_day_and_never_for_a_day_to_come(world, staff):
    course = new_course(world, started_on=today() - timedelta(days=5))
    medication = methadone(world, staff, course, today() - timedelta(days=3))
    nurse = world.actor(staff["sygeplejerske"])
    actions.register_dispensing(nurse, medication, today(), "given")
    with pytest.raises(ValidationError) as twice:
        actions.register_dispensing(world.actor(staff["laege"]), medication, today(), "missed")
    assert twice.value.error_dict["day"][0].code == "already_registered"
    with pytest.raises(ValidationError) as future:
        actions.register_dispensing(nurse, medication, today() + timedelta(days=1), "given")
    assert future.value.error_dict["day"][0].code == "future"
    with pytest.raises(ValidationError) as before:
        actions.register_dispensing(nurse, medication, today() - timedelta(days=4), "given")
    assert before.value.error_dict["day"][0].code == "not_in_force"
    assert Dispensing.objects.count() == 1


def test_the_register_button_refuses_a_second_registration_with_a_message(client, world, staff):
    course = new_course(world, started_on=today() - timedelta(days=5))
    medication = methadone(world, staff, course, today() - timedelta(days=3))
    assert password_login(client, "sygeplejerske")
    url = reverse("dispensing_register", args=[medication.pk])
    first = client.post(url, {"day": today().isoformat(), "outcome": "given"})
    assert first.status_code == 302 and f"enhed={world.faxe.pk}" in first["Location"]
    second = client.post(url, {"day": today().isoformat(), "outcome": "missed"}, follow=True)
    assert [m.level_tag for m in second.context["messages"]] == ["success", "error"]
    assert list(Dispensing.objects.values_list("outcome", flat=True)) == ["given"]


def test_only_doctors_record_and_doctors_and_nurses_dispense(world, staff):
    course = new_course(world, started_on=today() - timedelta(days=5))
    data = MedicationData("disulfiram", "400 mg", "handed_out", today(), "Alkohol", external_prescriber="Egen læge")
    for user in (staff["sygeplejerske"], world.behandler, world.leder):
        with pytest.raises(PermissionDenied):
            actions.record_medication(world.actor(user), course, data)
    with pytest.raises(PermissionDenied):
        actions.record_detox(world.actor(staff["sygeplejerske"]), course, DetoxData("outpatient", today()))
    medication = actions.record_medication(world.actor(staff["laege"]), course, data)
    with pytest.raises(PermissionDenied):
        actions.register_dispensing(world.actor(world.behandler), medication, today(), "handed_out")
    actions.register_dispensing(world.actor(staff["sygeplejerske"]), medication, today(), "handed_out")


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"drug": "other"}, "drug_name", "required"),
        ({"dose": " "}, "dose", "required"),
        ({"drug": "heroin"}, "drug", "unknown_code"),
        ({"external_prescriber": ""}, "prescriber", "required"),
        ({"started_on": today() + timedelta(days=1)}, "started_on", "future"),
        ({"started_on": today() - timedelta(days=30)}, "started_on", "before_start"),
    ],
)
def test_a_medication_is_refused_at_the_field(world, staff, change, field, code):
    course = new_course(world, started_on=today() - timedelta(days=5))
    values = {
        "drug": "acamprosate",
        "dose": "333 mg x 6",
        "administration": "handed_out",
        "started_on": today(),
        "reason": "Trang",
        "external_prescriber": "Egen læge",
    } | change
    with pytest.raises(ValidationError) as refused:
        actions.record_medication(world.actor(staff["laege"]), course, MedicationData(**values))
    assert refused.value.error_dict[field][0].code == code


def test_an_anonymous_citizen_gets_no_medical_treatment(world, staff):
    anonymous = citizen_actions.create_citizen(
        world.actor(world.visitator),
        world.faxe,
        CitizenData(is_anonymous=True, alias="Ravnen", birth_year=1990, sex="M"),
    )
    course = new_course(world, anonymous, started_on=today() - timedelta(days=5))
    doctor = world.actor(staff["laege"])
    data = MedicationData("naltrexone", "50 mg", "handed_out", today(), "Trang", prescriber=doctor.user)
    for record in (
        lambda: actions.record_medication(doctor, course, data),
        lambda: actions.record_detox(doctor, course, DetoxData("outpatient", today())),
    ):
        with pytest.raises(ValidationError) as refused:
            record()
        assert refused.value.error_dict["__all__"][0].code == "anonymous"


def test_the_prescriber_must_be_a_doctor_of_the_unit(world, staff):
    course = new_course(world, started_on=today() - timedelta(days=5))
    for not_a_doctor in (world.behandler, staff["aalborg_laege"]):
        data = MedicationData("naltrexone", "50 mg", "prescription", today(), "Trang", prescriber=not_a_doctor)
        with pytest.raises(ValidationError) as refused:
            actions.record_medication(world.actor(staff["laege"]), course, data)
        assert refused.value.error_dict["prescriber"][0].code == "not_doctor"


def test_a_medication_is_not_stopped_before_a_dose_registered(world, staff):
    course = new_course(world, started_on=today() - timedelta(days=5))
    medication = methadone(world, staff, course, today() - timedelta(days=3))
    actions.register_dispensing(world.actor(staff["sygeplejerske"]), medication, today() - timedelta(days=1), "given")
    doctor = world.actor(staff["laege"])
    with pytest.raises(ValidationError) as refused:
        actions.stop_medication(doctor, medication, today() - timedelta(days=2), "Nedtrappet", medication.version)
    assert refused.value.error_dict["stopped_on"][0].code == "after_dose"
    stopped = actions.stop_medication(doctor, medication, today(), "Nedtrappet", medication.version)
    assert stopped.stopped_on == today() and stopped.history.count() == 2
    # Stopped today: still on today's list, gone from tomorrow's.
    listed = queries.dispensing_list(doctor, world.faxe.pk, today() + timedelta(days=1), WebPage(None, 50), via="t")
    assert listed.rows == []


def test_a_detoxification_ends_after_it_starts_and_not_in_the_future(world, staff):
    course = new_course(world, started_on=today() - timedelta(days=10))
    doctor = world.actor(staff["laege"])
    start = today() - timedelta(days=5)
    for end, code in ((start - timedelta(days=1), "before_start"), (today() + timedelta(days=1), "future")):
        with pytest.raises(ValidationError) as refused:
            actions.record_detox(doctor, course, DetoxData("residential", start, end))
        assert refused.value.error_dict["ended_on"][0].code == code
    episode = actions.record_detox(doctor, course, DetoxData("outpatient", start))
    ended = actions.end_detox(doctor, episode, today(), episode.version)
    assert (ended.ended_on, ended.version) == (today(), 2)
    with pytest.raises(ValidationError):
        actions.end_detox(doctor, ended, today(), ended.version)


def test_another_municipality_sees_nothing(client, world, staff):
    course = new_course(world, started_on=today() - timedelta(days=5))
    medication = methadone(world, staff, course, today())
    episode = actions.record_detox(world.actor(staff["laege"]), course, DetoxData("outpatient", today()))
    assert password_login(client, "laege.aalborg")
    for url in (
        reverse("medication_stop", args=[medication.pk]),
        reverse("medication_create", args=[course.pk]),
        reverse("detox_end", args=[episode.pk]),
        reverse("dispensing_list") + f"?enhed={world.faxe.pk}",
    ):
        assert client.get(url).status_code == 404, url
    post = client.post(reverse("dispensing_register", args=[medication.pk]), {"day": today(), "outcome": "given"})
    assert post.status_code == 404
    headers = {"Authorization": f"Bearer {token_for(staff['aalborg_laege'])}"}
    api = client.get(f"/api/v1/courses/{course.pk}/medications", headers=headers)
    assert api.status_code == 404
    api_post = client.post(
        f"/api/v1/medications/{medication.pk}/dispensings",
        {"day": today().isoformat(), "outcome": "given"},
        content_type="application/json",
        headers=headers,
    )
    assert api_post.status_code == 404
    assert not Dispensing.objects.exists()


def test_a_doctor_records_and_a_nurse_dispenses_through_the_api(client, world, staff):
    course = new_course(world, started_on=today() - timedelta(days=5))
    doctor = {"Authorization": f"Bearer {token_for(staff['laege'])}"}
    body = {
        "drug": "disulfiram",
        "dose": "800 mg mandag, 400 mg torsdag",
        "administration": "handed_out",
        "started_on": today().isoformat(),
        "prescriber_id": staff["laege"].pk,
        "reason": "Alkoholafhængighed",
    }
    created = client.post(
        f"/api/v1/courses/{course.pk}/medications", body, content_type="application/json", headers=doctor
    )
    assert created.status_code == 201, created.content
    medication_id = created.json()["id"]
    nurse = {"Authorization": f"Bearer {token_for(staff['sygeplejerske'])}"}
    day = {"day": today().isoformat(), "outcome": "handed_out"}
    url = f"/api/v1/medications/{medication_id}/dispensings"
    assert client.post(url, day, content_type="application/json", headers=nurse).status_code == 201
    again = client.post(url, day, content_type="application/json", headers=nurse)
    assert again.status_code == 422 and again.json()["detail"][0]["field"] == "day"
    listed = client.get(f"/api/v1/units/{world.faxe.pk}/dispensing-list", headers=nurse).json()
    assert listed["count"] == 1 and listed["items"][0]["registered_outcome"] == "handed_out"


def test_the_journal_shows_medication_missed_doses_and_detoxification(client, world, staff):
    course = new_course(world, started_on=today() - timedelta(days=5))
    medication = methadone(world, staff, course, today() - timedelta(days=2))
    actions.register_dispensing(world.actor(staff["sygeplejerske"]), medication, today() - timedelta(days=1), "missed")
    actions.register_dispensing(world.actor(staff["sygeplejerske"]), medication, today(), "given")
    actions.record_detox(world.actor(staff["laege"]), course, DetoxData("outpatient", today() - timedelta(days=3)))
    assert password_login(client, "behandler")
    page = client.get(reverse("course_journal", args=[course.pk]))
    kinds = [entry.kind for entry in page.context["journal"].entries]
    assert {"medication", "missed_dose", "detox"} <= set(kinds)
    assert kinds.count("missed_dose") == 1  # a dose given is no entry


def _course(world, cpr: str, substance: str, started_on: date):  # type: ignore[no-untyped-def]
    basis = "sul_141" if substance == "alcohol" else "sel_101"
    request = new_request(
        world, new_citizen(world, cpr), received_on=started_on, main_substance=substance, legal_basis=basis
    )
    data = treatment_actions.CourseData(offer_type="ambulant", started_on=started_on, responsible=world.behandler)
    return treatment_actions.start_course_from_request(world.actor(world.visitator), request, data)


def test_the_share_with_medical_treatment_worked_out_by_hand(world, staff):
    doctor = world.actor(staff["laege"])
    feb = date(2025, 2, 1)
    alcohol = [_course(world, f"0101{60 + i:02d}1234", "alcohol", feb) for i in range(6)]
    opioids = [_course(world, f"0101{70 + i:02d}1234", "opioids", feb) for i in range(5)]
    disulfiram = MedicationData("disulfiram", "400 mg", "handed_out", feb, "Alkohol", prescriber=doctor.user)
    for course in alcohol[:3]:  # 3 alcohol courses with medication, one of them stopped in March
        actions.record_medication(doctor, course, disulfiram)
    actions.stop_medication(doctor, alcohol[2].medications.get(), date(2025, 3, 1))
    for course in (alcohol[0], alcohol[3]):  # 2 with a detoxification, one of them also with medication
        actions.record_detox(doctor, course, DetoxData("residential", date(2025, 2, 2), date(2025, 2, 8)))
    for course in opioids:  # all 5 opioid courses on methadone
        methadone(world, staff, course, feb)
    # A course started after the period, with medication, is not counted.
    late = _course(world, "0101901234", "alcohol", today() - timedelta(days=5))
    actions.record_medication(doctor, late, disulfiram.__class__(**{**disulfiram.__dict__, "started_on": today()}))

    scope = scope_for(world.actor(world.leder), f"unit:{world.faxe.pk}")
    report = medical_treatment(Filters(scope, 2025, 2025, view=INTERNAL))
    cells = {row.label: [str(c) for c in row.cells] for row in report.rows}
    # Courses in the period, with medication, with detoxification, with either.
    assert cells["Alkohol"] == ["6", "3", "2", "4"]
    assert cells["Opioider"] == ["5", "5", "0", "5"]
    assert [str(c) for c in report.totals.cells] == ["11", "8", "2", "9"]
    shares = {row.label: round(row.measures[0], 1) for row in report.rows if row.measures[0] is not None}
    assert shares == {"Alkohol": 66.7, "Opioider": 100.0}  # 4 of 6; 5 of 5
    assert round(report.totals.measures[0], 1) == 81.8  # 9 of 11
    # Published, the 2 detoxifications are hidden, and so is the share that rests on hidden counts.
    published = medical_treatment(Filters(scope, 2025, 2025))
    alcohol_row = next(row for row in published.rows if row.label == "Alkohol")
    assert alcohol_row.cells[2].hidden
