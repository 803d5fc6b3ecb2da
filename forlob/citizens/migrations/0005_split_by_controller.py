# SPDX-License-Identifier: AGPL-3.0-or-later
"""Each citizen row becomes one unit's record of a person (its municipality the data controller).

Before, one row per CPR number was shared by every unit that registered the number, across
municipalities. Every row is kept: a citizen becomes the record of the unit where it was first
registered; its registrations at other units of the same municipality stay (the same controller);
for every other municipality where it was registered, a copy is made, kept by that municipality's
first unit, and that municipality's registrations, requests, courses, follow-ups and shared
visitations move to the copy, as do the relations, consents and children's assessments recorded
by staff who work only in that municipality. The access log and emergency accesses stay with the
original: they record what was done to it. The history keeps no copy of the encrypted CPR number.
"""

from collections import defaultdict

from django.db import migrations
from django.db.models import OuterRef, Subquery
from django.utils import timezone

BATCH = 2000
CHANGE_REASON = "Split at the data-controller boundary"


def split_by_controller(apps, schema_editor):
    Citizen = apps.get_model("citizens", "Citizen")
    Registration = apps.get_model("citizens", "Registration")
    Unit = apps.get_model("organisations", "Unit")
    Request = apps.get_model("treatment", "Request")
    Course = apps.get_model("treatment", "Course")

    first = Registration.objects.filter(citizen=OuterRef("pk")).order_by("registered_at", "pk").values("unit_id")[:1]
    Citizen.objects.update(unit_id=Subquery(first))
    for model in (Course, Request):  # a citizen with no registration: where its work was done
        earliest = model.objects.filter(citizen=OuterRef("pk")).order_by("pk").values("unit_id")[:1]
        Citizen.objects.filter(unit__isnull=True).update(unit_id=Subquery(earliest))
    orphans = list(Citizen.objects.filter(unit__isnull=True).values_list("pk", "municipality_id"))
    if orphans:
        units = list(Unit.objects.order_by("pk").values_list("pk", "municipality_id"))
        if not units:
            raise RuntimeError("Citizens exist but no unit does: create a unit before migrating.")
        for pk, municipality_id in orphans:
            unit_id = next((u for u, m in units if m == municipality_id), units[0][0])
            Citizen.objects.filter(pk=pk).update(unit_id=unit_id)

    municipality_of = dict(Unit.objects.values_list("pk", "municipality_id"))
    keeper_of = dict(
        Citizen.objects.filter(pk__in=Registration.objects.values("citizen_id")).values_list("pk", "unit_id")
    )
    elsewhere: dict[tuple[int, int], list[int]] = defaultdict(list)  # (citizen, municipality) -> units
    rows = Registration.objects.order_by("registered_at", "pk").values_list("citizen_id", "unit_id")
    for citizen_id, unit_id in rows.iterator(chunk_size=BATCH):
        municipality = municipality_of[unit_id]
        if municipality != municipality_of[keeper_of[citizen_id]]:
            elsewhere[(citizen_id, municipality)].append(unit_id)
    for (citizen_id, municipality), unit_ids in elsewhere.items():
        _copy_for_municipality(apps, citizen_id, municipality, unit_ids)


def _copy_for_municipality(apps, citizen_id: int, municipality: int, unit_ids: list[int]) -> None:
    Citizen = apps.get_model("citizens", "Citizen")
    HistoricalCitizen = apps.get_model("citizens", "HistoricalCitizen")
    Registration = apps.get_model("citizens", "Registration")
    Membership = apps.get_model("organisations", "Membership")
    Request = apps.get_model("treatment", "Request")
    Course = apps.get_model("treatment", "Course")
    FollowUp = apps.get_model("followup", "FollowUp")
    Relation = apps.get_model("family", "Relation")
    Consent = apps.get_model("family", "Consent")
    ChildrenAssessment = apps.get_model("family", "ChildrenAssessment")
    SharedVisitation = apps.get_model("family", "SharedVisitation")

    original = Citizen.objects.get(pk=citizen_id)
    kept_by = original.unit_id
    copy = Citizen.objects.get(pk=citizen_id)
    copy.pk = None
    copy.unit_id = unit_ids[0]
    copy.version = 1
    copy.save()
    Citizen.objects.filter(pk=copy.pk).update(created_at=original.created_at)
    fields = [f.attname for f in Citizen._meta.concrete_fields if f.attname not in ("cpr_hash", "cpr_encrypted")]
    HistoricalCitizen.objects.create(
        **{name: getattr(copy, name) for name in fields},
        history_date=timezone.now(),
        history_type="+",
        history_change_reason=CHANGE_REASON,
    )
    there = set(unit_ids)
    Registration.objects.filter(citizen_id=citizen_id, unit_id__in=there).update(citizen_id=copy.pk)
    for model in (Request, Course, SharedVisitation):
        model.objects.filter(citizen_id=citizen_id, unit__municipality_id=municipality).update(citizen_id=copy.pk)
    FollowUp.objects.filter(citizen_id=citizen_id, course__citizen_id=copy.pk).update(citizen_id=copy.pk)

    # What staff recorded about the person belongs to the municipality they work in; someone who
    # works in both (or in neither any more) leaves it with the original.
    keeper_municipality = apps.get_model("organisations", "Unit").objects.get(pk=kept_by).municipality_id
    for model, recorder in ((Relation, "created_by_id"), (Consent, "recorded_by_id"), (ChildrenAssessment, "assessed_by_id")):
        for pk, user_id in model.objects.filter(citizen_id=citizen_id).values_list("pk", recorder):
            works_in = set(Membership.objects.filter(user_id=user_id).values_list("unit__municipality_id", flat=True))
            if municipality in works_in and keeper_municipality not in works_in:
                model.objects.filter(pk=pk).update(citizen_id=copy.pk)


class Migration(migrations.Migration):
    dependencies = [
        ("citizens", "0004_citizen_unit"),
        ("treatment", "0003_contact_requests"),
        ("followup", "0002_version"),
        ("family", "0004_version"),
    ]

    operations = [migrations.RunPython(split_by_controller, migrations.RunPython.noop, elidable=False)]
