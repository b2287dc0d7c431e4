"""Every Dutch sentence a pupil or counsellor can see, in one package for review (answers and
refusals here; records.py, page.py, quiz.py, school.py for the rest, all importable as
`texts.NAME`), and `message(answer)`: the text a pupil sees for an answer, chosen by its
outcome."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.texts.page import *  # noqa: F403
from assistant.texts.quiz import *  # noqa: F403
from assistant.texts.records import *  # noqa: F403
from assistant.texts.records import RELATED_ROLES, UNKNOWN_ROLE
from assistant.texts.school import *  # noqa: F403

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
REFUSE_CHEATING = (
    "Bij spieken of frauderen help ik niet. Lukt een vak niet zo goed? Vraag je docent of mentor "
    "om hulp bij het leren. Over vakken, profielen en beroepen in de techniek kun je mij alles "
    "vragen."
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
REFUSE_DECIDE = (
    "Die keuze maak jij, niet ik: ik ken jou niet, en ik geef alleen informatie. Vertel me wat je "
    "leuk vindt of goed kunt, bijvoorbeeld 'ik bouw graag dingen' of 'ik wil iets met computers', "
    "dan laat ik zien welke beroepen, profielen en opleidingen daarbij horen. Kiezen doe je samen "
    "met je decaan en je ouders."
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
SEARCH_UNAVAILABLE = (
    "Ik kan mijn bronnen nu even niet bereiken, dus ik kan je vraag nog niet beantwoorden. "
    "Probeer het over een paar minuten opnieuw."
)

REFUSALS = {
    "empty": EMPTY_QUESTION,
    "self_harm": SAFE_SELF_HARM,
    "abuse": SAFE_ABUSE,
    "danger": SAFE_DANGER,
    "forgery": REFUSE_FORGERY,
    "cheating": REFUSE_CHEATING,
    "contact": REFUSE_CONTACT,
    "injection": REFUSE_INJECTION,
    "off_topic": REFUSE_OFF_TOPIC,
    "decide": REFUSE_DECIDE,
    "error": REFUSE_ERROR,
    "unavailable": SEARCH_UNAVAILABLE,  # the index (Chroma server) cannot be reached
}
FROM_SOURCES = "Hier is het antwoord meteen, rechtstreeks uit de bronnen."
BUSY = f"Het is even druk. {FROM_SOURCES}"
NOTICES = {
    "question_cut": QUESTION_CUT,
    "model_failed": LLM_FALLBACK,
    "busy": BUSY,
    "from_sources": FROM_SOURCES,  # the model is too slow for a live answer: no "druk"
}


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
