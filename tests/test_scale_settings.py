# SPDX-License-Identifier: AGPL-3.0-or-later
"""Settings for more than one machine (docs/scale.md), read as a fresh process reads them."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHOW = (
    "import json; from django.conf import settings as s; "
    "print(json.dumps({'caches': s.CACHES['default'], 'databases': s.DATABASES}, default=str))"
)


def settings_with(**env: str) -> dict:
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_REPLICA_URL", "FORLOB_CACHE_URL"}}
    run = subprocess.run(  # noqa: S603 - this interpreter and manage.py
        [sys.executable, "manage.py", "shell", "-c", SHOW],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "forlob.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout.strip().splitlines()[-1])


def test_a_redis_url_shares_the_cache_and_a_replica_and_a_pool_are_configured():
    found = settings_with(
        FORLOB_CACHE_URL="redis://cache.internal:6379/0",
        DATABASE_URL="postgres://forlob@primary.internal/forlob",
        DATABASE_REPLICA_URL="postgres://forlob@replica.internal/forlob",
        FORLOB_DB_POOL="1",
        FORLOB_DB_POOL_MAX_SIZE="20",
    )
    assert found["caches"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert found["caches"]["LOCATION"] == "redis://cache.internal:6379/0"
    default, replica = found["databases"]["default"], found["databases"]["replica"]
    assert (default["HOST"], replica["HOST"]) == ("primary.internal", "replica.internal")
    assert replica["TEST"]["MIRROR"] == "default"
    for alias in (default, replica):  # a pool keeps the connections: Django requires CONN_MAX_AGE 0
        assert alias["CONN_MAX_AGE"] == 0 and alias["CONN_HEALTH_CHECKS"] is True
        assert alias["OPTIONS"]["pool"] == {"min_size": 2, "max_size": 20, "timeout": 10}


def test_by_default_one_database_and_a_file_cache_shared_by_the_workers_of_one_machine(tmp_path):
    found = settings_with(FORLOB_VAR_DIR=str(tmp_path), DATABASE_URL="postgres://forlob@primary.internal/forlob")
    assert found["caches"]["BACKEND"] == "django.core.cache.backends.filebased.FileBasedCache"
    assert found["caches"]["LOCATION"] == str(tmp_path / "cache")
    assert list(found["databases"]) == ["default"]
    assert (
        found["databases"]["default"]["CONN_MAX_AGE"] == 60 and "pool" not in found["databases"]["default"]["OPTIONS"]
    )
