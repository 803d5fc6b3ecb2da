# SPDX-License-Identifier: AGPL-3.0-or-later
"""gunicorn's access log without the values in query strings. An address may carry what must
never be written to a log file, a CPR number typed into the address bar above all: Forløb refuses
such a request (forlob/accounts/middleware.py), but gunicorn would still log its request line and
referrer verbatim. scripts/serve.sh passes ``--logger-class forlob.common.serverlog.MaskedQueryLogger``.
"""

import re
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from gunicorn.glogging import Logger

# A parameter's name is kept when it is a plain word (no digits, no escapes); anything else is
# masked like a value.
PLAIN_NAME = re.compile(r"[A-Za-z_.\[\]-]*")
MASK = "*"


def _masked_part(part: str) -> str:
    name, equals, _value = part.partition("=")
    return (name if PLAIN_NAME.fullmatch(name) else MASK) + (equals + MASK if equals else "")


def masked_query(query: str) -> str:
    """``q=010180-1234&side=2`` becomes ``q=*&side=*``."""
    return "&".join(_masked_part(part) for part in query.split("&")) if query else query


def masked_address(address: str) -> str:
    """An address (a request target or a referrer) with its query masked."""
    path, question, query = address.partition("?")
    return path + question + masked_query(query)


# Where gunicorn's access log reads the request target, query and referrer from the environment.
ENVIRON_MASKS = {"RAW_URI": masked_address, "QUERY_STRING": masked_query, "HTTP_REFERER": masked_address}


class MaskedQueryLogger(Logger):
    """The access log's atoms (request line, query, referrer, and the same read from the
    environment or the headers) are built from a request whose query values are masked."""

    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: timedelta) -> dict[str, Any]:
        masked = dict(environ)
        for key, mask in ENVIRON_MASKS.items():
            if isinstance(masked.get(key), str):
                masked[key] = mask(masked[key])
        headers: Iterable[tuple[str, str]] = getattr(req, "headers", req)
        if hasattr(headers, "items"):
            headers = headers.items()
        shown = [(name, masked_address(value) if name.lower() == "referer" else value) for name, value in headers]
        return super().atoms(resp, shown, masked, request_time)
