# SPDX-License-Identifier: AGPL-3.0-or-later

from django.db import migrations, models
from django.db.models import F


def submitted_when_saved(apps, schema_editor):
    """Before drafts, a sheet could only be saved complete: each one saved so far was handed in."""
    apps.get_model("kl12", "Participation").objects.update(submitted_at=F("saved_at"))


class Migration(migrations.Migration):

    dependencies = [
        ('kl12', '0003_history_of_self_assessment'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalparticipation',
            name='submitted_at',
            field=models.DateTimeField(blank=True, help_text='Empty while the answers are a draft.', null=True, verbose_name='submitted'),
        ),
        migrations.AddField(
            model_name='participation',
            name='submitted_at',
            field=models.DateTimeField(blank=True, help_text='Empty while the answers are a draft.', null=True, verbose_name='submitted'),
        ),
        migrations.RunPython(submitted_when_saved, migrations.RunPython.noop),
    ]
