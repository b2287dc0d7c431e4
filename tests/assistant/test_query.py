from pathlib import Path

import pytest

from assistant.lexical import tokenize
from assistant.query import QueryAnalyzer

SHIPPED = Path(__file__).resolve().parents[2] / "corpus"


@pytest.fixture(scope="module")
def analyzer():
    return QueryAnalyzer.from_corpus(SHIPPED)


@pytest.mark.parametrize(
    ("question", "expansion"),
    [
        ("Heb ik wisB nodig voor elektrotechniek?", "wiskunde B"),
        ("ik heb NT, welke studies kan ik doen?", "natuur en techniek"),
        ("wat is jetnet eigenlijk", "Jet-Net"),
        ("bedrijven in groningen waar ik kan snuffelen", "meeloopdag"),
    ],
)
def test_abbreviations_and_pupil_words_are_expanded(analyzer, question, expansion):
    assert expansion in analyzer.analyze(question).expansions


def test_a_term_that_is_a_variant_of_another_term_brings_that_term_too(analyzer):
    """ "uni" -> universiteit (the corpus's word) -> wo (its term); one step, and only a term
    that is a whole variant: "onderzoek en ontwerpen" does not bring "industrieel ontwerpen"
    for its word "ontwerpen"."""
    assert analyzer.analyze("kan ik na het hbo naar de uni").expansions == ["universiteit", "wo"]
    assert analyzer.analyze("wat is O&O").expansions == ["onderzoek en ontwerpen"]


def test_a_term_inside_a_longer_word_is_still_added(analyzer):
    """ "snachts" holds the letters of "nacht" but not the word, which the sources use."""
    assert analyzer.analyze("moet je snachts werken").expansions == ["nacht"]
    assert analyzer.analyze("moet je in de nacht werken").expansions == []


def test_words_no_source_uses_are_unheard():
    """With the index's vocabulary: a word neither it, a place nor a synonym holds, nor any
    part of four letters of it ("chipmachines" holds "machin")."""
    from assistant.lexical import tokenize as stems

    analyzer = QueryAnalyzer.from_corpus(SHIPPED)
    assert analyzer.analyze("doet asml ook gastlessen").unheard == []  # no vocabulary yet
    analyzer.set_vocabulary({*stems("machines chip gastles techniek doet woon")})
    info = analyzer.analyze("doet asml ook gastlessen met chipmachines? ik woon in veldhoven")
    assert info.unheard == ["asml"]


def test_lowercase_two_letter_variants_do_not_fire_on_ordinary_words(analyzer):
    assert analyzer.analyze("wat doe je na de havo?").expansions == []


@pytest.mark.parametrize(
    ("question", "province"),
    [
        ("ik woon in helmond, welke bedrijven kan ik bezoeken?", "Noord-Brabant"),
        ("Welke bedrijven in Gelderland kan ik bezoeken?", "Gelderland"),
        ("stage bij een bedrijf rond Zwolle", "Overijssel"),
        ("iets met chemie in de regio Den Bosch", "Noord-Brabant"),
    ],
)
def test_town_or_province_is_recognised(analyzer, question, province):
    assert analyzer.analyze(question).province == province


def test_a_town_name_that_is_a_word_needs_context(analyzer):
    assert analyzer.analyze("ik vind techniek best leuk").province is None


def test_near_me_uses_the_chosen_region(analyzer):
    info = analyzer.analyze("welke bedrijven zijn er bij mij in de buurt?", region="Zeeland")
    assert (info.province, info.province_from, info.company_intent) == ("Zeeland", "choice", True)
    assert analyzer.analyze("wat is Jet-Net?", region="Zeeland").province is None


@pytest.mark.parametrize(
    ("question", "level"),
    [
        ("ik zit op de havo", "havo"),
        ("ik zit in mavo 3", "vmbo"),
        ("gymnasium 4", "vwo"),
        ("hoi", None),
    ],
)
def test_school_level_is_recognised(analyzer, question, level):
    assert analyzer.analyze(question).level == level


def test_misspelled_words_are_repaired_from_the_index_vocabulary(analyzer):
    analyzer.set_vocabulary(set(tokenize("werktuigbouwkunde elektrotechniek procesoperator")))
    info = analyzer.analyze("wat heb je nodig voor werktuichbouwkunde of electrotechniek")
    assert info.corrections == {
        "werktuichbouwkunde": "werktuigbouwkund",
        "electrotechniek": "elektrotechniek",
    }
    assert "werktuigbouwkund" in info.expanded
