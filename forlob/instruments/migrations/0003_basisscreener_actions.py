# SPDX-License-Identifier: AGPL-3.0-or-later
"""The basisscreener's follow-up actions follow seed 004's pathway: the treatment centre does not
refer to psychiatry (the citizen's own doctor does), so after a positive screening a psychologist or
doctor assesses, and the result goes to the own doctor. The stored versions get the shipped actions
(no score changes), and each answer given with an old action gets the new one; the old label is
kept in the response's note, and the history keeps the row as it was, so nothing is lost."""

from django.db import migrations

ACTIONS = [
    {"value": "none", "label": "Ingen videre handling"},
    {"value": "assessment", "label": "Vurdering ved psykolog/læge"},
    {"value": "gp_result", "label": "Resultat sendt til egen læge"},
    {"value": "already", "label": "Er allerede i behandling"},
]
# old value: (new value, the old label as the centre recorded it)
MOVED = {
    "own_doctor": ("gp_result", "Henvist til egen læge"),
    "psychiatry": ("gp_result", "Henvist til psykiatrien"),
    "psychologist": ("assessment", "Henvist til psykolog"),
}
KEPT_AS = "Opfølgning registreret før december 2026 som: %s"


def move_actions(apps, schema_editor):
    Instrument = apps.get_model("instruments", "Instrument")
    Response = apps.get_model("instruments", "Response")
    for instrument in Instrument.objects.filter(code="kl_basis"):
        definition = instrument.definition
        definition["actions"] = ACTIONS
        instrument.definition = definition
        instrument.save(update_fields=["definition"])
    for response in Response.objects.filter(instrument__code="kl_basis", action__in=MOVED):
        new, label = MOVED[response.action]
        kept = KEPT_AS % label
        response.action = new
        response.note = f"{response.note}\n{kept}" if response.note else kept
        response.save(update_fields=["action", "note"])


class Migration(migrations.Migration):
    dependencies = [("instruments", "0002_critical_answers")]

    operations = [migrations.RunPython(move_actions, migrations.RunPython.noop)]
