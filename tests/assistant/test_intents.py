"""The question classifier over the shipped corpus: pupil-style questions (informal, misspelled,
with towns) and the intent, roles and unknown role each one should get."""

from pathlib import Path

import pytest

from assistant.catalog import Catalog
from assistant.intents import Classified, Intent, classify
from assistant.query import QueryAnalyzer

SHIPPED = Path(__file__).resolve().parents[2] / "corpus"

COMPANIES, ROUTE, TASKS = Intent.COMPANIES, Intent.ROLE_ROUTE, Intent.ROLE_TASKS
PROFILE, PROGRAMME, OTHER = Intent.PROFILE, Intent.PROGRAMME, Intent.OTHER
OPERATOR, SOFTWARE, GAMES = "procesoperator", "softwareontwikkelaar", "gamedeveloper"
WTB = "werktuigbouwkundig-ingenieur"


def row(question, intent, roles=(), unknown="", marks=()):
    return pytest.param(question, Classified(intent, list(roles), unknown), marks=marks)


TABLE = [
    # company searches: a visit, shadowing, an internship, or "ik woon in X en wil iets met Y"
    row("ik woon in zwolle waar kan ik meelopen", COMPANIES),
    row("welke bedrijven in limburg geven gastles", COMPANIES),
    row("wat maken ze bij zuivelfabriek greidhoeke", COMPANIES),
    row("wat doen ze bij jachtwerf kielwater", COMPANIES),
    row("kan ik bij een bedrijf in de buurt van groningen op bedrijfsbezoek", COMPANIES),
    row("ik zoek een stageplek in friesland", COMPANIES),
    row("ik woon in eindhoven en wil iets met chips", COMPANIES),
    row("waar kan ik snuffelstage lopen als programmeur in utrecht", COMPANIES, [SOFTWARE]),
    row("bij welk bedrijf kan ik meelopen met een lasser", COMPANIES, ["lasser"]),
    # a figure asked "voor mijn pws" is no search for a company to help with it
    row("hoeveel geld stoppen bedrijven per jaar in zo'n centrum? voor mijn pws", OTHER),
    row("zijn daar bedrijven van in de buurt?", COMPANIES),
    row("zitten er fabrieken in limburg", COMPANIES),
    row("zijn er chipbedrijven in nijmegen", COMPANIES),
    row("ken je bouwbedrijven in zwolle", COMPANIES),
    # what you do in a named role
    row("wat doet een procesoperator eigenlijk", TASKS, [OPERATOR]),
    row("wat doet een procesoperater", TASKS, [OPERATOR]),
    row("wat doet een elektronikus", TASKS, ["elektronicus"]),
    row("welke vakken heb je nodig voor geneeskunde", OTHER),  # a study, no misspelled role
    row("hoe ziet een werkdag van een lasser eruit", TASKS, ["lasser"]),
    row("wat doe je de hele dag als windmolenmonteur", TASKS, ["windturbinetechnicus"]),
    # a role's field with another worker's word: the one role of that field
    row("wil eigenlijk windturbinemonteur worden, hoe zit dat", ROUTE, ["windturbinetechnicus"]),
    row("wat houdt het werk van een data scientist in", TASKS, ["data-scientist"]),
    row("wat doet een operator in een fabriek", TASKS, [OPERATOR]),
    # the route to a named role
    row("hoe word je elektronicus", ROUTE, ["elektronicus"]),
    row("welke opleiding moet je doen voor softwareontwikkelaar", ROUTE, [SOFTWARE]),
    row("welk profiel heb ik nodig voor werktuigbouwkundig ingenieur", ROUTE, [WTB]),
    row("wat moet ik studeren om gamedeveloper te worden", ROUTE, [GAMES]),
    row("kan je met vmbo automonteur worden", ROUTE, ["autotechnicus"]),
    row("welke vakken heb je nodig voor vliegtuigmonteur", ROUTE, ["vliegtuigonderhoudstechnicus"]),
    row("hoe wordt je elektrisien", ROUTE, ["elektrotechnisch-installateur"]),
    row(
        "ik woon in groningen, welke opleiding moet ik doen voor procesoperator", ROUTE, [OPERATOR]
    ),
    row("ik wil iets met games doen, welke opleiding moet ik kiezen", ROUTE, [GAMES]),
    row("ik wil aan vliegtuigen sleutelen, welke opleiding", OTHER),  # "sleutelen" is no car
    # school profiles, subjects, technasium
    row("welke vakken heb je bij NT", PROFILE),
    row("wat is technasium", PROFILE),
    row("wat is PIE", PROFILE),
    row("wat is NLT eigenlijk voor vak, is daar ook een centraal examen voor", PROFILE),
    row("welk profiel moet ik kiezen als ik van natuurkunde hou", PROFILE),
    row("wat moet ik kiezen als ik ingenieur wil worden", PROFILE),  # no record: the documents
    # programmes
    row("wat is jetnet", PROGRAMME),
    row("wat doet technet", PROGRAMME),
    row("wat is het techniekpact", PROGRAMME),
    row("wat gaat Platform Talent voor Technologie doen nu jet-net stopt", PROGRAMME),  # no role
    # everything else
    row("wat is een leerbedrijf", OTHER),  # what the word means, not a company search
    row("wat is het verschil tussen mbo en hbo", OTHER),
    row("is techniek ook iets voor meisjes", OTHER),
    row("welk cijfer kreeg de samenwerking tussen school en bedrijf in 2008", OTHER),  # a year
    row("wat is techniek eigenlijk", OTHER),
    # a role the corpus has no record of
    row("ik wil piloot worden", ROUTE, unknown="piloot"),
    row("welk profiel moet ik kiezen als ik piloot wil worden", ROUTE, unknown="piloot"),
    row("wat doet een dokter", TASKS, unknown="dokter"),
    row("hoe word ik astronaut", ROUTE, unknown="astronaut"),
    row("ik wil later kapper worden", ROUTE, unknown="kapper"),
    row("hoe lang duurt de opleiding tot verpleegkundige", ROUTE, unknown="verpleegkundige"),
    # a follow-up about one detail of the role asked about before: from the passages
    row("werk je dan ook in het weekend? (wat doet een procesoperator)", OTHER, [OPERATOR]),
    row("en wat doe je de hele dag? (wat doet een procesoperator)", TASKS, [OPERATOR]),
    # a step between two kinds of school, with a study named: the step, not the role's route
    row("ik doe nu mbo 4 elektrotechniek, kan ik daarna naar de universiteit", PROFILE),
    row("als ik hbo werktuigbouw heb afgerond kan ik dan nog een master op de uni doen", PROFILE),
    row("hoe word ik werktuigbouwkundig ingenieur, van de havo naar het hbo?", ROUTE, [WTB]),
    row(
        "werktuigbouwkunde studeren, hoe kom ik daar vanaf de mavo? eerst naar havo?", ROUTE, [WTB]
    ),
    # a date asked after a role: no route card says it, so the earlier role is left out
    row("en wanneer moet ik dat profiel kiezen? (ik wil procesoperator worden)", PROFILE),
    row("welk profiel moet ik kiezen? (ik wil procesoperator worden)", ROUTE, [OPERATOR]),
    # generic words in a role pattern are not an unknown role
    row("ik wil later iets in de techniek worden", OTHER),
    row("hoe word je ingenieur", OTHER),
    row("hoe word je eigenlijk ingenieur als je op de havo zit", OTHER),  # not "eigenlijk"
    # the pupil's own school is context: what they ask about is the route, not the TL
    row("ik zit op vmbo tl, hoe word ik later toch ingeneur?", OTHER),
    row("ik zit op de tl, wat houdt dat in?", PROFILE),
    row("hoe word ik later eigenlijk astronaut", ROUTE, unknown="astronaut"),
    row("wat doet een monteur", OTHER),
    row("ik wil graag technicus worden", OTHER),
    row("wat doet een technicus", OTHER),
]


@pytest.fixture(scope="module")
def catalog():
    return Catalog.from_corpus(SHIPPED)


@pytest.fixture(scope="module")
def analyzer():
    return QueryAnalyzer.from_corpus(SHIPPED)


@pytest.mark.parametrize(("question", "expected"), TABLE)
def test_a_pupils_question_gets_its_intent_roles_and_unknown_role(
    question, expected, catalog, analyzer
):
    assert classify(question, analyzer.analyze(question), catalog) == expected


@pytest.mark.parametrize(
    "question",
    [
        "ik wil later iets in de techniek worden",
        "hoe word je ingenieur",
        "wat doet een monteur",
        "ik wil graag technicus worden",
        "ik wil later rijk worden",
    ],
)
def test_a_generic_word_in_a_role_pattern_is_not_an_unknown_role(question, catalog, analyzer):
    assert classify(question, analyzer.analyze(question), catalog).unknown_role == ""
