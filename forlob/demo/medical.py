# SPDX-License-Identifier: AGPL-3.0-or-later
"""Medical treatment at Rusmiddelcenter Faxe (KL's recommendation 9), recorded by the demo doctor
and dispensed by the demo nurse: disulfiram handed out on a few alcohol courses, one citizen on
methadone under supervision with the last week's doses (the last one missed, so the dispensing
list and the course page show the warning), and one outpatient detoxification."""

from datetime import timedelta

from forlob.demo.world import World
from forlob.medical.actions import (
    DetoxData,
    MedicationData,
    record_detox,
    record_medication,
    register_dispensing,
)
from forlob.treatment.models import Substance

# Methadone's last week at the centre: days ago → outcome (yesterday the citizen did not come).
METHADONE_WEEK = {7: "given", 6: "given", 5: "given", 4: "given", 3: "given", 2: "given", 1: "missed"}


def add_medical_treatment(world: World) -> None:
    doctor = world.actor(world.user("laege"))
    nurse = world.actor(world.user("sygeplejerske"))
    day = world.today
    faxe = world.units["faxe"].pk
    # Anonymous citizens get no medical treatment (see forlob.medical.actions).
    courses = [
        c
        for c in world.open_courses
        if c.unit_id == faxe and c.started_on <= day - timedelta(days=14) and not c.citizen.is_anonymous
    ]
    alcohol = [c for c in courses if c.main_substance == Substance.ALCOHOL][:3]
    for course in alcohol:
        start = max(course.started_on, day - timedelta(days=60))
        data = MedicationData(
            "disulfiram",
            "800 mg mandag, 400 mg torsdag",
            "handed_out",
            start,
            "Alkoholafhængighed; ønsker støtte til afholdenhed.",
            prescriber=doctor.user,
        )
        record_medication(doctor, course, data)
    if alcohol:
        detox_start = max(alcohol[0].started_on, day - timedelta(days=30))
        record_detox(
            doctor,
            alcohol[0],
            DetoxData("outpatient", detox_start, detox_start + timedelta(days=6), "Ambulant afrusning med oxazepam."),
        )
    rest = [c for c in courses if c not in alcohol]
    opioid = next((c for c in rest if c.main_substance == Substance.OPIOIDS), rest[0] if rest else None)
    if opioid is None:
        return
    methadone = record_medication(
        doctor,
        opioid,
        MedicationData(
            "methadone",
            "70 mg dagligt",
            "supervised",
            max(opioid.started_on, day - timedelta(days=10)),
            "Substitutionsbehandling ved opioidafhængighed.",
            external_prescriber="Lægekonsulent, Region Sjælland",
        ),
    )
    for days_ago, outcome in METHADONE_WEEK.items():
        register_dispensing(nurse, methadone, day - timedelta(days=days_ago), outcome)
