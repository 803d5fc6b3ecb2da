# SPDX-License-Identifier: AGPL-3.0-or-later
"""Ship Denmark's 5 regions, 98 municipalities and Region Sjælland's three clusters (seed 004)."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"

REGIONS = {
    "1081": "Region Nordjylland",
    "1082": "Region Midtjylland",
    "1083": "Region Syddanmark",
    "1084": "Region Hovedstaden",
    "1085": "Region Sjælland",
}

SJAELLAND_CLUSTERS = {
    "Klynge Syd": ["Faxe", "Guldborgsund", "Lolland", "Næstved", "Stevns", "Vordingborg"],
    "Klynge Øst": ["Greve", "Køge", "Lejre", "Roskilde", "Solrød"],
    "Klynge Vest": ["Holbæk", "Kalundborg", "Odsherred", "Ringsted", "Slagelse", "Sorø"],
}


def load(apps, schema_editor):
    Region = apps.get_model("organisations", "Region")
    Municipality = apps.get_model("organisations", "Municipality")
    Cluster = apps.get_model("organisations", "Cluster")
    regions = {code: Region.objects.create(code=code, name=name) for code, name in REGIONS.items()}
    with open(DATA / "municipalities.csv", encoding="utf-8") as f:
        Municipality.objects.bulk_create(
            Municipality(code=row["code"], name=row["name"], region=regions[row["region_code"]])
            for row in csv.DictReader(f)
        )
    for name, members in SJAELLAND_CLUSTERS.items():
        cluster = Cluster.objects.create(name=name, region=regions["1085"])
        cluster.municipalities.set(Municipality.objects.filter(name__in=members))


def unload(apps, schema_editor):
    apps.get_model("organisations", "Cluster").objects.all().delete()
    apps.get_model("organisations", "Municipality").objects.all().delete()
    apps.get_model("organisations", "Region").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
