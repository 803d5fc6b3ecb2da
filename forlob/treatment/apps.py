from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TreatmentConfig(AppConfig):
    name = "forlob.treatment"
    verbose_name = _("Treatment")

    def ready(self) -> None:
        from forlob.citizens import hooks
        from forlob.treatment import citizen_page

        hooks.citizen_page_sections.append(citizen_page.sections)
        hooks.new_citizen_origins.append(citizen_page.contact_origin)
