# SPDX-License-Identifier: AGPL-3.0-or-later
"""The citizen's insight into the access log ("Indsigt i adgangslog") as a PDF: when their data
was used, from which unit, how and for what purpose. Staff are named only where the setting
``FORLOB_INSIGHT_SHOWS_STAFF`` says the law in force requires it."""

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from forlob.audit.models import AccessLogEntry
from forlob.citizens.models import Citizen

# The design system's IBM Plex Sans, embedded in the PDF: it has every letter of the names a
# Danish municipality meets (Łukasz, Ağa, Nguyễn), whatever fonts the server has installed.
FONTS = "dkfds/fonts/IBMPlexSans/complete/woff"


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


def _font(name: str) -> str:
    found = finders.find(f"{FONTS}/{name}")
    return Path(str(found)).as_uri() if found else ""


def insight_pdf(citizen: Citizen) -> bytes:
    from weasyprint import HTML

    headings = [_("Time"), _("Unit"), _("Type of use"), _("Purpose")]
    if settings.FORLOB_INSIGHT_SHOWS_STAFF:
        headings.append(_("Staff member"))
    html = render_to_string(
        "audit/insight_pdf.html",
        {
            "lines": [
                _("Citizen: %(name)s") % {"name": citizen.display_name},
                _("Produced: %(time)s") % {"time": timezone.localtime().strftime("%d.%m.%Y %H:%M")},
                _("Every use of your data in Forløb is logged. The list shows when, from which unit, how and why."),
            ],
            "headings": headings,
            "rows": insight_rows(citizen),
            "regular": _font("IBMPlexSans-Regular.woff"),
            "bold": _font("IBMPlexSans-Bold.woff"),
        },
    )
    return HTML(string=html).write_pdf()
