# SPDX-License-Identifier: AGPL-3.0-or-later
"""Every citizen record is kept by a unit, and a unit keeps one record per CPR number."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("citizens", "0005_split_by_controller")]

    operations = [
        migrations.AlterField(
            model_name="citizen",
            name="unit",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="kept_citizens",
                to="organisations.unit",
                verbose_name="kept by unit",
            ),
        ),
        migrations.AddIndex(
            model_name="citizen",
            index=models.Index(fields=["cpr_hash"], name="citizen_cpr_hash"),
        ),
        migrations.AddConstraint(
            model_name="citizen",
            constraint=models.UniqueConstraint(fields=("unit", "cpr_hash"), name="one_record_per_cpr_and_unit"),
        ),
    ]
