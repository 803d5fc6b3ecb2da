# SPDX-License-Identifier: AGPL-3.0-or-later
"""Charts below the tables: a bar chart of a report's counts as shown (exact, or published), as
SVG, the same on screen and in the PDF, full width, in a colour-blind-safe palette with each bar
labelled with its count. A hidden count has no bar; the table above says "<5" or "x"."""

import io

from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from forlob.common.charts import COLOURS, HATCHES, cached_svg, presentation_attributes
from forlob.stats.report import Report


def chart_svg(report: Report) -> str:
    """Grouped bars: one group per row of the table, one bar per column; empty when the table
    publishes no count above 0. Text stays text, so the chart is searchable in the PDF and read by
    screen readers through its title."""
    if not any(cell.value for row in report.rows for cell in row.cells):
        return ""  # nothing published to draw
    rows = tuple((str(row.label), tuple(cell.value or 0 for cell in row.cells)) for row in report.rows)
    title = _("Chart: %(title)s. The numbers are in the table.") % {"title": report.title}
    columns = tuple(str(label) for label in report.column_labels)
    drawn = (rows, columns, str(_("Number")), title)
    return cached_svg("stats-chart", (get_language(), drawn), lambda: _drawn(*drawn))


# Up to this many bars each carry their count; more would overlap, and the table has them.
LABELLED_BARS = 60


def _drawn(
    rows: tuple[tuple[str, tuple[int, ...]], ...], column_labels: tuple[str, ...], ylabel: str, title: str
) -> str:
    """The chart of these published counts and labels, drawn on a Figure of its own, not through
    pyplot's shared state, so threads can draw at once. Drawing takes most of a statistics page's
    time, and the same counts give the same chart: chart_svg keeps it in the shared cache."""
    n_series = max(1, len(column_labels))
    width = 0.8 / n_series
    fig = Figure(figsize=(11, 4.2), layout="constrained")
    ax = fig.subplots()
    labelled = len(rows) * n_series <= LABELLED_BARS
    for s, label in enumerate(column_labels):
        positions = [i + (s - (n_series - 1) / 2) * width for i in range(len(rows))]
        counts = [values[s] for _label, values in rows]
        bars = ax.bar(
            positions,
            counts,
            width,
            label=label,
            color=COLOURS[s % len(COLOURS)],
            hatch=HATCHES[s // len(COLOURS) % len(HATCHES)],
            edgecolor="white",
            linewidth=0.5,
        )
        if labelled:  # each bar says its count: no reading off the axis
            ax.bar_label(bars, [str(n) if n else "" for n in counts], padding=1, fontsize=7)
    # Slanted labels when they would not fit side by side.
    slanted = len(rows) > 6 or sum(len(label) for label, _values in rows) > 60
    ax.set_xticks(
        range(len(rows)),
        [label for label, _values in rows],
        rotation=30 if slanted else 0,
        ha="right" if slanted else "center",
    )
    ax.set_ylabel(ylabel)
    ax.spines[["top", "right"]].set_visible(False)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylim(bottom=0)
    if len(column_labels) > 1:  # the series named above the bars, in reading order
        ax.legend(frameon=False, fontsize=8, loc="lower left", bbox_to_anchor=(0, 1.02), ncols=min(n_series, 5))
    out = io.StringIO()
    fig.savefig(out, format="svg", metadata={"Date": None})
    svg = presentation_attributes(out.getvalue())
    return svg.replace("<svg ", f'<svg role="img" aria-label="{escape(title)}" ', 1)
