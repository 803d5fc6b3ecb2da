# SPDX-License-Identifier: AGPL-3.0-or-later
"""What an attached document must be: a PDF, a Word (DOCX) or an OpenDocument text (ODT) file of
at most ``MAX_BYTES``, whose content is what its name says. The content is looked at, not only
the name, so a program or anything else renamed to ``aftale.pdf`` is refused."""

import io
import zipfile

from django.utils.translation import gettext as _

from forlob.common.errors import refuse

MAX_BYTES = 10 * 1024 * 1024
MAX_NAME = 200

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
}
ODT_MIMETYPE = CONTENT_TYPES["odt"].encode()


def _is_pdf(content: bytes) -> bool:
    return content.startswith(b"%PDF-")


def _zip_names(content: bytes) -> list[str] | None:
    if not content.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, ValueError):
        return None


def _is_docx(content: bytes) -> bool:
    names = _zip_names(content)
    return names is not None and "[Content_Types].xml" in names and "word/document.xml" in names


def _is_odt(content: bytes) -> bool:
    # The OpenDocument format puts an uncompressed "mimetype" entry first, at a fixed offset.
    return content[30:38] == b"mimetype" and content[38 : 38 + len(ODT_MIMETYPE)] == ODT_MIMETYPE


CHECKS = {"pdf": _is_pdf, "docx": _is_docx, "odt": _is_odt}


def clean_name(name: str) -> str:
    """The file name without any folder, control character or quote, shortened to fit."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    kept = "".join(ch for ch in base if ch.isprintable() and ch not in '"<>|')
    stem, dot, extension = kept.strip().rpartition(".")
    if not dot:
        return kept.strip()[:MAX_NAME]
    return f"{stem[: MAX_NAME - len(extension) - 1]}.{extension}"


def check_document(name: str, content: bytes, field: str = "file") -> tuple[str, str]:
    """The cleaned name and the kind (pdf, docx, odt) of an acceptable document; refused at
    ``field`` otherwise: no name, an unknown kind, empty, too large, or not what the name says."""
    cleaned = clean_name(name)
    kind = cleaned.rpartition(".")[2].lower() if "." in cleaned else ""
    if not cleaned or kind not in CHECKS:
        raise refuse(field, _("Attach a PDF, DOCX or ODT file."), "file_type")
    if not content:
        raise refuse(field, _("The file is empty."), "empty_file")
    if len(content) > MAX_BYTES:
        raise refuse(
            field, _("The file is larger than %(mb)s MB.") % {"mb": MAX_BYTES // (1024 * 1024)}, "file_too_large"
        )
    if not CHECKS[kind](content):
        raise refuse(
            field,
            _("The file is not a real %(kind)s file, whatever its name says.") % {"kind": kind.upper()},
            "file_content",
        )
    return cleaned, kind
