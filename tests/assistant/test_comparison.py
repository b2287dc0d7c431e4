"""Questions that compare two things (assistant.comparison): which two, the names of each, and
the extractive answer putting the two side by side first — over small passages here, and over
the shipped profile documents through the pipeline in test_topics."""

import pytest

from assistant.comparison import both_topics, compared_names, compared_terms
from assistant.extractive import compose
from assistant.topics import load_topics
from assistant.types import Hit
from tests.conftest import SHIPPED_CORPUS

TOPICS = load_topics(SHIPPED_CORPUS)


@pytest.mark.parametrize(
    ("question", "terms"),
    [
        ("wat is het verschil tussen mbo en hbo", ("mbo", "hbo")),
        ("wat is nou het verschil tussen BOL en BBL?", ("bol", "bbl")),
        ("verschil kader en basis?", ("kader", "basis")),
        ("verschil tussen een ad en een bachelor", ("ad", "bachelor")),
        ("wat is beter NT of NG", ("nt", "ng")),
        ("hbo of wo wat is het verschil", ("hbo", "wo")),
        ("kan ik beter n&t of n&g kiezen", ("n&t", "n&g")),
        # a follow-up condensed by the rule: what the earlier question was about, and the other
        ("en wat is het verschil met bol? (wat is bbl)", ("bbl", "bol")),
        ("en het verschil met een ad? (hbo)", ("hbo", "ad")),
    ],
)
def test_the_two_compared_things_are_found_as_the_pupil_wrote_them(question, terms):
    assert compared_terms(question) == terms


@pytest.mark.parametrize(
    "question",
    [
        "moet ik naar de havo of het vwo",  # a choice, but no comparison asked
        "wat is het verschil tussen de leerwegen",  # one thing
        "wat is bbl",
        "is er verschil tussen dit en dat",  # nothing named
        "en wat is het verschil met bol?",  # with what? no earlier question
    ],
)
def test_other_questions_compare_nothing(question):
    assert compared_terms(question) is None


def test_a_school_topic_is_named_by_its_own_names_else_by_the_pupils_word():
    kader, basis = compared_names("verschil tussen kader en basis", TOPICS)
    assert "kaderberoepsgerichte" in kader and "BB" in basis
    assert both_topics((kader, basis)) and not both_topics((("mbo",), ("hbo",)))
    # BOL and BBL are one topic: each keeps the pupil's own word
    assert compared_names("verschil tussen bol en bbl", TOPICS) == (("bol",), ("bbl",))
    # words after the second thing are not part of its name
    assert compared_names("verschil tussen mbo en hbo eigenlijk", TOPICS) == (("mbo",), ("hbo",))


def _hit(text: str) -> Hit:
    return Hit("id", text, 0.9, {})


BOL_BBL = _hit(
    "Na school — BOL en BBL\n"
    "Wat past bij jou? BOL geeft meer tijd om te leren. BBL past bij je als je al weet wat je wilt.\n\n"
    "**BOL** staat voor beroepsopleidende leerweg. Je gaat vooral naar school. "
    "Daarnaast loop je stage bij een bedrijf.\n\n"
    "**BBL** staat voor beroepsbegeleidende leerweg. Je werkt bij een bedrijf. "
    "Meestal ga je één dag per week naar school.\n\n"
    "De kantine van de school is groot en er is een fietsenstalling."
)


def test_each_is_said_from_the_paragraph_that_says_what_it_is_in_the_questions_order():
    question = "wat is het verschil tussen bbl en bol"
    text, cited = compose(question, [BOL_BBL], compared=compared_names(question, TOPICS))
    bbl, bol = text.split("\n\n")[:2]
    assert bbl == (
        "BBL staat voor beroepsbegeleidende leerweg. Je werkt bij een bedrijf. "
        "Meestal ga je één dag per week naar school. [1]"
    )
    assert bol.startswith("BOL staat voor beroepsopleidende leerweg. Je gaat vooral naar school.")
    assert "kantine" not in text and cited == [1]
    # without the comparison the definitions are not what comes first
    plain, _ = compose(question, [BOL_BBL])
    assert not plain.startswith("BBL staat voor")


def test_a_list_naming_both_is_the_comparison_and_nothing_else_follows():
    hits = [
        _hit(
            "Na school — Drie soorten\n"
            "Er zijn drie soorten vervolgonderwijs:\n"
            "- Mbo: je leert een vak, met veel praktijk.\n"
            "- Hbo: je leert een beroep op een hoger niveau.\n"
            "- Wo: je leert vooral onderzoeken.\n\n"
            "Het niveau ligt tussen mbo-4 en een hbo-bachelor in."
        )
    ]
    question = "wat is het verschil tussen mbo en hbo"
    text, _ = compose(question, hits, compared=compared_names(question, TOPICS))
    assert text == (
        "Er zijn drie soorten vervolgonderwijs:\n"
        "- Mbo: je leert een vak, met veel praktijk.\n"
        "- Hbo: je leert een beroep op een hoger niveau. [1]"
    )


def test_when_the_passages_name_only_one_the_usual_answer_is_given():
    hits = [_hit("Titel\nBBL staat voor beroepsbegeleidende leerweg. Je werkt bij een bedrijf.")]
    question = "verschil tussen bbl en havo"
    with_names = compose(question, hits, compared=compared_names(question, TOPICS))
    assert with_names == compose(question, hits)


def test_one_list_item_naming_both_is_not_a_comparison():
    hits = [
        _hit(
            "Profielen — Tips\n"
            "Tips voor een goede keuze:\n"
            "- Kijk naar wat je leuk vindt.\n"
            "- N&T en N&G met wiskunde B geven de meeste keuze.\n\n"
            "N&T is een profiel met wiskunde B, natuurkunde en scheikunde.\n\n"
            "N&G is een profiel met biologie en scheikunde."
        )
    ]
    question = "nt of ng wat moet ik kiezen"
    text, _ = compose(question, hits, compared=compared_names(question, TOPICS))
    assert text.startswith("N&T is een profiel met wiskunde B, natuurkunde en scheikunde. [1]")
    assert text.split("\n\n")[1] == "N&G is een profiel met biologie en scheikunde. [1]"
