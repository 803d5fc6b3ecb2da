# SPDX-License-Identifier: AGPL-3.0-or-later
"""Every PDF is printed by one helper (forlob.common.pdf) with IBM Plex Sans embedded: the
statistics report, the KL-12 report, the strategy's status report and the citizen's insight
report, read back with pypdf."""

import ast
import io
import re
from datetime import date
from pathlib import Path

from pypdf import PdfReader

from forlob.kl12 import exports as kl12_exports
from forlob.kl12.models import Round
from forlob.kl12.report import build
from forlob.organisations.models import Region
from forlob.oversight.insight import insight_pdf
from forlob.stats.exports import pdf_bytes as stats_pdf
from forlob.stats.report import Report
from forlob.stats.suppression import suppress_table
from forlob.strategy import report as strategy_report
from forlob.strategy.models import Strategy
from tests.conftest import new_citizen

ROOT = Path(__file__).resolve().parent.parent
NAMES = "Łukasz Ağa Nguyễn Ærø"


def text_of(content: bytes) -> str:
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages))


def fonts_of(content: bytes) -> set[str]:
    """The names of the fonts the PDF's pages use (a subset is named ``ABCDEF+Font``)."""
    found = set()
    for page in PdfReader(io.BytesIO(content)).pages:
        for font in page["/Resources"]["/Font"].values():
            found.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    return found


def embeds_plex(content: bytes) -> bool:
    """IBM Plex Sans is embedded, and no text (not even the page numbers) fell back to a serif."""
    fonts = fonts_of(content)
    return any(name.startswith("IBM-Plex-Sans") for name in fonts) and not any("Serif" in name for name in fonts)


def test_the_statistics_pdf_has_its_table_and_every_letter_in_the_embedded_font(world):
    table = suppress_table([[12, 3], [7, 0]], row_totals=True, column_totals=True)
    report = Report("Afslutningsårsager", "Forløb afsluttet", "År", ["2024", "2025"], ["Gennemført", "Andet"], table)
    content = stats_pdf([report], "Faxe, 2024–2025", NAMES, ["Kilde: Forløb"])
    text = text_of(content)
    assert NAMES in text and "Afslutningsårsager" in text and "Kilde: Forløb" in text
    assert "<5" in text  # the suppressed 3
    assert embeds_plex(content)


def test_the_kl12_pdf_is_printed_in_the_embedded_font(world):
    round_ = Round.objects.create(
        region=Region.objects.get(code="1085"), year=2025, title=f"Selvevaluering {NAMES}", deadline=date(2025, 6, 1)
    )
    content = kl12_exports.pdf_bytes(build(round_, None, with_evidence=False))
    assert f"Selvevaluering {NAMES}" in text_of(content)
    assert embeds_plex(content)


def test_the_strategy_pdf_is_printed_in_the_embedded_font(world):
    strategy = Strategy.objects.create(
        municipality=world.faxe.municipality, title=f"Strategi {NAMES}", first_year=2024, last_year=2027
    )
    content = strategy_report.pdf_bytes(strategy, 2025, [])
    assert f"Strategi {NAMES}" in text_of(content)
    assert embeds_plex(content)


def test_the_insight_report_prints_the_citizens_name_in_the_embedded_font(world):
    citizen = new_citizen(world, first_name="Łukasz Ağa", last_name="Nguyễn Ærø")

    content = insight_pdf(citizen)

    assert NAMES in text_of(content)
    assert embeds_plex(content)


def test_only_the_pdf_helper_calls_weasyprint():
    callers = set()
    for path in (ROOT / "forlob").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("weasyprint"):
                callers.add(path.relative_to(ROOT).as_posix())
    assert callers == {"forlob/common/pdf.py"}
