# SPDX-License-Identifier: AGPL-3.0-or-later
"""Hooks through which apps above followup add to its pages, so that followup imports none of
them: each such app appends its function in its ``AppConfig.ready()``."""

from collections.abc import Callable
from datetime import date

from forlob.common.sections import Section

# Sections below a unit's worklist: each function is given the unit's id and today (None shows
# nothing). The statistics add the unit's reach rate.
unit_worklist_sections: list[Callable[[int, date], Section | None]] = []
