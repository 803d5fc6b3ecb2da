# SPDX-License-Identifier: AGPL-3.0-or-later
"""Development keys: generated once per checkout, never used in production."""

import base64
import json
import os
import secrets
from pathlib import Path


def development_keys(path: Path, names: tuple[str, ...]) -> dict[str, str]:
    """Return keys stored at ``path``, generating any that are missing."""
    keys: dict[str, str] = json.loads(path.read_text()) if path.exists() else {}
    missing = [name for name in names if name not in keys]
    if missing:
        for name in missing:
            keys[name] = base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(keys, indent=2))
        os.chmod(tmp, 0o600)
        tmp.replace(path)
    return keys
