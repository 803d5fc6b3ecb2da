# SPDX-License-Identifier: AGPL-3.0-or-later
from django.contrib import admin
from django.urls import include, path

from forlob.api.routes import api
from forlob.common import health

handler400 = "forlob.common.error_pages.bad_request"
handler403 = "forlob.common.error_pages.permission_denied"
handler404 = "forlob.common.error_pages.page_not_found"
handler500 = "forlob.common.health.server_error"

urlpatterns = [
    *health.urlpatterns,
    path("", include("forlob.treatment.urls")),
    path("borgere/", include("forlob.citizens.urls")),
    path("", include("forlob.accounts.urls")),
    path("", include("forlob.oversight.urls")),
    path("", include("forlob.family.urls")),
    path("", include("forlob.followup.urls")),
    path("", include("forlob.instruments.urls")),
    path("", include("forlob.prevention.urls")),
    path("", include("forlob.competences.urls")),
    path("", include("forlob.medical.urls")),
    path("", include("forlob.appointments.urls")),
    path("", include("forlob.cooperation.urls")),
    path("", include("forlob.psychiatry.urls")),
    path("", include("forlob.coordination.urls")),
    path("", include("forlob.registers.urls")),
    path("", include("forlob.strategy.urls")),
    path("", include("forlob.kl12.urls")),
    path("", include("forlob.organisations.urls")),
    path("", include("forlob.treatment.public")),
    path("", include("forlob.stats.urls")),
    path("api/v1/", api.urls),
    path("api-noegler/", include("forlob.api.urls")),
    path("admin/", admin.site.urls),
]
