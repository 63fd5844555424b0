"""The demo's previous cycle: Odense Værkstederne's first process, gone the whole way down
the hourglass and into implementation (issue 13).

`load_demo` calls `load_previous_cycle` after it has built the current process. The previous
process ran about a year earlier with the same three themes (the current process is linked to
it as its next cycle). Its debate, prioritisation round, catalogue edition and implementation
are made through the apps' own services, so the snapshot, the lineage and every recorded
change are real; only timestamps the services set to "now" are moved back afterwards, so the
pages tell a story that happened over a year.

What it holds, relative to today: ten initiatives across three groups, owned by staff from all
three (the demo member owns the MUS conversations, so she can add a measurement on her phone),
three indicators (one with 21 measurements and a signal of improvement by Anhøj's rules, one
with 19 and random variation, one with too few to say), trial actions (one abandoned and kept
as learning), progress updates, the leader's sign-offs and one initiative overdue for an
update. The module name starts with an underscore, so Django does not take it for a command.
"""

from __future__ import annotations

import contextlib
import datetime
from collections import Counter
from decimal import Decimal

from django.utils import timezone

# Days from the day implementation started to today: about nine and a half months of it.
IMPLEMENTATION_DAYS = 290

# The themes in the first cycle's order: user involvement was the burning one then.
THEME_ORDER = [
    "Brugerinddragelse og brugernes position",
    "Faglige værdier og kompetenceudvikling",
    "Fremtidens dagtilbud",
]

# (name, theme title, lead, members, debate author, where it met). Letters, where the
# current cycle numbers its groups. Each mixes departments, professions and seniority.
GROUPS = [
    ("Gruppe A – Brugerinddragelse", THEME_ORDER[0], "leader",
     ["sofie", "karen", "bent", "maria", "gitte", "susanne"], "karen", "Brugerrådets lokale"),
    ("Gruppe B – Faglige værdier", THEME_ORDER[1], "henrik",
     ["poul", "lars", "camilla", "tobias", "yasmin"], "poul", "Mødelokalet i Træværkstedet"),
    ("Gruppe C – Fremtidens dagtilbud", THEME_ORDER[2], "mette",
     ["hanne", "rikke", "ahmad", "jonas", "jens"], "hanne", "Kantinen, efter lukketid"),
]  # fmt: skip

SUMMARIES = {
    "kickoff": (
        "<p>Forløbets første seminar samlede alle tre afdelinger, ledelsen og to konsulenter "
        "fra forvaltningen. I den fri brainstorm handlede kvalitet især om "
        "<strong>ligeværdighed</strong>, <strong>faglig stolthed</strong> og "
        "<strong>meningsfuldt arbejde</strong>.</p>"
        "<p>De nyansatte undrede sig over, at personalet har medarbejderudviklingssamtaler, "
        "men brugerne ikke har. Det blev dagens mest diskuterede spørgsmål.</p>"
    ),
    "midway": (
        "<p>Grupperne prioriterede deres værdier med prikker i én fælles runde. Ligeværdighed "
        "og indflydelse fik flest prikker, tæt fulgt af meningsfuld beskæftigelse.</p>"
        "<p>Gruppe A viste indflydelsesskemaet: brugerne bestemmer selv over kaffe og "
        "gavekasse, men har kun medbestemmelse over valg af aktivitet.</p>"
    ),
    "wrapup": (
        "<p>Hver gruppe fremlagde sine idealværdier og tre konkrete tiltag, og lederen "
        "gennemgik, hvordan tiltagene holder sig inden for rammerne. Tiltagene samles i "
        "værdi- og idékataloget, som er starten på implementeringen.</p>"
    ),
}

# Group name -> values (name, meaning, examples, dilemmas, gap, ideal?) and ideas (title,
# description, [values], how it improves the core task, how it spreads, involved, users' role,
# first step). Every idea is selected for the catalogue.
DEBATE = {
    "Gruppe A": {
        "values": [
            (
                "Ligeværdighed",
                "Brugerne er kolleger i værkstederne, med samme ret til udvikling som personalet.",
                "Personalet har haft MUS-samtaler i mange år; brugerne har aldrig haft en.",
                "Ligeværdighed mod omsorg: nogle brugere har brug for, at vi beslutter for dem.",
                "Ingen taler systematisk med brugerne om, hvad de gerne vil lære.",
                True,
            ),
            (
                "Indflydelse",
                "Brugerne bestemmer over det, der fylder i deres hverdag.",
                "Brugerrådet valgte selv farverne i kantinen.",
                "Indflydelse mod drift: ordrer skal leveres til tiden.",
                "Indflydelsesskemaet viser, at brugerne kun bestemmer over kaffe og gavekasse.",
                True,
            ),
            (
                "Respekt",
                "Vi taler med brugerne, ikke om dem.",
                "Vi banker på, før vi går ind i brugerrådets lokale.",
                "",
                "",
                False,
            ),
        ],
        "ideas": [
            (
                "MUS-samtaler for brugerne",
                "Hver bruger får en årlig medarbejderudviklingssamtale med sin kontaktperson om "
                "kompetenceudvikling, fastholdelse af færdigheder og løn.",
                ["Ligeværdighed"],
                "Samtalerne giver større ligeværdighed i arbejdssituationen og en systematisk "
                "udvikling og fastholdelse af alle brugeres færdigheder.",
                "Begynder i Træværkstedet og skrives ind i kvalitetshåndbogen for alle afdelinger.",
                ["users", "staff"],
                "co_creating",
                "Brugerrådet og to kontaktpersoner laver samtaleskemaet sammen.",
            ),
            (
                "Brugerrådet får eget budget",
                "Brugerrådet får 20.000 kr. om året, som det selv bestemmer over.",
                ["Indflydelse", "Ligeværdighed"],
                "Brugerne får reel medbestemmelse og lærer at prioritere sammen.",
                "Brugerrådet fortæller på fællesmøderne, hvad pengene er brugt til.",
                ["users", "staff"],
                "co_creating",
                "Lederen afsætter beløbet i budgettet.",
            ),
            (
                "Brugerne vælger selv aktivitet",
                "Valg af aktivitet flyttes fra medbestemmelse til selvbestemmelse: en bruger, der "
                "vil skifte aktivitet, kan gøre det inden for en uge.",
                ["Indflydelse"],
                "Brugerne arbejder med det, de har lyst til og evner, og ventetiden forsvinder.",
                "Skiftene koordineres på tværs af de tre afdelinger.",
                ["users", "staff"],
                "consulted",
                "En tavle i kantinen, hvor brugerne skriver, hvad de vil prøve.",
            ),
        ],
        # The seed's influence schema, as the group sorted it.
        "influence": [
            ("self", "Kaffe og gavekasse"),
            ("self", "Placering i kantinen"),
            ("self", "Deltagelse i særlige aktiviteter"),
            ("co", "Brugerråd"),
            ("co", "Valg af aktivitet og beskæftigelse"),
            ("co", "Udsmykning og indretning"),
            ("co", "Kontaktperson"),
            ("none", "Egen arbejdstid"),
            ("none", "Åbningstider"),
            ("none", "Ansættelse af personale og visitation af nye brugere"),
        ],
        "frame": [
            (
                "law",
                "Brugernes arbejdsdusør fastsættes efter servicelovens § 103 og kommunens takster.",
                "Samtalerne kan drøfte løn, men ikke ændre, hvordan den fastsættes.",
            ),
        ],
    },
    "Gruppe B": {
        "values": [
            (
                "Faglig stolthed",
                "Vi er stolte af vores fag og af det, brugerne kan.",
                "Svendeprøven i Træværkstedet.",
                "Faglighed mod rummelighed.",
                "Vi taler sjældent om faglighed på personalemøderne.",
                True,
            ),
            (
                "Nysgerrighed på hinandens fag",
                "Pædagoger og håndværkere lærer af hinandens måde at arbejde på.",
                "Smeden viste pædagogerne, hvordan han lærer brugerne at svejse.",
                "Nysgerrighed mod travlhed.",
                "Vi arbejder side om side, men ved lidt om hinandens fag.",
                True,
            ),
            (
                "Rummelighed",
                "Der er plads til forskellige måder at være bruger på.",
                "",
                "",
                "",
                False,
            ),
        ],
        "ideas": [
            (
                "Makkerpar på tværs af fag",
                "En pædagog og en håndværker arbejder sammen i otte uger og lærer af hinandens "
                "tilgang til brugerne.",
                ["Nysgerrighed på hinandens fag"],
                "Brugerne møder både den pædagogiske og den håndværksmæssige faglighed.",
                "Et nyt makkerpar hvert kvartal, på skift mellem afdelingerne.",
                ["staff"],
                "informed",
                "Træværkstedet danner det første makkerpar.",
            ),
            (
                "Faglig café hver måned",
                "Én eftermiddag om måneden fortæller en kollega om sit fag; alle er velkomne, også "
                "brugerne.",
                ["Faglig stolthed", "Nysgerrighed på hinandens fag"],
                "Fagligheden bliver synlig og bliver en dynamo for kompetenceudvikling.",
                "Caféen skrives ind i årshjulet og holdes af skiftende kolleger.",
                ["staff", "users"],
                "consulted",
                "Første café holdes af smeden i Metal og montage.",
            ),
            (
                "Rehabilitering som fælles referenceramme",
                "Alle medarbejdere får et kursus i rehabiliteringsbegrebet, og hvert værksted "
                "beskriver, hvad det betyder hos dem.",
                ["Faglig stolthed"],
                "Forvaltningens fælles referenceramme bliver til praksis i værkstederne.",
                "Beskrivelserne samles i kvalitetshåndbogen.",
                ["staff"],
                "informed",
                "Forvaltningen sender kursusmaterialet.",
            ),
        ],
        "frame": [
            (
                "budget",
                "Kursusbudgettet er 60.000 kr. om året for hele personalet.",
                "Kurser ud over det kræver en prioritering i ledelsen.",
            ),
        ],
    },
    "Gruppe C": {
        "values": [
            (
                "Meningsfuld beskæftigelse",
                "Arbejdet skal give mening for den enkelte bruger og for kunderne.",
                "Bænkene til Fruens Bøge.",
                "Produktionskrav mod tid til den enkelte.",
                "Nogle brugere sidder med de samme opgaver år efter år.",
                True,
            ),
            (
                "Fleksibilitet",
                "Tilbuddet tilpasses den enkeltes ønsker og livssituation.",
                "Deltid i kantinen for en bruger, der går på uddannelse.",
                "Fleksibilitet mod fællesskab.",
                "",
                True,
            ),
            ("Tryghed", "En fast og forudsigelig hverdag.", "", "", "", False),
        ],
        "ideas": [
            (
                "Praktik på ordinære arbejdspladser",
                "Brugere, der ønsker det, kommer i praktik i en virksomhed i to til fire uger med "
                "en fast kontaktperson.",
                ["Meningsfuld beskæftigelse", "Fleksibilitet"],
                "Brugerne prøver det ordinære arbejdsmarked med en tryg vej tilbage.",
                "Aftaler med fem virksomheder, som alle afdelinger kan bruge.",
                ["users", "staff", "civil_society"],
                "co_creating",
                "Jobkonsulenten finder de første to virksomheder.",
            ),
            (
                "Introforløb for nye, unge brugere",
                "De første fire uger prøver nye brugere alle tre afdelinger og får en makker "
                "blandt de erfarne brugere.",
                ["Fleksibilitet"],
                "Nye brugere finder hurtigere det, der giver mening for dem.",
                "Forløbet beskrives, så alle afdelinger tager imod på samme måde.",
                ["users", "staff"],
                "co_creating",
                "De næste tre nye brugere får forløbet.",
            ),
            (
                "Værkstedsbutik i kantinen",
                "Værkstedernes produkter sælges i kantinen to dage om ugen.",
                ["Meningsfuld beskæftigelse"],
                "Brugerne møder dem, der køber det, de laver.",
                "Butikken kan flytte ud i byen, hvis salget går godt.",
                ["users", "staff", "civil_society"],
                "co_creating",
                "Kantinen rydder et hjørne til butikken.",
            ),
        ],
        "frame": [
            (
                "law",
                "Servicelovens §§ 103 og 104 fastlægger, hvem der kan få tilbuddet.",
                "Praktik må ikke erstatte ordinært ansatte i virksomheden.",
            ),
        ],
    },
}

# How each initiative was carried out. Dates are days after implementation started (negative:
# days before today, written "T-n"). Status path: (day, status, reason). Updates: (day, text).
# Trials: (title, expectation, plan, do (from, until, notes), study, act (decision, day,
# learning)); a trial stops at the last stage given.
INITIATIVES = {
    "MUS-samtaler for brugerne": {
        "owner": "sofie",
        "team": ["karen", "gitte", "maria"],
        "end": 365,
        "users": "Brugerrådet har lavet samtaleskemaet sammen med kontaktpersonerne, og hver "
        "bruger vælger selv, om samtalen holdes i værkstedet eller i et mødelokale.",
        "sign_off": "Løn drøftes i samtalen, men fastsættes som hidtil efter kommunens takster.",
        "status": [
            (70, "trial", "De første samtaler holdes i Træværkstedet."),
            (133, "running", "Samtalerne holdes nu i alle tre afdelinger."),
        ],
        "updates": [
            (14, "Brugerrådet og to kontaktpersoner har lavet samtaleskemaet."),
            (70, "De første samtaler er holdt i Træværkstedet."),
            (
                133,
                "Skemaet virker: samtalerne udbredes til Metal og montage og Kantine og service.",
            ),
            (
                -8,
                "34 af 41 brugere har nu haft en samtale. Næste prøvehandling: "
                "samtaler om formiddagen i Metal og montage.",
            ),
        ],
        "goals": (
            "Alle brugere har en årlig MUS-samtale med deres kontaktperson",
            [
                "80 % af brugerne har haft en samtale inden for det første år",
                "Samtaleskemaet er lavet sammen med brugerrådet",
            ],
        ),
        "trials": [
            (
                "Samtaler i Træværkstedet først",
                "Kontaktpersonerne kan holde to samtaler om ugen, og andelen stiger.",
                "Kontaktpersonerne i Træværkstedet holder samtalerne over otte uger med det nye "
                "skema.",
                (70, 126, "22 samtaler på otte uger; to brugere takkede nej."),
                "Andelen steg fra 60 % til 68 %. Spørgsmålet om løn fyldte mest.",
                ("adopt", 130, "Skemaet virker. Samtalerne udbredes til de andre afdelinger."),
            ),
            (
                "Samtalen holdes i kantinen",
                "Et neutralt sted gør det lettere for brugerne at sige, hvad de mener.",
                "Fem samtaler i kantinen efter frokost.",
                (140, 168, "Fem samtaler i kantinen; to blev afbrudt før tid."),
                "Samtalerne blev afbrudt af kolleger og lyde fra køkkenet, og to brugere bad om "
                "at stoppe.",
                (
                    "abandon",
                    175,
                    "Samtalerne fungerer bedst i værkstedet, hvor brugeren er tryg. "
                    "Vi holder dem ikke i kantinen igen.",
                ),
            ),
            (
                "Samtaler om formiddagen i Metal og montage",
                "Om formiddagen er der ro i værkstedet, og brugerne er friske.",
                "Kontaktpersonerne booker samtalerne mellem kl. 9 og 11.",
                None,
                None,
                None,
            ),
        ],
    },
    "Brugerrådet får eget budget": {
        "owner": "gitte",
        "team": ["maria"],
        "end": 365,
        "users": "Brugerrådet beslutter selv og fortæller på fællesmøderne, hvad pengene går til.",
        "sign_off": "Beløbet holdes inden for værkstedernes driftsbudget.",
        "status": [
            (30, "running", "Beløbet er afsat i budgettet, og brugerrådet har fået sin egen konto.")
        ],
        "updates": [
            (30, "Brugerrådet har fået 20.000 kr. og sin egen konto."),
            (180, "Brugerrådet har købt nye stole til kantinen."),
            (
                -12,
                "Sommerfesten blev holdt for brugerrådets penge, og flere brugere vil "
                "nu stille op til rådet.",
            ),
        ],
    },
    "Brugerne vælger selv aktivitet": {
        "owner": "bent",
        "team": ["maria", "susanne"],
        "end": 300,
        "users": "Brugerne skriver selv på tavlen, hvad de vil prøve, og brugerrådet følger "
        "ventetiden.",
        "sign_off": "",
        "status": [(56, "trial", "Skiftetavlen i kantinen afprøves.")],
        "updates": [
            (56, "Skiftetavlen hænger i kantinen."),
            (
                -20,
                "Flere brugere skriver sig på tavlen, men ventetiden er ikke blevet kortere endnu.",
            ),
        ],
        "trials": [
            (
                "Skiftetavle i kantinen",
                "Ønsker om at skifte kommer hurtigere frem, og ventetiden falder.",
                "Brugerne skriver deres ønske på tavlen; afdelingslederne ser på den hver mandag.",
                (56, None, "Tavlen bruges: 23 ønsker på tre måneder."),
                "Ønskerne kommer frem, men skiftet venter stadig på en ledig plads i det andet "
                "værksted.",
                None,
            ),
        ],
    },
    "Makkerpar på tværs af fag": {
        "owner": "lars",
        "team": ["poul", "camilla"],
        "end": 330,
        "users": "Brugerne i Træværkstedet fortæller, hvad de har mærket til makkerparret.",
        "sign_off": "",
        "status": [(-40, "trial", "Det første makkerpar er i gang i Træværkstedet.")],
        "updates": [
            (20, "Makkerparrene er sat sammen; det første begynder efter sommer."),
            (-5, "Halvvejs: pædagogen er begyndt at bruge håndværkerens tegninger i oplæringen."),
        ],
        "trials": [
            (
                "Otte uger med makkerpar i Træværkstedet",
                "Begge lærer en ny måde at lære brugerne et arbejde på.",
                "En pædagog og en tømrer arbejder sammen fire dage om ugen.",
                (-40, None, "I gang; makkerparret skriver en kort logbog hver fredag."),
                None,
                None,
            ),
        ],
    },
    "Faglig café hver måned": {
        "owner": "henrik",
        "team": ["camilla", "tobias"],
        "end": 365,
        "users": "Brugerne er velkomne til caféen og har selv holdt én om deres arbejde.",
        "sign_off": "Caféen holdes i arbejdstiden inden for det nuværende budget.",
        "status": [
            (20, "trial", "Første café holdes af smeden."),
            (80, "running", "Caféen holdes hver måned."),
            (220, "anchored", "Caféen står i årshjulet og holdes af skiftende kolleger."),
        ],
        "updates": [
            (20, "Første café: smeden om svejsning. 24 deltog."),
            (80, "Tre caféer holdt; brugerne vil gerne holde den næste."),
            (220, "Caféen er skrevet ind i årshjulet."),
        ],
    },
    "Rehabilitering som fælles referenceramme": {
        "owner": "poul",
        "team": ["yasmin"],
        "end": 300,
        "users": "",
        "sign_off": "Kurset ligger inden for kursusbudgettet.",
        "status": [],
        # The overdue one: no update for longer than the 30 days between updates.
        "updates": [
            (10, "Forvaltningen har sendt kursusmaterialet."),
            (-52, "Kurset er udskudt, fordi underviseren blev syg. Ny dato mangler."),
        ],
    },
    "Praktik på ordinære arbejdspladser": {
        "owner": "rikke",
        "team": ["jonas", "jens"],
        "end": 365,
        "users": "Brugeren vælger selv virksomheden sammen med jobkonsulenten.",
        "sign_off": "Praktikken erstatter ikke ordinært ansatte (servicelovens § 103).",
        "status": [
            (45, "trial", "To brugere er i praktik hos en tømrer og i en kantine."),
            (150, "running", "Aftaler med fire virksomheder."),
        ],
        "updates": [
            (45, "To brugere er begyndt i praktik."),
            (150, "Fire virksomheder har indgået en fast aftale."),
            (-15, "En bruger har fået et fleksjob efter sin praktik."),
        ],
    },
    "Introforløb for nye, unge brugere": {
        "owner": "hanne",
        "team": ["ahmad"],
        "end": 240,
        "users": "De erfarne brugere er makkere for de nye.",
        "sign_off": "Forløbet ændrer ikke visitationen.",
        "status": [
            (20, "running", "De første nye brugere får forløbet."),
            (200, "anchored", "Forløbet er beskrevet og bruges i alle afdelinger."),
        ],
        "updates": [
            (20, "Tre nye brugere er i gang."),
            (200, "Forløbet er beskrevet i kvalitetshåndbogen."),
        ],
    },
    "Værkstedsbutik i kantinen": {
        "owner": "jonas",
        "team": [],
        "end": 200,
        "users": "Brugerne passer butikken på skift.",
        "sign_off": "Salget følger kommunens regler for indtægtsdækket virksomhed.",
        "status": [
            (60, "trial", "Butikken åbner to dage om ugen."),
            (
                160,
                "stopped",
                "Der kom for få kunder i kantinen. Produkterne sælges i "
                "stedet på kommunens julemarked.",
            ),
        ],
        "updates": [
            (60, "Butikken er åbnet."),
            (
                160,
                "Butikken lukker: for få kunder. Vi lærte, at brugerne gerne vil "
                "møde kunderne, så vi satser på julemarkedet.",
            ),
        ],
    },
}

# Added after the catalogue, proposed by the users' council (with its origin and reason).
ADDED_LATER = {
    "title": "Pårørendedag i værkstederne",
    "description": "Én dag om året inviteres de pårørende til at se, hvad brugerne laver, og "
                   "brugerne viser selv deres arbejde frem.",
    "group": "Gruppe C",
    "origin": "user_proposal",
    "reason": "Foreslået af brugerrådet: de pårørende ved for lidt om, hvad der sker i "
              "værkstederne.",
    "owner": "ahmad", "team": ["tobias"], "start": -35,
    "updates": [(-9, "Datoen er sat, og brugerne laver invitationerne i Træværkstedet.")],
}  # fmt: skip


def _mus_share() -> list[tuple[int, str, str]]:
    """Every other week from the baseline: (day, share in %, note). The first six are the
    baseline period, around 60 %; after the first trial the share climbs towards 80 %."""
    values = ["60.0", "58.5", "61.0", "59.5", "60.0", "61.0",
              "62.0", "63.4", "65.9", "65.0", "68.3", "67.5", "70.7", "72.0", "71.5", "74.4",
              "76.0", "78.0", "77.5", "80.5", "82.9"]  # fmt: skip
    notes = {6: "Første samtaler i Træværkstedet.", 10: "Metal og montage er begyndt.",
             13: "Kantine og service er begyndt.", 20: "34 af 41 brugere."}  # fmt: skip
    return [(14 * k, value, notes.get(k, "")) for k, value in enumerate(values)]


def _waiting_days() -> list[tuple[int, str, str]]:
    """Every other week from day 28: the wait in days, varying at random around 17."""
    values = [19, 16, 20, 17, 18, 15, 19, 16, 18, 21, 17, 15, 18, 20, 16, 19, 17, 18, 16]
    return [(28 + 14 * k, str(value), "") for k, value in enumerate(values)]


INDICATORS = {
    "MUS-samtaler for brugerne": [
        {
            "name": "Andel brugere med MUS-samtale det seneste år",
            "unit": "percent", "better": "higher", "baseline": "60", "target": "80",
            "method": "Optalt i kontaktpersonernes kalendere: brugere med en samtale inden for "
                      "de seneste 12 måneder, i procent af alle indskrevne brugere.",
            "baseline_period_days": 70, "target_days": 365, "points": _mus_share,
            "evidence": (14 * 14, "user_statement",
                         "Det var første gang, nogen spurgte mig, hvad jeg gerne vil lære."),
        }
    ],
    "Brugerne vælger selv aktivitet": [
        {
            "name": "Ventetid på aktivitetsskift (dage)",
            "unit": "days", "better": "lower", "baseline": "21", "target": "7",
            "method": "Gennemsnitlig ventetid fra ønske til skift i kvartalet før start "
                      "(12 skift).",
            "baseline_day": 14, "target_days": 365, "points": _waiting_days,
        }
    ],
    "Faglig café hver måned": [
        {
            "name": "Udbytte af den faglige café (1–4)",
            "unit": "score", "better": "higher", "baseline": "2.5", "target": "3.5",
            "method": "Deltagerne giver caféen en karakter fra 1 til 4 på et kort ved døren.",
            "target_days": 365,
            "points": lambda: [(20 + 30 * k, v, "") for k, v in
                               enumerate(["2.8", "3.1", "2.9", "3.3", "3.4", "3.2"])],
        }
    ],
}  # fmt: skip


def delete_protected_rows(slug: str) -> None:
    """Delete what keeps the demo organisation from being deleted: round candidates PROTECT
    the values and ideas on their ballots (results stay on record), and initiatives and the
    implementation PROTECT the catalogue edition they started from."""
    from debate.models import PrioritisationRound
    from implementation.models import Implementation, Initiative

    PrioritisationRound.objects.filter(process__organisation__slug=slug).delete()
    Initiative.objects.filter(process__organisation__slug=slug).delete()
    Implementation.objects.filter(process__organisation__slug=slug).delete()


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    """A moment on `day`, for timestamps the services set to now."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _previous_tuesday(on_or_before: datetime.date) -> datetime.date:
    return on_or_before - datetime.timedelta(days=(on_or_before.weekday() - 1) % 7)


@contextlib.contextmanager
def _render_later(workflow):
    """Publish without queueing the PDF (`load_demo --without-pdf`): rendering takes seconds
    that every test loading the demo would pay. The render job stays queued, its page offers
    the retry button, and one press renders it."""
    queue_render = workflow.queue_render
    workflow.queue_render = lambda job: None
    try:
        yield
    finally:
        workflow.queue_render = queue_render


def load_previous_cycle(command, organisation, current, members):
    """Build the previous process of `organisation` through implementation and link
    `current` to it as its next cycle. Returns the previous process."""
    from catalog.models import Edition, GroupReview, RenderJob
    from catalog.services import workflow
    from cycles.models import CycleLink
    from debate.models import Dot, Idea, PrioritisationRound, RoundBallot, Value
    from debate.services import frame as frame_services
    from debate.services import ideas as idea_services
    from debate.services import influence as influence_services
    from debate.services import rounds as round_services
    from debate.services import values as value_services
    from implementation.models import Implementation, Initiative, InitiativeRevision
    from implementation.services import chain, indicators, initiatives, start, updates
    from processes.models import (
        FrameworkDocument,
        Group,
        GroupMeeting,
        GroupMembership,
        PhaseChange,
        Process,
        Seminar,
        Theme,
        ValueStream,
    )
    from processes.services import phases

    from . import load_demo as demo

    today = timezone.localdate()
    started = today - datetime.timedelta(days=IMPLEMENTATION_DAYS)

    def day(n: int) -> datetime.date:
        """Days after implementation started; negative: days before today."""
        return started + datetime.timedelta(days=n) if n >= 0 else today + datetime.timedelta(n)

    wrapup = _previous_tuesday(started - datetime.timedelta(days=21))
    kickoff = wrapup - datetime.timedelta(weeks=15)
    midway = kickoff + datetime.timedelta(weeks=8)
    end = wrapup + datetime.timedelta(weeks=2)
    facilitator, leader = members["facilitator"], members["leader"]

    process = Process.objects.create(
        organisation=organisation,
        title=f"Slip værdidebatten løs – kvalitetsudvikling {end.year}",
        purpose=demo.PURPOSE,
        start_date=kickoff,
        end_date=end,
        min_initiatives_per_group=3,
        created_by=facilitator.user,
    )
    process.participants.set(members.values())
    CycleLink.objects.create(previous=process, process=current, started_by=facilitator)

    # -- The design: the same themes, three seminars held, three groups that met. -----------
    streams = ValueStream.objects.in_bulk(field_name="number")
    specs = {spec["title"]: spec for spec in demo.THEMES}
    themes = {}
    for position, title in enumerate(THEME_ORDER, start=1):
        spec = specs[title]
        theme = Theme.objects.create(
            process=process,
            title=title,
            description=spec["description"],
            challenges=spec["challenges"],
            position=position,
        )
        theme.value_streams.set([streams[n] for n in spec["value_streams"] if n in streams])
        FrameworkDocument.objects.create(
            theme=theme, title=spec["document"][0], url=spec["document"][1]
        )
        themes[title] = theme
    seminars = {}
    for kind, date, title, agenda in [
        (Seminar.Kind.KICKOFF, kickoff, "Opstartsseminar", demo.KICKOFF_AGENDA),
        (Seminar.Kind.MIDWAY, midway, "Midtvejsseminar", demo.MIDWAY_AGENDA),
        (Seminar.Kind.WRAPUP, wrapup, "Opsamlingsseminar", demo.WRAPUP_AGENDA),
    ]:
        seminars[kind] = command._seminar(
            process, kind, date, title, agenda, members,
            summary=SUMMARIES[kind], summary_by=facilitator.user,
        )  # fmt: skip
    Seminar.objects.filter(process=process).update(summary_updated_at=_at(wrapup, 16))
    groups = {}
    for name, theme_title, lead, member_keys, _author, place in GROUPS:
        group = Group.objects.create(
            process=process, theme=themes[theme_title], name=name, lead=members[lead]
        )
        for key in [lead, *member_keys]:
            # save() repeats the process on the row (one group per person per process).
            GroupMembership.objects.create(group=group, membership=members[key])
        GroupMeeting.objects.bulk_create(
            GroupMeeting(group=group, date=date, place=place, notes=notes)
            for date, notes in [
                (kickoff + datetime.timedelta(weeks=4, days=1),
                 "Værdier, eksempler og dilemmaer fra opstartsseminaret."),
                (midway + datetime.timedelta(weeks=3, days=1),
                 "Idealværdier og tre konkrete tiltag til opsamlingsseminaret."),
            ]
        )  # fmt: skip
        groups[name.split(" – ")[0]] = group

    # -- The debate: values, the influence schema, ideas selected for the catalogue. ---------
    values = {}
    for key, spec in DEBATE.items():
        group = groups[key]
        author = members[next(g[4] for g in GROUPS if g[0].startswith(key))]
        stream = list(group.theme.value_streams.all())[:1]
        for name, meaning, examples, dilemmas, gap, ideal in spec["values"]:
            value = value_services.add_value(
                actor=author, group=group, name=name, meaning=meaning, examples=examples,
                dilemmas=dilemmas, gap=gap, value_streams=stream,
            )  # fmt: skip
            if ideal:
                value_services.set_ideal(actor=group.lead, value=value, is_ideal=True)
            values[name] = value
        for column, activity in spec.get("influence", []):
            influence_services.add_influence_item(
                actor=author, group=group, activity=activity, column=column
            )
        for kind, text, reason in spec["frame"]:
            frame_services.add_frame_condition(
                actor=leader, theme=group.theme, text=text, reason=reason, kind=kind
            )
    Value.objects.filter(group__process=process).update(created_at=_at(kickoff, 11))

    # The midway seminar's dot vote on every group's values: the lineage shows the placings.
    vote = round_services.open_round(
        actor=facilitator,
        process=process,
        title="Runde 1: de vigtigste værdier",
        dots_per_person=3,
    )
    candidates = {c.value.name: c for c in vote.candidates.select_related("value")}
    ballots = {
        "Ligeværdighed": ["sofie", "karen", "bent", "maria", "gitte", "lars", "hanne"],
        "Indflydelse": ["sofie", "karen", "bent", "maria", "poul", "rikke"],
        "Meningsfuld beskæftigelse": ["gitte", "hanne", "rikke", "ahmad", "jonas"],
        "Faglig stolthed": ["poul", "lars", "camilla", "tobias"],
        "Nysgerrighed på hinandens fag": ["camilla", "tobias", "yasmin", "ahmad"],
        "Fleksibilitet": ["jonas", "yasmin", "maria"],
    }
    # The dots as the round would have stored them (a ballot per voter within the limit, a
    # row per dot), written in two queries: placing them one by one through the service
    # would double the time this whole module takes.
    used = Counter(key for voters in ballots.values() for key in voters)
    RoundBallot.objects.bulk_create(
        RoundBallot(round=vote, voter=members[key], dots_allowed=3, dots_used=count)
        for key, count in used.items()
    )
    Dot.objects.bulk_create(
        Dot(round=vote, candidate=candidates[name], voter=members[key])
        for name, voters in ballots.items()
        for key in voters
    )
    round_services.close_round(actor=facilitator, round=vote)
    PrioritisationRound.objects.filter(pk=vote.pk).update(
        opened_at=_at(midway, 13), closed_at=_at(midway, 14)
    )

    for key, spec in DEBATE.items():
        group = groups[key]
        author = members[next(g[4] for g in GROUPS if g[0].startswith(key))]
        for title, description, value_names, improves, spread, involved, role, first in spec[
            "ideas"
        ]:
            idea = idea_services.add_idea(
                actor=author, group=group, title=title, description=description,
                values=[values[n] for n in value_names], improves_core_task=improves,
                spread_plan=spread, involved=involved, users_role=role, first_step=first,
                seminar=seminars[Seminar.Kind.WRAPUP], propose=True,
            )  # fmt: skip
            idea_services.set_idea_status(actor=group.lead, idea=idea, status=Idea.Status.SELECTED)
    Idea.objects.filter(group__process=process).update(created_at=_at(midway, 15))

    # -- Down the hourglass, and the catalogue's first edition. ------------------------------
    for _phase in range(2):
        phases.move_phase(actor=facilitator, process=process, direction=phases.NEXT)
    edition = workflow.start_edition(actor=facilitator, process=process)
    workflow.update_draft(
        actor=facilitator,
        edition=edition,
        foreword="Tak til alle, der har været med i værdidebatten.",
        introduction="Kataloget samler de tre gruppers idealværdier og tiltag. Det er starten "
        "på implementeringen i hele organisationen.",
    )
    edition = workflow.submit_for_review(actor=facilitator, edition=edition)
    for group in groups.values():
        workflow.review_group(
            actor=group.lead,
            edition=edition,
            group=group,
            decision=GroupReview.Decision.CONFIRMED,
        )
    # The PDF is queued after the commit like any publication (where Celery runs tasks in
    # this process, as with `make run`, that renders it: a few seconds).
    with (
        contextlib.nullcontext()
        if getattr(command, "render_pdf", True)
        else _render_later(workflow)
    ):
        edition = workflow.approve(actor=leader, edition=edition)
    published = started - datetime.timedelta(days=3)
    Edition.objects.filter(pk=edition.pk).update(
        created_at=_at(wrapup + datetime.timedelta(days=2)),
        compiled_at=_at(published - datetime.timedelta(days=5)),
        submitted_at=_at(published - datetime.timedelta(days=5)),
        approved_at=_at(published),
        published_at=_at(published),
    )
    RenderJob.objects.filter(edition=edition).update(queued_at=_at(published))
    edition.refresh_from_db()

    # -- Implementation: initiatives with owners, chains, indicators and updates. ------------
    start.start_implementation(process, actor=leader, edition=edition, today=started)
    Implementation.objects.filter(process=process).update(started_at=_at(started))
    for change, date in zip(
        PhaseChange.objects.filter(process=process).order_by("created_at", "pk"),
        [kickoff + datetime.timedelta(days=1), midway, started],
        strict=True,
    ):
        PhaseChange.objects.filter(pk=change.pk).update(created_at=_at(date))

    by_title = {i.title: i for i in Initiative.objects.filter(process=process)}
    later = initiatives.add_initiative(
        process,
        actor=leader,
        title=ADDED_LATER["title"],
        description=ADDED_LATER["description"],
        origin=ADDED_LATER["origin"],
        origin_reason=ADDED_LATER["reason"],
        group=groups[ADDED_LATER["group"]],
        owner=members[ADDED_LATER["owner"]],
        team=[members[k] for k in ADDED_LATER["team"]],
        start_date=day(ADDED_LATER["start"]),
        today=day(ADDED_LATER["start"]),
    )
    for when, text in ADDED_LATER["updates"]:
        updates.add_update(later, actor=later.owner, written_on=day(when), text=text)

    for title, spec in INITIATIVES.items():
        initiative = by_title[title]
        owner = members[spec["owner"]]
        initiatives.update_initiative(
            initiative,
            actor=leader,
            expected_version=initiative.version,
            owner=owner,
            team=[members[k] for k in spec["team"]],
            users_involvement=spec["users"],
            start_date=started,
            end_date=day(spec["end"]),
        )
        if spec["sign_off"]:
            initiatives.sign_off_frame(initiative, actor=leader, note=spec["sign_off"])
        # Status changes and updates in date order; a change comes with its update.
        changes = {day(when): (status, reason) for when, status, reason in spec["status"]}
        for when, text in spec["updates"]:
            status, reason = changes.pop(day(when), (None, ""))
            updates.add_update(
                initiative, actor=owner, written_on=day(when), text=text,
                new_status=status, reason=reason,
            )  # fmt: skip
        for date, (status, reason) in sorted(changes.items()):
            initiatives.change_status(
                initiative, actor=owner, to_status=status, changed_on=date, reason=reason
            )
        _chain(chain, initiative, owner, spec, day)
        for indicator_spec in INDICATORS.get(title, []):
            _indicator(indicators, initiative, owner, indicator_spec, day)
    InitiativeRevision.objects.filter(initiative__process=process).update(
        created_at=_at(started, 14)
    )
    Initiative.objects.filter(process=process, frame_signed_off_at__isnull=False).update(
        frame_signed_off_at=_at(started + datetime.timedelta(days=7))
    )
    return process


def _chain(chain, initiative, owner, spec: dict, day) -> None:
    """The goal with its sub-goals, and the trials as far as each got."""
    if "goals" in spec:
        text, sub_goals = spec["goals"]
        goal = chain.add_goal(actor=owner, initiative=initiative, text=text)
        first = None
        for sub in sub_goals:
            added = chain.add_goal(actor=owner, initiative=initiative, text=sub, parent=goal)
            first = first or added
    else:
        first = None
    for title, expectation, plan, do, study, act in spec.get("trials", []):
        trial = chain.add_trial(
            actor=owner,
            initiative=initiative,
            title=title,
            expectation=expectation,
            plan=plan,
            goal=first,
        )
        if do is None:
            continue
        began, until, notes = do
        chain.record_do(
            actor=owner,
            trial=trial,
            started_on=day(began),
            ended_on=day(until) if until is not None else None,
            do_notes=notes,
        )
        if study is None:
            continue
        chain.record_study(actor=owner, trial=trial, study=study)
        if act is None:
            continue
        decision, decided, learning = act
        chain.record_act(
            actor=owner, trial=trial, decision=decision, learning=learning, decided_on=day(decided)
        )


def _indicator(indicators, initiative, owner, spec: dict, day) -> None:
    baseline_date = day(spec.get("baseline_day", 0))
    indicator = indicators.add_indicator(
        actor=owner,
        initiative=initiative,
        name=spec["name"],
        unit=spec["unit"],
        better=spec["better"],
        baseline_value=Decimal(spec["baseline"]),
        baseline_date=baseline_date,
        baseline_method=spec["method"],
        baseline_period_end=(
            day(spec["baseline_period_days"]) if "baseline_period_days" in spec else None
        ),
        target_value=Decimal(spec["target"]),
        target_date=day(spec["target_days"]),
    )
    evidence_at, evidence_kind, evidence = spec.get("evidence", (None, "", ""))
    for when, value, note in spec["points"]():
        measured_on = day(when) if when else baseline_date
        with_evidence = when == evidence_at
        indicators.add_measurement(
            actor=owner,
            indicator=indicator,
            measured_on=max(measured_on, baseline_date),
            value=Decimal(value),
            note=note,
            evidence_kind=evidence_kind if with_evidence else "",
            evidence=evidence if with_evidence else "",
        )
