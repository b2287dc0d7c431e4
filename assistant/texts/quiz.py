"""The interest quiz (assistant/quiz.py)."""

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
