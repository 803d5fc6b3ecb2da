# SPDX-License-Identifier: AGPL-3.0-or-later
"""KL's 12 recommendations: the seed's aggregation rules on hand-built answer sets, the cluster
and region reports against their answer matrix, the downloads read back, live evidence worked
out by hand, and the refusals (another municipality, after the deadline, a wrong type)."""

import io
import re
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from forlob.common.dates import today
from forlob.family import actions as family_actions
from forlob.kl12 import actions, queries
from forlob.kl12.models import Answer, Indicator, Participation, Resolution, Round, Verdict
from forlob.kl12.report import build
from forlob.organisations.models import Cluster, Municipality, Region, Role, Unit, UnitKind
from forlob.stats.live import LiveMeasure, live_value
from forlob.treatment import actions as treatment_actions
from forlob.treatment.models import OfferType
from tests.conftest import make_user, new_citizen, password_login
from tests.test_api import token_for
from tests.test_views import client_for

J, N, D = Verdict.YES, Verdict.NO, Verdict.PARTLY


@pytest.mark.parametrize(
    ("kind", "split", "parts", "expected"),
    [
        ("yes_no", False, {"samlet": "ja"}, "ja"),
        ("yes_no", False, {}, None),
        ("yes_no", True, {"alkohol": "ja", "stof": "ja"}, "ja"),
        ("yes_no", True, {"alkohol": "ja", "stof": "nej"}, "nej"),  # split answers differ: nej
        ("yes_no_partly", True, {"alkohol": "ja", "stof": "delvis"}, "nej"),
        ("yes_no_partly", True, {"alkohol": "delvis", "stof": "delvis"}, "delvis"),
        ("yes_no_partly", True, {"alkohol": "ja"}, None),  # one part missing: not answered
        ("number", False, {"samlet": "6"}, None),  # numbers are not counted
    ],
)
def test_combined_answer_follows_the_seeds_reading_guide(kind, split, parts, expected):
    assert queries.combined(kind, split, parts) == expected


def test_a_partly_counts_only_once_resolved():
    assert queries.resolved("delvis", None) == "delvis"
    assert queries.resolved("delvis", "ja") == "ja"
    assert queries.resolved("nej", "ja") == "nej"  # a resolution stands only on a delvis
    assert queries.resolved(None, None) is None


@pytest.fixture
def sjaelland(world):
    region = Region.objects.get(code="1085")
    round_ = actions.open_round(
        world.actor(world.administrator),
        region,
        today().year,
        f"Selvevaluering {today().year}",
        today() + timedelta(days=30),
    )
    leaders = {"320": world.leder}
    for code in ("360", "370", "376", "390", "336", "253"):
        m = Municipality.objects.get(code=code)
        unit = Unit.objects.create(name=f"Rusmiddelcenter {m.name}", municipality=m, kind=UnitKind.SUBSTANCE)
        leaders[code] = make_user(f"leder{code}", unit, Role.LEDER)
    coordinator = make_user("koordinator", world.faxe, Role.KOORDINATOR)  # Faxe: Klynge Syd
    return round_, leaders, coordinator


def indicator(round_, code):  # type: ignore[no-untyped-def]
    return round_.indicators.get(code=code)


def answer(world, round_, leaders, code, given, *, split=False):  # type: ignore[no-untyped-def]
    """Answer every yes/no indicator ja (both parts when split), then the ones ``given``:
    {"1.1": "nej"} or, split, {"1.1": ("ja", "nej")}."""
    values = {}
    for i in round_.indicators.all():
        if not i.counts_yes_no:
            continue
        parts = ("alkohol", "stof") if split else ("samlet",)
        chosen = given.get(i.code, ("ja", "ja") if split else "ja")
        for part, value in zip(parts, chosen if split else (chosen,), strict=True):
            values[actions.field_name(i, part)] = value
    for i in round_.indicators.filter(kind="number"):
        values[actions.field_name(i, "alkohol" if split else "samlet")] = given.get(i.code, "")
    m = Municipality.objects.get(code=code)
    return actions.save_answers(world.actor(leaders[code]), round_, m, actions.SheetData(split, values))


def build_syd(world, round_, leaders):  # type: ignore[no-untyped-def]
    """Klynge Syd by hand (Stevns does not take part):
    1.1: Faxe ja, Næstved split ja/nej -> nej, Lolland split ja/ja -> ja, Guldborgsund nej, Vordingborg ja
    2.1: Faxe delvis, Næstved split delvis/delvis -> delvis, Lolland split ja/delvis -> nej,
         Guldborgsund ja, Vordingborg delvis (resolved ja by the cluster)."""
    answer(world, round_, leaders, "320", {"1.1": J, "2.1": D, "5.3": "6"})
    answer(world, round_, leaders, "370", {"1.1": (J, N), "2.1": (D, D)}, split=True)
    answer(world, round_, leaders, "360", {"1.1": (J, J), "2.1": (J, D)}, split=True)
    answer(world, round_, leaders, "376", {"1.1": N, "2.1": J, "5.3": "3"})
    answer(world, round_, leaders, "390", {"1.1": J, "2.1": D})


def test_the_cluster_report_counts_by_the_rules_and_names_who_did_not_take_part(world, sjaelland):
    round_, leaders, coordinator = sjaelland
    build_syd(world, round_, leaders)
    syd = Cluster.objects.get(name="Klynge Syd")
    vordingborg = Municipality.objects.get(code="390")
    actions.resolve_partly(
        world.actor(coordinator),
        round_,
        syd,
        vordingborg,
        indicator(round_, "2.1"),
        J,
        "Strategien er vedtaget i 2025.",
    )

    report = build(round_, syd)
    lines = {line.indicator.code: line for block in report.blocks for line in block.lines}
    assert (lines["1.1"].yes, lines["1.1"].no) == (["Faxe", "Lolland", "Vordingborg"], ["Guldborgsund", "Næstved"])
    assert lines["1.1"].split_differs == ["Næstved"]
    assert (lines["2.1"].yes, lines["2.1"].no) == (["Guldborgsund", "Vordingborg"], ["Lolland"])
    assert lines["2.1"].unresolved == ["Faxe", "Næstved"]
    assert [(name, r.reason) for name, r in lines["2.1"].resolutions] == [
        ("Vordingborg", "Strategien er vedtaget i 2025.")
    ]
    assert lines["5.3"].values == [("Faxe", "6"), ("Guldborgsund", "3")]
    assert [m.name for m in report.did_not_take_part] == ["Stevns"]
    assert [b.recommendation.number for b in report.blocks if not b.recommendation.municipal] == [3, 4, 8, 11]
    assert all(not b.lines for b in report.blocks if not b.recommendation.municipal)

    # The counts are the answer matrix's.
    header, rows = report.matrix()
    column = header.index("2.1")
    by_name = {row[0]: row for row in rows}
    assert by_name["Næstved"][column] == "Delvis (ikke afgjort)" and by_name["Vordingborg"][column] == "Ja"
    assert by_name["Stevns"][1] == "Deltog ikke"
    for code, line in lines.items():
        if line.indicator.counts_yes_no:
            answers = [row[header.index(code)] for row in rows]
            assert answers.count("Ja") == len(line.yes) and answers.count("Nej") == len(line.no)
    _header, raw = report.raw_matrix()
    assert ["Næstved", "1.1", "Alkohol", "Ja", "Nej", "Nej", ""] in raw
    assert ["Næstved", "1.1", "Stof", "Nej", "Nej", "Nej", ""] in raw
    assert ["Vordingborg", "2.1", "Samlet", "Delvis", "Delvis", "Ja", "Strategien er vedtaget i 2025."] in raw

    region = build(round_, None)
    assert len(region.municipalities) == 17 and "Stevns" in [m.name for m in region.did_not_take_part]
    assert [m.name for m in region.took_part] == ["Faxe", "Guldborgsund", "Lolland", "Næstved", "Vordingborg"]


def test_only_the_clusters_coordinator_resolves_and_only_a_partly(world, sjaelland):
    round_, leaders, coordinator = sjaelland
    build_syd(world, round_, leaders)
    syd, oest = Cluster.objects.get(name="Klynge Syd"), Cluster.objects.get(name="Klynge Øst")
    faxe, guldborgsund = Municipality.objects.get(code="320"), Municipality.objects.get(code="376")
    actor = world.actor(coordinator)
    with pytest.raises(PermissionDenied):
        actions.resolve_partly(world.actor(world.leder), round_, syd, faxe, indicator(round_, "2.1"), J, "x")
    with pytest.raises(PermissionDenied):
        actions.resolve_partly(actor, round_, oest, faxe, indicator(round_, "2.1"), J, "x")
    with pytest.raises(ValidationError, match="Kun et samlet svar"):
        actions.resolve_partly(actor, round_, syd, guldborgsund, indicator(round_, "2.1"), J, "x")
    with pytest.raises(ValidationError, match="Giv begrundelsen"):
        actions.resolve_partly(actor, round_, syd, faxe, indicator(round_, "2.1"), N, "  ")
    assert not Resolution.objects.exists()

    actions.resolve_partly(actor, round_, syd, faxe, indicator(round_, "2.1"), N, "Kun synlighed er beskrevet.")
    # Faxe changes its answer to ja: the resolution no longer stands, and is gone.
    answer(world, round_, leaders, "320", {"2.1": J})
    assert not Resolution.objects.exists()


def test_refusals_save_nothing(world, sjaelland):
    round_, leaders, _coordinator = sjaelland
    answer(world, round_, leaders, "320", {"1.1": N})
    before = sorted(Answer.objects.values_list("indicator__code", "part", "value"))
    faxe = Municipality.objects.get(code="320")

    with pytest.raises(PermissionDenied):  # another municipality's leader
        answer(world, round_, {"320": leaders["370"]}, "320", {"1.1": J})
    with pytest.raises(ValidationError) as wrong:
        i11, i21, i53 = indicator(round_, "1.1"), indicator(round_, "2.1"), indicator(round_, "5.3")
        data = {actions.field_name(i11, "samlet"): "delvis", actions.field_name(i21, "samlet"): "måske"}
        data[actions.field_name(i53, "samlet")] = "seks"
        actions.save_answers(world.actor(world.leder), round_, faxe, actions.SheetData(False, data))
    errors = wrong.value.message_dict
    assert errors[actions.field_name(i11, "samlet")] == ["Svaret skal være et af: ja, nej."]
    assert errors[actions.field_name(i21, "samlet")] == ["Svaret skal være et af: ja, nej, delvis."]
    assert errors[actions.field_name(i53, "samlet")] == ["Skriv et tal, fx 6."]
    assert errors[actions.field_name(indicator(round_, "1.2"), "samlet")] == ["Besvar denne indikator."]

    Round.objects.filter(pk=round_.pk).update(deadline=today() - timedelta(days=1))
    round_.refresh_from_db()
    with pytest.raises(ValidationError, match="Fristen for runden var"):
        answer(world, round_, leaders, "320", {"1.1": J})
    assert sorted(Answer.objects.values_list("indicator__code", "part", "value")) == before


def test_a_round_keeps_its_indicators_and_the_next_shows_what_changed(world, sjaelland):
    round_, leaders, _coordinator = sjaelland
    Indicator.objects.filter(code="1.1").update(text="Ændret tekst")
    assert indicator(round_, "1.1").text.startswith("Familieperspektivet inddrages")
    answer(world, round_, leaders, "320", {"1.1": N, "1.2": J})

    region = round_.region
    later = actions.open_round(
        world.actor(world.administrator), region, round_.year + 1, "Næste år", today() + timedelta(days=60)
    )
    assert indicator(later, "1.1").text == "Ændret tekst"
    with pytest.raises(ValidationError):
        actions.open_round(world.actor(world.administrator), region, round_.year + 1, "Igen", today())
    answer(world, later, leaders, "320", {"1.1": J, "1.2": J})
    lines = {
        line.indicator.code: line for block in build(later, None, with_evidence=False).blocks for line in block.lines
    }
    assert lines["1.1"].changes == [("Faxe", "Nej", "Ja")]
    assert lines["1.2"].changes == []


def _course(world, cpr, started_on, **extra):  # type: ignore[no-untyped-def]
    citizen = new_citizen(world, cpr, municipality=world.faxe.municipality)
    request = treatment_actions.register_request(
        world.actor(world.visitator),
        citizen,
        world.faxe,
        treatment_actions.RequestData(
            received_on=started_on, channel="self", main_substance="alcohol", legal_basis="sul_141"
        ),
    )
    data = treatment_actions.CourseData(
        offer_type=OfferType.AMBULANT, started_on=started_on, responsible=world.behandler, **extra
    )
    return treatment_actions.start_course_from_request(world.actor(world.visitator), request, data)


def test_live_evidence_worked_out_by_hand(world):
    """Ten courses started this year by Faxe citizens: five with the family involved (three with
    a linked relatives' course, two with a network consent), six registered completely (plan and
    a goal); family 5/10 = 50 %, complete 6/10 = 60 %. The relatives' courses are not counted."""
    year = today().year
    start = date(year, 1, 2)
    complete = {"plan": "Plan", "goals": ["Mindre alkohol"]}
    courses = [
        _course(world, f"{n:02d}0180{1000 + n:04d}", start, **(complete if n <= 6 else {})) for n in range(1, 11)
    ]
    actor = world.actor(world.behandler)
    for n, course in enumerate(courses[:3], start=1):
        relative = new_citizen(world, f"{n:02d}0290{2000 + n:04d}", first_name="Pårørende")
        data = treatment_actions.CourseData(
            offer_type=OfferType.RELATIVES,
            started_on=start,
            responsible=world.behandler,
            legal_basis="sul_141",
            index_course=course,
        )
        treatment_actions.start_course(actor, relative, world.faxe, data)
    for course in courses[3:5]:
        family_actions.give_consent(actor, course.citizen, family_actions.ConsentData(kind="network", given_on=start))
    faxe = world.faxe.municipality
    assert live_value(LiveMeasure.FAMILY_SHARE, faxe, year) == 50.0
    assert live_value(LiveMeasure.COMPLETE_SHARE, faxe, year) == 60.0
    assert live_value(LiveMeasure.FAMILY_SHARE, faxe, year - 1) is None  # nothing started: no share


def test_recommendation_1_shows_the_offer_made_beside_the_family_involved(world, sjaelland):
    """Faxe's 2026 courses of tests.test_stats_family: the family offer made on 6 of 7 (85.7 %);
    the family involved (one linked relatives' course) rests on a hidden count: "–"."""
    from tests.test_stats_family import build as build_family

    round_, leaders, _coordinator = sjaelland
    build_family(world)
    answer(world, round_, leaders, "320", {})
    report = build(round_, Cluster.objects.get(name="Klynge Syd"))
    (first,) = [block for block in report.blocks if block.recommendation.number == 1]
    assert [(e.label, e.figures) for e in first.evidence] == [
        (str(LiveMeasure.FAMILY_OFFER_SHARE.label), [("Faxe", 85.7)]),
        (str(LiveMeasure.FAMILY_SHARE.label), [("Faxe", None)]),
    ]
    client = Client()
    assert password_login(client, world.leder.username)
    url = reverse("kl12_cluster_report", args=[round_.pk, Cluster.objects.get(name="Klynge Syd").pk])
    paragraphs = [p.text for p in Document(io.BytesIO(client.get(url + "?format=docx").content)).paragraphs]
    offered = paragraphs.index(f"Fra Forløb: {LiveMeasure.FAMILY_OFFER_SHARE.label}")
    assert paragraphs[offered + 1] == "Faxe: 85,7"
    assert paragraphs[offered + 2 : offered + 4] == [f"Fra Forløb: {LiveMeasure.FAMILY_SHARE.label}", "Faxe: –"]


def _text_of_pdf(content: bytes) -> str:
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages))


def test_the_leader_answers_on_the_page_and_input_is_kept_on_error(world, sjaelland):
    round_, _leaders, _coordinator = sjaelland
    client = Client()
    assert password_login(client, world.leder.username)
    url = reverse("kl12_answer", args=[round_.pk, "320"])
    page = client.get(url).content.decode()
    assert "Anbefaling 3: Der skal udarbejdes nationale retningslinjer" in page and "not-municipal" in page
    i11, i53 = indicator(round_, "1.1"), indicator(round_, "5.3")
    partial = {"split": "0", actions.field_name(i11, "samlet"): "nej", actions.field_name(i53, "samlet"): "6"}
    refused = client.post(url, {**partial, "indsend": "1"}).content.decode()
    assert "Besvar denne indikator." in refused and 'id="mangler"' in refused
    assert re.search(rf'name="a{i11.pk}_samlet" value="nej"[^>]*checked', refused)  # the input is kept
    assert re.search(rf'name="a{i53.pk}_samlet"[^>]*value="6"', refused)
    assert not Participation.objects.exists()

    full = {**partial, **{actions.field_name(i, "samlet"): "ja" for i in round_.indicators.all() if i.counts_yes_no}}
    full[actions.field_name(i11, "samlet")] = "nej"
    saved = client.post(url, {**full, "indsend": "1"})
    assert saved.status_code == 302
    assert Answer.objects.get(indicator=i11).value == "nej" and Answer.objects.get(indicator=i53).value == "6"

    rounds_page = client.get(reverse("kl12_rounds")).content.decode()
    assert "Klynge Syd</a> – 1 af 6 kommuner har svaret" in rounds_page and "Klynge Øst</a> – 0 af 5" in rounds_page

    split_page = client.get(url + "?delt=1").content.decode()
    assert f'name="a{i11.pk}_alkohol"' in split_page and f'name="a{i11.pk}_stof"' in split_page
    assert client.get(reverse("kl12_answer", args=[round_.pk, "370"])).status_code == 403  # Næstved's sheet

    outsider = Client()
    assert password_login(outsider, world.other_behandler.username)  # Aalborg: another region
    assert (
        outsider.get(
            reverse("kl12_cluster_report", args=[round_.pk, Cluster.objects.get(name="Klynge Syd").pk])
        ).status_code
        == 404
    )


def test_the_coordinator_resolves_and_writes_on_the_report_page_and_the_downloads_say_the_same(world, sjaelland):
    round_, leaders, coordinator = sjaelland
    build_syd(world, round_, leaders)
    syd = Cluster.objects.get(name="Klynge Syd")
    url = reverse("kl12_cluster_report", args=[round_.pk, syd.pk])
    i21 = indicator(round_, "2.1")
    faxe = Municipality.objects.get(code="320")

    reader = Client()
    assert password_login(reader, world.behandler.username)
    page = reader.get(url).content.decode()
    assert "Deltog ikke" in page and "Stevns" in page and "Afgør delvis for" not in page
    reader.post(
        url, {"action": "resolve", "indicator": i21.pk, "municipality": faxe.pk, f"r{i21.pk}_{faxe.pk}-value": "ja"}
    )
    assert not Resolution.objects.exists()  # only the coordinator resolves

    client = Client()
    assert password_login(client, coordinator.username)
    page = client.get(url).content.decode()
    assert "Afgør delvis for Faxe" in page and "Afgør delvis for Næstved" in page
    prefix = f"r{i21.pk}_{faxe.pk}"
    refused = client.post(
        url, {"action": "resolve", "indicator": i21.pk, "municipality": faxe.pk, f"{prefix}-value": "ja"}
    )
    assert refused.status_code == 200 and not Resolution.objects.exists()
    done = client.post(
        url,
        {
            "action": "resolve",
            "indicator": i21.pk,
            "municipality": faxe.pk,
            f"{prefix}-value": "ja",
            f"{prefix}-reason": "Handleplanen dækker synlighed.",
        },
    )
    assert done.status_code == 302 and done["Location"].endswith(f"#indikator-{i21.pk}")
    text = client.post(url, {"action": "text", "priorities": "<script>alert(1)</script>Unge", "comments": "Godt år"})
    assert text.status_code == 302
    page = client.get(url).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;Unge" in page and "<script>alert" not in page

    pdf = client.get(url + "?format=pdf")
    assert pdf["Content-Type"] == "application/pdf"
    text_pdf = _text_of_pdf(pdf.content)
    assert "Klynge Syd" in text_pdf and "Deltog ikke: Stevns" in text_pdf
    assert "Faxe: delvis afgjort til ja. Handleplanen dækker synlighed." in text_pdf
    assert "<script>alert(1)</script>Unge" in text_pdf  # shown as text, never run
    assert "Anbefaling 8: Kommunerne skal kunne trække egne data" in text_pdf

    docx = Document(io.BytesIO(client.get(url + "?format=docx").content))
    paragraphs = [p.text for p in docx.paragraphs]
    assert "Deltog ikke: Stevns." in paragraphs and "<script>alert(1)</script>Unge" in paragraphs
    assert "Faxe: delvis afgjort til ja. Handleplanen dækker synlighed." in paragraphs
    first_table = [[c.text for c in row.cells] for row in docx.tables[0].rows]
    assert first_table[1] == ["Ja", "3", "Faxe, Lolland, Vordingborg"]

    book = load_workbook(io.BytesIO(client.get(url + "?format=xlsx").content))
    rows = [[c.value for c in row] for row in book["Svar"].iter_rows(min_row=3, values_only=False)]
    header = rows[0]
    by_name = {row[0]: row for row in rows[1:] if row[0]}
    assert (
        by_name["Faxe"][header.index("2.1")] == "Ja"
        and by_name["Næstved"][header.index("2.1")] == "Delvis (ikke afgjort)"
    )
    assert by_name["Stevns"][1] == "Deltog ikke"
    raw = [[c.value for c in row] for row in book["Rå svar"].iter_rows(min_row=4)]
    assert ["Faxe", "2.1", "Samlet", "Delvis", "Delvis", "Ja", "Handleplanen dækker synlighed."] in raw

    csv_text = client.get(url + "?format=csv").getvalue().decode("utf-8-sig")
    assert "Næstved;Nej;" in csv_text and "Stevns;Deltog ikke" in csv_text


def test_the_api_answers_and_reads_the_matrix(world, sjaelland):
    round_, _leaders, _coordinator = sjaelland
    api = Client(headers={"authorization": f"Bearer {token_for(world.leder)}"})
    url = f"/api/v1/kl12/rounds/{round_.pk}/answers/320"
    yes_no = [i.code for i in round_.indicators.all() if i.counts_yes_no]
    body = {"split": False, "answers": [{"code": c, "value": "ja"} for c in yes_no if c != "1.2"]}
    body["answers"].append({"code": "5.3", "value": "seks"})
    refused = api.put(url, body, content_type="application/json")
    assert refused.status_code == 422
    assert {"field": "1.2/samlet", "message": "Besvar denne indikator."} in refused.json()["detail"]
    assert {"field": "5.3/samlet", "message": "Skriv et tal, fx 6."} in refused.json()["detail"]

    body["answers"] = [*body["answers"][:-1], {"code": "1.2", "value": "nej"}, {"code": "5.3", "value": "6,5"}]
    saved = api.put(url, body, content_type="application/json")
    assert saved.status_code == 200 and saved.json()["version"] == 2
    assert {"code": "5.3", "part": "samlet", "value": "6,5"} in saved.json()["answers"]

    syd = Cluster.objects.get(name="Klynge Syd")
    matrix = api.get(f"/api/v1/kl12/rounds/{round_.pk}/matrix?cluster={syd.pk}").json()
    faxe = next(row for row in matrix["rows"] if row[0] == "Faxe")
    assert faxe[matrix["header"].index("1.2")] == "Nej" and faxe[matrix["header"].index("5.3")] == "6,5"
    assert matrix["did_not_take_part"] == ["Guldborgsund", "Lolland", "Næstved", "Stevns", "Vordingborg"]
    rounds = api.get("/api/v1/kl12/rounds").json()
    assert [r["title"] for r in rounds] == [round_.title] and "Klynge Syd" in [c["name"] for c in rounds[0]["clusters"]]


def test_only_an_administrator_in_the_region_opens_or_changes_a_round(world, sjaelland):
    round_, _leaders, coordinator = sjaelland
    nordjylland = Region.objects.get(code="1081")
    for user in (world.leder, coordinator):
        with pytest.raises(PermissionDenied):
            actions.open_round(world.actor(user), round_.region, round_.year + 1, "Næste år", today())
    with pytest.raises(PermissionDenied):  # Faxe's administrator is not in Region Nordjylland
        actions.open_round(world.actor(world.administrator), nordjylland, 2030, "Nord", today())
    with pytest.raises(PermissionDenied):
        actions.change_round(world.actor(world.leder), round_, "Ny titel", today())
    assert not Round.objects.filter(year=round_.year + 1).exists()


def test_opening_and_changing_a_round_keep_history(world, sjaelland):
    round_, _leaders, _coordinator = sjaelland
    admin = world.actor(world.administrator)
    with pytest.raises(ValidationError) as refused:
        actions.change_round(admin, round_, "  ", today())
    assert "title" in refused.value.error_dict
    actions.change_round(admin, round_, "Selvevaluering, forlænget", today() + timedelta(days=60))
    assert [h.history_type for h in round_.history.order_by("history_id")] == ["+", "~"]
    copied = round_.indicators.count()
    assert copied and round_.indicators.model.history.filter(round_id=round_.pk).count() == copied


def test_answers_keep_their_history_and_a_change_writes_only_what_changed(world, sjaelland):
    round_, leaders, _coordinator = sjaelland
    participation = answer(world, round_, leaders, "320", {"1.1": J})
    answered = Answer.objects.filter(participation=participation).count()
    assert Answer.history.filter(history_type="+").count() == answered
    assert participation.history.filter(history_type="+").exists()
    answer(world, round_, leaders, "320", {"1.1": N})
    changed = Answer.history.filter(history_type="~")
    assert [(h.indicator.code, h.value) for h in changed] == [("1.1", "nej")]
    assert Answer.history.filter(history_type="+").count() == answered  # nothing deleted and made again


def test_an_administrator_in_the_region_keys_in_a_municipalitys_answers(world, sjaelland):
    round_, leaders, _coordinator = sjaelland
    values = {actions.field_name(i, "samlet"): "ja" for i in round_.indicators.all() if i.counts_yes_no}
    stevns = Municipality.objects.get(code="336")
    with pytest.raises(PermissionDenied):
        actions.key_in_answers(world.actor(leaders["320"]), round_, stevns, actions.SheetData(False, values))
    participation = actions.key_in_answers(
        world.actor(world.administrator), round_, stevns, actions.SheetData(False, values)
    )
    assert participation.saved_by == world.administrator and participation.answers.count() == len(values)
    with pytest.raises(ValidationError) as refused:  # the same rules as the leader's page
        actions.key_in_answers(world.actor(world.administrator), round_, stevns, actions.SheetData(False, {}))
    assert set(refused.value.message_dict) == {*values, "__all__"}


def test_the_admin_opens_and_changes_a_round_through_the_actions(world):
    client = client_for(world.administrator)
    region = Region.objects.get(code="1085")
    deadline = today() + timedelta(days=30)
    form = {"region": region.pk, "year": 2031, "title": "Selvevaluering 2031", "deadline": f"{deadline:%d.%m.%Y}"}
    form |= {"indicators-TOTAL_FORMS": 0, "indicators-INITIAL_FORMS": 0}
    response = client.post("/admin/kl12/round/add/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    round_ = Round.objects.get(year=2031)
    assert round_.indicators.exists()
    form |= {"title": "Selvevaluering 2031 (forlænget)"}
    assert client.post(f"/admin/kl12/round/{round_.pk}/change/", form).status_code == 302
    assert [h.history_user for h in round_.history.order_by("history_id")] == [world.administrator] * 2
    assert client.post(f"/admin/kl12/round/{round_.pk}/delete/", {"post": "yes"}).status_code == 403
