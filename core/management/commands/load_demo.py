"""Load the demo organisation: Odense Værkstederne's value-based quality development.

The data follows the case in "Slip værdidebatten løs" (FOKUS, 2009): sheltered workshops for
citizens with disabilities in Odense run a four-month development process with three
full-day seminars, three themes taken from their value universe (the municipal disability
policy, the administration's statement of values and the development contract) and three
groups composed for "small disturbances" across departments, professions and seniority.
The people are invented.

Running the command again replaces the demo organisation (found by its slug) with a fresh
copy, so the dates stay in the near future and nothing is duplicated. The demo accounts are
kept and get the demo password again.

Groups 1 and 3 come with the material of their debate so far (values, the given frame, the
influence schema, initiatives selected for the catalogue), so the catalogue can be tried at
once; group 2's debate is empty, to be run live at the midway seminar.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from core.management.commands._demo_implementation import (
    delete_protected_rows,
    load_previous_cycle,
)
from organisations.models import Membership, Organisation
from processes.models import (
    AgendaItem,
    FrameworkDocument,
    Group,
    GroupMeeting,
    GroupMembership,
    Process,
    Seminar,
    Theme,
    ValueStream,
)

DEMO_SLUG = "odense-vaerkstederne-demo"
DEMO_DOMAIN = "demo.qualityhub.dk"
# Printed by `make run`; the command refuses to run in production, so it never guards
# real data.
DEMO_PASSWORD = "slip-vaerdierne-los"  # noqa: S105

Role = Membership.Role
Format = AgendaItem.Format

FORVALTNING = "Handicap- og Psykiatriafdelingen, Odense Kommune"
TRAE = "Træværkstedet"
METAL = "Metal og montage"
KANTINE = "Kantine og service"


@dataclass(frozen=True)
class Person:
    key: str
    first_name: str
    last_name: str
    role: str
    department: str
    background: str
    start_year: int | None
    birth_year: int
    login: str = ""  # the local part of a demo login; others get first.last

    @property
    def email(self) -> str:
        local = self.login or f"{self.first_name}.{self.last_name}".lower().replace(" ", ".")
        for danish, ascii_ in (("æ", "ae"), ("ø", "oe"), ("å", "aa")):
            local = local.replace(danish, ascii_)
        return f"{local}@{DEMO_DOMAIN}"


PEOPLE = [
    # The researcher who designs the process, keeps it on track and writes the summaries.
    Person("facilitator", "Birgitte", "Holm Sørensen", Role.FACILITATOR, "", "Forsker, AKF",
           None, 1971, login="facilitator"),
    # The leader backs the project, chairs the plenary sessions and leads a group.
    Person("leader", "Lene", "Kjær Madsen", Role.LEADER, "Ledelsen", "Socialpædagog",
           1998, 1964, login="leader"),
    Person("henrik", "Henrik", "Dalsgaard", Role.GROUP_LEAD, TRAE, "Tømrer",
           2001, 1968, login="gruppeleder"),
    Person("mette", "Mette", "Frost", Role.GROUP_LEAD, KANTINE, "Pædagog", 2009, 1976),
    # Consultants from the municipal administration: an outside view that does not control.
    Person("jens", "Jens", "Aagaard", Role.EXTERNAL, FORVALTNING, "Faglig konsulent",
           None, 1962, login="ekstern"),
    Person("susanne", "Susanne", "Borg", Role.EXTERNAL, FORVALTNING, "Faglig konsulent",
           None, 1973),
    # Staff from the three departments: pedagogical and craft backgrounds, old and new.
    Person("karen", "Karen", "Nørgaard", Role.MEMBER, TRAE, "Pædagog", 1985, 1958),
    Person("poul", "Poul Erik", "Vestergaard", Role.MEMBER, TRAE, "Tømrer", 1989, 1961),
    Person("sofie", "Sofie", "Lauridsen", Role.MEMBER, TRAE, "Pædagog", 2019, 1993,
           login="medlem"),
    Person("ahmad", "Ahmad", "Rasouli", Role.MEMBER, TRAE, "Snedker", 2024, 1998),
    Person("camilla", "Camilla", "Brandt", Role.MEMBER, TRAE, "Ergoterapeut", 2012, 1984),
    Person("bent", "Bent", "Kristoffersen", Role.MEMBER, METAL, "Smed", 1987, 1960),
    Person("lars", "Lars", "Møller Thomsen", Role.MEMBER, METAL, "Pædagog", 2007, 1975),
    Person("rikke", "Rikke", "Holst", Role.MEMBER, METAL, "Ergoterapeut", 2022, 1996),
    Person("jonas", "Jonas", "Friis", Role.MEMBER, METAL, "Industrimekaniker", 2016, 1989),
    Person("hanne", "Hanne", "Bech", Role.MEMBER, KANTINE, "Køkkenleder", 1995, 1966),
    Person("maria", "Maria", "Lindqvist", Role.MEMBER, KANTINE,
           "Social- og sundhedsassistent", 2010, 1979),
    Person("gitte", "Gitte", "Mortensen", Role.MEMBER, KANTINE,
           "Social- og sundhedsassistent", 2001, 1970),
    Person("tobias", "Tobias", "Skov", Role.MEMBER, KANTINE, "Pædagogisk assistent",
           2023, 2000),
    Person("yasmin", "Yasmin", "Haddad", Role.MEMBER, KANTINE, "Pædagog", 2021, 1995),
]  # fmt: skip

PURPOSE = (
    "At sætte værdierne i centrum for kvalitetsudviklingen på Odense Værkstederne. Gennem "
    "debatter om forholdet mellem værdier og praksis formulerer ledere, medarbejdere og "
    "repræsentanter fra forvaltningen tiltag til kvalitetsudvikling, som er meningsfyldte og "
    "realiserbare for ledere, medarbejdere og brugere.\n\n"
    "Forløbet har en fast ramme, en tidsplan, der holdes, og et produktmål, der nås: "
    "grupperne samler deres værdier og mindst tre konkrete udviklingstiltag hver i et fælles "
    "værdi- og idékatalog, som er starten på implementeringen i hele organisationen."
)

THEMES = [
    {
        "title": "Fremtidens dagtilbud",
        "description": (
            "Hvilke værdier skal være styrende for udviklingen af nye tilbud til "
            "brugergruppen? Værkstederne skal være responsive over for de nære omgivelser og "
            "brugerne: de er rammen om støttet beskæftigelse og dagtilbudsaktiviteter for "
            "borgere med udviklingshæmning (serviceloven §§ 103 og 104)."
        ),
        "challenges": (
            "Der er kommet øget fokus på inklusion af mennesker med handicap på det ordinære "
            "arbejdsmarked, og grænserne mellem dagtilbud, beskyttet beskæftigelse og job på "
            "ordinære arbejdspladser er under forandring. Nye, unge brugere har andre "
            "forventninger og krav og er uddannelsesmæssigt bedre rustet end de ældre. "
            "Brugergruppen bliver mere differentieret, og værkstederne skal kunne levere mere "
            "forskelligartede ydelser – samtidig med at virksomhedernes efterspørgsel efter "
            "værkstedernes produkter ændrer sig."
        ),
        "value_streams": [4, 7],
        "document": (
            "Udviklingskontrakt 2008–2009 for Odense Værkstederne",
            "https://www.odense.dk/",
        ),
    },
    {
        "title": "Faglige værdier og kompetenceudvikling",
        "description": (
            "Hvilke faglige værdier skal være styrende for personalet på værkstederne? De "
            "faglige værdier og personalets kompetenceudvikling hænger tæt sammen med "
            "organiseringen i produktionsenheder og tilbud, med personalets uddannelser og med "
            "den faglige forståelse, de lægger i arbejdet med brugerne."
        ),
        "challenges": (
            "De faglige profiler er domineret af personale med enten en pædagogisk eller en "
            "håndværksmæssig tilgang til at skabe aktivitetstilbud. Forvaltningen ønsker, at "
            "tilbuddene på handicapområdet arbejder ud fra en fælles referenceramme med afsæt "
            "i rehabiliteringsbegrebet. Forskellige faglige værdier og tilgange kan skærpe "
            "opmærksomheden på egen faglighed og blive en dynamo for kompetenceudvikling."
        ),
        "value_streams": [5, 6, 7],
        "document": (
            "Værdigrundlag for Handicap- og Psykiatriafdelingen, Odense Kommune",
            "https://www.odense.dk/",
        ),
    },
    {
        "title": "Brugerinddragelse og brugernes position",
        "description": (
            "Mennesker med handicap er ligeværdige borgere med samme ret som andre til at "
            "deltage aktivt i alle dele af samfundslivet. De professionelle skal møde brugerne "
            "med åbenhed, rummelighed, respekt, dialog og ansvarlighed, og tilbuddet skal "
            "tilpasse sig brugernes behov, ønsker og interesser."
        ),
        "challenges": (
            "Åbenlyse og skjulte hierarkier, daglige rutiner og sprogbrug kan placere brugerne "
            "i underordnede positioner. Personalet sætter brugerindflydelse og "
            "medbestemmelse højt, men forventes også at være professionelle og at »vide "
            "bedre«. Hvornår er hierarkier legitime, og hvor skal brugerne have større "
            "indflydelse – fx på kaffe- og gavekassen, brugerrådet, valg af aktivitet og egen "
            "arbejdstid?"
        ),
        "value_streams": [7],
        "document": ("Odense Kommunes Handicappolitik 2008", "https://www.odense.dk/"),
    },
]

# One group per theme, in theme order: (name, lead, members, where it meets). Composed for
# small disturbances: each mixes departments, pedagogical and craft backgrounds, old and new
# staff.
GROUPS = [
    (
        "Gruppe 1 – Fremtidens dagtilbud",
        "mette",
        ["karen", "jonas", "rikke", "tobias", "jens"],
        "Kantinen, efter lukketid",
    ),
    (
        "Gruppe 2 – Faglige værdier",
        "henrik",
        ["bent", "sofie", "camilla", "maria", "yasmin"],
        "Mødelokalet i Træværkstedet",
    ),
    (
        "Gruppe 3 – Brugerinddragelse",
        "leader",
        ["poul", "ahmad", "lars", "hanne", "gitte", "susanne"],
        "Brugerrådets lokale",
    ),
]

# (title, minutes, format, responsible key or None, notes). Each day runs 9:00–15:30.
KICKOFF_AGENDA = [
    ("Velkomst og præsentation af forløbet", 20, Format.PLENARY, "leader",
     "Lederen byder velkommen. Facilitator præsenterer timeglasmodellen, tidsplanen og "
     "produktkravet: et fælles værdi- og idékatalog."),
    ("Fri brainstorm: Hvad er kvalitet hos os?", 40, Format.PLENARY, "facilitator",
     "Alle bud skrives op uden at blive vurderet."),
    ("Pause", 15, Format.BREAK, None, ""),
    ("Eksternt oplæg om værdier i den offentlige sektor", 60, Format.TALK, None,
     "Kvalitet skabes også ved at give plads til uregelmæssighed, kreativitet, det "
     "unødvendige og leg. Oplæg ved en inviteret forsker."),
    ("Plenum: Vores værdier før, nu og i fremtiden", 50, Format.PLENARY, "leader",
     "Lederen er mødeleder. De ældste fortæller om værkstederne før, de nyansatte stiller "
     "undrende spørgsmål."),
    ("Frokost", 40, Format.BREAK, None, ""),
    ("Gruppearbejde i de tre temagrupper", 90, Format.GROUP, None,
     "Grupperne tager hul på deres tema: Hvilke værdier er på spil, og hvor oplever vi "
     "dilemmaer i hverdagen?"),
    ("Pause", 15, Format.BREAK, None, ""),
    ("Fremlæggelse i plenum", 45, Format.PLENARY, "leader",
     "Hver gruppe fremlægger sine diskussioner i ti minutter."),
    ("Afrunding og næste skridt", 15, Format.PLENARY, "facilitator",
     "Aftaler om gruppemøderne før midtvejsseminaret."),
]  # fmt: skip

MIDWAY_AGENDA = [
    ("Velkomst og opsamling fra opstartsseminaret", 20, Format.PLENARY, "facilitator",
     "Facilitator gennemgår den skriftlige opsamling."),
    ("Gruppearbejde: værdier, eksempler og dilemmaer", 90, Format.GROUP, None,
     "Grupperne arbejder videre fra gruppemødet og beskriver eksempler fra hverdagen."),
    ("Pause", 15, Format.BREAK, None, ""),
    ("Udveksling mellem grupperne", 45, Format.PLENARY, "leader",
     "Grupperne besøger hinanden to og to og stiller spørgsmål til hinandens værdier."),
    ("Frokost", 40, Format.BREAK, None, ""),
    ("Prioritering af værdier", 60, Format.GROUP, None,
     "Hvilke værdier og diskussionstemaer er vigtigst for kvaliteten i vores arbejde?"),
    ("Første idéer til udviklingstiltag", 60, Format.GROUP, None,
     "Fra de prioriterede værdier til de første konkrete idéer."),
    ("Pause", 15, Format.BREAK, None, ""),
    ("Grupperne præsenterer for hinanden", 45, Format.PLENARY, "leader",
     "Værdier og første idéer; de andre grupper giver respons."),
]  # fmt: skip

WRAPUP_AGENDA = [
    ("Velkomst", 15, Format.PLENARY, "leader", ""),
    ("Sidste forberedelse i grupperne", 60, Format.GROUP, None,
     "Grupperne gør deres fremlæggelse klar: idealværdier og mindst tre konkrete tiltag."),
    ("Pause", 15, Format.BREAK, None, ""),
    ("Fremlæggelse: Fremtidens dagtilbud", 35, Format.PLENARY, "mette",
     "Gruppens idealværdier og mindst tre konkrete tiltag, og hvordan hvert tiltag højner "
     "kvaliteten."),
    ("Fremlæggelse: Faglige værdier og kompetenceudvikling", 35, Format.PLENARY, "henrik",
     "Gruppens idealværdier og mindst tre konkrete tiltag, og hvordan hvert tiltag højner "
     "kvaliteten."),
    ("Frokost", 40, Format.BREAK, None, ""),
    ("Fremlæggelse: Brugerinddragelse og brugernes position", 35, Format.PLENARY, "leader",
     "Gruppens idealværdier og mindst tre konkrete tiltag, og hvordan hvert tiltag højner "
     "kvaliteten."),
    ("Hvordan spreder vi værdidebatten til hele organisationen?", 50, Format.PLENARY,
     "facilitator", "Hver gruppe fortæller, hvordan den vil sprede sin værdidiskussion."),
    ("Pause", 15, Format.BREAK, None, ""),
    ("Fra katalog til implementering", 30, Format.PLENARY, "leader",
     "Lederen sikrer, at tiltagene holder sig inden for de lovgivningsmæssige rammer, og "
     "aftaler, hvem der samler værdi- og idékataloget."),
    ("Evaluering af forløbet", 45, Format.PLENARY, "facilitator",
     "Skriftlig evaluering og en mundtlig runde i plenum."),
    ("Afslutning og tak", 15, Format.PLENARY, "leader", ""),
]  # fmt: skip

KICKOFF_SUMMARY = """\
<p>Opstartsseminaret samlede 20 deltagere fra de tre afdelinger, ledelsen og forvaltningen. \
Dagen var sat af til en åben og brainstormagtig debat, og deltagerne tog godt imod \
muligheden for at tale om det, der sjældent er tid til i hverdagen.</p>
<p>I den fri brainstorm blev kvalitet især beskrevet som <strong>ligeværdighed</strong>, \
<strong>meningsfuldt arbejde</strong> og <strong>tryghed</strong>. Flere pegede på, at \
brugerne skal opleve at lave rigtige produkter til rigtige kunder, ikke kun aktiviteter.</p>
<p>Oplægget om værdier gav stof til eftertanke: kvalitet skabes ikke kun af faste rutiner, \
men også af plads til det uregelmæssige, kreativitet og leg. I plenumdebatten om værdierne \
før, nu og i fremtiden fortalte de ældste medarbejdere om tiden som selvstændige beskyttede \
værksteder, mens de nyansatte undrede sig over, hvorfor personalet holder pause i et særligt \
pauserum, og hvorfor der er medarbejderudviklingssamtaler for personalet, men ikke for \
brugerne.</p>
<p>Grupperne tog hul på de tre temaer. Gruppen om brugerinddragelse vil til gruppemødet \
lave et skema over, hvor brugerne i dag har selvbestemmelse, medbestemmelse eller ingen \
indflydelse. Gruppen om faglige værdier vil undersøge, hvad den pædagogiske og den \
håndværksmæssige tilgang kan lære af hinanden, og gruppen om fremtidens dagtilbud vil se \
på, hvad de nye, unge brugere forventer af stedet.</p>
"""


# Group key -> the group's debate so far. Values: (name, meaning, examples, dilemmas, gap,
# ideal?). Ideas: (title, description, [value names], improves, spread, involved, users' role,
# first step, status).
DEBATE = {
    "Gruppe 1": {
        "author": "karen",
        "values": [
            (
                "Meningsfuld beskæftigelse",
                "Arbejdet skal give mening for den enkelte bruger og for de kunder, der køber "
                "vores produkter.",
                "Bænkene til Fruens Bøge blev solgt på fem uger, og brugerne var med til at "
                "levere dem.",
                "Produktionskrav mod tid til den enkelte: ordren skal ud, men ikke på bekostning "
                "af dem, der har brug for ro.",
                "Vi siger, at alle skal have en opgave, der giver mening, men nogle sidder stadig "
                "med de samme opgaver år efter år.",
                True,
            ),
            (
                "Fleksibilitet",
                "Tilbuddet skal kunne tilpasses den enkeltes ønsker og livssituation.",
                "Deltid i kantinen for en bruger, der starter på uddannelse.",
                "Fleksibilitet mod fællesskab og faste rammer.",
                "Åbningstider og transport er i dag bestemt af os, ikke af brugerne.",
                True,
            ),
            (
                "Tryghed",
                "En fast og forudsigelig hverdag, man kan regne med.",
                "Vagtplanen hænger på tavlen mandag morgen.",
                "",
                "",
                False,
            ),
        ],
        "ideas": [
            (
                "Arbejdsprøvning i nye værksteder",
                "Alle brugere kan prøve et andet værksted i to uger om året.",
                ["Meningsfuld beskæftigelse", "Fleksibilitet"],
                "Brugerne finder opgaver, der passer til dem, og personalet lærer dem at kende "
                "på en ny måde.",
                "Ordningen beskrives i kvalitetshåndbogen og gælder alle afdelinger fra næste år.",
                ["users", "staff"],
                "co_creating",
                "Værkstedslederne aftaler de første ti pladser inden sommerferien.",
                "selected",
            ),
            (
                "Brugerne med til kundemøderne",
                "Brugerne deltager i møderne med kunderne om nye ordrer.",
                ["Meningsfuld beskæftigelse"],
                "Brugerne ser, hvad deres arbejde betyder for andre.",
                "Træværkstedet begynder; de andre værksteder følger efter et halvt år.",
                ["users", "staff", "civil_society"],
                "co_creating",
                "Næste ordre fra parkforvaltningen.",
                "selected",
            ),
            (
                "Fleksible arbejdstider",
                "Brugerne kan vælge mellem tre mødetider.",
                ["Fleksibilitet"],
                "Hverdagen passer bedre sammen med familie, uddannelse og transport.",
                "Afprøves i kantinen og udbredes, hvis busplanen kan følge med.",
                ["users", "relatives", "staff"],
                "consulted",
                "Spørg brugerrådet, hvilke mødetider der er brug for.",
                "selected",
            ),
            (
                "Åbent værksted om lørdagen",
                "Et værksted holder åbent én lørdag om måneden for pårørende.",
                ["Fleksibilitet"],
                "",
                "",
                ["relatives"],
                "informed",
                "",
                "proposed",
            ),
        ],
        "frame": [
            (
                "law",
                "Servicelovens § 103 og § 104 fastlægger, hvem der kan få tilbuddet.",
                "Målgruppen er bestemt ved lov; vi kan ændre indholdet, ikke hvem der visiteres.",
            ),
            (
                "budget",
                "Budgettet for 2027 er vedtaget og kan ikke øges i forløbet.",
                "Tiltag skal kunne gennemføres inden for de nuværende rammer.",
            ),
        ],
    },
    "Gruppe 3": {
        "author": "poul",
        "values": [
            (
                "Ligeværdighed",
                "Brugerne er kolleger med ret til at blive hørt, ikke modtagere af omsorg.",
                "Brugerrådet sidder med ved personalemødet én gang om måneden.",
                "Ligeværdighed mod omsorgspligt: vi skal også beskytte dem, der ikke kan sige fra.",
                "Mange beslutninger om brugernes hverdag træffes stadig uden dem.",
                True,
            ),
            (
                "Indflydelse",
                "Brugerne har indflydelse på de ting, der fylder i deres hverdag.",
                "Brugerne valgte selv farverne i kantinen.",
                "Indflydelse mod effektiv drift og hurtige beslutninger.",
                "Indflydelsesskemaet viste, at brugerne kun bestemmer over kaffe og gavekasse.",
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
                "Brugerrådet får indflydelse på budgettet",
                "Brugerrådet får et årligt beløb, som det selv bestemmer over.",
                ["Indflydelse", "Ligeværdighed"],
                "Brugerne får reel medbestemmelse og lærer at prioritere sammen.",
                "Når ordningen virker, får hvert værksted et lille budget til brugerrådet.",
                ["users", "staff"],
                "co_creating",
                "Lederen afsætter beløbet i budgettet for næste år.",
                "selected",
            ),
            (
                "Brugerne med i ansættelsesudvalg",
                "To brugere sidder med, når nye medarbejdere ansættes.",
                ["Ligeværdighed"],
                "Brugerne er med til at vælge dem, de skal arbejde sammen med hver dag.",
                "Indskrives i rekrutteringsproceduren for hele afdelingen.",
                ["users", "staff"],
                "consulted",
                "Ved næste stillingsopslag i Metal og montage.",
                "selected",
            ),
            (
                "Indflydelsesskemaet hvert år",
                "Hvert år gennemgår brugere og personale indflydelsesskemaet sammen og flytter "
                "mindst én aktivitet mod mere selvbestemmelse.",
                ["Indflydelse"],
                "Det bliver synligt, hvor brugerne kan få mere at sige.",
                "Skemaet bruges i alle afdelinger og drøftes i brugerrådet.",
                ["users", "staff"],
                "co_creating",
                "Første gennemgang på brugerrådsmødet i januar.",
                "selected",
            ),
        ],
        # The seed's table, as the group sorted it at the kick-off seminar.
        "influence": [
            ("self", "Kaffe og gavekasse"),
            ("self", "Placering i kantinen"),
            ("self", "Deltagelse i særlige aktiviteter"),
            ("co", "Brugerråd"),
            ("co", "Andre udvalg"),
            ("co", "Valg af aktivitet og beskæftigelse"),
            ("co", "Udsmykning og indretning"),
            ("none", "Oprette og nedlægge aktiviteter"),
            ("none", "Lokalernes udnyttelse"),
            ("none", "Åbningstider"),
            ("none", "Ansættelse af personale og optagelse af nye brugere"),
        ],
        "frame": [
            (
                "decision",
                "Byrådet har besluttet, at værkstederne flytter sammen i 2028.",
                "Beslutningen er truffet; gruppen kan påvirke, hvordan flytningen sker.",
            ),
        ],
    },
}


# The participants' written evaluation: (person, answers to the scale questions in order,
# the two yes/no answers, the three written answers). Sofie (the demo member) has not
# answered, so she can try it once the facilitator opens it again.
EVALUATION_ANSWERS = [
    ("karen", [5, 4, 4, 5, 4, 4], [True, True],
     ["At høre de nye kollegers spørgsmål til, hvordan vi plejer at gøre.",
      "Cafémøder i kantinen for alle, med brugerrådet med.", ""]),
    ("poul", [4, 5, 3, 4, 3, 4], [True, True],
     ["Gruppearbejdet på tværs af værkstederne.", "Et punkt på hvert personalemøde.",
      "Mere tid mellem seminarerne."]),
    ("ahmad", [4, 5, 4, 3, 4, 5], [False, True],
     ["Jeg lærte de andre afdelinger at kende.", "Små forsøg i hvert værksted, som vi viser "
      "hinanden.", "Opsamlingerne kunne være kortere."]),
    ("bent", [3, 4, 3, 4, 3, 3], [True, False],
     ["Vi fik talt om, hvad kvalitet er for os.", "",
      "Tiltagene skal have en tovholder fra starten."]),
    ("lars", [5, 4, 5, 4, 4, 4], [True, True],
     ["Debatten om ligeværdighed.", "Brugerne skal selv fortælle om tiltagene.", ""]),
    ("hanne", [4, 3, 4, 5, 5, 4], [True, True],
     ["At brugerne blev taget alvorligt.", "Cafémøder og en opslagstavle i kantinen.",
      "Flere brugere med i grupperne."]),
    ("yasmin", [5, 5, 4, 4, 4, 5], [True, True],
     ["Indflydelsesskemaet: det gjorde det konkret.", "Lad brugerrådet stå for et cafémøde.",
      ""]),
    ("jonas", [4, 4, 4, 3, 3, 4], [True, False],
     ["Blandingen af faggrupper.", "", "Færre og mere konkrete tiltag."]),
]  # fmt: skip

# Seed 001's record and ratings for two initiatives (team ratings; users' for the first).
INITIATIVE_EVALUATIONS = [
    {
        "background_and_goals": (
            "Brugerne havde ingen medarbejderudviklingssamtaler, selv om personalet har haft "
            "dem i mange år. Målet er, at alle brugere hvert år taler med deres kontaktperson "
            "om kompetencer, fastholdelse og løn."
        ),
        "practice": (
            "Kontaktpersonen holder samtalen i foråret ud fra et enkelt skema, som brugerrådet "
            "har været med til at lave. Samtalen kan holdes i værkstedet eller i kantinen."
        ),
        "results_and_effects": (
            "34 af 41 brugere har haft en samtale. Flere brugere har selv bedt om at prøve et "
            "andet værksted, og personalet fortæller, at de kender brugerne bedre."
        ),
        "team": {"short_term_savings": 1, "long_term_savings": 2, "employee_involvement": 4,
                 "employee_satisfaction": 3, "citizen_involvement": 4,
                 "citizen_satisfaction": 4, "sick_leave": 2},
        "users": {"citizen_involvement": 4, "citizen_satisfaction": 3},
        "users_note": "Brugerrådet gav karaktererne på sit møde i marts.",
    },
    {
        "background_and_goals": (
            "Brugerne bestemte kun over kaffe- og gavekassen. Et eget budget skal give "
            "brugerrådet reel medbestemmelse."
        ),
        "practice": "Brugerrådet får 20.000 kr. om året og beslutter selv, hvad de bruges til.",
        "results_and_effects": (
            "Brugerrådet har købt nye møbler til pauserummet og holdt en sommerfest. Flere "
            "brugere vil gerne stille op til rådet."
        ),
        "team": {"short_term_savings": 2, "long_term_savings": 2, "employee_involvement": 3,
                 "employee_satisfaction": 3, "citizen_involvement": 4,
                 "citizen_satisfaction": 4, "sick_leave": 3},
    },
]  # fmt: skip

# (person, role in the team, leader or frontline): Ergoterapeut has only a frontline worker,
# so the team page shows the hint.
QUALITY_TEAM = [
    ("mette", "lead", "leader"),
    ("leader", "sponsor", "leader"),
    ("henrik", "member", "leader"),
    ("poul", "member", "frontline"),
    ("karen", "member", "frontline"),
    ("rikke", "member", "frontline"),
    ("jens", "expert", "leader"),
]


def load_evaluation_demo(organisation, process, members) -> None:
    """A closed process evaluation with eight answers, two initiative evaluations, the quality
    team and a reflection meeting. Everything goes through the evaluation app's services."""
    from evaluation.models import Question
    from evaluation.services import answers as answer_services
    from evaluation.services import quality_team as team_services
    from evaluation.services import questionnaire
    from evaluation.services import reflection as reflection_services
    from evaluation.services.initiatives import save_initiative_evaluation
    from implementation.models import Indicator, Initiative

    facilitator = members["facilitator"]
    evaluation = questionnaire.prepare_evaluation(actor=facilitator, process=process, language="da")
    questionnaire.open_evaluation(actor=facilitator, evaluation=evaluation)
    questions = list(evaluation.questions.order_by("position", "pk"))
    by_kind = {kind: [q for q in questions if q.kind == kind] for kind in Question.Kind.values}
    for key, scales, yes_no, texts in EVALUATION_ANSWERS:
        given = {}
        for question, value in zip(by_kind["scale"], scales, strict=False):
            given[answer_services.field_name(question)] = value
        for question, value in zip(by_kind["yes_no"], yes_no, strict=False):
            given[answer_services.field_name(question)] = value
        for question, value in zip(by_kind["text"], texts, strict=False):
            given[answer_services.field_name(question)] = value
        answer_services.submit_answers(actor=members[key], evaluation=evaluation, answers=given)
    questionnaire.close_evaluation(actor=facilitator, evaluation=evaluation)

    # The initiatives the implementation demo has made, or two added after the catalogue.
    initiatives = list(Initiative.objects.filter(process=process).order_by("pk")[:2])
    titles = ["MUS-samtaler for brugerne", "Brugerrådet får eget budget"]
    while len(initiatives) < 2:
        initiatives.append(
            Initiative.objects.create(
                process=process,
                title=titles[len(initiatives)],
                origin=Initiative.Origin.STAFF_PROPOSAL,
                origin_reason="Foreslået på opsamlingsseminaret.",
                owner=members["karen"] if not initiatives else members["poul"],
                status=Initiative.Status.RUNNING,
                created_by=facilitator,
            )
        )
    for initiative, spec in zip(initiatives, INITIATIVE_EVALUATIONS, strict=True):
        save_initiative_evaluation(
            actor=initiative.owner or facilitator,
            initiative=initiative,
            expected_version=None,
            background_and_goals=spec["background_and_goals"],
            practice=spec["practice"],
            results_and_effects=spec["results_and_effects"],
            team_ratings=spec["team"],
            users_rated="users" in spec,
            users_ratings=spec.get("users", {}),
            users_rating_note=spec.get("users_note", ""),
        )

    team = team_services.set_up_team(actor=facilitator, organisation=organisation, language="da")
    for key, role, position in QUALITY_TEAM:
        team_services.add_member(
            actor=facilitator, team=team, membership=members[key], role=role, position=position
        )
    reflection_services.record_meeting(
        actor=members["mette"],
        team=team,
        level="service",
        held_on=timezone.localdate() - datetime.timedelta(days=14),
        title="Kvartalsmøde: brugernes indflydelse",
        notes=(
            "Vi så på, hvor mange brugere der har haft en MUS-samtale, og på brugerrådets "
            "første beslutninger om budgettet. Samtalerne fungerer bedst i værkstedet; i "
            "kantinen bliver de afbrudt. Næste prøvehandling: samtalerne flyttes til "
            "formiddagen i Metal og montage."
        ),
        questions=team.questions.filter(level__in=["", "service"]).order_by("position")[:3],
        initiatives=initiatives,
        indicators=Indicator.objects.filter(initiative__in=initiatives)[:2],
    )


# -- Spreading to the whole organisation: café meetings, reactions, ideas, good stories -------

SPREADING_AGENDA = (
    "Velkomst: hvorfor vi mødes, og hvad der sker med det, vi siger (10 min)\n"
    "Værdi- og idékataloget kort: temaer, idealværdier og tiltag (15 min)\n"
    "Snak i små grupper om spørgsmålene (40 min)\n"
    "Det tager vi med: kommentarer til tiltagene og nye idéer (15 min)\n"
    "Hvem vil være med i hvilket tiltag? (10 min)"
)
SPREADING_QUESTIONS = (
    "Hvilke af værdierne i kataloget kender du fra dit eget arbejde? Giv et eksempel.\n"
    "Hvor er afstanden mellem idealet og det, vi gør i dag?\n"
    "Hvilket tiltag betyder mest for de brugere, du arbejder med – og hvorfor?\n"
    "Hvilket tiltag vil du gerne være med i?\n"
    "Hvilken ny idé ville gøre kvaliteten af kerneopgaven bedre for brugerne?"
)
# (days from today, start hour, place, host key, places, people signed up in order)
SPREADING_MEETINGS = [
    (-12, 14, "Kantinen", "mette", 12, ["karen", "bent", "hanne", "tobias", "jonas", "maria"]),
    (
        8,
        14,
        "Kantinen",
        "mette",
        5,
        ["poul", "ahmad", "gitte", "lars", "camilla", "rikke", "yasmin"],
    ),
    (10, 9, "Mødelokalet i Træværkstedet", "henrik", 12, ["jens"]),
    (15, 13, "Metal og montage, frokoststuen", "hanne", 12, []),
    (17, 14, "Brugerrådets lokale", "leader", 12, []),
]
SPREADING_COMMENTS = [
    (
        0,
        "karen",
        "Vi har prøvet det med to brugere i træværkstedet. De forberedte sig selv – "
        "det havde vi ikke set før.",
    ),
    (0, "bent", "Kan vi få samtalerne lagt om formiddagen? Efter frokost er der for meget uro."),
    (1, "hanne", "Brugerrådet bør også kunne bruge budgettet på udflugter, ikke kun inventar."),
]
SPREADING_STORIES = [
    (
        0,
        "karen",
        "Peter forberedte sin egen samtale",
        "Peter har arbejdet i træværkstedet i 14 år. Til sin første MUS-samtale kom han med en "
        "seddel: han ville lære at bruge den nye CNC-fræser og vise de nye brugere, hvordan man "
        "sliber. Nu står han for introduktionen af nye brugere hver mandag.",
        True,
    ),
    (
        1,
        "poul",
        "Brugerrådet valgte selv de nye stole",
        "Brugerrådet fik sit eget budget og brugte den første del på stole til kantinen. De "
        "prøvesad fire modeller, stemte, og valgte den billigste – fordi den kunne stables. "
        "Ingen har klaget over stolene siden.",
        False,
    ),
    (
        0,
        "tobias",
        "Samtalen der flyttede en arbejdsplads",
        "Under sin samtale fortalte Lise, at hun gerne ville prøve at arbejde i kantinen. To uger "
        "senere var hun i praktik der to dage om ugen. Hun smører nu sandwich til hele huset om "
        "fredagen.",
        False,
    ),
]


def load_spreading_demo(organisation, process, members) -> None:
    """A café-meeting series for all staff (one meeting held, with its input recorded; the
    next one full, with a waiting list), comments and wishes to take part, an idea adopted
    as an initiative and one still open, and three good stories (one featured). Sign-ups
    are made directly, so loading the demo sends no emails. Loading again adds nothing."""
    from implementation.models import Implementation, Initiative
    from spreading.models import Meeting, Series, SignUp
    from spreading.services import meetings as meeting_services
    from spreading.services import reactions, stories

    if Series.objects.filter(process=process).exists():
        return
    facilitator, today = members["facilitator"], timezone.localdate()
    initiatives = list(Initiative.objects.filter(process=process).order_by("pk")[:2])
    for title, owner in (
        ("MUS-samtaler for brugerne", "karen"),
        ("Brugerrådet får eget budget", "poul"),
    )[len(initiatives) :]:
        initiatives.append(
            Initiative.objects.create(
                process=process,
                title=title,
                origin=Initiative.Origin.STAFF_PROPOSAL,
                origin_reason="Foreslået på opsamlingsseminaret.",
                owner=members[owner],
                status=Initiative.Status.RUNNING,
                created_by=facilitator,
            )
        )
    series = meeting_services.plan_series(
        process,
        actor=facilitator,
        title="Cafémøder for alle: værdierne i hverdagen",
        kind=Series.Kind.CAFE,
        agenda=SPREADING_AGENDA,
        questions=SPREADING_QUESTIONS,
        one_meeting_per_person=True,
        description=(
            "Alle medarbejdere er inviteret til et cafémøde om værdi- og idékataloget. Vi "
            "fortæller kort om temaerne og tiltagene, og så vil vi høre, hvad du mener: hvad "
            "kender du fra din hverdag, hvad mangler, og hvilke tiltag vil du være med i?"
        ),
    )
    meetings = []
    for days, hour, place, host, places, people in SPREADING_MEETINGS:
        meeting = Meeting.objects.create(
            series=series,
            date=today + datetime.timedelta(days=days),
            start_time=datetime.time(hour),
            end_time=datetime.time(hour + 1, 30),
            place=place,
            host=members[host],
            capacity=places,
        )
        SignUp.objects.bulk_create(
            SignUp(
                meeting=meeting,
                membership=members[key],
                status="confirmed" if n < places else "waiting",
            )
            for n, key in enumerate(people)
        )
        meetings.append(meeting)
    held, host = meetings[0], members["mette"]
    for index, key, text in SPREADING_COMMENTS:
        reactions.add_comment(initiatives[index], actor=members[key], text=text)
    reactions.add_comment(
        initiatives[0],
        actor=host,
        meeting=held,
        text="Cafémødet: flere i Metal og montage vil gerne prøve samtalerne, hvis de kan "
        "holdes i værkstedet og ikke på kontoret.",
    )
    for key in ("tobias", "yasmin", "rikke"):
        reactions.set_take_part(initiatives[0], actor=members[key], wants=True)
    reactions.set_take_part(initiatives[1], actor=members["maria"], wants=True)
    themes = {theme.title: theme for theme in process.themes.all()}
    adopted = reactions.propose_idea(
        process,
        actor=host,
        meeting=held,
        theme=themes.get("Faglige værdier og kompetenceudvikling"),
        title="Makkerordning for nye kolleger",
        description="Nye medarbejdere får en erfaren makker fra et andet værksted de første "
        "tre måneder, så de lærer både faget og værdierne at kende.",
    )
    reason = "Foreslået på cafémødet i kantinen; otte ud af ti ville selv være makker."
    if Implementation.objects.filter(process=process).exists():
        reactions.adopt_proposal(adopted, actor=members["henrik"], reason=reason)
    else:
        # Implementation not started in this demo: the initiative is recorded directly.
        initiative = Initiative.objects.create(
            process=process,
            title=adopted.title,
            description=adopted.description,
            theme=adopted.theme,
            origin=Initiative.Origin.CAFE_MEETING,
            origin_reason=reason,
            created_by=members["henrik"],
        )
        type(adopted).objects.filter(pk=adopted.pk).update(
            status="adopted",
            adopted_as=initiative,
            decision_reason=reason,
            decided_by=members["henrik"],
            decided_at=timezone.now(),
        )
    reactions.propose_idea(
        process,
        actor=members["jonas"],
        meeting=held,
        theme=themes.get("Brugerinddragelse og brugernes position"),
        title="Brugerne viser rundt, når der kommer besøg",
        description="Når kommunen eller pårørende kommer på besøg, er det brugerne, der "
        "viser deres værksted frem.",
    )
    for index, key, title, text, featured in SPREADING_STORIES:
        story = stories.add_story(initiatives[index], actor=members[key], title=title, text=text)
        if featured:
            stories.set_featured(story, actor=members["leader"], featured=True)


def _upcoming_tuesday(after: datetime.date) -> datetime.date:
    return after + datetime.timedelta(days=(1 - after.weekday()) % 7)


class Command(BaseCommand):
    help = "Create (or re-create) the Odense Værkstederne demo organisation and its logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load the demo even with QUALITYHUB_ENV=production (its password is public).",
        )
        parser.add_argument(
            "--without-pdf",
            action="store_true",
            help="Leave the previous cycle's catalogue PDF unrendered (its page offers the retry "
            "button): saves the seconds the rendering takes where tasks run in this process.",
        )

    def handle(self, *args, **options):
        if getattr(settings, "PRODUCTION", False) and not options["allow_production"]:
            raise CommandError(
                "Refusing to load demo accounts with a published password in production. "
                "Pass --allow-production if this really is a demo installation."
            )
        self.render_pdf = not options["without_pdf"]
        with transaction.atomic():
            organisation, process, members = self._load()
        self._report(organisation, process, members)

    # -- building --------------------------------------------------------------------------

    def _load(self):
        delete_protected_rows(DEMO_SLUG)
        Organisation.objects.filter(slug=DEMO_SLUG).delete()
        organisation = Organisation.objects.create(
            name="Odense Værkstederne", slug=DEMO_SLUG, country="DK"
        )
        # One hash for all: hashing is deliberately slow, and the password is public anyway.
        password = make_password(DEMO_PASSWORD)
        members = {
            person.key: self._membership(organisation, person, password) for person in PEOPLE
        }
        facilitator = members["facilitator"]

        kickoff = _upcoming_tuesday(timezone.localdate() + datetime.timedelta(days=21))
        midway = kickoff + datetime.timedelta(weeks=8)
        wrapup = kickoff + datetime.timedelta(weeks=15)
        end = wrapup + datetime.timedelta(weeks=2)

        process = Process.objects.create(
            organisation=organisation,
            title=f"Slip værdidebatten løs – kvalitetsudvikling {end.year}",
            purpose=PURPOSE,
            start_date=kickoff,
            end_date=end,
            min_initiatives_per_group=3,
            created_by=facilitator.user,
        )
        process.participants.set(members.values())

        themes = self._themes(process)
        self._seminar(
            process, Seminar.Kind.KICKOFF, kickoff, "Opstartsseminar", KICKOFF_AGENDA, members,
            summary=KICKOFF_SUMMARY, summary_by=facilitator.user,
        )  # fmt: skip
        self._seminar(process, Seminar.Kind.MIDWAY, midway, "Midtvejsseminar", MIDWAY_AGENDA,
                      members)  # fmt: skip
        self._seminar(process, Seminar.Kind.WRAPUP, wrapup, "Opsamlingsseminar", WRAPUP_AGENDA,
                      members)  # fmt: skip
        self._groups(process, themes, members, meeting_dates=[
            kickoff + datetime.timedelta(weeks=4, days=1),
            midway + datetime.timedelta(weeks=3, days=1),
        ])  # fmt: skip
        self._debate(process, members)
        # The previous cycle has gone the whole way into implementation; its evaluation and
        # its spreading to the whole organisation belong there (this process has not begun).
        previous = load_previous_cycle(self, organisation, process, members)
        load_evaluation_demo(organisation, previous, members)
        load_spreading_demo(organisation, previous, members)
        return organisation, process, members

    def _membership(self, organisation, person: Person, password: str) -> Membership:
        user_model = get_user_model()
        user, _created = user_model.objects.update_or_create(
            username=person.email,
            defaults={
                "email": person.email,
                "first_name": person.first_name,
                "last_name": person.last_name,
                "is_active": True,
                "password": password,
            },
        )
        return Membership.objects.create(
            user=user,
            organisation=organisation,
            role=person.role,
            department=person.department,
            professional_background=person.background,
            start_year=person.start_year,
            birth_year=person.birth_year,
            is_external=person.role == Role.EXTERNAL,
        )

    def _themes(self, process) -> list[Theme]:
        streams = ValueStream.objects.in_bulk(field_name="number")
        themes = []
        for position, spec in enumerate(THEMES, start=1):
            theme = Theme.objects.create(
                process=process,
                title=spec["title"],
                description=spec["description"],
                challenges=spec["challenges"],
                position=position,
            )
            theme.value_streams.set([streams[n] for n in spec["value_streams"] if n in streams])
            title, url = spec["document"]
            FrameworkDocument.objects.create(theme=theme, title=title, url=url)
            themes.append(theme)
        return themes

    def _seminar(self, process, kind, date, title, agenda, members, summary="", summary_by=None):
        seminar = Seminar.objects.create(
            process=process,
            kind=kind,
            title=title,
            date=date,
            start_time=datetime.time(9, 0),
            end_time=datetime.time(15, 30),
            place="Odense Værkstederne, fællessalen",
            summary=summary,
            summary_updated_at=timezone.now() if summary else None,
            summary_updated_by=summary_by,
        )
        AgendaItem.objects.bulk_create(
            AgendaItem(
                seminar=seminar,
                position=position,
                title=item_title,
                duration_minutes=minutes,
                format=item_format,
                responsible=members[responsible] if responsible else None,
                notes=notes,
            )
            for position, (item_title, minutes, item_format, responsible, notes) in enumerate(
                agenda, start=1
            )
        )
        return seminar

    def _groups(self, process, themes, members, meeting_dates):
        for theme, (name, lead_key, member_keys, place) in zip(themes, GROUPS, strict=True):
            lead = members[lead_key]
            group = Group.objects.create(process=process, theme=theme, name=name, lead=lead)
            for key in [lead_key, *member_keys]:
                GroupMembership.objects.create(group=group, membership=members[key])
            for number, date in enumerate(meeting_dates, start=1):
                GroupMeeting.objects.create(
                    group=group,
                    date=date,
                    place=place,
                    notes=(
                        "Gruppen arbejder videre med værdier, eksempler og dilemmaer fra "
                        "opstartsseminaret."
                        if number == 1
                        else "Gruppen vælger sine idealværdier og gør mindst tre konkrete "
                        "tiltag klar til opsamlingsseminaret."
                    ),
                )

    def _debate(self, process, members):
        # Imported here: the debate app builds on this app's models.
        from debate.services import frame as frame_services
        from debate.services import ideas as idea_services
        from debate.services import influence as influence_services
        from debate.services import values as value_services

        leader = members["leader"]
        for group in process.groups.select_related("theme", "lead"):
            spec = next((v for k, v in DEBATE.items() if group.name.startswith(k)), None)
            if spec is None:
                continue
            author = members[spec["author"]]
            streams = list(group.theme.value_streams.all()) if group.theme else []
            values = {}
            for name, meaning, examples, dilemmas, gap, ideal in spec["values"]:
                value = value_services.add_value(
                    actor=author, group=group, name=name, meaning=meaning, examples=examples,
                    dilemmas=dilemmas, gap=gap, value_streams=streams[:1],
                )  # fmt: skip
                if ideal:
                    value_services.set_ideal(actor=group.lead, value=value, is_ideal=True)
                values[name] = value
            for (title, description, value_names, improves, spread, involved, role, first,
                 status) in spec["ideas"]:  # fmt: skip
                idea = idea_services.add_idea(
                    actor=author, group=group, title=title, description=description,
                    values=[values[n] for n in value_names], improves_core_task=improves,
                    spread_plan=spread, involved=involved, users_role=role, first_step=first,
                    propose=True,
                )  # fmt: skip
                if status != "proposed":
                    idea_services.set_idea_status(actor=group.lead, idea=idea, status=status)
            for kind, text, reason in spec["frame"]:
                frame_services.add_frame_condition(
                    actor=leader, theme=group.theme, text=text, reason=reason, kind=kind
                )
            for column, activity in spec.get("influence", []):
                influence_services.add_influence_item(
                    actor=author, group=group, activity=activity, column=column
                )

    # -- output ----------------------------------------------------------------------------

    def _report(self, organisation, process, members):
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded the demo organisation “{organisation.name}” with "
                f"{len(members)} people and the process “{process.title}”."
            )
        )
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for key, label in [
            ("facilitator", "facilitator"),
            ("leader", "leader"),
            ("henrik", "group lead"),
            ("sofie", "member"),
            ("jens", "external"),
        ]:
            membership = members[key]
            self.stdout.write(
                f"  {label:<12} {membership.user.username:<34} {membership.display_name}"
            )
