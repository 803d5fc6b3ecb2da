# SPDX-License-Identifier: AGPL-3.0-or-later
"""The API keeps its contract, tried as an integrator would: schemathesis generates requests that
fit the OpenAPI document and requests that break it, for every operation, signed in as a leader with
every case role at a unit that has a citizen and a course, and runs all its checks on every answer:
no server error, answers that match their schema and declared statuses, schema-breaking requests
refused, schema-valid requests accepted. A schema-valid request may still be refused by a rule no
schema can state (a date in the future, an id that names nothing), but only with a 422 that names a
field the operation documents in ``x-business-rules``.

A fixed seed, so a run is repeatable; ``FORLOB_CONTRACT_SEED`` and ``FORLOB_CONTRACT_EXAMPLES``
change it (``bench/contract.py`` runs it with a random seed and more examples)."""

import os
from datetime import timedelta

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, given, seed
from hypothesis import settings as hypothesis_settings
from schemathesis import GenerationMode

from forlob.common.dates import today
from forlob.organisations.models import Role
from tests.api.contract import all_checks
from tests.conftest import make_user, new_citizen, new_course
from tests.test_api import token_for

SEED = int(os.environ.get("FORLOB_CONTRACT_SEED", "30"))
EXAMPLES = int(os.environ.get("FORLOB_CONTRACT_EXAMPLES", "4"))


@pytest.mark.django_db
def test_every_operation_keeps_its_contract(world, keep_the_test_connection, settings):  # type: ignore[no-untyped-def]
    settings.FORLOB_REFUSAL_LIMIT = 10**6  # refusals are what this test makes; 429 would hide the answers
    user = make_user(
        "integrator", world.faxe, Role.LEDER, Role.BEHANDLER, Role.VISITATOR, Role.FAMILIEKONSULENT, Role.ANALYTIKER
    )
    new_course(world, new_citizen(world, first_name="Kontrakt"), started_on=today() - timedelta(days=10))
    headers = {"Authorization": f"Bearer {token_for(user)}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    checks = all_checks()
    failures, operations, cases = [], 0, 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @seed(SEED)
            @given(case=operation.as_strategy(generation_mode=mode))
            @hypothesis_settings(
                max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck)
            )
            def check(case):  # type: ignore[no-untyped-def]
                nonlocal cases
                cases += 1
                case.call_and_validate(headers=headers, checks=checks)

            try:
                check()
            except (Exception, BaseExceptionGroup) as error:  # every operation is tried, every failure reported
                failures.append(f"{operation.label} ({mode.value}): {str(error)[:1500]}")
    print(f"API contract: {operations} operations, {cases} cases, {len(failures)} failing, seed {SEED}")
    assert operations >= 80
    assert not failures, "\n\n".join(failures)
