# SPDX-License-Identifier: AGPL-3.0-or-later
"""The citizen's insight into the access log ("Indsigt i adgangslog") as a PDF: when their data
was used, from which unit, how and for what purpose. Staff are named only where the setting
``FORLOB_INSIGHT_SHOWS_STAFF`` says the law in force requires it."""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.fonts import FontFace

from forlob.audit.models import AccessLogEntry
from forlob.citizens.models import Citizen


def _latin1(text: str) -> str:
    """The PDF's core font covers Latin-1 (Danish included); anything else becomes '?'."""
    return text.replace("–", "-").replace("…", "...").encode("latin-1", "replace").decode("latin-1")


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
    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_title(_latin1(_("Insight into the access log")))
    pdf.set_creator("Forløb")
    pdf.add_page()
    pdf.set_font("helvetica", "B", 16)
    pdf.cell(text=_latin1(_("Insight into the access log")), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", size=10)
    lines = [
        _("Citizen: %(name)s") % {"name": citizen.display_name},
        _("Produced: %(time)s") % {"time": timezone.localtime().strftime("%d.%m.%Y %H:%M")},
        _("Every use of your data in Forløb is logged. The list shows when, from which unit, how and why."),
    ]
    for line in lines:
        pdf.multi_cell(w=0, text=_latin1(line), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    headings = [_("Time"), _("Unit"), _("Type of use"), _("Purpose")]
    widths = [32, 70, 45, 90]
    if settings.FORLOB_INSIGHT_SHOWS_STAFF:
        headings.append(_("Staff member"))
        widths = [32, 60, 40, 80, 55]
    rows = insight_rows(citizen)
    with pdf.table(col_widths=widths, headings_style=FontFace(emphasis="BOLD"), line_height=5) as table:
        table.row([_latin1(h) for h in headings])
        for row in rows:
            table.row([_latin1(value) for value in row])
    if not rows:
        pdf.cell(text=_latin1(_("No use of the data has been logged.")))
    return bytes(pdf.output())
