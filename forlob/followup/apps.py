# SPDX-License-Identifier: AGPL-3.0-or-later
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowUpConfig(AppConfig):
    name = "forlob.followup"
    verbose_name = _("Follow-up after treatment")

    def ready(self) -> None:
        from forlob.family import hooks as family_hooks
        from forlob.followup import treatment_pages
        from forlob.followup.actions import cancel_for_withdrawn_consent, plan_follow_ups
        from forlob.followup.queries import JOURNAL_ATTEMPTS
        from forlob.treatment import hooks as treatment_hooks

        treatment_hooks.course_discharged.append(plan_follow_ups)
        treatment_hooks.course_page_sections.append(treatment_pages.course_follow_ups)
        treatment_hooks.overview_sections.append(treatment_pages.due_follow_ups)
        treatment_hooks.journal_sources.append(JOURNAL_ATTEMPTS)
        family_hooks.follow_up_consent_withdrawn.append(cancel_for_withdrawn_consent)
