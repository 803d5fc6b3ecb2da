# SPDX-License-Identifier: AGPL-3.0-or-later
"""The JSON API, /api/v1/: each app's router (``forlob/<app>/api.py``) mounted on one NinjaAPI,
behind token or session authentication, with one error shape (``forlob.api.errors``). The routers
call the same actions and scoped queries as the pages, so the same rules, refusals and access log
apply."""

from typing import Any

from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema
from ninja.operation import Operation
from ninja.security import django_auth

from forlob.accounts.api import router as accounts
from forlob.api import errors, openapi
from forlob.api.auth import TokenAuth
from forlob.appointments.api import router as appointments
from forlob.citizens.api import router as citizens
from forlob.competences.api import router as competences
from forlob.cooperation.api import router as cooperation
from forlob.coordination.api import router as coordination
from forlob.family.api import router as family
from forlob.followup.api import router as followup
from forlob.instruments.api import router as instruments
from forlob.kl12.api import router as kl12
from forlob.medical.api import router as medical
from forlob.organisations.api import router as organisations
from forlob.oversight.api import router as oversight
from forlob.prevention.api import router as prevention
from forlob.psychiatry.api import router as psychiatry
from forlob.registers.api import router as registers
from forlob.stats.api import router as stats
from forlob.stats.registration_api import router as stats_registration
from forlob.strategy.api import router as strategy
from forlob.treatment.api import router as treatment
from forlob.treatment.catalogue_api import router as catalogue


class ForlobAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Operation) -> str:
        """Named as when every operation lived in this module, so clients generated from the
        schema keep their method names as routers move between apps."""
        return f"{openapi.PREFIX}{operation.view_func.__name__}"

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        """The routers' schema with every status, the rules of ids and the links between operations."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        openapi.complete(schema)
        return schema


api = ForlobAPI(
    title="Forløb API",
    version="1",
    urls_namespace="api",
    auth=[TokenAuth(), django_auth],
    description=_(
        "Citizens, requests, visitation, courses, sessions, discharge, groups, household and consents, "
        "follow-up and statistics."
    ),
)
errors.install(api)

# In layer order; each router's paths are its own, so the order decides nothing.
for router in (
    organisations,
    citizens,
    treatment,
    catalogue,
    family,
    instruments,
    followup,
    competences,
    prevention,
    medical,
    appointments,
    cooperation,
    psychiatry,
    coordination,
    registers,
    oversight,
    stats,
    stats_registration,
    strategy,
    kl12,
    accounts,
):
    api.add_router("", router)
