# SPDX-License-Identifier: AGPL-3.0-or-later
"""The committee's status report on a strategy (seed 003's midway status): per core area the
initiatives with their status and latest note, and the goals' indicators against their targets,
with a chart; as PDF (WeasyPrint) and Word (python-docx), the same content in both."""

import io
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from forlob.common.charts import COLOURS, presentation_attributes
from forlob.common.exports import export_name
from forlob.common.pdf import render_pdf
from forlob.stats.exports import source_line
from forlob.strategy.models import Area, Goal, Initiative, StatusNote, Strategy
from forlob.strategy.queries import IndicatorStatus, indicator_status


@dataclass
class AreaStatus:
    area: Area
    initiatives: list[tuple[Initiative, StatusNote | None]]
    goals: list[tuple[Goal, list[IndicatorStatus]]]

    @property
    def indicators(self) -> list[IndicatorStatus]:
        return [s for _goal, statuses in self.goals for s in statuses]


def status(strategy: Strategy, year: int) -> list[AreaStatus]:
    """``strategy`` comes with its content prefetched (queries.with_content)."""
    found = []
    for area in strategy.areas.all():
        initiatives = [(i, next(iter(i.notes.all()), None)) for i in area.initiatives.all()]
        goals = [
            (goal, [indicator_status(i, strategy.municipality, year) for i in goal.indicators.all()])
            for goal in area.goals.all()
        ]
        found.append(AreaStatus(area, initiatives, goals))
    return found


def _figure(statuses: list[IndicatorStatus]):
    """Baseline, actual and target of each indicator with numbers, as horizontal bars."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    shown = [s for s in statuses if s.actual is not None or s.indicator.target is not None]
    if not shown:
        return None
    plt.rcParams.update({"svg.fonttype": "none", "font.family": "sans-serif", "font.size": 9})
    fig, ax = plt.subplots(figsize=(7.5, 0.6 + 0.55 * len(shown)), layout="constrained")
    series = [
        (_("Baseline"), lambda s: s.indicator.baseline),
        (_("Actual"), lambda s: s.actual),
        (_("Target"), lambda s: s.indicator.target),
    ]
    height = 0.25
    for n, (label, value) in enumerate(series):
        positions = [i + (n - 1) * height for i in range(len(shown))]
        values = [float(value(s)) if value(s) is not None else 0 for s in shown]
        ax.barh(positions, values, height, label=label, color=COLOURS[n])
    ax.set_yticks(range(len(shown)), [s.indicator.name[:45] for s in shown])
    ax.invert_yaxis()
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1, 1))
    return fig


def chart(statuses: list[IndicatorStatus], fmt: str) -> bytes | str:
    """The chart as SVG text (screen, PDF) or PNG bytes (Word); empty without figures."""
    from matplotlib import pyplot as plt

    fig = _figure(statuses)
    if fig is None:
        return "" if fmt == "svg" else b""
    if fmt == "svg":
        out = io.StringIO()
        fig.savefig(out, format="svg", metadata={"Date": None})
        plt.close(fig)
        return presentation_attributes(out.getvalue())
    raw = io.BytesIO()
    fig.savefig(raw, format="png", dpi=150)
    plt.close(fig)
    return raw.getvalue()


def number(value: object) -> str:
    if value is None:
        return "–"
    return f"{float(value):.1f}".replace(".", ",").removesuffix(",0")  # type: ignore[arg-type]


def _reached(s: IndicatorStatus) -> str:
    return {True: _("Reached"), False: _("Not reached"), None: "–"}[s.reached]


def pdf_bytes(strategy: Strategy, year: int, areas: list[AreaStatus]) -> bytes:
    return render_pdf(
        "strategy/report_pdf.html",
        {
            "strategy": strategy,
            "year": year,
            "areas": [(a, chart(a.indicators, "svg")) for a in areas],
            "source": source_line(),
        },
    )


def docx_bytes(strategy: Strategy, year: int, areas: list[AreaStatus]) -> bytes:
    from docx import Document
    from docx.shared import Cm

    document = Document()
    document.add_heading(strategy.title, 0)
    document.add_paragraph(
        _("%(municipality)s Municipality") % {"municipality": strategy.municipality.name}
        + " – "
        + _("Status %(year)s") % {"year": year}
    )
    for area_status in areas:
        document.add_heading(area_status.area.title, 1)
        if area_status.initiatives:
            document.add_heading(_("Initiatives"), 2)
            table = document.add_table(rows=1, cols=4)
            table.style = "Table Grid"
            for cell, text in zip(
                table.rows[0].cells,
                [_("Initiative"), _("Responsible department"), _("Status"), _("Latest status note")],
                strict=True,
            ):
                cell.text = text
            for initiative, note in area_status.initiatives:
                row = table.add_row().cells
                row[0].text = initiative.title
                row[1].text = initiative.department
                row[2].text = str(initiative.get_status_display())
                row[3].text = f"{date_format(note.written_on, 'd.m.Y')}: {note.text}" if note else "–"
        for goal, statuses in area_status.goals:
            document.add_heading(goal.text, 2)
            if not statuses:
                continue
            table = document.add_table(rows=1, cols=6)
            table.style = "Table Grid"
            headers = [_("Indicator"), _("Source"), _("Baseline"), _("Target"), _("Actual"), _("Reached")]
            for cell, text in zip(table.rows[0].cells, headers, strict=True):
                cell.text = text
            for s in statuses:
                row = table.add_row().cells
                source = _("Forløb") if s.indicator.live else s.indicator.source
                values = [s.indicator.name, source, number(s.indicator.baseline), number(s.indicator.target)]
                for cell, text in zip(row, [*values, number(s.actual), _reached(s)], strict=True):
                    cell.text = text
        picture = chart(area_status.indicators, "png")
        if picture:
            document.add_picture(io.BytesIO(picture), width=Cm(16))  # type: ignore[arg-type]
    document.add_paragraph(source_line())
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def filename(strategy: Strategy, year: int, extension: str) -> str:
    return f"{export_name(strategy.title, strategy.municipality.name, 'status', year)}.{extension}"
