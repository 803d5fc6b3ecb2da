# SPDX-License-Identifier: AGPL-3.0-or-later
"""A part of a page drawn by another app. A page's app defines a hook (a list in its hooks.py);
the apps above it append functions that return sections, so the page shows them without
importing those apps."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from django.http import HttpRequest
from django.template.loader import render_to_string


@dataclass(frozen=True)
class Section:
    """The template that draws the part and the values it reads; where it goes on the page (in a
    summary list of ``<dt>``/``<dd>`` rows, or as a section of its own) and in which order."""

    template: str
    context: Mapping[str, object] = field(default_factory=dict)
    place: Literal["summary", "body"] = "body"
    order: int = 0


def render_sections(
    request: HttpRequest, sections: Iterable[Section | None], forms: Mapping[str, object] | None = None
) -> dict[str, list[str]]:
    """The sections' HTML by place, in order (a hook's None shows nothing). ``forms``: a form
    posted from a section and refused, with the user's input and the reasons, drawn in place of
    the section's empty one (each section reads the forms by its own names)."""
    placed: dict[str, list[str]] = {"summary": [], "body": []}
    for section in sorted(filter(None, sections), key=lambda section: section.order):
        context = {**section.context, **(forms or {})}
        placed[section.place].append(render_to_string(section.template, context, request))
    return placed
