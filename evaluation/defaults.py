"""Default content, written in Danish, English and Norwegian Bokmål: the questions of a
process evaluation (from the method in seed 000), the reflection cadences (seed 003's example
of a municipality's meetings at three levels) and the reflection questions (seed 003: the
leaders' questions about their own role, and questions for each level).

They are content, not interface: each organisation edits its own copy, created in the
language of the person who sets it up, so they are stored as text rather than translated on
the fly.
"""

from django.utils.translation import get_language

LANGUAGES = ("da", "en", "nb")


def language(code: str | None = None) -> str:
    """da, en or nb for a request's language code (Norwegian variants read as bokmål)."""
    code = (code or get_language() or "da").lower()[:2]
    code = {"no": "nb", "nn": "nb"}.get(code, code)
    return code if code in LANGUAGES else "da"


# (kind, {language: (question, explanation)})
EVALUATION_INTRO = {
    "da": (
        "Tak, fordi I var med i forløbet. Jeres svar hjælper os med at gøre det næste forløb "
        "bedre. Besvarelsen er anonym: svarene gemmes uden navn, og resultaterne vises først, "
        "når mindst fem har svaret."
    ),
    "en": (
        "Thank you for taking part in the process. Your answers help us make the next one "
        "better. The questionnaire is anonymous: answers are stored without a name, and the "
        "results are shown only when at least five people have answered."
    ),
    "nb": (
        "Takk for at dere var med i prosessen. Svarene hjelper oss å gjøre den neste bedre. "
        "Besvarelsen er anonym: svarene lagres uten navn, og resultatene vises først når "
        "minst fem har svart."
    ),
}

EVALUATION_QUESTIONS = [
    (
        "scale",
        {
            "da": ("Gav værdidebatten dig ny indsigt i vores værdier og vores praksis?", ""),
            "en": ("Did the value debate give you new insight into our values and practice?", ""),
            "nb": ("Ga verdidebatten deg ny innsikt i våre verdier og vår praksis?", ""),
        },
    ),
    (
        "scale",
        {
            "da": (
                "Blandede grupperne afdelinger, faggrupper og nye og gamle medarbejdere godt?",
                "Grupperne var sat sammen for at skabe »små forstyrrelser«.",
            ),
            "en": (
                "Did the groups mix departments, professions and new and long-serving staff well?",
                "The groups were composed to create “small disturbances”.",
            ),
            "nb": (
                "Blandet gruppene avdelinger, faggrupper og nye og erfarne ansatte godt?",
                "Gruppene var satt sammen for å skape «små forstyrrelser».",
            ),
        },
    ),
    (
        "scale",
        {
            "da": ("Passede temaerne til de udfordringer, vi står over for?", ""),
            "en": ("Did the themes fit the challenges we face?", ""),
            "nb": ("Passet temaene til utfordringene vi står overfor?", ""),
        },
    ),
    (
        "scale",
        {
            "da": ("Kunne du sige din mening, også når du var uenig?", ""),
            "en": ("Could you say what you thought, also when you disagreed?", ""),
            "nb": ("Kunne du si din mening, også når du var uenig?", ""),
        },
    ),
    (
        "scale",
        {
            "da": ("Er tiltagene i kataloget konkrete og realistiske?", ""),
            "en": ("Are the initiatives in the catalogue concrete and realistic?", ""),
            "nb": ("Er tiltakene i katalogen konkrete og realistiske?", ""),
        },
    ),
    (
        "scale",
        {
            "da": ("Vekslede seminarerne godt mellem plenum og gruppearbejde?", ""),
            "en": ("Did the seminars alternate well between plenary and group work?", ""),
            "nb": ("Vekslet seminarene godt mellom plenum og gruppearbeid?", ""),
        },
    ),
    (
        "yes_no",
        {
            "da": ("Hjalp de skriftlige opsamlinger efter seminarerne dig?", ""),
            "en": ("Did the written summaries after the seminars help you?", ""),
            "nb": ("Hjalp de skriftlige oppsummeringene etter seminarene deg?", ""),
        },
    ),
    (
        "yes_no",
        {
            "da": ("Vil du være med i et lignende forløb igen?", ""),
            "en": ("Would you take part in a process like this again?", ""),
            "nb": ("Vil du være med i en lignende prosess igjen?", ""),
        },
    ),
    (
        "text",
        {
            "da": ("Hvad var det mest værdifulde ved forløbet for dig?", ""),
            "en": ("What was the most valuable part of the process for you?", ""),
            "nb": ("Hva var det mest verdifulle ved prosessen for deg?", ""),
        },
    ),
    (
        "text",
        {
            "da": (
                "Hvordan skal værdidiskussionen spredes til hele organisationen?",
                "Fx cafémøder, personalemøder, brugerrådet.",
            ),
            "en": (
                "How should the value discussion spread to the whole organisation?",
                "For example café meetings, staff meetings, the users' council.",
            ),
            "nb": (
                "Hvordan skal verdidiskusjonen spres til hele organisasjonen?",
                "For eksempel kafémøter, personalmøter, brukerrådet.",
            ),
        },
    ),
    (
        "text",
        {
            "da": ("Hvad skal vi gøre anderledes næste gang?", ""),
            "en": ("What should we do differently next time?", ""),
            "nb": ("Hva bør vi gjøre annerledes neste gang?", ""),
        },
    ),
]


def evaluation_questions(lang: str) -> list[tuple[str, str, str]]:
    """(kind, question, explanation) in `lang`."""
    return [(kind, *texts[lang]) for kind, texts in EVALUATION_QUESTIONS]


# Seed 003's example: the single case every other week for 30 minutes, the service once a
# quarter for two hours, the organisation every half year.
CADENCES = [
    (
        "case",
        2,
        30,
        {
            "da": "Alle medarbejdere, der er involveret i forløbet, og den faglige leder",
            "en": "Everyone working on the case, and the professional leader",
            "nb": "Alle ansatte som er involvert i forløpet, og den faglige lederen",
        },
    ),
    (
        "service",
        13,
        120,
        {
            "da": "Alle ledere og medarbejdere i indsatsen",
            "en": "All leaders and staff of the service",
            "nb": "Alle ledere og ansatte i tjenesten",
        },
    ),
    (
        "organisation",
        26,
        None,
        {
            "da": "Relevante ledere og nøglepersoner",
            "en": "The leaders concerned and key people",
            "nb": "Relevante ledere og nøkkelpersoner",
        },
    ),
]

TEAM_PURPOSE = {
    "da": (
        "Kvalitetsteamet driver og understøtter udviklingsarbejdet og sikrer fremdrift. Det "
        "udfører ikke selv arbejdet, men rydder barrierer af vejen og følger op på "
        "udviklingspunkterne."
    ),
    "en": (
        "The quality team drives and supports the development work and keeps it moving. It "
        "does not do the work itself: it clears barriers out of the way and follows up on the "
        "points to improve."
    ),
    "nb": (
        "Kvalitetsteamet driver og støtter utviklingsarbeidet og sikrer framdrift. Det gjør "
        "ikke selv arbeidet, men rydder hindringer av veien og følger opp forbedringspunktene."
    ),
}

# (level or "", {language: question}). The leaders' questions (seed 003, 3.5) fit every level.
REFLECTION_QUESTIONS = [
    (
        "",
        {
            "da": "Er vi gode rollemodeller?",
            "en": "Are we good role models?",
            "nb": "Er vi gode rollemodeller?",
        },
    ),
    (
        "",
        {
            "da": "Efterspørger vi data som grundlag for beslutninger?",
            "en": "Do we ask for data as the basis for decisions?",
            "nb": "Etterspør vi data som grunnlag for beslutninger?",
        },
    ),
    (
        "",
        {
            "da": "Hvordan agerer vi, når der bliver begået fejl i organisationen?",
            "en": "How do we act when mistakes are made in the organisation?",
            "nb": "Hvordan opptrer vi når det blir gjort feil i organisasjonen?",
        },
    ),
    (
        "",
        {
            "da": "Deltager vi i de rette møder, og har vi de rigtige roller på møderne?",
            "en": "Do we take part in the right meetings, and do we have the right roles there?",
            "nb": "Deltar vi i de riktige møtene, og har vi de riktige rollene på møtene?",
        },
    ),
    (
        "",
        {
            "da": "Tør vi vise usikkerhed, eller at vi ikke har det endelige svar?",
            "en": "Do we dare to show uncertainty, or that we do not have the final answer?",
            "nb": "Tør vi vise usikkerhet, eller at vi ikke har det endelige svaret?",
        },
    ),
    (
        "",
        {
            "da": "Opmuntrer vi medarbejderne til konstruktivt at udfordre hinanden og status quo?",
            "en": "Do we encourage staff to challenge each other and the status quo "
            "constructively?",
            "nb": "Oppmuntrer vi de ansatte til å utfordre hverandre og status quo på en "
            "konstruktiv måte?",
        },
    ),
    (
        "",
        {
            "da": "Hvordan møder vi medarbejdernes bekymringer, og støtter vi dem, der bliver "
            "usikre?",
            "en": "How do we meet staff's concerns, and do we support those who become unsure?",
            "nb": "Hvordan møter vi de ansattes bekymringer, og støtter vi dem som blir usikre?",
        },
    ),
    (
        "case",
        {
            "da": "Hvad viser data om forløbet: observationer, borgerens feedback og progression?",
            "en": "What do the data on the case show: observations, the citizen's feedback and "
            "progress?",
            "nb": "Hva viser dataene om forløpet: observasjoner, innbyggerens tilbakemelding og "
            "progresjon?",
        },
    ),
    (
        "case",
        {
            "da": "Hvilke data understøtter vores vurdering, og er der data, der ikke gør?",
            "en": "Which data support our judgement, and do any data not support it?",
            "nb": "Hvilke data støtter vurderingen vår, og finnes det data som ikke gjør det?",
        },
    ),
    (
        "service",
        {
            "da": "Hvordan hænger indsatsens kerneelementer sammen med resultaterne for borgerne?",
            "en": "How do the service's core elements connect with the results for the citizens?",
            "nb": "Hvordan henger tjenestens kjerneelementer sammen med resultatene for "
            "innbyggerne?",
        },
    ),
    (
        "service",
        {
            "da": "Hvilke udviklingspunkter og prøvehandlinger følger af det, vi ser?",
            "en": "Which points to improve and trial actions follow from what we see?",
            "nb": "Hvilke forbedringspunkter og prøvehandlinger følger av det vi ser?",
        },
    ),
    (
        "organisation",
        {
            "da": "Hvad viser erfaringerne med den samlede indsats sammenlignet med andre "
            "indsatser?",
            "en": "What do our experiences with the whole effort show, compared with other "
            "services?",
            "nb": "Hva viser erfaringene med den samlede innsatsen sammenlignet med andre "
            "tjenester?",
        },
    ),
    (
        "organisation",
        {
            "da": "Hvordan prioriterer vi ressourcerne?",
            "en": "How do we prioritise our resources?",
            "nb": "Hvordan prioriterer vi ressursene?",
        },
    ),
]


def reflection_questions(lang: str) -> list[tuple[str, str]]:
    """(level, question) in `lang`."""
    return [(level, texts[lang]) for level, texts in REFLECTION_QUESTIONS]
