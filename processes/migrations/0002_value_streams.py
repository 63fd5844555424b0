from django.db import migrations

# Torben Beck Jørgensen's public value universe: seven value streams.
VALUE_STREAMS = [
    (
        1,
        "Den offentlige sektors bidrag til samfundet",
        "The public sector's contribution to society",
        "Offentlig sektors bidrag til samfunnet",
        "Fællesskabets bedste, bæredygtighed, social sammenhængskraft, fremtidsorientering.",
        "The common good, sustainability, social cohesion, looking to the future.",
        "Fellesskapets beste, bærekraft, sosial samhørighet, framtidsretting.",
    ),
    (
        2,
        "Transformation af interesser til beslutninger",
        "Transformation of interests into decisions",
        "Omforming av interesser til beslutninger",
        "Demokrati, borgernes indflydelse, flertalsstyre med beskyttelse af mindretal.",
        "Democracy, citizens' influence, majority rule with protection of minorities.",
        "Demokrati, innbyggernes innflytelse, flertallsstyre med vern av mindretall.",
    ),
    (
        3,
        "Forholdet mellem forvaltning og politikere",
        "Administration and politicians",
        "Forholdet mellom forvaltning og politikere",
        "Politisk loyalitet, faglighed, ansvarlighed og neutralitet.",
        "Political loyalty, professionalism, accountability and neutrality.",
        "Politisk lojalitet, faglighet, ansvarlighet og nøytralitet.",
    ),
    (
        4,
        "Forholdet mellem forvaltning og dens nære omgivelser",
        "Administration and its near surroundings",
        "Forholdet mellom forvaltning og dens nære omgivelser",
        "Åbenhed, lydhørhed, dialog med interessenter og samarbejdspartnere.",
        "Openness, responsiveness, dialogue with stakeholders and partners.",
        "Åpenhet, lydhørhet, dialog med interessenter og samarbeidspartnere.",
    ),
    (
        5,
        "Organisationens interne funktion",
        "Internal functioning and organisation",
        "Organisasjonens interne funksjon",
        "Robusthed, tilpasningsevne, effektivitet, samarbejde på tværs.",
        "Robustness, adaptability, efficiency, working across units.",
        "Robusthet, tilpasningsevne, effektivitet, samarbeid på tvers.",
    ),
    (
        6,
        "De offentligt ansatte",
        "Public employees",
        "De offentlig ansatte",
        "Faglighed, ærlighed, etisk bevidsthed, kompetenceudvikling.",
        "Professional standards, honesty, ethical awareness, skills development.",
        "Faglighet, ærlighet, etisk bevissthet, kompetanseutvikling.",
    ),
    (
        7,
        "Forholdet mellem forvaltning og borgere/brugere",
        "Administration and citizens/users",
        "Forholdet mellom forvaltning og innbyggere/brukere",
        "Retssikkerhed, ligebehandling, brugerindflydelse, medbestemmelse, ligeværdighed.",
        "Legal security, equal treatment, user influence, co-determination, equality.",
        "Rettssikkerhet, likebehandling, brukermedvirkning, medbestemmelse, likeverd.",
    ),
]


def load(apps, schema_editor):
    ValueStream = apps.get_model("processes", "ValueStream")
    for number, nda, nen, nnb, dda, den, dnb in VALUE_STREAMS:
        ValueStream.objects.update_or_create(
            number=number,
            defaults={
                "name_da": nda,
                "name_en": nen,
                "name_nb": nnb,
                "description_da": dda,
                "description_en": den,
                "description_nb": dnb,
            },
        )


def unload(apps, schema_editor):
    apps.get_model("processes", "ValueStream").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("processes", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
