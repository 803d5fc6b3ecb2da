from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "forlob.audit"
    verbose_name = _("Audit")

    def ready(self) -> None:
        from simple_history.signals import post_create_historical_record

        from forlob.common import applog, lengths

        lengths.connect()
        post_create_historical_record.connect(applog.history_written, dispatch_uid="forlob-applog-write")
