# SPDX-License-Identifier: AGPL-3.0-or-later
"""The application log: an operator follows writes, refusals and security events in the server's
output, and never reads a person's data there."""

import json
import logging
from collections.abc import Iterator

import pytest
from django import forms
from django.urls import reverse

from forlob.citizens.models import Citizen
from forlob.common.errors import refuse
from forlob.common.forms import DkfdsForm
from forlob.common.views import run_action
from forlob.organisations.models import Role
from tests.conftest import CPR_1, make_user, new_citizen, pass_second_factor, password_login


class Lines(logging.Handler):
    """The application log's lines, as the JSON formatter of the settings writes them."""

    def __init__(self) -> None:
        super().__init__()
        self.setFormatter(logging.getLogger("forlob.events").handlers[0].formatter)
        self.lines: list[dict] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(json.loads(self.format(record)))

    def events(self, name: str) -> list[dict]:
        return [line for line in self.lines if line["event"] == name]


@pytest.fixture
def applog() -> Iterator[Lines]:
    handler = Lines()
    logger = logging.getLogger("forlob.events")
    logger.addHandler(handler)
    yield handler
    logger.removeHandler(handler)


def test_a_write_is_logged_with_its_model_row_and_user_and_no_person_data(world, client, applog):
    assert password_login(client, world.visitator.username)
    client.post(
        reverse("citizen_create"),
        {"unit": world.faxe.pk, "cpr": CPR_1, "first_name": "Zebulon", "last_name": "Quist"},
    )

    citizen = Citizen.objects.get()
    [line] = [w for w in applog.events("write") if w["model"] == "citizens.citizen"]
    assert line == line | {"object_id": citizen.pk, "change": "+", "user_id": world.visitator.pk}
    text = json.dumps(applog.lines)
    assert "Zebulon" not in text and "Quist" not in text and CPR_1 not in text


class NoteForm(DkfdsForm):
    note = forms.CharField()


def test_a_refused_action_is_logged_with_its_field_and_rule_not_what_was_typed(applog):
    form = NoteForm({"note": "Zebulon Quist 010180-1234"})
    assert form.is_valid()

    def action() -> None:
        raise refuse("note", "Noten må ikke indeholde et CPR-nummer.", "cpr_in_text")

    assert run_action(form, action) is None
    assert applog.events("refused") == [
        applog.events("refused")[0] | {"via": "NoteForm", "fields": ["note"], "codes": ["cpr_in_text"]}
    ]
    assert "Zebulon" not in json.dumps(applog.lines) and "1234" not in json.dumps(applog.lines)


def test_a_refused_look_at_a_citizen_is_a_security_event_in_the_log(world, client, applog):
    aalborg_visitator = make_user("visitator.aalborg", world.aalborg, Role.VISITATOR)
    citizen = new_citizen(world, unit=world.aalborg, user=aalborg_visitator)
    assert password_login(client, world.visitator.username)
    pass_second_factor(client, world.visitator)

    assert client.get(reverse("citizen_detail", args=[citizen.pk])).status_code == 404
    [line] = applog.events("security")
    assert line["kind"] == "access_refused" and line["user_id"] == world.visitator.pk
