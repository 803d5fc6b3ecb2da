# SPDX-License-Identifier: AGPL-3.0-or-later
"""Cooperation agreements (seeds 000, 002, 003, 004): status and review dates worked by hand, the
reminders on the home page, documents checked for what they are, who reads and writes, the
export, the form and the API."""

import base64
import csv
import io
import zipfile
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from forlob.common.dates import today
from forlob.cooperation import actions, queries
from forlob.cooperation.files import MAX_BYTES
from forlob.cooperation.models import Agreement, Document, PartnerKind, Status, status_is
from forlob.cooperation.sections import reviews_due
from forlob.kl12.report import build, counted_on
from forlob.organisations.models import Cluster, Role
from forlob.stats.live import LiveMeasure
from tests.conftest import World, family_house, make_user
from tests.test_api import api
from tests.test_kl12 import answer, sjaelland  # noqa: F401 (sjaelland: a fixture)
from tests.test_views import client_for

PDF = b"%PDF-1.4\n%demo\n"


def docx_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return out.getvalue()


def odt_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return out.getvalue()


def data(world: World, **extra: object) -> actions.AgreementData:
    values: dict[str, object] = {
        "title": "Samarbejde med jobcentret",
        "partner_kind": "jobcenter",
        "partner_name": "Jobcenter Faxe",
        "agreed_on": date(2026, 1, 5),
        "valid_from": date(2026, 2, 1),
        "responsible": [world.leder],
        "contacts": [actions.ContactData("Jens Jobkonsulent", "Teamleder", "+45 12 34 56 78")],
    }
    return actions.AgreementData(**(values | extra))  # type: ignore[arg-type]


def agreement(world: World, **extra: object) -> Agreement:
    return actions.create_agreement(world.actor(world.leder), world.faxe.municipality, data(world, **extra))


# --- Status and review dates -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("valid_from", "valid_to", "review_on", "expected"),
    [
        # Today is 01.12.2026; a review is flagged from 30 days before: up to and including 31.12.2026.
        (date(2026, 2, 1), None, None, Status.IN_FORCE),
        (date(2026, 2, 1), None, date(2026, 12, 31), Status.REVIEW_DUE),  # due in 30 days
        (date(2026, 2, 1), None, date(2027, 1, 1), Status.IN_FORCE),  # 31 days: not yet
        (date(2026, 2, 1), None, date(2026, 11, 1), Status.REVIEW_DUE),  # passed a month ago
        (date(2026, 2, 1), date(2026, 12, 1), None, Status.IN_FORCE),  # its last day
        (date(2026, 2, 1), date(2026, 11, 30), date(2026, 11, 1), Status.EXPIRED),  # expired beats review
        (date(2026, 12, 2), None, date(2026, 12, 10), Status.UPCOMING),  # starts tomorrow
    ],
)
def test_the_status_worked_by_hand(world, valid_from, valid_to, review_on, expected):
    made = agreement(world, agreed_on=date(2026, 1, 5), valid_from=valid_from, valid_to=valid_to, review_on=review_on)
    assert today() == date(2026, 12, 1)
    assert made.status(today()) == expected
    # The database's filter agrees with the row's own status, for every status.
    for status in Status:
        assert Agreement.objects.filter(status_is(status, today()), pk=made.pk).exists() == (status == expected)


def test_reviews_due_show_on_the_homes_of_the_contact_people_and_the_leader(world):
    """Due 31.12.2026 (30 days ahead): the leader and the contact person (behandler) see it; the
    visitator, who is neither, does not; one due 01.01.2027 (31 days) shows to nobody; an expired
    one is no longer reviewed."""
    due = agreement(world, title="Aftale A", review_on=date(2026, 12, 31), responsible=[world.leder, world.behandler])
    agreement(world, title="Aftale B", review_on=date(2027, 1, 1), responsible=[world.behandler])
    agreement(
        world, title="Aftale C", valid_to=date(2026, 11, 30), review_on=date(2026, 10, 1), responsible=[world.behandler]
    )
    for user, shown in ((world.leder, [due]), (world.behandler, [due]), (world.visitator, [])):
        section = reviews_due(world.actor(user), today())
        assert (list(section.context["due"]) if section else []) == shown
    page = client_for(world.behandler).get(reverse("overview"))
    assert "Aftale A" in page.content.decode() and "Aftale B" not in page.content.decode()
    assert "Aftale A" not in client_for(world.visitator).get(reverse("overview")).content.decode()


# --- Who reads and writes ----------------------------------------------------------------------


def test_it_refuses_another_municipality(world):
    made = agreement(world)
    aalborg_leader = make_user("lederaalborg", world.aalborg, Role.LEDER)
    for user in (world.other_behandler, aalborg_leader):
        client = client_for(user)
        assert client.get(reverse("agreement_detail", args=[made.pk])).status_code == 404
        assert "Samarbejde med jobcentret" not in client.get(reverse("agreement_list")).content.decode()
        assert api(user).get(f"/api/v1/cooperation/agreements/{made.pk}").status_code == 404
    with pytest.raises(PermissionDenied):
        actions.change_agreement(world.actor(aalborg_leader), made, data(world, title="Ændret"), made.version)


def test_all_staff_of_the_municipality_read_and_leaders_and_coordinators_write(world):
    made = agreement(world)
    _unit, house_clinician = family_house(world)
    coordinator = make_user("koordinator", world.faxe, Role.KOORDINATOR)
    for user in (world.behandler, world.analytiker, house_clinician, coordinator):
        assert client_for(user).get(reverse("agreement_detail", args=[made.pk])).status_code == 200
    assert client_for(world.administrator).get(reverse("agreement_list")).status_code == 403
    assert client_for(world.behandler).get(reverse("agreement_edit", args=[made.pk])).status_code == 403
    with pytest.raises(PermissionDenied):
        actions.create_agreement(world.actor(world.behandler), world.faxe.municipality, data(world))
    changed = actions.change_agreement(world.actor(coordinator), made, data(world, title="Ny titel"), made.version)
    assert (changed.title, changed.version) == ("Ny titel", 2)
    assert [h.title for h in changed.history.order_by("history_date")][::-1][0:1] == ["Ny titel"]
    assert changed.history.earliest("history_date").title == "Samarbejde med jobcentret"


def test_a_change_from_an_older_copy_is_refused(world):
    made = agreement(world)
    actions.change_agreement(world.actor(world.leder), made, data(world, title="Først"), 1)
    with pytest.raises(ValidationError) as refused:
        actions.change_agreement(world.actor(world.leder), made, data(world, title="Sidst"), 1)
    assert refused.value.error_dict["__all__"][0].code == "stale"
    assert Agreement.objects.get(pk=made.pk).title == "Først"


def _code(excinfo: pytest.ExceptionInfo[ValidationError]) -> tuple[str, str]:
    (field, errors), *_rest = excinfo.value.error_dict.items()
    return field, errors[0].code


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ({"valid_to": date(2026, 1, 31)}, ("valid_to", "end_before_start")),
        ({"review_on": date(2026, 1, 4)}, ("review_on", "review_before_agreed")),
        ({"agreed_on": date(2026, 12, 2)}, ("agreed_on", "future")),
        ({"responsible": []}, ("responsible", "required")),
        ({"content": "Borgeren 010180-1234 henvises"}, ("content", "cpr_number")),
        ({"partner_kind": "kirke"}, ("partner_kind", "unknown_code")),
        ({"contacts": [actions.ContactData("Jens", phone="1234")]}, ("contacts.0.phone", "invalid_phone")),
        ({"contacts": [actions.ContactData("Jens", email="ikke-en-adresse")]}, ("contacts.0.email", "invalid_email")),
        ({"contacts": [actions.ContactData("Jens")]}, ("contacts.0.phone", "no_way_to_reach")),
    ],
)
def test_bad_input_is_refused_at_its_field_and_nothing_is_saved(world, extra, expected):
    with pytest.raises(ValidationError) as refused:
        agreement(world, **extra)
    assert _code(refused) == expected
    assert not Agreement.objects.exists()


def test_only_staff_of_the_municipality_can_be_contact_people(world):
    with pytest.raises(ValidationError) as refused:
        agreement(world, responsible=[world.other_behandler])
    assert _code(refused) == ("responsible", "not_staff")


def test_the_partners_phone_is_kept_as_its_eight_digits(world):
    assert agreement(world).contacts.get().phone == "12345678"


# --- Documents ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("aftale.pdf", b"MZ\x90\x00" + b"\x00" * 100, "file_content"),  # a program renamed to .pdf
        ("aftale.docx", PDF, "file_content"),  # a PDF named .docx
        ("aftale.odt", docx_bytes(), "file_content"),  # a DOCX named .odt
        ("aftale.pdf", b"", "empty_file"),
        ("aftale.pdf", b"%PDF-" + b"0" * MAX_BYTES, "file_too_large"),  # one byte over 10 MB
        ("aftale.exe", PDF, "file_type"),
        ("aftale", PDF, "file_type"),
    ],
)
def test_a_document_that_is_not_what_it_says_is_refused(world, name, content, code):
    made = agreement(world)
    with pytest.raises(ValidationError) as refused:
        actions.add_document(world.actor(world.leder), made, name, content)
    assert _code(refused) == ("file", code)
    assert not Document.objects.exists()


def test_pdf_docx_and_odt_are_attached_and_exactly_10_mb_is_allowed(world):
    made = agreement(world)
    actor = world.actor(world.leder)
    for name, content in (
        ("../../aftale.pdf", PDF),
        ("bilag.docx", docx_bytes()),
        ("bilag.odt", odt_bytes()),
        ("stor.pdf", b"%PDF-" + b"0" * (MAX_BYTES - 5)),
    ):
        actions.add_document(actor, made, name, content)
    assert list(Document.objects.values_list("name", "kind")) == [
        ("aftale.pdf", "pdf"),
        ("bilag.docx", "docx"),
        ("bilag.odt", "odt"),
        ("stor.pdf", "pdf"),
    ]


def test_the_page_uploads_refuses_and_only_the_municipalitys_staff_download(world):
    made = agreement(world)
    leader = client_for(world.leder)
    url = reverse("agreement_document_upload", args=[made.pk])
    page = reverse("agreement_detail", args=[made.pk])
    renamed = io.BytesIO(b"MZ\x90\x00program")
    renamed.name = "aftale.pdf"
    refused = leader.post(url, {"file": renamed})
    assert refused.status_code == 302 and refused["Location"] == page
    shown = leader.get(page).content.decode()
    assert "form-error-message" in shown and not Document.objects.exists()
    good = io.BytesIO(PDF)
    good.name = "Aftale med jobcenter.pdf"
    assert leader.post(url, {"file": good}).status_code == 302
    document = Document.objects.get()
    download = reverse("agreement_document", args=[made.pk, document.pk])
    got = client_for(world.behandler).get(download)
    assert got.status_code == 200 and got.content == PDF and got["Content-Type"] == "application/pdf"
    assert "attachment" in got["Content-Disposition"]
    assert client_for(world.other_behandler).get(download).status_code == 404
    assert client_for(world.behandler).post(url, {"file": good}).status_code == 403


# --- List, export and form ----------------------------------------------------------------------


def test_the_list_searches_filters_and_exports_what_it_shows(world):
    agreement(world, title="Jobcenteraftale", review_on=date(2026, 12, 20), responsible=[world.leder, world.behandler])
    agreement(world, title="Familieaftale", partner_kind="family", partner_name="Børn og Familie Faxe")
    agreement(world, title="Gammel aftale", partner_kind="gp", partner_name="Lægerne", valid_to=date(2026, 6, 30))
    client = client_for(world.behandler)
    url = reverse("agreement_list")
    assert [a.title for a, _status in client.get(url, {"q": "børn og"}).context["rows"]] == ["Familieaftale"]
    assert [a.title for a, _s in client.get(url, {"status": "expired"}).context["rows"]] == ["Gammel aftale"]
    assert [a.title for a, _s in client.get(url, {"partner_kind": "jobcenter"}).context["rows"]] == ["Jobcenteraftale"]
    exported = client.get(url, {"status": "review_due", "format": "csv"})
    text = b"".join(exported.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[1][1:9] == [
        "Jobcenteraftale",
        rows[1][2],  # the partner kind's label, in the active language
        "Jobcenter Faxe",
        rows[1][4],
        "05.01.2026",
        "01.02.2026",
        "",
        "20.12.2026",
    ]
    assert rows[1][10] == "Jens Jobkonsulent, Teamleder, 12345678"
    assert len([r for r in rows if r and r[0] == "Faxe"]) == 1  # only the one due
    book = load_workbook(io.BytesIO(client.get(url, {"format": "xlsx"}).content))
    titles = [row[1] for row in book.active.iter_rows(min_row=4, values_only=True) if row[0] == "Faxe"]
    assert titles == ["Familieaftale", "Gammel aftale", "Jobcenteraftale"]


def test_the_list_runs_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    client = client_for(world.behandler)
    for n in range(3):
        agreement(world, title=f"Aftale {n}")
    client.get(reverse("agreement_list"))
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("agreement_list"))
    for n in range(3, 12):
        agreement(world, title=f"Aftale {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("agreement_list"))


def test_the_form_keeps_the_input_on_error_and_saves_with_contacts(world):
    client = client_for(world.leder)
    post = {
        "municipality": world.faxe.municipality.pk,
        "title": "Aftale med skolerne",
        "partner_kind": "education",
        "partner_name": "Faxe Skolevæsen",
        "agreed_on": "2026-11-01",
        "valid_from": "2026-11-01",
        "valid_to": "2026-10-01",
        "responsible": [world.leder.pk],
        "contacts-TOTAL_FORMS": "2",
        "contacts-INITIAL_FORMS": "0",
        "contacts-0-name": "Skoleleder Hansen",
        "contacts-0-phone": "12 34 56 7",
        "contacts-1-name": "",
    }
    refused = client.post(reverse("agreement_create"), post)
    assert refused.status_code == 200 and not Agreement.objects.exists()
    assert refused.context["form"].errors["valid_to"]
    assert refused.context["contacts"].forms[0].errors["phone"]
    assert "Aftale med skolerne" in refused.content.decode() and "Skoleleder Hansen" in refused.content.decode()
    post |= {"valid_to": "", "contacts-0-phone": "12 34 56 78"}
    saved = client.post(reverse("agreement_create"), post)
    made = Agreement.objects.get()
    assert saved["Location"] == reverse("agreement_detail", args=[made.pk])
    assert list(made.contacts.values_list("name", "phone")) == [("Skoleleder Hansen", "12345678")]
    edit = reverse("agreement_edit", args=[made.pk])
    stale = client.post(edit, post | {"version": "1", "title": "Ny"}) and client.post(edit, post | {"version": "1"})
    assert stale.status_code == 200 and stale.context["form"].non_field_errors()
    assert Agreement.objects.get().title == "Ny"


# --- API -----------------------------------------------------------------------------------------


def test_the_api_creates_changes_and_attaches_documents(world):
    client = api(world.leder)
    body = {
        "municipality_code": "320",
        "title": "Aftale med regionspsykiatrien",
        "partner_kind": "regional_psychiatry",
        "partner_name": "Psykiatrien Region Sjælland",
        "agreed_on": "2026-03-01",
        "valid_from": "2026-03-01",
        "review_on": "2026-12-15",
        "responsible_ids": [world.leder.pk],
        "contacts": [{"name": "Overlæge", "email": "overlaege@example.dk"}],
    }
    created = client.post("/api/v1/cooperation/agreements", body, content_type="application/json")
    assert created.status_code == 201, created.content
    got = created.json()
    assert (got["status"], got["contacts"][0]["email"], got["version"]) == ("review_due", "overlaege@example.dk", 1)
    url = f"/api/v1/cooperation/agreements/{got['id']}"
    changed = client.put(url, body | {"title": "Ændret", "version": 1}, content_type="application/json")
    assert changed.status_code == 200 and changed.json()["version"] == 2
    stale = client.put(url, body | {"version": 1}, content_type="application/json")
    assert stale.status_code == 422
    bad = {"name": "aftale.pdf", "content_base64": base64.b64encode(b"MZ program").decode()}
    refused = client.post(url + "/documents", bad, content_type="application/json")
    assert refused.status_code == 422 and refused.json()["detail"][0]["field"] == "content_base64"
    good = {"name": "aftale.pdf", "content_base64": base64.b64encode(PDF).decode()}
    attached = client.post(url + "/documents", good, content_type="application/json")
    assert attached.status_code == 201
    document = api(world.behandler).get(f"{url}/documents/{attached.json()['id']}").json()
    assert base64.b64decode(document["content_base64"]) == PDF
    listed = api(world.analytiker).get("/api/v1/cooperation/agreements?status=review_due").json()
    assert [a["title"] for a in listed["items"]] == ["Ændret"]
    assert listed["items"][0]["documents"][0]["size"] == len(PDF)
    reader = api(world.behandler).post("/api/v1/cooperation/agreements", body, content_type="application/json")
    assert reader.status_code == 403


def test_another_municipality_code_is_refused_for_a_writer_elsewhere(world):
    body = {
        "municipality_code": "851",
        "title": "Aftale",
        "partner_kind": "gp",
        "partner_name": "Lægerne",
        "agreed_on": "2026-03-01",
        "valid_from": "2026-03-01",
        "responsible_ids": [world.leder.pk],
    }
    answer = api(world.leder).post("/api/v1/cooperation/agreements", body, content_type="application/json")
    assert answer.status_code == 403
    assert not queries.agreements(world.actor(world.leder), today()).exists()


# --- KL-12: live evidence beside recommendation 12 ---------------------------------------------


def test_recommendation_12_shows_the_agreements_in_force_by_partner_kind(world, sjaelland):  # noqa: F811
    """Counted on 01.12.2026 (the round's year ends later): Faxe has two jobcentre agreements in
    force (one with its review due, which still counts), one with the family department; the GPs'
    expired on 30.11.2026 and regional psychiatry's starts on 02.12.2026, so neither counts; the
    housing agreement is in force but not a kind recommendation 12 names, so only the total has it:
    6 - 2 = 4 in all. Næstved took part without agreements: 0 everywhere. Stevns did not take part."""
    round_, leaders, _coordinator = sjaelland
    agreement(world)
    agreement(world, review_on=date(2026, 12, 10))
    agreement(world, partner_kind="family", partner_name="Børn og Familie")
    agreement(world, partner_kind="gp", partner_name="Lægerne", valid_to=date(2026, 11, 30))
    agreement(world, partner_kind="regional_psychiatry", partner_name="Psykiatrien", valid_from=date(2026, 12, 2))
    agreement(world, partner_kind="housing", partner_name="Boligselskabet")
    answer(world, round_, leaders, "320", {})
    answer(world, round_, leaders, "370", {})
    with translation.override("en"):
        report = build(round_, Cluster.objects.get(name="Klynge Syd"))
        (block,) = [b for b in report.blocks if b.recommendation.number == 12]
        figures = {e.label: dict(e.figures) for e in block.evidence}
        line = {kind: f"Cooperation agreements in force: {kind.label}" for kind in PartnerKind}
        assert figures[line[PartnerKind.JOBCENTER]] == {"Faxe": 2.0, "Næstved": 0.0}
        assert figures[line[PartnerKind.FAMILY]] == {"Faxe": 1.0, "Næstved": 0.0}
        assert figures[line[PartnerKind.GP]] == {"Faxe": 0.0, "Næstved": 0.0}
        assert figures[line[PartnerKind.REGIONAL_PSYCHIATRY]] == {"Faxe": 0.0, "Næstved": 0.0}
        assert figures["Cooperation agreements in force: all partners"] == {"Faxe": 4.0, "Næstved": 0.0}
        assert str(LiveMeasure.SHARED_VISITATIONS.label) in figures  # the evidence before stays
    (first,) = [b for b in report.blocks if b.recommendation.number == 1]
    assert not [e for e in first.evidence if "Cooperation" in e.label]
    assert counted_on(2025) == date(2025, 12, 31) and counted_on(2026) == date(2026, 12, 1)
    page = client_for(world.leder).get(reverse("kl12_cluster_report", args=[round_.pk, report.cluster.pk]))
    assert page.status_code == 200
