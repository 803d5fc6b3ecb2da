# SPDX-License-Identifier: AGPL-3.0-or-later
"""A KL-12 answer sheet is saved as a draft with any valid subset of answers and submitted when
every yes/no indicator is answered; the sheet and the round overview show the progress.

By hand, from forlob/kl12/data/recommendations.json: the municipal recommendations (1, 2, 5, 6, 7,
9, 10, 12) hold 3 + 3 + 2 + 2 + 2 + 1 + 1 + 1 = 15 yes/no indicators, and 1.4, 5.3, 6.3 and 10.2
besides (free text or a number, never required). Answered once: 15 required; split: 30."""

import re

from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext

from forlob.kl12 import actions
from forlob.kl12.models import Answer, Participation
from tests.conftest import password_login
from tests.test_api import token_for
from tests.test_kl12 import indicator, sjaelland  # noqa: F401  (the fixture)


def progress(answered: int, total: int) -> str:
    with translation.override("da"):
        return gettext("%(answered)s of %(total)s answered") % {"answered": answered, "total": total}


def missing_message(n: int) -> str:
    with translation.override("da"):
        return ngettext(
            "Not submitted: %(n)s answer is missing. Nothing was saved; answer it, or save a draft.",
            "Not submitted: %(n)s answers are missing. Nothing was saved; answer them, or save a draft.",
            n,
        ) % {"n": n}


def leader(world) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    assert password_login(client, world.leder.username)
    return client


def test_a_draft_keeps_any_valid_answers_and_shows_the_progress(world, sjaelland):  # noqa: F811
    round_ = sjaelland[0]
    client = leader(world)
    url = reverse("kl12_answer", args=[round_.pk, "320"])
    assert progress(0, 15) in client.get(url).content.decode()

    i11, i21, i53 = indicator(round_, "1.1"), indicator(round_, "2.1"), indicator(round_, "5.3")
    draft = {"split": "0", f"a{i11.pk}_samlet": "ja", f"a{i21.pk}_samlet": "delvis", f"a{i53.pk}_samlet": "6"}
    saved = client.post(url, {**draft, "indsend": "0"})
    assert saved.status_code == 302 and saved["Location"] == url
    participation = Participation.objects.get()
    assert participation.submitted_at is None and participation.answers.count() == 3
    page = client.get(url).content.decode()
    assert progress(2, 15) in page  # 5.3 is a number: given, but not one of the 15
    assert progress(2, 15) in client.get(reverse("kl12_rounds")).content.decode()

    # Split, only 1.1 for alcohol so far: 1 of 15 × 2 = 30.
    split = client.post(url, {"split": "1", "version": participation.version, f"a{i11.pk}_alkohol": "nej"})
    assert split.status_code == 302
    assert progress(1, 30) in client.get(url).content.decode()


def test_an_invalid_answer_in_a_draft_is_marked_and_nothing_is_saved(world, sjaelland):  # noqa: F811
    round_ = sjaelland[0]
    client = leader(world)
    url = reverse("kl12_answer", args=[round_.pk, "320"])
    i11, i53 = indicator(round_, "1.1"), indicator(round_, "5.3")
    refused = client.post(url, {"split": "0", f"a{i11.pk}_samlet": "ja", f"a{i53.pk}_samlet": "seks"})
    page = refused.content.decode()
    assert refused.status_code == 200 and "Skriv et tal, fx 6." in page and "Intet er gemt." in page
    assert 'value="seks"' in page and not Answer.objects.exists() and not Participation.objects.exists()


def test_submitting_lists_exactly_the_missing_answers_with_links_and_saves_nothing(world, sjaelland):  # noqa: F811
    round_ = sjaelland[0]
    client = leader(world)
    url = reverse("kl12_answer", args=[round_.pk, "320"])
    given = {"1.1": "ja", "1.2": "nej", "2.1": "delvis"}
    posted = {"split": "0", **{f"a{indicator(round_, code).pk}_samlet": v for code, v in given.items()}}
    refused = client.post(url, {**posted, "indsend": "1"})
    page = refused.content.decode()
    assert refused.status_code == 200 and missing_message(15 - 3) in page
    links = set(re.findall(r'href="#indikator-(\d+)"', page))
    expected = {str(i.pk) for i in round_.indicators.all() if i.counts_yes_no and i.code not in given}
    assert links == expected and len(expected) == 12
    assert 'href="#anbefaling-12"' in page and 'href="#anbefaling-3"' not in page  # 3 is not the municipalities'
    assert f'id="indikator-{indicator(round_, "1.3").pk}"' in page
    assert not Participation.objects.exists()

    every = {f"a{i.pk}_samlet": "ja" for i in round_.indicators.all() if i.counts_yes_no}
    submitted = client.post(url, {"split": "0", **every, "indsend": "1"})
    assert submitted.status_code == 302
    participation = Participation.objects.get()
    assert participation.submitted_at is not None
    with translation.override("da"):
        status = gettext("Submitted %(when)s").replace("%(when)s", "")
    assert status in client.get(reverse("kl12_rounds")).content.decode()
    assert progress(15, 15) in client.get(url).content.decode()

    # A draft saved after submitting takes the sheet back to a draft.
    client.post(url, {"split": "0", **every, "version": participation.version, "indsend": "0"})
    participation.refresh_from_db()
    assert participation.submitted_at is None


def test_the_api_saves_a_draft_with_submit_false_and_submits_by_default(world, sjaelland):  # noqa: F811
    round_ = sjaelland[0]
    api = Client(headers={"authorization": f"Bearer {token_for(world.leder)}"})
    url = f"/api/v1/kl12/rounds/{round_.pk}/answers/320"
    three = [{"code": "1.1", "value": "ja"}, {"code": "2.1", "value": "nej"}, {"code": "5.3", "value": "6"}]
    refused = api.put(url, {"answers": three}, content_type="application/json")  # as clients did before drafts
    assert refused.status_code == 422
    assert {d["field"] for d in refused.json()["detail"]} >= {"1.2/samlet", "12.1/samlet"}

    draft = api.put(url, {"answers": three, "submit": False}, content_type="application/json")
    assert draft.status_code == 200, draft.content
    assert (draft.json()["submitted_at"], draft.json()["answered"], draft.json()["required"]) == (None, 2, 15)
    sheet = api.get(url).json()
    assert (sheet["answered"], sheet["required"], sheet["version"]) == (2, 15, 2)

    every = [{"code": i.code, "value": "ja"} for i in round_.indicators.all() if i.counts_yes_no]
    done = api.put(url, {"answers": every, "version": 2}, content_type="application/json")
    assert done.status_code == 200 and done.json()["submitted_at"] and done.json()["answered"] == 15
    assert len(actions.required_fields(list(round_.indicators.all()), split=True)) == 30
