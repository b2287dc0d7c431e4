"""The extractive answer (assistant.extractive.compose) over hand-made passages: the best
sentence first, no repeats, lists kept as lists, no headings or markup, short, and every [n]
pointing at the passage its sentences came from. And `answers_the_type`."""

import re

import pytest

from assistant.coverage import answers_the_type
from assistant.extractive import MAX_WORDS, compose
from assistant.sentences import split_sentences
from assistant.types import Hit

CITED = re.compile(r"(.*?)\s*\[(\d+)\]", re.S)


def passage(heading: str, *body: str) -> Hit:
    """A retrieved chunk as the index stores it: "Title — Section", then the body lines."""
    return Hit(heading, "\n".join([heading, *body]), 0.9, {})


def cited_sentences(text: str) -> list[tuple[str, int]]:
    """(sentence or list line, n) for every piece of the answer and the [n] it is cited to."""
    found = []
    for match in CITED.finditer(text):
        for line in match.group(1).strip().splitlines():
            for sentence in split_sentences(line.removeprefix("- ")):
                found.append((sentence, int(match.group(2))))
    return found


def words(text: str) -> int:
    return len(re.sub(r"\[\d+\]", " ", text).split())


# -- which sentences, in which order


def test_the_best_matching_sentence_comes_first_even_from_the_second_passage():
    hits = [
        passage("Techniek — Inleiding", "Techniek is overal. Veel techniek zit in je telefoon."),
        passage(
            "Werktuigbouwkunde — Toelating",
            "Voor werktuigbouwkunde op het hbo heb je wiskunde B en natuurkunde nodig.",
        ),
    ]
    text, _ = compose("Welke vakken heb je nodig voor werktuigbouwkunde op het hbo?", hits)
    assert text.startswith("Voor werktuigbouwkunde op het hbo heb je wiskunde B en natuurkunde")


@pytest.mark.parametrize(
    "again",
    [
        "Jet-Net koppelt scholen aan technische bedrijven in de regio!",
        "Jet-Net koppelt middelbare scholen aan technische bedrijven in hun regio.",
    ],
    ids=["repeated", "nearly repeated"],
)
def test_a_sentence_repeated_in_another_passage_appears_once(again):
    hits = [
        passage("Jet-Net — Over", "Jet-Net koppelt scholen aan technische bedrijven in de regio."),
        passage("Jet-Net en TechNet — Samen", f"{again} Scholen krijgen gastlessen van bedrijven."),
    ]
    text, _ = compose("Wat doet Jet-Net voor scholen?", hits)
    assert text.count("koppelt") == 1 and "gastlessen" in text


def test_what_is_x_puts_the_sentence_that_defines_x_first():
    hits = [
        passage(
            "Scholen — Techniek op school",
            "Op veel scholen met technasium werken technasium-leerlingen samen met bedrijven.",
        ),
        passage(
            "Technasium — Wat is het?", "Het technasium is een onderwijsroute met het vak O&O."
        ),
    ]
    text, _ = compose("Wat is technasium?", hits)
    assert text.startswith("Het technasium is een onderwijsroute met het vak O&O. [2]")


def test_what_is_x_does_not_put_a_sentence_about_another_question_word_first():
    hits = [
        passage("Havo — Vakken", "Op de havo is wiskunde B een belangrijk vak."),
        passage(
            "Technasium — Wat is het?", "Het technasium is een onderwijsroute met het vak O&O."
        ),
    ]
    text, _ = compose("Wat is technasium op de havo?", hits)
    assert text.startswith("Het technasium is een onderwijsroute")


def test_a_sentence_sharing_no_word_with_the_question_is_left_out():
    hits = [
        passage(
            "Techniek — Inleiding",
            "Techniek is overal om je heen. "
            "Voor werktuigbouwkunde op het hbo heb je wiskunde B en natuurkunde nodig.",
        )
    ]
    text, _ = compose("Welke vakken heb je nodig voor werktuigbouwkunde op het hbo?", hits)
    assert "overal" not in text


def test_no_passages_give_no_answer():
    assert compose("Wat is Jet-Net?", []) == ("", [])


# -- what the answer looks like


def test_the_heading_line_is_not_part_of_the_answer():
    hits = [
        passage("Jet-Net — Wat is Jet-Net?", "Jet-Net is een netwerk van scholen en bedrijven.")
    ]
    text, _ = compose("Wat is Jet-Net?", hits)
    assert text == "Jet-Net is een netwerk van scholen en bedrijven. [1]"


def test_a_lead_in_with_items_is_kept_as_a_list():
    hits = [
        passage(
            "Procesoperator — Wat doet een procesoperator?",
            "Wat je doet als procesoperator:",
            "- installaties bewaken vanuit de controlekamer",
            "- storingen oplossen met het onderhoudsteam",
        )
    ]
    text, _ = compose("Wat doet een procesoperator?", hits)
    assert text == (
        "Wat je doet als procesoperator:\n"
        "- installaties bewaken vanuit de controlekamer\n"
        "- storingen oplossen met het onderhoudsteam [1]"
    )


@pytest.mark.parametrize(
    "body",
    [
        ["Wat je doet als procesoperator:", "- installaties bewaken in de fabriek"],
        ["Een procesoperator bewaakt de fabriek. Wat je doet als procesoperator:"],
        ["Wat je doet als procesoperator:", "Een procesoperator bewaakt de fabriek."],
    ],
    ids=["with items", "at the end of the passage", "before a sentence"],
)
def test_a_line_ending_in_a_colon_is_never_closed_with_a_period(body):
    text, _ = compose("Wat doet een procesoperator?", [passage("Procesoperator — Werk", *body)])
    assert text and ":." not in text and ": [" not in text


def test_a_list_after_a_blank_line_is_kept_with_its_lead_in():
    hits = [
        passage(
            "Profielen — Hoe werkt een profiel?",
            "Er zijn vier profielen op de havo:",
            "",
            "- Natuur en Techniek",
            "- Natuur en Gezondheid",
            "- Economie en Maatschappij",
            "- Cultuur en Maatschappij",
        )
    ]
    text, _ = compose("Welke profielen zijn er op de havo?", hits)
    assert "Er zijn vier profielen op de havo:\n- Natuur en Techniek\n" in text


def test_markdown_bold_is_stripped():
    hits = [
        passage(
            "Profielen — N&T",
            "In Natuur en Techniek zijn deze vakken verplicht: **wiskunde B en natuurkunde**.",
        )
    ]
    text, _ = compose("Welke vakken zijn verplicht bij Natuur en Techniek?", hits)
    assert "**" not in text and "verplicht: wiskunde B en natuurkunde." in text


LONG_SENTENCES = [
    "In het eerste jaar van werktuigbouwkunde leer je tekenen met de computer, rekenen aan "
    "krachten en materialen kiezen voor onderdelen die lang meegaan.",
    "Bij werktuigbouwkunde werk je vaak in projectgroepen aan een echte opdracht van een bedrijf, "
    "zoals een slimmere pomp of een lichter fietsframe.",
    "Werktuigbouwkunde heeft ook veel praktijk: in de werkplaats bouw je prototypes, test je ze "
    "op een proefbank en verbeter je wat niet goed werkt.",
    "Na werktuigbouwkunde kun je aan de slag als ontwerper, als onderhoudsengineer in een fabriek "
    "of als adviseur bij een ingenieursbureau in binnen- of buitenland.",
    "Tijdens de stage van werktuigbouwkunde loop je een half jaar mee in een bedrijf en schrijf "
    "je een verslag over wat je daar hebt ontworpen en onderzocht.",
    "Veel studenten werktuigbouwkunde doen mee aan teams die een zonneauto, een drone of een "
    "raceauto bouwen en daarmee tegen andere hogescholen racen.",
]


def test_the_answer_stays_within_max_words():
    hits = [
        passage(f"Werktuigbouwkunde — Deel {i}", LONG_SENTENCES[2 * i], LONG_SENTENCES[2 * i + 1])
        for i in range(3)
    ]
    text, _ = compose("Wat leer je bij werktuigbouwkunde?", hits)
    assert words(text) > MAX_WORDS / 2  # more than one sentence fits
    assert words(text) <= MAX_WORDS


# -- citations


def test_each_citation_points_at_the_passage_its_sentences_came_from():
    hits = [
        passage("Jet-Net — Over", "Jet-Net koppelt havo- en vwo-scholen aan technische bedrijven."),
        passage("TechNet — Over", "TechNet koppelt vmbo-scholen aan technische bedrijven."),
        passage(
            "Techniekpact — Doel",
            "Het Techniekpact wil dat meer leerlingen voor techniek kiezen.",
            "Scholen en bedrijven werken daarvoor samen:",
            "- bedrijven geven gastlessen op scholen",
            "- leerlingen lopen mee bij technische bedrijven",
        ),
    ]
    text, cited = compose("Welk netwerk koppelt vmbo-scholen aan technische bedrijven?", hits)
    pieces = cited_sentences(text)
    assert {n for _, n in pieces} == set(cited) == {1, 2, 3}
    for sentence, n in pieces:
        assert sentence.rstrip(".") in hits[n - 1].text, (sentence, n)


# -- does the answer hold the kind of fact the question asks for?


@pytest.mark.parametrize(
    ("question", "answer", "answered"),
    [
        ("Wat verdient een lasser?", "Een lasser verdient ongeveer 2.400 euro per maand.", True),
        ("Wat kost de opleiding?", "Het collegegeld is € 2.600 per jaar.", True),
        ("Hoeveel verdient een lasser?", "Een lasser verbindt metalen met elkaar.", False),
        ("Wat is het salaris van een timmerman?", "Een timmerman verdient 15 per uur.", False),
        ("Hoeveel profielen zijn er?", "Er zijn vier profielen.", True),
        ("Hoeveel procent van de leerlingen kiest N&T?", "Het is 20 procent.", True),
        ("Hoeveel leerlingen doen mee?", "Scholen werken samen met bedrijven.", False),
        pytest.param(
            "Hoeveel profielen zijn er?",
            "Je kiest een profiel in de bovenbouw.",
            False,
        ),
        ("Wanneer is Jet-Net begonnen?", "Jet-Net is in 2002 begonnen.", True),
        ("Wanneer is de open dag?", "De open dag is op 12 maart.", True),
        ("Wanneer is Jet-Net begonnen?", "Jet-Net koppelt scholen aan bedrijven.", False),
        (
            "Wanneer moet je je profiel kiezen?",
            "Je kiest je profiel aan het eind van de derde klas.",
            True,
        ),
        pytest.param(
            "Wanneer moet je je profiel kiezen?",
            "Je kiest je profiel in de derde klas.",
            True,
        ),
        pytest.param(
            "Wanneer is techniek iets voor jou?",
            "Techniek past bij je als je graag uitzoekt hoe dingen werken.",
            True,
        ),
        ("Wat doet een lasser?", "Een lasser verbindt metalen met elkaar.", True),
        ("Hoeveel dagen ga je naar school?", "Meestal ga je één dag per week naar school.", True),
        ("Hoeveel bedrijven doen mee?", "Het is één van de grootste netwerken.", False),
    ],
)
def test_an_answer_holds_the_kind_of_fact_the_question_asks_for(question, answer, answered):
    assert answers_the_type(question, answer) is answered


def test_a_number_about_something_else_does_not_answer_a_how_much_question():
    """'hoeveel verdient een procesoperator per maand?' is not answered by an investment per
    centre per year: the sentence with the amount must share more with the question than
    'per'. Without an amount about the role, the answer does not hold one (not in the sources)."""
    hits = [
        passage(
            "Procesoperator — Wat doe je?",
            "Een procesoperator bewaakt de installaties in een fabriek.",
        ),
        passage(
            "Evaluatie — Bedrijven",
            "Bedrijven investeren gemiddeld 469.000 euro per centrum per jaar.",
        ),
    ]
    question = "hoeveel verdient een procesoperator per maand?"
    text, _ = compose(question, hits)
    assert "469.000" not in text and not answers_the_type(question, text)
    paid = [hits[0], passage("Procesoperator — Loon", "Een procesoperator verdient 2.400 euro.")]
    text, _ = compose(question, paid)
    assert text.startswith("Een procesoperator verdient 2.400 euro.")


def test_may_i_is_answered_with_the_terms_that_follow_in_the_same_paragraph():
    """'mag ik naar havo 4?': the sentence that says you can, then the paragraph's next
    sentences, which say on what terms (they share few words with the question)."""
    hits = [
        passage(
            "Vmbo — Naar de havo",
            "Met een TL-diploma kun je naar klas 4 van de havo. Sinds 2020 staat daarvoor een"
            " regel in de wet. Je doet dan eindexamen in een extra vak.",
        ),
        passage("Havo — Profielen", "Op de havo kies je in klas 3 een profiel voor klas 4."),
    ]
    text, _ = compose("ik zit op de mavo, mag ik met mijn diploma naar havo 4?", hits)
    assert text.startswith(
        "Met een TL-diploma kun je naar klas 4 van de havo. Sinds 2020 staat daarvoor een regel"
        " in de wet. Je doet dan eindexamen in een extra vak. [1]"
    )


def test_a_list_whose_lead_in_counts_its_items_is_shown_whole():
    """'twee dingen samen:' then only the item sharing a word with the question would leave the
    pupil with one of the two."""
    hits = [
        passage(
            "Platform — Lessen",
            "Volgens die publicatie was de grootste les dat twee dingen samen het beste werken:",
            "- Van onderop: scholen en bedrijven werken zelf samen in netwerken.",
            "- Van bovenaf: het rijk geeft geld en stelt doelen.",
        )
    ]
    text, _ = compose("wat was volgens het platform de grootste les over netwerken?", hits)
    assert "- Van onderop" in text and "- Van bovenaf" in text
    uncounted = [passage(*(hits[0].text.replace("twee dingen", "dingen").split("\n")))]
    text, _ = compose("wat was volgens het platform de grootste les over netwerken?", uncounted)
    assert "- Van onderop" in text and "- Van bovenaf" not in text
