# SPDX-License-Identifier: AGPL-3.0-or-later
"""Scoring: one function for every instrument definition (definitions/*.json).

The rule for missing answers is explicit per kind and never gives a silent wrong total:
- sum (AUDIT, AUDIT-C, DUDIT): every item must be answered, or nothing is saved;
- domains (ASI): an area not assessed stays empty; at least one area is needed; no total;
- screening (KL's basisscreener): every area gets positive, negative or not assessed, and a
  positive screening needs the follow-up action;
- profile: every field unless the definition marks it ``"required": false``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Scored:
    answers: dict[str, Any]
    total: Decimal | None
    band: str
    band_label: str
    action: str = ""


def bands_for(definition: Mapping[str, Any], sex: str) -> list[dict[str, Any]]:
    bands = definition.get("bands", {})
    return list(bands.get(sex) or bands.get("*") or [])


def band_of(definition: Mapping[str, Any], total: int, sex: str) -> dict[str, Any]:
    for band in bands_for(definition, sex):
        if band["min"] <= total <= band["max"]:
            return band
    raise ValueError(f"{definition['code']}: no band holds {total}")


def critical_options(definition: Mapping[str, Any], answers: Mapping[str, object]) -> list[tuple[str, str]]:
    """The answers the definition marks critical (an option with ``"critical": true``, such as a
    positive suicide risk), as (item text, option label), in the order of the items."""
    return [
        (item["text"], option["label"])
        for item in definition["items"]
        for option in item.get("options", [])
        if option.get("critical") and answers.get(item["code"]) == option["value"]
    ]


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def score(definition: Mapping[str, Any], answers: Mapping[str, object], sex: str, action: str = "") -> Scored:
    """Check and score the answers; raises a ValidationError naming every item in error."""
    errors: dict[str, str] = {}
    kind = definition["kind"]
    cleaned: dict[str, Any] = {}
    for item in definition["items"]:
        code, value = item["code"], _text(answers.get(item["code"]))
        if "options" in item:
            if not value:
                errors[code] = _("Answer this question.")
            elif value not in {o["value"] for o in item["options"]}:
                errors[code] = _("Choose one of the answers.")
            else:
                cleaned[code] = value
            continue
        if not value:
            if kind == "profile" and item.get("required", True):
                errors[code] = _("Fill in this field.")
            cleaned[code] = None
            continue
        try:
            number = Decimal(value.replace(",", "."))
        except InvalidOperation:
            errors[code] = _("Enter a number.")
            continue
        decimals = int(item.get("decimals", 0))
        if not number.is_finite() or not item["min"] <= number <= item["max"]:
            errors[code] = _("Enter a number from %(min)s to %(max)s.") % {"min": item["min"], "max": item["max"]}
        elif number != round(number, decimals):
            errors[code] = (
                _("Enter a whole number.") if decimals == 0 else _("Enter at most %(n)s decimals.") % {"n": decimals}
            )
        else:
            cleaned[code] = int(number) if decimals == 0 else float(number)
    for item in definition["items"]:
        limit = item.get("at_most")
        number_given = cleaned.get(item["code"])
        if limit and number_given is not None and cleaned.get(limit) is not None and number_given > cleaned[limit]:
            other = next(i["text"] for i in definition["items"] if i["code"] == limit)
            errors[item["code"]] = _("Cannot be more than: %(other)s.") % {"other": other}
    if kind == "domains" and not errors and all(v is None for v in cleaned.values()):
        errors[definition["items"][0]["code"]] = _("Fill in at least one area.")
    if errors:
        raise ValidationError({code: ValidationError(message, code="invalid") for code, message in errors.items()})

    if kind == "sum":
        points = {(i["code"], o["value"]): o["points"] for i in definition["items"] for o in i["options"]}
        total = sum(points[(code, value)] for code, value in cleaned.items())
        band = band_of(definition, total, sex)
        return Scored(cleaned, Decimal(total), band["code"], band["label"])
    if kind == "screening":
        positive = any(value == "positive" for value in cleaned.values())
        band = bands_for(definition, sex)[1 if positive else 0]
        actions = {a["value"] for a in definition.get("actions", [])}
        if action and action not in actions:
            raise ValidationError({"action": ValidationError(_("Choose one of the actions."), code="invalid")})
        if positive and not action:
            raise ValidationError(
                {"action": ValidationError(_("Choose what was done after the positive screening."), code="required")}
            )
        return Scored(cleaned, None, band["code"], band["label"], action or "none")
    return Scored(cleaned, None, "", "")
