from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "forlob.api"
    verbose_name = _("API")

    def ready(self) -> None:
        from forlob.api import signals  # noqa: F401  (connects the receivers)
