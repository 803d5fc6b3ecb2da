# SPDX-License-Identifier: AGPL-3.0-or-later
"""What every chart of Forløb shares: the colours, text kept as text in the page's sans-serif,
SVG the page's Content-Security-Policy accepts, and the shared cache of drawn charts. Used by the
statistics, the instruments' history and the strategy report alike."""

import hashlib
import logging
import re
from collections.abc import Callable

import matplotlib
from django.core.cache import cache

logger = logging.getLogger(__name__)

# Text stays text in the SVG, in the page's sans-serif; set once for every chart of the process.
matplotlib.rcParams.update({"svg.fonttype": "none", "font.family": "sans-serif", "font.size": 9})

# Okabe and Ito's palette, told apart with every common colour-vision deficiency, starting with a
# blue close to the design system's; beyond eight series the colours repeat with a hatch.
COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
HATCHES = ("", "//", "..", "xx")


def presentation_attributes(svg: str) -> str:
    """matplotlib styles its SVG with ``style`` attributes and a ``<style>`` element, which the
    page's Content-Security-Policy rightly refuses inline. Write each declaration as an SVG
    presentation attribute instead (``fill="#0059b3"``), which needs no exception."""
    svg = re.sub(r"<style[^>]*>.*?</style>|<metadata>.*?</metadata>", "", svg[svg.index("<svg") :], flags=re.S)

    def attributes(match: re.Match[str]) -> str:
        out = []
        for declaration in match.group(1).split(";"):
            name, _colon, value = (part.strip() for part in declaration.partition(":"))
            if name == "font":  # "9px 'DejaVu Sans'"
                size, _space, family = value.partition(" ")
                out += [f'font-size="{size}"', f'font-family="{family}"']
            elif name:
                out.append(f'{name}="{value}"')
        return " ".join(out)

    return re.sub(r'style="([^"]*)"', attributes, svg)


# A chart is kept a day; the same data and labels give the same chart, so it is never stale.
CACHE_SECONDS = 24 * 3600


def cached_svg(kind: str, drawn: object, draw: Callable[[], str]) -> str:
    """The chart of ``drawn`` (its data, labels and language: everything that decides the picture)
    from Django's cache, shared by every worker (FORLOB_CACHE_URL); drawn by ``draw`` and kept when
    it is not there. The key is a digest, so no count or label is readable in the cache. A cache
    that does not answer (Redis restarting) costs a drawing, never the page."""
    key = f"{kind}:" + hashlib.sha256(repr(drawn).encode()).hexdigest()
    try:
        svg = cache.get(key)
    except Exception:  # any backend's error: Redis's own, or a full disk under var/cache
        logger.warning("chart cache unavailable", exc_info=True)
        return draw()
    if svg is None:
        svg = draw()
        try:
            cache.set(key, svg, CACHE_SECONDS)
        except Exception:
            logger.warning("chart cache unavailable", exc_info=True)
    return svg
