# SPDX-License-Identifier: AGPL-3.0-or-later
"""The shipped instruments, one JSON file each (docs/instruments.md describes the format).

After every migrate, each file's (code, version) that is not in the database yet is added
(``forlob.instruments.actions.load_definitions``). A changed instrument gets a new version number
in its file: the old version stays, with the responses given to it, and new responses use the
newest active version."""

import json
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def shipped() -> list[dict[str, Any]]:
    return [json.loads(path.read_text(encoding="utf-8")) for path in sorted(HERE.glob("*.json"))]
