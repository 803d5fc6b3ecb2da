# SPDX-License-Identifier: AGPL-3.0-or-later
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "forlob.stats"
    verbose_name = _("Statistics")

    def ready(self) -> None:
        # Imported here, once the apps are loaded: the sections read followup's models.
        from forlob.followup import hooks
        from forlob.stats.precompute import after_import
        from forlob.stats.sections import unit_reach_rate
        from forlob.treatment.hooks import courses_imported

        if unit_reach_rate not in hooks.unit_worklist_sections:
            hooks.unit_worklist_sections.append(unit_reach_rate)
        courses_imported.connect(after_import, dispatch_uid="stats.precompute.after_import")
