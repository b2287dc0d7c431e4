"""Class sessions and the counsellor's page (assistant/classroom.py, ui/counsellor*.py)."""

# -- Class sessions (assistant/classroom.py)
# One message for an unknown and for an expired code, so the reply never tells whether a code
# ever existed.
CLASS_CODE_UNKNOWN = (
    "Deze klascode werkt niet (meer). Kijk of je hem goed hebt overgetypt, of vraag je decaan "
    "om de code van vandaag."
)
CLASS_FULL = "Deze klas is al vol. Vraag je decaan wat je nu het beste kunt doen."
# Joining failed because the database cannot be used right now (the code itself may be fine).
CLASS_UNAVAILABLE = (
    "Meedoen met je klas lukt nu even niet. Je kunt gewoon vragen stellen; probeer de code "
    "straks nog eens."
)
# How a sector is named in the counsellor's class report.
CLASS_SECTOR_NAMES: dict[str, str] = {
    "installatie": "Installatietechniek",
    "energie": "Energie",
    "onderhoud": "Onderhoud",
    "procesindustrie": "Procesindustrie",
    "chemie": "Chemie",
    "voeding": "Voeding",
    "bouw": "Bouw",
    "infra": "Infra",
    "mobiliteit": "Mobiliteit",
    "maritiem": "Maritiem",
    "ict": "ICT",
    "data": "Data",
    "elektronica": "Elektronica",
    "agrifood": "Agrifood",
    "zorgtechniek": "Zorgtechniek",
    "design": "Design",
    "maakindustrie": "Maakindustrie",
}


# -- The counsellor's page (/decaan) and class dashboard (ui/counsellor.py, ui/dashboard.py)
COUNSELLOR_TITLE = "Techkompas voor decanen"
COUNSELLOR_OFF = (
    "De decaanpagina staat uit. Zet het wachtwoord in de omgeving van de computer die "
    "Techkompas draait (TECHKOMPAS_COUNSELLOR_PASSWORD) en start Techkompas opnieuw. "
    "Zie 'Voor decanen' in de README."
)
COUNSELLOR_PASSWORD = "Wachtwoord"
COUNSELLOR_LOG_IN = "Inloggen"
COUNSELLOR_WELCOME = "Je bent ingelogd. Maak hieronder een klassessie."
COUNSELLOR_WRONG = "Dat wachtwoord klopt niet. Na een paar foute pogingen moet je even wachten."
COUNSELLOR_LOG_IN_FIRST = "Log eerst in met het wachtwoord van de school."
COUNSELLOR_NO_STORAGE = (
    "De database voor klassessies is niet bereikbaar. Vraag de beheerder om "
    "TECHKOMPAS_DATABASE_URL te controleren."
)
COUNSELLOR_BAD_INPUT = "Dat kan niet: {problem}"
COUNSELLOR_CREATED = "Klascode {code}, geldig tot {until}. Zet de code of de QR-code op het bord."
COUNSELLOR_LABEL = "Naam van de les (bijvoorbeeld 3H2 loopbaanles)"
COUNSELLOR_LEVEL = "Niveau van de klas"
COUNSELLOR_REGION = "Provincie"
COUNSELLOR_COMPANIES = "Bedrijven uitlichten"
COUNSELLOR_HOURS = "Hoe lang is de code geldig (uren)?"
COUNSELLOR_CREATE = "Maak klassessie"
COUNSELLOR_EXPORT = "Download overzicht (CSV en HTML)"
COUNSELLOR_ANY = "Alle"
DASH_PUPILS = "Leerlingen"
DASH_QUESTIONS = "Vragen"
DASH_UP = "Duim omhoog"
DASH_DOWN = "Duim omlaag"
DASH_QUIZ = "Uitkomst van de quiz"
DASH_TOPIC_KINDS = {
    "role": "Beroepen",
    "sector": "Sectoren",
    "programme": "Programma's",
    "profile": "Profielen en opleidingen",
    "company": "Bedrijven",
}
DASH_UNANSWERED = "Vragen waar de bronnen geen antwoord op hadden"
DASH_NO_GAPS = "Nog niets, of nog geen 3 leerlingen in de sessie."
DASH_NOTHING_YET = "Nog niets te zien."
DASH_HIDDEN = "Aantallen van 1 of 2 tonen we niet: zo is niemand in de klas te herkennen."
DASH_REPORT_TITLE = "Techkompas, klassessie {label}"
DASH_GENERATED = "Gemaakt op {when}. Alleen totalen, geen antwoorden van één leerling."
CLASS_CODE_LABEL = "Klascode (van je decaan)"
CLASS_JOIN = "Doe mee"
CLASS_JOINED = "Je doet mee met {label}. Niemand ziet wat jij vraagt, alleen totalen van de klas."
