"""The pupil's page: cards, route card, sources, context, chat, feedback (ui/)."""

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
