# SPDX-License-Identifier: AGPL-3.0-or-later
"""The levels become WHO's prevention triangle as seed 002 draws it. Every activity, and every row
of its history, moves code for code (universal → primary, selective → secondary, indicated →
tertiary), so nothing is lost and the step runs backwards too (docs/prevention.md says why
indicated is read as tertiary)."""

from django.db import migrations, models

# Written out here: a migration must not depend on the model code of the day.
FORWARD = {"universal": "primary", "selective": "secondary", "indicated": "tertiary"}
BACKWARD = {new: old for old, new in FORWARD.items()}


def _convert(apps, mapping):
    for model in ("Activity", "HistoricalActivity"):
        rows = apps.get_model("prevention", model).objects
        for old, new in mapping.items():
            rows.filter(level=old).update(level=new)


def forward(apps, schema_editor):
    _convert(apps, FORWARD)


def backward(apps, schema_editor):
    _convert(apps, BACKWARD)


class Migration(migrations.Migration):

    dependencies = [
        ('prevention', '0001_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='activity',
            name='level',
            field=models.CharField(choices=[('primary', 'Primary (general)'), ('secondary', 'Secondary (anticipatory)'), ('tertiary', 'Tertiary (intervening)')], max_length=20, verbose_name='level'),
        ),
        migrations.AlterField(
            model_name='historicalactivity',
            name='level',
            field=models.CharField(choices=[('primary', 'Primary (general)'), ('secondary', 'Secondary (anticipatory)'), ('tertiary', 'Tertiary (intervening)')], max_length=20, verbose_name='level'),
        ),
        migrations.RunPython(forward, backward),
    ]
