# SPDX-License-Identifier: AGPL-3.0-or-later
"""The names of exported files: what the file holds, whose figures (the scope) and the day it was
made, e.g. ``forebyggelse-faxe-2026-12-01.xlsx``, so two downloads of different scopes or days never
overwrite each other. ASCII only (æ, ø, å spelt out), so the name survives mail and file systems."""

from datetime import date

from django.utils.text import slugify

from forlob.common.dates import today

# slugify drops ø and æ (they do not decompose to a letter); the Danish spelling keeps the word.
_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def export_name(*parts: object, made_on: date | None = None) -> str:
    """The file name without its extension: the parts in order, then the day, e.g.
    ``export_name("Forebyggelse", "Faxe")`` → ``forebyggelse-faxe-2026-12-01``."""
    words = [slugify(str(part).translate(_DANISH)) for part in parts]
    return "-".join([*(word for word in words if word), (made_on or today()).isoformat()])
