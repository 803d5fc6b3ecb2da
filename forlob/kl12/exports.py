# SPDX-License-Identifier: AGPL-3.0-or-later
"""A round's report as PDF (WeasyPrint) and Word (python-docx), and its answer matrix as CSV and
XLSX (the resolved matrix, and every raw answer with the cluster's resolution)."""

import io

import xlsxwriter
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _

from forlob.common.exports import XLSX, cell_text, csv_response, export_name, file_response
from forlob.common.pdf import render_pdf
from forlob.kl12.report import RoundReport, shown
from forlob.stats.exports import source_line

FORMATS = ("pdf", "docx", "csv", "xlsx")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def reading_guide() -> list[str]:
    """The seed's rules, printed with every report."""
    return [
        _(
            "The report rests on self-assessment: each municipality has answered indicator questions for "
            "KL's recommendations."
        ),
        _(
            "Where a municipality answered separately for alcohol and drugs and the answers differ, the "
            "combined answer is no: the municipality as a whole does not fulfil the indicator."
        ),
        _(
            "An answer of partly has been resolved to yes or no by the cluster, with the reason given; until"
            " it is resolved it is shown as unresolved and counted neither as yes nor as no."
        ),
        _(
            "Recommendations 3, 4, 8 and 11 are for KL, the ministries or the regions to fulfil; the "
            "municipalities have not answered them (shown greyed)."
        ),
        _(
            "Figures from Forløb beside the answers are for the municipality's citizens in the round's year,"
            " suppressed like every statistic (a hidden figure is shown as –)."
        ),
    ]


def filename(report: RoundReport, extension: str) -> str:
    return f"{export_name('kl12', report.round.year, report.scope)}.{extension}"


def download(report: RoundReport, fmt: str) -> HttpResponseBase:
    if fmt == "csv":
        header, rows = report.matrix()
        return csv_response(filename(report, "csv"), header, rows, [source_line()])
    if fmt == "xlsx":
        return file_response(xlsx_bytes(report), filename(report, "xlsx"), XLSX)
    if fmt == "docx":
        return file_response(docx_bytes(report), filename(report, "docx"), DOCX)
    return file_response(pdf_bytes(report), filename(report, "pdf"), "application/pdf")


def xlsx_bytes(report: RoundReport) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    bold = book.add_format({"bold": True})
    for title, (header, rows) in ((_("Answers"), report.matrix()), (_("Raw answers"), report.raw_matrix())):
        sheet = book.add_worksheet(title)
        sheet.write_string(0, 0, f"{report.round.title} – {report.scope}", bold)
        for c, text in enumerate(header):
            sheet.write_string(2, c, text, bold)
        for r, row in enumerate(rows, start=3):
            for c, value in enumerate(row):
                sheet.write_string(r, c, cell_text(value))  # text, never a formula
        sheet.write_string(len(rows) + 4, 0, source_line())
        sheet.set_column(0, 0, 18)
    book.close()
    return out.getvalue()


def pdf_bytes(report: RoundReport) -> bytes:
    return render_pdf("kl12/report_pdf.html", {"report": report, "guide": reading_guide(), "source": source_line()})


def _names(names: list[str]) -> str:
    return ", ".join(names) if names else "–"


def docx_bytes(report: RoundReport) -> bytes:
    from docx import Document
    from docx.shared import RGBColor

    grey = RGBColor(0x76, 0x76, 0x76)
    document = Document()
    document.add_heading(f"{report.round.title} – {report.scope}", 0)
    document.add_heading(_("Reading guide"), 1)
    for guide_line in reading_guide():
        document.add_paragraph(guide_line, style="List Bullet")
    took = _names([m.name for m in report.took_part])
    document.add_paragraph(_("Took part: %(names)s.") % {"names": took})
    if report.did_not_take_part:
        missing = _names([m.name for m in report.did_not_take_part])
        document.add_paragraph(_("Did not take part: %(names)s.") % {"names": missing})
    for cluster, cluster_text in report.texts:
        if cluster_text and (cluster_text.priorities or cluster_text.comments):
            document.add_heading(_("%(cluster)s: priorities and comments") % {"cluster": cluster.name}, 1)
            for body in (cluster_text.priorities, cluster_text.comments):
                if body:
                    document.add_paragraph(body)
    for block in report.blocks:
        heading = document.add_heading(
            _("Recommendation %(n)s") % {"n": block.recommendation.number} + f": {block.recommendation.text}", 1
        )
        if not block.recommendation.municipal:
            for run in heading.runs:
                run.font.color.rgb = grey
            document.add_paragraph(_("Not the municipalities' to fulfil; no indicators answered."))
            continue
        for line in block.lines:
            document.add_heading(f"{line.indicator.code} {line.indicator.text}", 2)
            if line.indicator.counts_yes_no:
                table = document.add_table(rows=1, cols=3)
                table.style = "Table Grid"
                for cell, text in zip(
                    table.rows[0].cells, [_("Answer"), _("Number"), _("Municipalities")], strict=True
                ):
                    cell.text = text
                for label, names in (
                    (_("Yes"), line.yes),
                    (_("No"), line.no),
                    (_("Unresolved partly"), line.unresolved),
                    (_("Not answered"), line.unanswered),
                ):
                    row = table.add_row().cells
                    row[0].text, row[1].text, row[2].text = label, str(len(names)), _names(names)
                for name, resolution in line.resolutions:
                    document.add_paragraph(
                        _("%(m)s: partly resolved to %(value)s. %(reason)s")
                        % {"m": name, "value": shown(resolution.value).lower(), "reason": resolution.reason}
                    )
                if line.split_differs:
                    document.add_paragraph(
                        _("Separate alcohol and drug answers that differ, counted as no: %(names)s.")
                        % {"names": _names(line.split_differs)}
                    )
                for name, before, now in line.changes:
                    document.add_paragraph(
                        _("%(m)s: %(before)s last round, %(now)s now.") % {"m": name, "before": before, "now": now}
                    )
            else:
                for name, value in line.values:
                    document.add_paragraph(f"{name}: {value}", style="List Bullet")
                if not line.values:
                    document.add_paragraph("–")
        for evidence in block.evidence:
            document.add_paragraph(_("From Forløb: %(label)s") % {"label": evidence.label}).runs[0].bold = True
            for name, figure in evidence.figures:
                document.add_paragraph(f"{name}: {shown_figure(figure)}", style="List Bullet")
    document.add_paragraph(source_line())
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def shown_figure(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}".replace(".", ",").removesuffix(",0")
