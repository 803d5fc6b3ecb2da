# SPDX-License-Identifier: AGPL-3.0-or-later
"""Every PDF of Forløb: an HTML template printed by WeasyPrint, with the design system's IBM Plex
Sans embedded. The font has every letter of the names a Danish municipality meets (Łukasz, Ağa,
Nguyễn), whatever fonts the server has installed; templates name it as "IBM Plex Sans"."""

from collections.abc import Mapping
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

FONTS = "dkfds/fonts/IBMPlexSans/complete/woff"
# (font-weight, font-style, file)
FACES = (
    ("normal", "normal", "IBMPlexSans-Regular.woff"),
    ("bold", "normal", "IBMPlexSans-Bold.woff"),
    ("normal", "italic", "IBMPlexSans-Italic.woff"),
    ("bold", "italic", "IBMPlexSans-BoldItalic.woff"),
)


def font_faces() -> str:
    """The ``@font-face`` rules of the embedded font, from the static files (none if missing: the
    template's fallback fonts are then used)."""
    rules = []
    for weight, style, name in FACES:
        found = finders.find(f"{FONTS}/{name}")
        if found:
            uri = Path(str(found)).as_uri()
            rules.append(
                f'@font-face {{ font-family: "IBM Plex Sans"; font-weight: {weight}; font-style: {style}; '
                f'src: url("{uri}"); }}'
            )
    return "\n".join(rules)


def render_pdf(template_name: str, context: Mapping[str, object]) -> bytes:
    """The template rendered with ``context`` and printed as a PDF, the font embedded."""
    # WeasyPrint loads Pango and its fonts on import: only the processes that print pay for it.
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    stylesheet = CSS(string=font_faces(), font_config=fonts)
    return HTML(string=render_to_string(template_name, dict(context))).write_pdf(
        stylesheets=[stylesheet], font_config=fonts
    )
