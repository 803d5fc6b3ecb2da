# SPDX-License-Identifier: AGPL-3.0-or-later
"""Django's admin app, with Forløb's own site (loaded once the models are ready)."""

from django.contrib.admin.apps import AdminConfig


class ForlobAdminConfig(AdminConfig):
    default_site = "forlob.organisations.admin_site.ForlobAdminSite"
