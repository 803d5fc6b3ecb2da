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


def refuse_development_keys(keys: dict[str, str], path: Path) -> None:
    """Production must not run on keys this checkout generated for development."""
    from django.core.exceptions import ImproperlyConfigured

    development = json.loads(path.read_text()) if path.exists() else {}
    used = {name for name, value in keys.items() if any(part in development.values() for part in value.split(","))}
    if used or keys.get("SECRET_KEY", "").startswith("django-insecure"):
        raise ImproperlyConfigured(f"Production cannot use development keys: {', '.join(sorted(used)) or 'SECRET_KEY'}")
