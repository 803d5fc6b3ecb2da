# SPDX-License-Identifier: AGPL-3.0-or-later
"""Keys: development keys generated once per checkout, and the checks that keep them, or any weak
key, out of production."""

import base64
import json
import os
import secrets
from pathlib import Path

from cryptography.fernet import Fernet
from django.core.checks.security.base import (
    SECRET_KEY_INSECURE_PREFIX,
    SECRET_KEY_MIN_LENGTH,
    SECRET_KEY_MIN_UNIQUE_CHARACTERS,
)
from django.core.exceptions import ImproperlyConfigured

# The CPR lookup key: at least as many characters as the 32 bytes of its SHA-256, and not a
# repeated pattern (32 random hex digits hold far more than 8 different characters).
HMAC_KEY_MIN_LENGTH = 32
HMAC_KEY_MIN_UNIQUE_CHARACTERS = 8


def development_keys(path: Path, names: tuple[str, ...], keep: bool = True) -> dict[str, str]:
    """Return keys stored at ``path``, generating any that are missing; they are stored only with
    ``keep``, otherwise they last as long as the process."""
    keys: dict[str, str] = json.loads(path.read_text()) if path.exists() else {}
    missing = [name for name in names if name not in keys]
    for name in missing:
        keys[name] = base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
    if missing and keep:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(keys, indent=2))
        os.chmod(tmp, 0o600)
        tmp.replace(path)
    return keys


def fernet_keys(value: str) -> list[str]:
    """The keys of ``FORLOB_CPR_ENCRYPTION_KEY``: one, or several separated by commas (newest
    first) while the key is being rotated."""
    return [key.strip() for key in value.split(",") if key.strip()]


def _is_fernet_key(key: str) -> bool:
    try:
        Fernet(key.encode())
    except ValueError:  # not url-safe base64, or not 32 bytes
        return False
    return True


def _weak(value: str, min_length: int, min_unique: int) -> bool:
    return len(value) < min_length or len(set(value)) < min_unique


def refuse_weak_keys(keys: dict[str, str]) -> None:
    """Production must not run on keys that are short, repetitive or malformed. The message names
    each variable and what it needs, never its value (operators read it in logs)."""
    problems = []
    secret = keys["SECRET_KEY"]
    if _weak(secret, SECRET_KEY_MIN_LENGTH, SECRET_KEY_MIN_UNIQUE_CHARACTERS) or secret.startswith(
        SECRET_KEY_INSECURE_PREFIX
    ):
        problems.append(
            f"SECRET_KEY must be at least {SECRET_KEY_MIN_LENGTH} random characters with at least "
            f"{SECRET_KEY_MIN_UNIQUE_CHARACTERS} different ones, not starting with '{SECRET_KEY_INSECURE_PREFIX}'"
        )
    if _weak(keys["FORLOB_CPR_HMAC_KEY"], HMAC_KEY_MIN_LENGTH, HMAC_KEY_MIN_UNIQUE_CHARACTERS):
        problems.append(
            f"FORLOB_CPR_HMAC_KEY must be at least {HMAC_KEY_MIN_LENGTH} random characters with at least "
            f"{HMAC_KEY_MIN_UNIQUE_CHARACTERS} different ones"
        )
    encryption = fernet_keys(keys["FORLOB_CPR_ENCRYPTION_KEY"])
    if not encryption or not all(_is_fernet_key(key) for key in encryption):
        problems.append(
            "FORLOB_CPR_ENCRYPTION_KEY must be a Fernet key (url-safe base64 of 32 bytes), or several "
            "separated by commas while rotating, each of them a Fernet key"
        )
    if problems:
        raise ImproperlyConfigured("Production refuses weak keys: " + "; ".join(problems) + ".")


def refuse_development_keys(keys: dict[str, str], path: Path) -> None:
    """Production must not run on keys this checkout generated for development."""
    development = json.loads(path.read_text()) if path.exists() else {}
    used = {name for name, value in keys.items() if any(part in development.values() for part in value.split(","))}
    if used:
        raise ImproperlyConfigured(f"Production cannot use development keys: {', '.join(sorted(used))}")
