# SPDX-License-Identifier: AGPL-3.0-or-later
"""Where apps above treatment take part in the treatment chain. Treatment may not import them, so
each registers its functions here in its ``AppConfig.ready()`` and the import points down."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.dispatch import Signal
from django.http import QueryDict

from forlob.common.forms import DkfdsForm
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


# The stages of a course whose forms take parts: the course form at intake, the discharge form.
INTAKE_STAGE = "intake"
DISCHARGE_STAGE = "discharge"


@dataclass(frozen=True)
class FormPart:
    """Questions another app asks inside treatment's own forms: the course form at intake
    (``course`` None, the request's legal basis given) and the discharge form. ``form`` makes the
    part for a stage from the posted data, or None when it has nothing to ask; ``save`` writes the
    answers through the app's own action, inside the transaction of treatment's action, so the
    course and its answers are saved together or not at all."""

    form: Callable[[str, Course | None, str, QueryDict | None], DkfdsForm | None]
    save: Callable[[Actor, Course, DkfdsForm], object]


form_parts: list[FormPart] = []


# Sent once an import of historical courses is committed, with ``unit_ids``: the units whose
# courses it added. (Statistics suppress those units' tables again before anyone opens them.)
courses_imported = Signal()
