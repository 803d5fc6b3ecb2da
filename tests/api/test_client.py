# SPDX-License-Identifier: AGPL-3.0-or-later
"""The schema is good enough to generate a typed client from (openapi-python-client, as
docs/api.md shows), and that client talks to the API: answers and errors come back as its types."""

import importlib
import json
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from django.core.wsgi import get_wsgi_application

from forlob.api.routes import api
from forlob.organisations.models import Role
from tests.conftest import make_user
from tests.test_api import token_for


@pytest.fixture
def generated(tmp_path: Path):  # type: ignore[no-untyped-def]
    """The client generated from the schema, importable as ``forlob_client``."""
    (tmp_path / "openapi.json").write_text(json.dumps(api.get_openapi_schema()))
    (tmp_path / "config.yml").write_text("project_name_override: forlob-client\npost_hooks: []\n")
    generator = Path(sys.executable).with_name("openapi-python-client")
    command = ["generate", "--path", "openapi.json", "--output-path", "forlob_client", "--meta", "none"]
    result = subprocess.run(  # noqa: S603  (our own command line)
        [generator, *command, "--config", "config.yml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0 and "Warning" not in result.stdout + result.stderr, result.stdout + result.stderr
    sys.path.insert(0, str(tmp_path))
    yield importlib.import_module("forlob_client")
    sys.path.remove(str(tmp_path))
    for name in [name for name in sys.modules if name.split(".")[0] == "forlob_client"]:
        del sys.modules[name]


@pytest.mark.django_db
def test_a_generated_client_reads_and_is_refused_in_its_own_types(world, generated, keep_the_test_connection):
    user = make_user("integrator", world.faxe, Role.LEDER, Role.VISITATOR)
    transport = httpx.WSGITransport(app=get_wsgi_application())
    client = generated.AuthenticatedClient(
        base_url="http://testserver", token=token_for(user), httpx_args={"transport": transport}
    )
    units = importlib.import_module("forlob_client.api.organisation.forlob_api_routes_my_units")
    mine = units.sync(client=client)
    assert type(mine).__name__ == "UnitList"
    assert [unit.name for unit in mine.items] == [world.faxe.name]

    requests = importlib.import_module("forlob_client.api.henvendelser.forlob_api_routes_create_request")
    body = importlib.import_module("forlob_client.models.request_in").RequestIn.from_dict(
        {
            "citizen_id": 10**9,
            "unit_id": world.faxe.pk,
            "received_on": "2026-01-05",
            "channel": "self",
            "main_substance": "alcohol",
            "legal_basis": "sul_141",
        }
    )
    refused = requests.sync(client=client, body=body)
    assert type(refused).__name__ == "Message"  # 404: the citizen is not among the user's units
