from datetime import timedelta

from django.db import migrations, models
from django.db.models import F


def expire_existing_tokens(apps, schema_editor):
    """Tokens made before tokens expired get the default lifetime from when they were made."""
    ApiToken = apps.get_model("api", "ApiToken")
    ApiToken.objects.update(expires_at=F("created_at") + timedelta(days=90))


class Migration(migrations.Migration):

    dependencies = [
        ("api", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(null=True, verbose_name="expires"),
        ),
        migrations.RunPython(expire_existing_tokens, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(verbose_name="expires"),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="read_only",
            field=models.BooleanField(default=False, verbose_name="read only"),
        ),
    ]
