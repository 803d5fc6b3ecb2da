# SPDX-License-Identifier: AGPL-3.0-or-later
"""System to system: a month's submission sent as JSON to the register's receiving endpoint
(``FORLOB_REGISTER_ENDPOINTS``, the token from ``FORLOB_REGISTER_TOKEN`` as a Bearer header),
the receipt read from the answer. Every failure is a refusal with a Danish message, so the action
around it saves nothing."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from forlob.common.errors import refuse

TIMEOUT_SECONDS = 30


def endpoint(register: str) -> str:
    """The register's receiving endpoint, or "" when the submission is made as a file only."""
    return settings.FORLOB_REGISTER_ENDPOINTS.get(register, "")


def _detail(body: bytes) -> str:
    """What the register said about a refusal: its JSON "message" or "detail", else the text."""
    text = body.decode("utf-8", "replace").strip()
    try:
        answer = json.loads(text)
    except ValueError:
        return text[:300]
    if isinstance(answer, dict):
        return str(answer.get("message") or answer.get("detail") or text)[:300]
    return text[:300]


def send(register: str, payload: dict[str, Any]) -> str:
    """POST the submission; the register's receipt, or a refusal saying why it was not received."""
    url = endpoint(register)
    if not url:
        raise refuse("channel", _("No system-to-system connection is set up for this register."), "no_endpoint")
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if settings.FORLOB_REGISTER_TOKEN:
        headers["Authorization"] = f"Bearer {settings.FORLOB_REGISTER_TOKEN}"
    request = urllib.request.Request(  # noqa: S310 - the URL is the operator's own setting
        url, data=json.dumps(payload).encode("utf-8"), headers=headers, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            body = response.read()
    except urllib.error.HTTPError as error:
        message = _("The register refused the submission (%(status)s): %(detail)s")
        raise refuse(
            "channel", message % {"status": error.code, "detail": _detail(error.read())}, "not_received"
        ) from None
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        message = _(
            "The register could not be reached (%(reason)s). Nothing was sent; try again later or send the file."
        )
        raise refuse("channel", message % {"reason": reason}, "unreachable") from None
    try:
        receipt = json.loads(body.decode("utf-8")).get("receipt")
    except (ValueError, AttributeError):
        receipt = None
    if not receipt:
        message = _("The register's answer held no receipt, so the submission is not counted as received.")
        raise refuse("channel", message, "no_receipt")
    return str(receipt)[:300]
