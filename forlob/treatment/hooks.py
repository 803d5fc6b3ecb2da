# SPDX-License-Identifier: AGPL-3.0-or-later
"""Where apps above treatment take part in the treatment chain. Treatment may not import them, so
each registers its functions here in its ``AppConfig.ready()`` and the import points down."""

from collections.abc import Callable
from datetime import date

from django.db.models import QuerySet

from forlob.common.sections import Section
from forlob.organisations.access import Actor
from forlob.treatment.journal import Source
from forlob.treatment.models import Course

# Called with the course just discharged, inside the discharge's transaction: an exception
# rolls the discharge back. (Follow-up plans its tasks here.)
course_discharged: list[Callable[[Course], object]] = []

# Annotations added to the courses on the course page and on "Mit overblik", given the day they
# are shown for. (Family adds the children under 18 in the household.)
course_annotations: list[Callable[[QuerySet[Course], date], QuerySet[Course]]] = []

# What the course page shows from other apps (follow-ups, measurements); None shows nothing.
course_page_sections: list[Callable[[Course], Section | None]] = []

# What "Mit overblik" shows from other apps, below the date (the follow-ups due).
overview_sections: list[Callable[[Actor, date], Section | None]] = []

# The entries other apps add to the journal (measurements, consents, follow-up attempts), each
# made with ``journal.journal_rows``.
journal_sources: list[Source] = []
