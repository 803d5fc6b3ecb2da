# SPDX-License-Identifier: AGPL-3.0-or-later
"""The citizen's insight into the access log ("Indsigt i adgangslog") as a PDF: when their data
was used, from which unit, how and for what purpose. Staff are named only where the setting
``FORLOB_INSIGHT_SHOWS_STAFF`` says the law in force requires it."""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from forlob.audit.models import AccessLogEntry
from forlob.citizens.models import Citizen
from forlob.common.pdf import render_pdf


def insight_rows(citizen: Citizen) -> list[list[str]]:
    show_staff = settings.FORLOB_INSIGHT_SHOWS_STAFF
    rows = []
    for entry in AccessLogEntry.objects.filter(citizen=citizen).select_related("unit", "user").order_by("at"):
        row = [
            timezone.localtime(entry.at).strftime("%d.%m.%Y %H:%M"),
            entry.unit.name if entry.unit else "-",
            str(entry.get_use_display()),
            entry.purpose or _("Treatment and case work"),
        ]
        if show_staff:
            row.append(entry.user.get_full_name() or entry.user.username)
        rows.append(row)
    return rows


def insight_pdf(citizen: Citizen) -> bytes:
    headings = [_("Time"), _("Unit"), _("Type of use"), _("Purpose")]
    if settings.FORLOB_INSIGHT_SHOWS_STAFF:
        headings.append(_("Staff member"))
    return render_pdf(
        "audit/insight_pdf.html",
        {
            "lines": [
                _("Citizen: %(name)s") % {"name": citizen.display_name},
                _("Produced: %(time)s") % {"time": timezone.localtime().strftime("%d.%m.%Y %H:%M")},
                _("Every use of your data in Forløb is logged. The list shows when, from which unit, how and why."),
            ],
            "headings": headings,
            "rows": insight_rows(citizen),
        },
    )
