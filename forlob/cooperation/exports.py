# SPDX-License-Identifier: AGPL-3.0-or-later
"""The list of agreements as CSV and XLSX, with the filters the list was shown with."""

from collections.abc import Iterable, Iterator
from datetime import date

from django.http import HttpResponseBase
from django.utils.translation import gettext as _

from forlob.common.exports import XLSX, csv_response, export_name, file_response, xlsx_table
from forlob.cooperation.models import Agreement, PartnerKind


def _day(value: date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


def header() -> list[str]:
    return [
        _("Municipality"),
        _("Title"),
        _("Partner kind"),
        _("Partner"),
        _("Status"),
        _("Agreed on"),
        _("Valid from"),
        _("Valid to"),
        _("Review date"),
        _("Our contact people"),
        _("The partner's contacts"),
        _("Documents"),
    ]


def rows(agreements: Iterable[Agreement], day: date) -> Iterator[list[object]]:
    for a in agreements:
        contacts = "; ".join(
            ", ".join(part for part in (c.name, c.role, c.phone, c.email) if part) for c in a.contacts.all()
        )
        yield [
            a.municipality.name,
            a.title,
            PartnerKind(a.partner_kind).label,
            a.partner_name,
            a.status(day).label,
            _day(a.agreed_on),
            _day(a.valid_from),
            _day(a.valid_to),
            _day(a.review_on),
            "; ".join(u.get_full_name() or u.username for u in a.responsible.all()),
            contacts,
            getattr(a, "document_count", 0),
        ]


def download(agreements: list[Agreement], day: date, fmt: str) -> HttpResponseBase:
    notes = [_("Status on %(day)s.") % {"day": _day(day)}]
    name = export_name(_("Cooperation agreements"))
    if fmt == "xlsx":
        content = xlsx_table(str(_("Cooperation agreements")), header(), rows(agreements, day), notes)
        return file_response(content, f"{name}.xlsx", XLSX)
    return csv_response(f"{name}.csv", header(), rows(agreements, day), notes)
