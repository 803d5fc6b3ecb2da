# SPDX-License-Identifier: AGPL-3.0-or-later
"""Faxe's cooperation agreements (seeds 000, 002, 004): with the jobcentre, Børn og Familie and
regional psychiatry; the jobcentre's review falls due within the month, so it shows on the
leader's home."""

from datetime import timedelta

from forlob.cooperation import actions
from forlob.demo.world import World

# A one-page PDF saying what it is: enough for the download to open in a viewer.
SIGNED_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R"
    b"/Resources<</Font<</F1<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>>>>>>>endobj\n"
    b"4 0 obj<</Length 60>>stream\nBT /F1 18 Tf 72 760 Td (Samarbejdsaftale - demodata) Tj ET\nendstream endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def add_agreements(world: World) -> None:
    day = world.today
    leader = world.user("leder")
    actor = world.actor(leader)
    municipality = world.units["faxe"].municipality
    behandler, familiekonsulent = world.user("behandler"), world.user("familiekonsulent")
    jobcentre = actions.create_agreement(
        actor,
        municipality,
        actions.AgreementData(
            title="Samarbejdsaftale om borgere i rusmiddelbehandling og beskæftigelsesindsats",
            partner_kind="jobcenter",
            partner_name="Jobcenter Faxe",
            agreed_on=day - timedelta(days=700),
            valid_from=day - timedelta(days=690),
            review_on=day + timedelta(days=12),
            content=(
                "Jobcentret henviser borgere med et rusmiddelproblem til Rusmiddelcenter Faxe inden for 5 hverdage.\n"
                "Fælles møde med borgeren, jobkonsulent og behandler ved behandlingsstart.\n"
                "Kvartalsvise samarbejdsmøder mellem lederne."
            ),
            responsible=[leader, behandler],
            contacts=[actions.ContactData("Jobkonsulent (demo)", "Teamleder, ledighedsydelse", "00 00 00 10")],
        ),
    )
    actions.add_document(actor, jobcentre, "samarbejdsaftale-jobcenter.pdf", SIGNED_PDF)
    actions.create_agreement(
        actor,
        municipality,
        actions.AgreementData(
            title="Familieorienteret indsats og fælles visitation med Børn og Familie",
            partner_kind="family",
            partner_name="Børn og Familie Faxe",
            agreed_on=day - timedelta(days=300),
            valid_from=day - timedelta(days=290),
            review_on=day + timedelta(days=240),
            content=(
                "Børn i familier med et alkohol- eller stofproblem: familiekonsulenten deltager i fælles visitation.\n"
                "Underretninger drøftes med Børn og Familie efter gældende regler."
            ),
            responsible=[familiekonsulent, leader],
            contacts=[actions.ContactData("Sagsbehandler (demo)", "Familierådgiver", email="bf@faxe.invalid")],
        ),
    )
    actions.create_agreement(
        actor,
        municipality,
        actions.AgreementData(
            title="Dobbeltdiagnoser: udredning efter positiv screening",
            partner_kind="regional_psychiatry",
            partner_name="Psykiatrien Region Sjælland",
            agreed_on=day - timedelta(days=400),
            valid_from=day - timedelta(days=400),
            valid_to=day + timedelta(days=330),
            review_on=day + timedelta(days=150),
            content="Screeningsresultater sendes med henvisningen via egen læge; behandlingen sker samtidigt.",
            responsible=[leader],
            contacts=[actions.ContactData("Overlæge (demo)", "Distriktspsykiatrien", "00 00 00 20")],
        ),
    )
