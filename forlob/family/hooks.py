# SPDX-License-Identifier: AGPL-3.0-or-later
"""Where apps above family react to it. Family may not import them, so each registers its
functions here in its ``AppConfig.ready()`` and the import points down."""

from collections.abc import Callable
from datetime import date

# Called with the citizen's id and the day when their consent to follow-up contact stops counting,
# inside the withdrawal's transaction: an exception rolls the withdrawal back. (Follow-up cancels
# the open tasks that needed the consent.)
follow_up_consent_withdrawn: list[Callable[[int, date], object]] = []
