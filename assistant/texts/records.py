"""Sentences built from the corpus records (assistant.phrasing, assistant.structured)."""

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
ROLE_VIA_MBO = (
    "Vanuit {level} staat er in mijn bronnen geen directe route naar {title}. Wel kun je via het "
    "mbo naar het hbo:"
)
ROLE_ROUTES_FROM_OTHERS = "Vanuit {others} kun je zo {title} worden:"
ROLE_OTHER_LEVELS = "Er zijn ook routes vanuit {others}."
COMPANIES_INTRO = "Bedrijven in {province} die passen bij je vraag:"
COMPANIES_INTRO_PLACE = "Bedrijven in {province} (daar ligt {place}) die passen bij je vraag:"
COMPANIES_INTRO_ANYWHERE = "Bedrijven die passen bij je vraag:"
COMPANIES_NONE_IN_PROVINCE = (
    "In mijn bronnen staat geen bedrijf in {province} dat bij je vraag past."
)
COMPANIES_NEARBY = "Wel in de buurt:"
COMPANY_UNHEARD = "‘{name}’ staat niet in mijn bronnen."
COMPANIES_ASK_PLACE = "Vertel in welke plaats je woont, dan zoek ik bedrijven bij jou in de buurt."
COMPANIES_EXAMPLES = (
    "Dit zijn voorbeeldprofielen: vraag je decaan welke bedrijven in jouw regio echt meedoen."
)
COMPANY_LINE = "{name} in {city}: {about}"
COMPANY_OFFERS = "Je kunt er terecht voor: {offers}."
COMPANY_OFFERS_YES = "{name} in {city}: ja, je kunt er terecht voor {offer}."
COMPANY_OFFERS_NO = "{name} in {city}: in mijn bronnen staat geen {offer}."
COMPANY_OFFERS_INSTEAD = "Je kunt er wel terecht voor {offers}."
UNKNOWN_ROLE = (
    "Over het beroep {role} staat niets in mijn bronnen, dus daar kan ik geen betrouwbaar "
    "antwoord op geven. Vraag het je decaan, of kijk op de website van een opleiding."
)
RELATED_ROLES = "Wel in mijn bronnen, en misschien interessant: {roles}."
TOPIC_REQUIRED = "In {year} zijn in {name} ({short}) deze vakken verplicht: {subjects}."
TOPIC_REQUIRED_ONE = "In {year} is in {name} ({short}) {subjects} verplicht."
TOPIC_REQUIRED_LEVEL = "Op {level} is ook {subjects} verplicht."
TOPIC_CHOICE = "Daarnaast kies je een profielkeuzevak, bijvoorbeeld {choice}."
TOPIC_MBO = "Met een diploma van {name} ({short}) kun je in {year} naar het mbo op {mbo}."
SUBJECT_ROLE = "In mijn bronnen past het beroep {title} bij wat je noemt."
ROLES_FOR_SUBJECT = "Deze beroepen uit mijn bronnen passen bij wat je noemt:"
ROLES_ASK_MORE = (
    "Wil je meer weten over een van deze beroepen? Vraag me bijvoorbeeld: "
    "'Wat doet een {title}?' of 'Hoe word je {title}?'"
)
