# SPDX-License-Identifier: AGPL-3.0-or-later
"""The checks of the API contract, shared by the suite's contract test and the random run in
``bench/contract.py``: all of schemathesis's, with its positive data acceptance narrowed by one
rule of this API. A schema-valid request may still be refused by a rule no schema can state (a date
in the future, an id that names nothing), but only with a 422 whose every error names a field the
operation documents in ``x-business-rules`` (or is named as that rule's errors are)."""

import re

from schemathesis.checks import CHECKS, load_all_checks
from schemathesis.specs.openapi.checks import positive_data_acceptance


def documented(field: str | None, listed: list[dict[str, str]]) -> bool:
    """Whether an error's field is one a rule names, or is named as that rule's errors are."""
    top = field.split(".")[0] if field else None
    return any(
        rule["field"] == top or bool(field and re.fullmatch(rule.get("errors-named", "(?!)"), field)) for rule in listed
    )


def documented_rules(ctx, response, case):  # type: ignore[no-untyped-def]
    """Schemathesis's positive data acceptance, except for a 422 that names only documented rules."""
    meta = case.meta
    if response.status_code == 422 and meta is not None and meta.generation.mode.is_positive:
        listed = case.operation.definition.raw.get("x-business-rules", [])
        if all(documented(item["field"], listed) for item in response.json()["detail"]):
            return True
    return positive_data_acceptance(ctx, response, case)


def all_checks() -> list:  # type: ignore[type-arg]
    load_all_checks()
    checks = [check for check in CHECKS.get_all() if check is not positive_data_acceptance]
    return [*checks, documented_rules]
