"""Every Dutch sentence a pupil can see, in one place for review, and `message(answer)`: the
text a pupil sees for an answer, chosen by its outcome."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.answer import Answer

EMPTY_QUESTION = "Typ een vraag over techniek, een beroep, een profiel of een bedrijf."
QUESTION_CUT = "Je vraag was erg lang. Ik heb alleen het begin gebruikt."
SOMETHING_WENT_WRONG = "Er ging iets mis bij het zoeken. Probeer het zo nog eens."
NO_SOURCES_YET = "_Nog geen bronnen_"
SOURCES_HEADING = "Bronnen"
PAGE = "blz."
APP_TITLE = "Techkompas"
APP_SUBTITLE = "Ontdek techniekberoepen, profielen en bedrijven bij jou in de buurt."
PLACEHOLDER = "Stel je vraag, bijvoorbeeld: Wat is Jet-Net?"
REGION_LABEL = "Jouw provincie"
ALL_REGIONS = "Alle provincies"
LEVEL_LABEL = "Jouw schoolniveau"
ALL_LEVELS = "Alle niveaus"
DISCLAIMER = (
    "Techkompas geeft informatie, geen advies over jou. Praat over je keuze met je decaan, "
    "je ouders of je mentor."
)
COMPANIES_HEADING = "Bedrijven bij jou in de buurt"
EXAMPLE_PROFILE = "voorbeeldprofiel"

# Guardrail replies (assistant.guardrails). Kind, short, with a next step.
SAFE_SELF_HARM = (
    "Wat goed dat je dit zegt. Hier kan ik je niet goed mee helpen, maar er zijn mensen die dat "
    "wel kunnen, gratis en anoniem: bel of chat met 113 Zelfmoordpreventie (0800-0113, 113.nl) "
    "of met De Kindertelefoon (0800-0432, kindertelefoon.nl). Praat ook met iemand die je "
    "vertrouwt, zoals je mentor. Ben je nu in gevaar? Bel 112."
)
SAFE_ABUSE = (
    "Wat vervelend dat dit gebeurt. Het is niet jouw schuld en je mag erover praten. Bel of chat "
    "gratis en anoniem met De Kindertelefoon (0800-0432, kindertelefoon.nl) of met Veilig Thuis "
    "(0800-2000). Vertel het ook aan iemand op school die je vertrouwt. In direct gevaar? Bel 112."
)
SAFE_DANGER = (
    "Daar help ik niet mee, want het is gevaarlijk of niet toegestaan. Wil je weten welke "
    "beroepen met veiligheid, scheikunde of cybersecurity te maken hebben? Vraag het me gerust."
)
REFUSE_FORGERY = (
    "Ik maak geen diploma's, verklaringen, cijferlijsten of handtekeningen: dat is vervalsen en "
    "dat mag niet. Wil je echte ervaring opdoen? Vraag me welke bedrijven bij jou in de buurt "
    "een stage of meeloopdag aanbieden."
)
REFUSE_CONTACT = (
    "Persoonlijke contactgegevens van mensen geef ik niet, en ze staan ook niet in mijn bronnen. "
    "Vraag ze bij de administratie van je school of op de website van de organisatie."
)
REFUSE_INJECTION = (
    "Ik blijf gewoon Techkompas en volg mijn eigen regels. Stel me gerust een vraag over "
    "techniek, een beroep, een profiel of een bedrijf."
)
REFUSE_OFF_TOPIC = (
    "Daar kan ik je niet mee helpen: ik weet alleen iets over techniek, beroepen, profielen en "
    "bedrijven. Vraag me bijvoorbeeld: 'Welk profiel heb ik nodig voor werktuigbouwkunde?' "
    "Voor andere vragen kun je terecht bij je mentor of docent."
)
REFUSE_ERROR = (
    "Ik kan deze vraag nu niet goed controleren, dus ik beantwoord hem niet. Probeer het anders "
    "te vragen, of vraag het je decaan."
)
NEXT_STEP = (
    "Volgende stap: bespreek dit met je decaan, of kijk op een open dag hoe het in het echt is."
)
NOT_IN_SOURCES = (
    "Dat staat niet in mijn bronnen, dus daar kan ik geen betrouwbaar antwoord op geven. "
    "Vraag het je decaan, of kijk op de website of een open dag van de opleiding of het bedrijf."
)
LLM_FALLBACK = (
    "Het taalmodel kan nu niet antwoorden. Hieronder staan de belangrijkste zinnen uit de bronnen."
)
WRITING = "Ik lees de bronnen en schrijf een antwoord…"

REFUSALS = {
    "empty": EMPTY_QUESTION,
    "self_harm": SAFE_SELF_HARM,
    "abuse": SAFE_ABUSE,
    "danger": SAFE_DANGER,
    "forgery": REFUSE_FORGERY,
    "contact": REFUSE_CONTACT,
    "injection": REFUSE_INJECTION,
    "off_topic": REFUSE_OFF_TOPIC,
    "error": REFUSE_ERROR,
}
NOTICES = {"question_cut": QUESTION_CUT, "model_failed": LLM_FALLBACK}


def message(answer: Answer) -> str:
    """What the pupil reads for `answer`: notices first, then the answer (or the fixed text
    for its outcome), then one next step where it helps."""
    outcome = str(answer.outcome)
    if outcome == "refused":
        body = REFUSALS.get(answer.reason, REFUSE_ERROR)
    elif outcome == "not_in_sources":
        body = UNKNOWN_ROLE.format(role=answer.unknown) if answer.unknown else NOT_IN_SOURCES
        if answer.related:
            body += " " + RELATED_ROLES.format(roles=", ".join(r.lower() for r in answer.related))
    elif outcome == "pending":
        body = WRITING
    else:
        body = f"{answer.text}\n\n{NEXT_STEP}" if answer.next_step else answer.text
    notes = [NOTICES[str(n)] for n in answer.notices]
    return "\n\n".join([*notes, body])


# -- Sentences built from the corpus records (assistant.phrasing). The same wording is used
# for the indexed record text and for structured answers, so every answer sentence is backed
# word for word by the record it cites.
LEVEL_PHRASES = {"vmbo": "het vmbo", "havo": "de havo", "vwo": "het vwo"}
EDUCATION_PHRASES = {
    "mbo-1": "de mbo-opleiding {programme} (niveau 1)",
    "mbo-2": "de mbo-opleiding {programme} (niveau 2)",
    "mbo-3": "de mbo-opleiding {programme} (niveau 3)",
    "mbo-4": "de mbo-opleiding {programme} (niveau 4)",
    "hbo": "de hbo-opleiding {programme}",
    "wo": "de universitaire opleiding (wo) {programme}",
}
ROUTE_SENTENCE = "Vanuit {level} kun je {education} doen."
ROUTE_PROFILE = "Profiel: {profile}."
ROUTE_SUBJECTS = "Daarvoor heb je deze vakken nodig: {subjects}."
ROLE_TASKS_INTRO = "Wat je doet als {title}:"
ROLE_ROUTES_INTRO = "Zo kun je {title} worden:"
ROLE_ROUTES_FOR_LEVEL = "Zo kun je vanuit {level} {title} worden:"
ROLE_NO_ROUTE_FOR_LEVEL = (
    "Vanuit {level} staat er in mijn bronnen geen route naar {title}. Wel vanuit {others}:"
)
ROLE_OTHER_LEVELS = "Er zijn ook routes vanuit {others}."
COMPANIES_INTRO = "Bedrijven in {province} die passen bij je vraag:"
COMPANIES_INTRO_PLACE = "Bedrijven in {province} (daar ligt {place}) die passen bij je vraag:"
COMPANIES_INTRO_ANYWHERE = "Bedrijven die passen bij je vraag:"
COMPANIES_NONE_IN_PROVINCE = (
    "In mijn bronnen staat geen bedrijf in {province} dat bij je vraag past."
)
COMPANIES_NEARBY = "Wel in de buurt:"
COMPANIES_ASK_PLACE = "Vertel in welke plaats je woont, dan zoek ik bedrijven bij jou in de buurt."
COMPANIES_EXAMPLES = (
    "Dit zijn voorbeeldprofielen: vraag je decaan welke bedrijven in jouw regio echt meedoen."
)
COMPANY_LINE = "{name} in {city}: {about}"
COMPANY_OFFERS = "Je kunt er terecht voor: {offers}."
UNKNOWN_ROLE = (
    "Over het beroep {role} staat niets in mijn bronnen, dus daar kan ik geen betrouwbaar "
    "antwoord op geven. Vraag het je decaan, of kijk op de website van een opleiding."
)
RELATED_ROLES = "Wel in mijn bronnen, en misschien interessant: {roles}."


# -- Pupil page: cards, route card, sources, quiz (ui/render.py) --------------------------------
# HTML panels beside the chat. Plain text: ui/render.py escapes it and adds the markup.
SOURCE_FULL_PASSAGE = "Lees de hele passage"
COMPANY_PLACE = "{city}, {province}"
COMPANY_OFFERS_LABEL = "Hier kun je terecht voor:"
COMPANY_REASON = "Waarom dit bedrijf: {reason}"
COMPANY_WEBSITE = "Website van {name}"
COMPANY_HIGHLIGHTED = "Uitgelicht door je decaan"
EXAMPLE_PROFILE_NOTE = (
    "Dit is een verzonnen voorbeeld, geen echt bedrijf. Vraag je decaan welke bedrijven in "
    "jouw regio echt meedoen."
)
ROUTE_HEADING = "Route: {title}"
ROUTE_CHAIN_LABEL = "Stappen van school naar het beroep {title}"
ROUTE_HOPS = {
    "profile": "Profiel",
    "subjects": "Vakken",
    "education": "Opleiding",
    "role": "Beroep",
    "companies": "Bedrijven in de buurt",
}
ROUTE_FROM_LEVEL = "Vanuit {level}"
ROUTE_SOURCE = "bron: {source}"
ROUTE_NO_ROUTE_FOR_LEVEL = "Vanuit {level} staat er geen route in mijn bronnen."
ROUTE_OTHER_LEVELS = "Wel vanuit {others}:"
ROUTE_NO_SUBJECTS_NAMED = "In de bron staan geen verplichte vakken voor deze route."
ROUTE_SUBJECTS_MISSING = (
    "Welke vakken je nodig hebt, staat niet in mijn bronnen. Vraag het de opleiding of je decaan."
)
ROUTE_NO_COMPANIES = "Geen bedrijf in de buurt in mijn bronnen."
QUIZ_HEADING = "Jouw uitslag"
QUIZ_INTERESTS_HEADING = "Dit past misschien bij jou"
QUIZ_ROLES_HEADING = "Beroepen om eens te bekijken"
PRIVACY_HEADING = "Privacy"
PRIVACY_POINTS = (
    "Je hoeft niets over jezelf te vertellen: geen naam, geen school, geen e-mailadres.",
    "Je vragen worden niet met je naam bewaard.",
    "Geef je feedback, dan bewaren we die zonder naam en zonder IP-adres, met je vraag waar "
    "persoonlijke gegevens uit zijn gehaald. Na hooguit {days} dagen wordt die gewist.",
    "Jij kiest zelf wat je deelt en wat je met de antwoorden doet. Vragen hierover? Praat erover "
    "met je decaan.",
)


# -- Pupil page: context, chat, feedback, quiz tab (ui/app.py, ui/pupil.py)
LEVEL_UNKNOWN = "Weet ik nog niet"
LEVEL_CHOICES = {  # as pupils name their level -> the level the records use
    LEVEL_UNKNOWN: None,
    "vmbo basis": "vmbo",
    "vmbo kader": "vmbo",
    "vmbo gemengd": "vmbo",
    "vmbo theoretisch (mavo)": "vmbo",
    "havo": "havo",
    "vwo": "vwo",
}
YEAR_LABEL = "In welke klas zit je?"
SCHOOL_YEARS = ("klas 1", "klas 2", "klas 3", "klas 4", "klas 5", "klas 6")
TOWN_LABEL = "Waar woon je?"
TOWN_PLACEHOLDER = "Bijvoorbeeld: Zwolle"
TOWN_FOUND = "{town} ligt in {province}. Ik zoek bedrijven in die buurt."
TOWN_UNKNOWN = (
    "Die plaats ken ik niet. Typ een grotere plaats in de buurt, of de naam van je provincie."
)
TAB_CHAT = "Vraag het"
TAB_QUIZ = "Wat past bij mij?"
CHAT_LABEL = "Gesprek met Techkompas"
QUESTION_LABEL = "Jouw vraag"
SEND = "Vraag"
NEW_CONVERSATION = "Nieuw gesprek"
FEEDBACK_UP = "Goed antwoord"
FEEDBACK_DOWN = "Klopt niet"
FEEDBACK_COMMENT = "Wat klopt er niet? (mag leeg blijven, zet er geen naam in)"
FEEDBACK_THANKS = "Dank je! We gebruiken je reactie om Techkompas beter te maken."
FEEDBACK_ALREADY = "Je hebt dit antwoord al beoordeeld. Dank je!"
FEEDBACK_NOTHING_YET = "Stel eerst een vraag, dan kun je het antwoord beoordelen."
FEEDBACK_OFF = "Je reactie kon nu niet bewaard worden. Het antwoord kun je gewoon gebruiken."
QUIZ_INTRO = (
    "Geef bij elke zin aan of die bij jou past. Er zijn geen goede of foute antwoorden. "
    "Je antwoorden worden niet bewaard."
)
QUIZ_SHOW = "Bekijk wat bij je past"
EXAMPLE_QUESTIONS = {
    "": (
        "Welk profiel moet ik kiezen voor techniek?",
        "Wat doet een procesoperator?",
        "Welke bedrijven kan ik bij mij in de buurt bezoeken?",
        "Wat is het verschil tussen mbo, hbo en wo?",
        "Wat is Jet-Net?",
    ),
    "vmbo": (
        "Welk vmbo-profiel past bij techniek?",
        "Wat doet een elektrotechnisch installateur?",
        "Hoe word je autotechnicus?",
        "Wat is het verschil tussen BOL en BBL?",
        "Waar kan ik een meeloopdag doen?",
    ),
    "havo": (
        "Welke vakken heb ik nodig voor een technische hbo-studie?",
        "Wat doet een werktuigbouwkundig ingenieur?",
        "Wat is een technasium?",
        "Welke bedrijven helpen bij een profielwerkstuk?",
        "Kan ik met N&G ook techniek studeren?",
    ),
    "vwo": (
        "Welk profiel heb ik nodig voor een studie aan een TU?",
        "Wat doet een data scientist?",
        "Wat is numerus fixus?",
        "Welke bedrijven helpen bij een profielwerkstuk?",
        "Wat doet een chipontwerper?",
    ),
}


# -- The interest quiz (assistant/quiz.py): statements, labels, explanations

QUIZ_STATEMENTS: tuple[tuple[str, str, str], ...] = (
    ("r1", "R", "Ik vind het leuk om iets te bouwen met mijn handen."),
    ("r2", "R", "Ik vind het leuk om een kapot apparaat te repareren."),
    ("r3", "R", "Ik vind het leuk om met gereedschap of machines te werken."),
    ("i1", "I", "Ik vind het leuk om uit te zoeken hoe iets werkt."),
    ("i2", "I", "Ik vind het leuk om proefjes te doen en dingen te meten."),
    ("i3", "I", "Ik vind het leuk om lastige puzzels op te lossen."),
    ("a1", "A", "Ik vind het leuk om iets nieuws te ontwerpen of te tekenen."),
    ("a2", "A", "Ik vind het leuk om zelf een game of filmpje te maken."),
    ("a3", "A", "Ik vind het leuk om originele ideeën te bedenken."),
    ("s1", "S", "Ik vind het leuk om iemand iets uit te leggen."),
    ("s2", "S", "Ik vind het leuk om in een groep samen te werken."),
    ("s3", "S", "Ik vind het leuk om anderen te helpen met een probleem."),
    ("e1", "E", "Ik vind het leuk om de leiding te nemen in een groep."),
    ("e2", "E", "Ik vind het leuk om anderen te overtuigen van mijn idee."),
    ("e3", "E", "Ik vind het leuk om een activiteit of uitje te organiseren."),
    ("c1", "C", "Ik vind het leuk om een planning of overzicht bij te houden."),
    ("c2", "C", "Ik vind het leuk om precies volgens de regels te werken."),
    ("c3", "C", "Ik vind het leuk om gegevens in een tabel te zetten."),
)
QUIZ_ANSWERS: dict[int, str] = {2: "Ja", 1: "Een beetje", 0: "Nee"}
QUIZ_INTEREST_NAMES: dict[str, str] = {
    "R": "Doener",
    "I": "Onderzoeker",
    "A": "Ontwerper",
    "S": "Helper",
    "E": "Ondernemer",
    "C": "Ordenaar",
}
QUIZ_INTEREST_EXPLANATIONS: dict[str, str] = {
    "R": "Je werkt graag met je handen, met gereedschap en met machines.",
    "I": "Je zoekt graag uit hoe iets werkt en waarom.",
    "A": "Je bedenkt en maakt graag iets nieuws en eigens.",
    "S": "Je helpt graag anderen en je werkt graag samen.",
    "E": "Je neemt graag de leiding en je overtuigt anderen van een plan.",
    "C": "Je werkt graag netjes en precies, met een vaste aanpak.",
}
QUIZ_NAMES_JOINER = " en "
QUIZ_WHY = "Past bij {names}: {task}"
QUIZ_ROLE_QUESTION = "Wat doet een {title}?"
QUIZ_FOLLOW_UP_QUESTIONS = (
    "Wat doet een {title}?",
    "Welke opleiding heb je nodig om {title} te worden?",
    "Waar kan ik meelopen met een {title}?",
)
QUIZ_GENERAL_QUESTIONS = (
    "Welke soorten techniekberoepen zijn er?",
    "Wat kun je doen op een meeloopdag bij een bedrijf?",
)
QUIZ_RESULT_INTRO = "Uit je antwoorden blijkt dat je misschien een {names} bent."
QUIZ_NO_INTEREST = (
    "Je koos overal 'Nee'. Dat is helemaal oké! Misschien ken je nog niet alles wat je in de "
    "techniek kunt doen. Stel gerust een vraag in de chat, of doe de quiz later nog eens."
)
QUIZ_NO_ROLES = (
    "Ik vond in mijn lijst geen beroep dat hier goed bij past. Stel gerust een vraag in de chat."
)
QUIZ_NOTICE = (
    "Dit is een tip, geen oordeel over jou. Jij kiest zelf. Praat erover met je decaan, "
    "je mentor of je ouders."
)
