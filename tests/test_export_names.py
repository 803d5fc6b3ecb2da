# SPDX-License-Identifier: AGPL-3.0-or-later
"""Every exported file is named by what it holds, whose figures and the day it was made, in
ASCII (æ, ø, å spelt out): one helper, forlob.common.exports.export_name."""

from datetime import date

from django.urls import reverse

from forlob.common.exports import export_name
from forlob.organisations.models import Municipality
from forlob.strategy.models import Strategy
from forlob.strategy.report import filename as strategy_filename
from tests.test_kl12 import sjaelland  # noqa: F401  (the fixture)
from tests.test_views import client_for


def attachment_name(response) -> str:  # type: ignore[no-untyped-def]
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="') and disposition.endswith('"')
    name = disposition.removeprefix('attachment; filename="').removesuffix('"')
    assert name.isascii()
    return name


def test_the_name_spells_out_danish_letters_and_ends_with_the_day():
    assert export_name("Forebyggelse", "Rusmiddelcentret Faxe") == "forebyggelse-rusmiddelcentret-faxe-2026-12-01"
    assert export_name("Køge", "Ærø", "Åbenrå", made_on=date(2027, 1, 2)) == "koege-aeroe-aabenraa-2027-01-02"
    assert export_name("Udtræk", "", 2025) == "udtraek-2025-2026-12-01"  # an empty part leaves no "--"


def test_a_statistics_export_names_the_report_the_unit_the_period_the_view_and_the_day(world):
    client = client_for(world.analytiker)
    query = f"?scope=unit:{world.faxe.pk}&first_year=2025&last_year=2025"
    names = {
        fmt: attachment_name(client.get(reverse("stats_prevention") + query + f"&format={fmt}"))
        for fmt in ("csv", "xlsx")
    }
    stem = "forebyggelsesaktiviteter-rusmiddelcentret-faxe-2025-2025-offentlig-2026-12-01"
    assert names == {"csv": f"{stem}.csv", "xlsx": f"{stem}.xlsx"}


def test_a_kl12_report_names_the_round_the_region_and_the_day(world, sjaelland):  # noqa: F811
    round_ = sjaelland[0]
    response = client_for(world.leder).get(reverse("kl12_region_report", args=[round_.pk]) + "?format=csv")
    assert attachment_name(response) == "kl12-2026-region-sjaelland-2026-12-01.csv"


def test_a_strategy_report_names_the_strategy_the_municipality_the_year_and_the_day(db):
    strategy = Strategy(municipality=Municipality.objects.get(code="320"), title="Rusmiddelstrategi 2024–2027")
    assert strategy_filename(strategy, 2025, "pdf") == "rusmiddelstrategi-20242027-faxe-status-2025-2026-12-01.pdf"
