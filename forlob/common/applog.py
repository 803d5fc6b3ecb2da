# SPDX-License-Identifier: AGPL-3.0-or-later
"""The application log for operations: one structured line per write, refusal and security event.

It never holds person data: model names, row ids, user and unit ids, error codes and field names,
never a value that was typed or stored. The access log and history (in the database) are the
record of who saw and changed what; this log is what an operator follows in the server's output."""

import logging
from typing import Any

from django.core.exceptions import ValidationError

logger = logging.getLogger("forlob.events")


def event(name: str, **fields: Any) -> None:
    """One line: the event's name and its fields (as JSON when the JSON formatter is configured)."""
    logger.info(name, extra={"event": name, **fields})


def refused(error: ValidationError, *, via: str) -> None:
    """An action refused its input: which fields and which rule, not what was typed."""
    if hasattr(error, "error_dict"):
        fields = sorted(error.error_dict)
        errors = [item for items in error.error_dict.values() for item in items]
    else:
        fields, errors = [], error.error_list
    event("refused", via=via, fields=fields, codes=sorted({item.code or "invalid" for item in errors}))


def history_written(sender: type, instance: Any, history_instance: Any, **kwargs: Any) -> None:
    """Every action keeps history, so a history row is the one place every write passes."""
    event(
        "write",
        model=instance._meta.label_lower,
        object_id=instance.pk,
        change=history_instance.history_type,
        user_id=history_instance.history_user_id,
    )
