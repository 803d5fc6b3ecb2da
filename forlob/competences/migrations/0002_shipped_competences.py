# SPDX-License-Identifier: AGPL-3.0-or-later
from django.db import migrations

# The competences seeds 000 and 004 name; more are added in the admin.
SHIPPED = [
    ("Grunduddannelse i alkoholbehandling", "Den grundlæggende uddannelse i alkoholbehandling."),
    ("Familieorienteret alkoholbehandling", "Behandling med familien og børnene inddraget (KL's anbefaling 1)."),
    ("Kognitiv terapi", "Kognitiv adfærdsterapi i misbrugsbehandlingen."),
    ("Dobbeltfokuseret behandling", "Samtidig behandling af misbrug og psykiske problemer."),
    ("Samtalen om børns trivsel", "Samtalen med forældre om alkohol og børns trivsel (nøglepersonsuddannelsen)."),
    ("ASI-interview", "Addiction Severity Index: interview og sammensatte scorer."),
    ("KL's basisscreener", "Basisscreening for psykiske lidelser (KL's anbefaling 10)."),
    ("Motiverende samtale", "Motivational interviewing."),
]


def load(apps, schema_editor):
    Competence = apps.get_model("competences", "Competence")
    for name, description in SHIPPED:
        Competence.objects.get_or_create(name=name, defaults={"description": description})


def unload(apps, schema_editor):
    apps.get_model("competences", "Competence").objects.filter(name__in=[n for n, _d in SHIPPED]).delete()


class Migration(migrations.Migration):
    dependencies = [("competences", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
