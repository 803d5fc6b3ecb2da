# SPDX-License-Identifier: AGPL-3.0-or-later
"""The history chart of an instrument repeated over a course: the total (AUDIT, DUDIT), or one
line per area or field (ASI, outcome profile), by date. SVG, like the statistics charts."""

import hashlib
import io
from collections.abc import Sequence

from django.core.cache import cache
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from forlob.instruments.models import Instrument, Response
from forlob.stats.charts import COLOURS, presentation_attributes

CACHE_SECONDS = 24 * 3600


def history_svg(instrument: Instrument, responses: Sequence[Response]) -> str:
    """Empty for a screening (no numbers) or with fewer than two measurements. A chart is kept in
    the cache under a digest of what it draws: drawing takes about 60 ms, the rest of the course
    page about 20."""
    drawn = repr([instrument.pk, get_language(), *((r.answered_on, r.total, r.answers) for r in responses)])
    key = "instrument-history:" + hashlib.sha256(drawn.encode()).hexdigest()
    svg = cache.get(key)
    if svg is None:
        svg = _draw(instrument, responses)
        cache.set(key, svg, CACHE_SECONDS)
    return svg


def _draw(instrument: Instrument, responses: Sequence[Response]) -> str:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

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
    plt.rcParams.update({"svg.fonttype": "none", "font.family": "sans-serif", "font.size": 9})
    fig, ax = plt.subplots(figsize=(7.5, 3), layout="constrained")
    days = [r.answered_on for r in responses]
    for n, (label, values) in enumerate(series):
        points = [(d, v) for d, v in zip(days, values, strict=True) if v is not None]
        if points:
            ax.plot(*zip(*points, strict=True), marker="o", label=label, color=COLOURS[n % len(COLOURS)])
    ax.set_ylim(bottom=0, top=top)
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_xticks(days, [f"{d:%d.%m.%y}" for d in days], rotation=30 if len(days) > 6 else 0)  # type: ignore[arg-type]
    if len(series) > 1:
        ax.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1, 1))
    out = io.StringIO()
    fig.savefig(out, format="svg", metadata={"Date": None})
    plt.close(fig)
    title = _("Chart: %(title)s over the course. The numbers are in the table.") % {"title": instrument.name}
    return presentation_attributes(out.getvalue()).replace("<svg ", f'<svg role="img" aria-label="{escape(title)}" ', 1)
