# SPDX-License-Identifier: AGPL-3.0-or-later
"""The competences by the names seeds 000 and 001 give them ("Kognitiv alkoholbehandling",
"Dobbeltfokuseret alkoholbehandling"), and the course seed 000 asks seats for that was missing:
"Kursus for undervisere af frontpersonalet". Renamed in place, so every holder and planned seat
stays with its competence; a name an administrator has already created is left alone."""

from django.db import migrations

# Written out here: a migration must not depend on the code of the day.
RENAMED = {
    "Kognitiv terapi": ("Kognitiv alkoholbehandling", "Kognitiv behandling af alkoholproblemer."),
    "Dobbeltfokuseret behandling": (
        "Dobbeltfokuseret alkoholbehandling",
        "Samtidig behandling af alkoholproblemer og psykiske problemer.",
    ),
}
OLD_DESCRIPTIONS = {
    "Kognitiv terapi": "Kognitiv adfærdsterapi i misbrugsbehandlingen.",
    "Dobbeltfokuseret behandling": "Samtidig behandling af misbrug og psykiske problemer.",
}
ADDED = (
    "Kursus for undervisere af frontpersonalet",
    "For nøglepersoner (fx børne- og familiesagkyndige), der underviser frontpersonalet i samtalen om "
    "alkohol og børns trivsel.",
)


def forward(apps, schema_editor):
    Competence = apps.get_model("competences", "Competence")
    for old, (new, description) in RENAMED.items():
        if not Competence.objects.filter(name=new).exists():
            Competence.objects.filter(name=old).update(name=new, description=description)
    Competence.objects.get_or_create(name=ADDED[0], defaults={"description": ADDED[1]})


def backward(apps, schema_editor):
    Competence = apps.get_model("competences", "Competence")
    for old, (new, _description) in RENAMED.items():
        if not Competence.objects.filter(name=old).exists():
            Competence.objects.filter(name=new).update(name=old, description=OLD_DESCRIPTIONS[old])
    # Kept when someone holds it or seats are planned for it: unapplying loses no one's data.
    Competence.objects.filter(name=ADDED[0], holders__isnull=True, planned_seats__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("competences", "0002_shipped_competences")]
    operations = [migrations.RunPython(forward, backward)]
