# SPDX-License-Identifier: AGPL-3.0-or-later
"""The history chart of an instrument repeated over a course: the total (AUDIT, DUDIT), or one
line per area or field (ASI, outcome profile), by date. SVG, like the statistics charts."""

import io
import math
from collections.abc import Sequence

from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from matplotlib.figure import Figure

from forlob.common.charts import COLOURS, cached_svg, presentation_attributes
from forlob.instruments.models import Instrument, Response


def history_svg(instrument: Instrument, responses: Sequence[Response]) -> str:
    """Empty for a screening (no numbers) or with fewer than two measurements. A chart is kept in
    the cache under a digest of what it draws, so it is drawn once for each new measurement."""
    drawn = [instrument.pk, get_language(), *((r.answered_on, r.total, r.answers) for r in responses)]
    return cached_svg("instrument-history", drawn, lambda: _draw(instrument, responses))


# Fixed margins in inches rather than matplotlib's constrained layout, which measures every
# label in an extra drawing pass: a first view of a course page took twice as long with it.
WIDTH, PLOT_HEIGHT = 7.5, 2.4
LEFT, RIGHT, TOP, TICKS, LEGEND_ROW = 0.5, 0.15, 0.15, 0.55, 0.22


def _draw(instrument: Instrument, responses: Sequence[Response]) -> str:
    """One line per series, on a Figure of its own (not pyplot's shared state, so the threads of
    a worker can draw at once); the series of a profile are named in a legend below the plot."""
    definition = instrument.definition
    if definition["kind"] == "screening" or len(responses) < 2:
        return ""
    top: float | None = None  # the outcome profile's fields have different ranges: fit the values
    if definition["kind"] == "sum":
        series = [(_("Total"), [float(r.total) if r.total is not None else None for r in responses])]
        top = definition["range"][1]
    else:
        series = [(i["text"], [r.answers.get(i["code"]) for r in responses]) for i in definition["items"]]
        if definition["kind"] == "domains":
            top = 1
    legend_rows = math.ceil(len(series) / 2) if len(series) > 1 else 0
    bottom = TICKS + LEGEND_ROW * legend_rows
    height = TOP + PLOT_HEIGHT + bottom
    fig = Figure(figsize=(WIDTH, height))
    fig.subplots_adjust(left=LEFT / WIDTH, right=1 - RIGHT / WIDTH, top=1 - TOP / height, bottom=bottom / height)
    ax = fig.subplots()
    days = [r.answered_on for r in responses]
    for n, (label, values) in enumerate(series):
        points = [(d, v) for d, v in zip(days, values, strict=True) if v is not None]
        if points:
            ax.plot(*zip(*points, strict=True), marker="o", label=label, color=COLOURS[n % len(COLOURS)])
    ax.set_ylim(bottom=0, top=top)
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_xticks(days, [f"{d:%d.%m.%y}" for d in days], rotation=30 if len(days) > 6 else 0)  # type: ignore[arg-type]
    if legend_rows:
        fig.legend(frameon=False, fontsize=8, ncols=2, loc="lower left", bbox_to_anchor=(LEFT / WIDTH, 0.02))
    out = io.StringIO()
    fig.savefig(out, format="svg", metadata={"Date": None})
    title = _("Chart: %(title)s over the course. The numbers are in the table.") % {"title": instrument.name}
    return presentation_attributes(out.getvalue()).replace("<svg ", f'<svg role="img" aria-label="{escape(title)}" ', 1)
