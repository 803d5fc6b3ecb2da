# SPDX-License-Identifier: AGPL-3.0-or-later
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forlob.settings")
application = get_wsgi_application()
# Every view and what it imports (matplotlib among them) is loaded as the worker starts rather
# than by its first request, which otherwise waited half a second for the imports.
get_resolver().url_patterns  # noqa: B018
