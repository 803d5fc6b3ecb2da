# SPDX-License-Identifier: AGPL-3.0-or-later
"""The target groups the strategies name (seeds 003 and 004), shipped as the national list's
defaults; administrators add to it and take groups out of use in the administration."""

from django.db import migrations

SHIPPED = [
    ("greenlandic", "Grønlandske borgere og familier"),
    ("ethnic_minority", "Etniske minoriteter"),
    ("reduced_mental_functioning", "Nedsat psykisk funktionsevne"),
    ("dual_diagnosis", "Dobbeltdiagnose (psykisk lidelse og rusmiddelproblem)"),
    ("young_under_25", "Unge under 25"),
    ("pregnant_small_children", "Gravide og familier med små børn"),
    ("homeless", "Hjemløse"),
]


def load(apps, schema_editor):
    TargetGroup = apps.get_model("citizens", "TargetGroup")
    for order, (code, name) in enumerate(SHIPPED, start=1):
        TargetGroup.objects.get_or_create(code=code, defaults={"name": name, "order": order * 10})


def unload(apps, schema_editor):
    """The shipped groups no citizen is marked with; those in use go with their markers' table
    when 0007 is unapplied."""
    shipped = apps.get_model("citizens", "TargetGroup").objects.filter(code__in=[c for c, _n in SHIPPED])
    shipped.filter(markers__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("citizens", "0007_target_groups")]
    operations = [migrations.RunPython(load, unload)]
