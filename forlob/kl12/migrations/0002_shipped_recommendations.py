# SPDX-License-Identifier: AGPL-3.0-or-later
import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "recommendations.json"


def load(apps, schema_editor):
    Recommendation = apps.get_model("kl12", "Recommendation")
    Indicator = apps.get_model("kl12", "Indicator")
    for rec in json.loads(DATA.read_text(encoding="utf-8"))["recommendations"]:
        recommendation, _created = Recommendation.objects.update_or_create(
            number=rec["number"], defaults={"text": rec["text"], "municipal": rec["municipal"]}
        )
        for order, ind in enumerate(rec["indicators"], start=1):
            Indicator.objects.update_or_create(
                code=ind["code"],
                defaults={"recommendation": recommendation, "text": ind["text"], "kind": ind["kind"], "order": order},
            )


def unload(apps, schema_editor):
    apps.get_model("kl12", "Indicator").objects.all().delete()
    apps.get_model("kl12", "Recommendation").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("kl12", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
