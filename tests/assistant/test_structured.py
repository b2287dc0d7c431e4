"""Answers built from the corpus records (assistant.structured, assistant.routes) through the
pipeline without a model: role tasks, routes, companies, and what the records do not hold. Every
answer must be backed by the chunks it cites (assistant.answer_checks.check_answer)."""

import shutil

import pytest
import yaml

from assistant import texts
from assistant.answer import Outcome
from assistant.answer_checks import CITATION, check_answer
from assistant.company_answers import topic_words
from tests.conftest import FIXTURES, SHIPPED_CORPUS

TASKS = "Wat doet een procesoperator?"
ROUTES = "Hoe word je procesoperator?"
IN_GRONINGEN = "welke bedrijven in groningen kan ik bezoeken"
IN_ZEELAND = "welke bedrijven in zeeland kan ik bezoeken"
NEAR_FRIESLAND = "welke bedrijven in friesland hebben een procesoperator"
ROLE_SOURCE = "corpus/roles/procesoperator.yaml"
COMPANY_SOURCE = "corpus/companies/zoutwerk-delfzijl.yaml"


@pytest.fixture
def assistant(make_assistant, corpus):
    """The pipeline over the fixture corpus, without a model. The fixture corpus has no
    regions.yaml, so its copy gets the shipped one: provinces and towns are recognised."""
    shutil.copy(SHIPPED_CORPUS / "regions.yaml", corpus / "regions.yaml")
    return make_assistant(llm="extractive", corpus_dir=corpus)


@pytest.fixture
def role():
    """The procesoperator record as written in the fixture corpus."""
    path = FIXTURES / "corpus" / "roles" / "procesoperator.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def items(text: str) -> list[str]:
    """The '- ' lines of an answer, without the marker and the citations."""
    lines = [line for line in text.splitlines() if line.startswith("- ")]
    return [CITATION.sub("", line.removeprefix("- ")).strip() for line in lines]


# -- what you do in a role


def test_a_role_task_answer_starts_with_the_role_summary(assistant, role):
    answer = assistant.ask(TASKS)
    assert answer.outcome is Outcome.ANSWERED and answer.intent == "role_tasks"
    assert answer.text.startswith(" ".join(role["summary"].split()))


def test_a_role_task_answer_lists_the_tasks_as_items(assistant, role):
    assert items(assistant.ask(TASKS).text) == role["tasks"]


def test_a_role_task_answer_cites_only_the_first_chunk_of_the_role_record(assistant):
    answer = assistant.ask(TASKS)
    first = assistant.retriever.record_hits("procesoperator")[0]
    assert answer.cited == [1] and set(CITATION.findall(answer.text)) == {"1"}
    assert [h.chunk_id for h in answer.hits] == [first.chunk_id]
    assert answer.hits[0].source == ROLE_SOURCE


# -- the route to a role


def test_a_route_answer_has_one_line_per_route_of_the_record_in_level_order(assistant, role):
    lines = items(assistant.ask(ROUTES).text)
    assert len(lines) == len(role["routes"]) == 2
    for line, route in zip(lines, role["routes"], strict=True):  # vmbo, then havo
        assert route["programme"] in line and route["school_profile"] in line


@pytest.mark.parametrize("level", [None, "havo", "vwo"])
def test_every_route_line_is_word_for_word_in_the_cited_chunk(assistant, level):
    answer = assistant.ask(ROUTES, level=level)
    assert answer.cited == [1] and answer.hits[0].source == ROLE_SOURCE
    for line in items(answer.text):
        assert line in answer.hits[0].text


def test_a_route_answer_for_a_level_shows_that_levels_route(assistant, role):
    text = assistant.ask(ROUTES, level="havo").text
    (havo,) = [r for r in role["routes"] if r["level"] == "havo"]
    assert text.startswith("Zo kun je vanuit de havo procesoperator worden:\n- Vanuit de havo")
    assert len(items(text)) == 1 and havo["programme"] in items(text)[0]


def test_a_route_answer_for_a_level_names_the_other_levels_with_routes(assistant):
    text = assistant.ask(ROUTES, level="havo").text
    assert text.endswith(f"\n\n{texts.ROLE_OTHER_LEVELS.format(others='het vmbo')} [1]")


def test_a_level_without_a_route_says_so_and_shows_the_routes_there_are(assistant, role):
    answer = assistant.ask(ROUTES, level="vwo")
    assert answer.outcome is Outcome.ANSWERED
    assert answer.text.startswith(
        "Vanuit het vwo staat er in mijn bronnen geen route naar procesoperator. "
        "Wel vanuit het vmbo en de havo:"
    )
    assert len(items(answer.text)) == len(role["routes"])
    assert "Er zijn ook routes vanuit" not in answer.text


# -- companies


def test_a_company_question_for_a_province_lists_the_company_there(assistant):
    text = assistant.ask(IN_GRONINGEN).text
    assert text.startswith(texts.COMPANIES_INTRO.format(province="Groningen"))
    assert items(text)[0].startswith("Zoutwerk Delfzijl in Delfzijl: Zoutwerk Delfzijl maakt zout")


def test_a_company_answer_cites_exactly_the_companys_chunk(assistant):
    answer = assistant.ask(IN_GRONINGEN)
    chunks = assistant.retriever.record_hits("zoutwerk-delfzijl")
    assert answer.cited == [1] and set(CITATION.findall(answer.text)) == {"1"}
    assert [h.chunk_id for h in answer.hits] == [chunks[0].chunk_id]
    assert answer.hits[0].source == COMPANY_SOURCE


def test_a_province_without_a_company_is_said_plainly(assistant):
    answer = assistant.ask(IN_ZEELAND)
    assert answer.text == texts.COMPANIES_NONE_IN_PROVINCE.format(province="Zeeland")
    assert not answer.hits and not answer.companies


def test_a_province_without_a_company_offers_one_in_a_neighbouring_province(assistant):
    answer = assistant.ask(NEAR_FRIESLAND)
    assert answer.text.startswith(
        f"{texts.COMPANIES_NONE_IN_PROVINCE.format(province='Friesland')}\n"
        f"{texts.COMPANIES_NEARBY}\n- Zoutwerk Delfzijl in Delfzijl:"
    )
    assert [h.source for h in answer.hits] == [COMPANY_SOURCE]


def test_a_company_name_no_source_knows_is_said_to_be_unknown_before_the_list(assistant):
    """Pupils type names in lower case ("asml"): a word no passage, place or synonym uses is
    named as unknown, then the companies that do fit follow."""
    answer = assistant.ask("welke bedrijven in groningen kan ik bezoeken, ook asml?")
    assert answer.text.startswith(
        f"{texts.COMPANY_UNHEARD.format(name='asml')}\n"
        f"{texts.COMPANIES_INTRO.format(province='Groningen')}"
    )
    assert items(answer.text)[0].startswith("Zoutwerk Delfzijl in Delfzijl:")


def test_a_word_saying_what_kind_of_company_is_no_unknown_name(assistant):
    text = assistant.ask("zijn er chille bedrijven in groningen").text
    assert text.startswith(texts.COMPANIES_INTRO.format(province="Groningen"))


# -- what the records do not hold


def test_an_unknown_role_is_not_in_the_sources(assistant):
    answer = assistant.ask("ik wil piloot worden")
    assert answer.outcome is Outcome.NOT_IN_SOURCES
    assert answer.unknown == "piloot" and not answer.hits and not answer.text


def test_a_role_without_a_record_is_answered_from_a_document_that_names_it(
    make_assistant, fixture_index, corpus
):
    """No record for "dokter", but a profile document says what a future doctor studies."""
    from ingest.indexer import index_paths

    (corpus / "profiles").mkdir()
    (corpus / "profiles" / "geneeskunde.md").write_text(
        "---\ntitle: Geneeskunde\ntype: profile\nlevels: [havo, vwo]\nsources:\n"
        '  - {title: "Hoger onderwijs", publisher: "Rijksoverheid", year: 2025}\n'
        "checked: 2026-11-26\n---\n\n## Dokter worden\n\n"
        "Wie dokter wil worden, studeert geneeskunde aan de universiteit. Daarvoor kies je het "
        "profiel Natuur en Gezondheid met natuurkunde erbij.\n",
        encoding="utf-8",
    )
    assert not index_paths(fixture_index, [corpus / "profiles"]).failed
    assistant = make_assistant(llm="extractive", corpus_dir=corpus)
    answer = assistant.ask("ik wil dokter worden, welk profiel moet ik kiezen?")
    assert answer.outcome is Outcome.ANSWERED
    assert "geneeskunde" in answer.text and answer.hits[0].source.endswith("geneeskunde.md")
    assert assistant.ask("ik wil piloot worden").outcome is Outcome.NOT_IN_SOURCES


def test_a_role_named_only_in_another_roles_or_a_companys_record_is_not_mentioned():
    """ "hoe word je verpleegkundige": a medisch technicus "geeft uitleg aan verpleegkundigen",
    which says nothing about becoming one; a document that names it does."""
    from assistant.structured import mentioned
    from assistant.types import Hit

    text = "Medisch technicus\nJe geeft uitleg aan verpleegkundigen en artsen."
    role, company = (
        Hit("r", text, 1.0, {"doc_type": "role"}),
        Hit("c", text, 1.0, {"doc_type": "company"}),
    )
    assert not mentioned("verpleegkundige", [role, company])
    assert mentioned("verpleegkundige", [role, Hit("d", text, 1.0, {"doc_type": "profile"})])


@pytest.mark.parametrize(
    "question",
    ["Hoeveel verdient een procesoperator?", "Wat is het salaris van een procesoperator?"],
)
def test_an_amount_question_about_a_known_role_is_not_in_the_sources(assistant, question):
    answer = assistant.ask(question)
    assert answer.outcome is Outcome.NOT_IN_SOURCES
    assert not answer.hits and not answer.text and not answer.unknown


def test_a_detail_about_a_named_role_is_answered_from_the_passages_not_the_task_template(
    assistant,
):
    """'Moet een procesoperator ...?' asks one thing about the role, which may be in any of its
    chunks (a route's note, the summary): the passages answer it, not the list of tasks."""
    answer = assistant.ask("Moet een procesoperator rondes lopen langs de tanks?")
    assert answer.outcome is Outcome.ANSWERED and answer.backend == "extractive"
    first = answer.text.split("\n")[0]
    assert "rondes" in first  # the task template opens with the summary's first sentence


# -- every structured answer is backed by the chunks it cites


@pytest.mark.parametrize(
    ("question", "level"),
    [
        (TASKS, None),
        (ROUTES, None),
        (ROUTES, "havo"),
        pytest.param(
            ROUTES,
            "vwo",
        ),
        (IN_GRONINGEN, None),
        pytest.param(
            IN_ZEELAND,
            None,
        ),
        pytest.param(
            NEAR_FRIESLAND,
            None,
        ),
        ("welke bedrijven kan ik bezoeken", None),
    ],
)
def test_a_structured_answer_keeps_every_sentence_under_the_answer_checks(
    assistant, question, level
):
    answer = assistant.ask(question, level=level)
    assert answer.outcome is Outcome.ANSWERED and answer.backend == "records"
    checked = check_answer(answer.text, answer.hits)
    assert not checked.fallback
    assert [p for p in checked.problems if p.startswith(("removed", "only"))] == []


# -- the route card


def test_the_route_card_holds_every_route_of_the_record(assistant, role):
    card = assistant.ask(ROUTES).route
    assert [p.route.programme for p in card.paths] == [r["programme"] for r in role["routes"]]
    assert {p.source for p in card.paths} == {ROLE_SOURCE}


def test_the_route_card_for_a_level_keeps_its_paths_and_names_the_other_levels(assistant):
    card = assistant.ask(ROUTES, level="havo").route
    assert [p.route.level for p in card.paths] == ["havo"] and card.other_levels == ["vmbo"]


def test_the_route_card_marks_a_level_without_a_route(assistant):
    card = assistant.ask(ROUTES, level="vwo").route
    assert "route_for_level" in card.missing and not card.complete


@pytest.mark.parametrize("province", ["groningen", "friesland"])  # Friesland borders Groningen
def test_the_route_card_names_a_nearby_company_that_has_the_role(assistant, province):
    card = assistant.ask(f"Hoe word je procesoperator in {province}?").route
    assert [m.company.id for m in card.companies] == ["zoutwerk-delfzijl"]
    assert card.complete


def test_the_route_card_marks_companies_missing_when_none_nearby_has_the_role(assistant):
    card = assistant.ask("Hoe word je procesoperator in zeeland?").route
    assert card.missing == ["companies"] and card.companies == []


# -- a follow-up about what the companies just named offer

EARLIER = [
    {"role": "user", "content": "welke bedrijven in groningen kan ik bezoeken"},
    {"role": "assistant", "content": "Zoutwerk Delfzijl in Delfzijl maakt zout en chloor."},
]


def test_a_follow_up_about_an_offer_says_yes_for_the_company_that_has_it(assistant):
    answer = assistant.ask("hebben ze ook stage?", history=EARLIER)
    assert answer.outcome is Outcome.ANSWERED
    assert answer.text.startswith(
        "- Zoutwerk Delfzijl in Delfzijl: ja, je kunt er terecht voor stage (mbo). [1]"
    )
    assert [h.source for h in answer.hits] == [COMPANY_SOURCE]
    checked = check_answer(answer.text, answer.hits)
    assert not checked.fallback and not checked.not_in_sources, checked.problems


def test_a_follow_up_about_an_offer_the_company_lacks_says_so(assistant):
    answer = assistant.ask("en kan ik daar meelopen?", history=EARLIER)
    assert "Zoutwerk Delfzijl in Delfzijl: in mijn bronnen staat geen meeloopdag." in answer.text
    assert "ja," not in answer.text


def test_an_offer_question_naming_a_company_says_no_and_what_it_does_offer(assistant):
    answer = assistant.ask("kan ik meelopen bij zoutwerk delfzijl?")
    assert answer.text.startswith(
        "- Zoutwerk Delfzijl in Delfzijl: in mijn bronnen staat geen meeloopdag. "
        "Je kunt er wel terecht voor bedrijfsbezoek en stage (mbo). [1]"
    )
    assert [h.source for h in answer.hits] == [COMPANY_SOURCE]
    assert [m.company.id for m in answer.companies] == ["zoutwerk-delfzijl"]


def test_an_offer_question_without_companies_before_it_is_a_company_search(assistant):
    history = [
        {"role": "user", "content": "wat doet een procesoperator"},
        {"role": "assistant", "content": "Een procesoperator bewaakt installaties."},
    ]
    answer = assistant.ask("en waar kan ik daarvoor op bezoek in groningen?", history=history)
    assert "in mijn bronnen staat geen" not in answer.text


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("zijn er chipbedrijven in nijmegen", ["chip"]),
        ("welke techbedrijven zitten er in eindhoven", []),
        ("welke bedrijven in groningen doen iets met games", ["games"]),
        ("ik wil stage lopen bij een ict bedrijf in groningen", ["ict"]),  # three letters
        # the pupil's school and what they ask help with are no subject ("havo": spoortechnicus)
        ("ik zit in 5 havo in groningen, welk bedrijf kan me helpen met mijn pws", []),
        # nor is how or when ("rond", "een dagje") or who asks ("onze school ... willen")
        ("kan ik ergens rond groningen een dagje meelopen bij een technisch bedrijf", []),
        ("onze school in nijmegen wil een gastles, welke bedrijven doen dat", []),
    ],
)
def test_a_company_search_subject_is_what_a_compound_names_before_bedrijven(question, topic):
    assert topic_words(question, frozenset({"nijmegen", "eindhoven", "groningen"})) == topic
