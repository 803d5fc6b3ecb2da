# The access log's guard in the database itself (forlob/audit/append_only.py): triggers refuse
# changing a row, truncating the table and deleting a row younger than the minimum retention. A
# citizen's deletion would have set the log's citizen to NULL, a change the triggers refuse: it is
# now refused up front (PROTECT); citizens are anonymised, never deleted.

import django.db.models.deletion
from django.db import migrations, models

from forlob.audit import append_only


def protect(apps, schema_editor):
    for statement in append_only.protect_sql(schema_editor.connection.vendor):
        schema_editor.execute(statement, params=None)


def unprotect(apps, schema_editor):
    for statement in append_only.unprotect_sql(schema_editor.connection.vendor):
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0004_security_event_unit'),
    ]

    operations = [
        migrations.AlterField(
            model_name='accesslogentry',
            name='citizen',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='citizens.citizen', verbose_name='citizen'),
        ),
        migrations.RunPython(protect, unprotect),
    ]
