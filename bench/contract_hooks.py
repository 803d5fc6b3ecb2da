# SPDX-License-Identifier: AGPL-3.0-or-later
"""Schemathesis hooks for bench/contract.py (SCHEMATHESIS_HOOKS=contract_hooks): the API's one
narrowing of positive data acceptance, as in the suite's contract test (tests/api/contract.py)."""

import schemathesis

from tests.api.contract import documented_rules

schemathesis.check(documented_rules)
