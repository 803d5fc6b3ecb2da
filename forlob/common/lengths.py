# SPDX-License-Identifier: AGPL-3.0-or-later
"""Text longer than its column is refused with a Danish message naming the field, on every save
of a Forløb model, before the database sees it: SQLite would store it whole, PostgreSQL would
refuse it with an error the user cannot read. Forms check the same limits first."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import pre_save
from django.utils.translation import gettext as _


def refuse_overlong_text(sender: type[models.Model], instance: models.Model, **kwargs: object) -> None:
    if not sender.__module__.startswith("forlob."):
        return
    errors = {}
    for field in sender._meta.concrete_fields:
        if isinstance(field, models.CharField) and field.max_length:
            value = getattr(instance, field.attname)
            if isinstance(value, str) and len(value) > field.max_length:
                errors[field.name] = ValidationError(
                    _("Write at most %(limit)s characters (it has %(length)s).")
                    % {"limit": field.max_length, "length": len(value)},
                    code="max_length",
                )
    if errors:
        raise ValidationError(errors)


def connect() -> None:
    pre_save.connect(refuse_overlong_text, dispatch_uid="forlob.refuse_overlong_text")
