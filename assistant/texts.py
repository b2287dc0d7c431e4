"""Every Dutch sentence a pupil can see, in one place for review."""

EMPTY_QUESTION = "Typ een vraag over techniek, een beroep, een profiel of een bedrijf."
QUESTION_CUT = "Je vraag was erg lang. Ik heb alleen het begin gebruikt."
NOTHING_FOUND = (
    "Dat staat niet in mijn bronnen. Vraag het je decaan, of kijk op een open dag van een "
    "opleiding of bedrijf."
)
PASSAGES_INTRO = "Dit vond ik in de bronnen:"
INDEX_MISSING = (
    "Techkompas is nog niet klaar: de bronnen zijn nog niet ingelezen. Vraag je docent om "
    "'techkompas ingest' te laten draaien."
)
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
