# SPDX-License-Identifier: AGPL-3.0-or-later
"""The unit that keeps each citizen record (filled in by 0005); the CPR hash stops being unique;
the history keeps no copy of the encrypted CPR number."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("citizens", "0003_anonymised_at"),
        ("organisations", "0005_public_page"),
    ]

    operations = [
        migrations.AddField(
            model_name="citizen",
            name="unit",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="kept_citizens",
                to="organisations.unit",
                verbose_name="kept by unit",
            ),
        ),
        migrations.AddField(
            model_name="historicalcitizen",
            name="unit",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="organisations.unit",
                verbose_name="kept by unit",
            ),
        ),
        migrations.RemoveField(model_name="historicalcitizen", name="cpr_encrypted"),
        migrations.AlterField(
            model_name="citizen",
            name="cpr_hash",
            field=models.CharField(blank=True, editable=False, max_length=64, null=True),
        ),
    ]
