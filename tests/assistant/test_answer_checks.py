"""Unit tests for the checks on a generated answer (no models, no Chroma)."""

from __future__ import annotations

import re

import pytest

from assistant.answer_checks import MAX_WORDS, check_answer, has_next_step
from assistant.types import Hit


def _hit(n: int, title: str, section: str, body: str, source: str) -> Hit:
    return Hit(
        f"chunk-{n}", f"{title} — {section}\n{body}", 0.5, {"source": source, "title": title}
    )


HITS = [
    _hit(
        1,
        "Procesoperator",
        "Wat doet een procesoperator?",
        "Een procesoperator bewaakt de installaties in een fabriek. Je werkt vaak in ploegendienst. "
        "Een beginnend procesoperator verdient ongeveer 2.600 euro bruto per maand.",
        "beroepen/procesoperator.pdf",
    ),
    _hit(
        2,
        "Profiel Techniek",
        "Opleiding",
        "Voor dit beroep volg je de mbo-opleiding Operator op niveau 2, 3 of 4. "
        "Meer informatie vind je op https://www.kiesmbo.nl/operator.",
        "profielen/techniek.pdf",
    ),
    _hit(
        3,
        "Jet-Net",
        "Over Jet-Net",
        "Jet-Net is een netwerk dat scholen en technische bedrijven met elkaar verbindt. "
        "Leerlingen gaan op bedrijfsbezoek en doen mee aan gastlessen.",
        "jetnet.pdf",
    ),
]
S1 = "Een procesoperator bewaakt de installaties in een fabriek."
S2 = "Voor dit beroep volg je de mbo-opleiding Operator op niveau 2, 3 of 4."
S3 = "Jet-Net is een netwerk dat scholen en technische bedrijven met elkaar verbindt."
SHIFT = "Je werkt vaak in ploegendienst."
NEXT = "Vraag je decaan of je een dag kunt meelopen."


@pytest.mark.parametrize(
    "raw",
    [
        f"{S1} [1] {S3} [3] {S2} [2] {NEXT}",  # citation after the full stop, as the prompt asks
        f"{S1[:-1]} [1]. {S3[:-1]} [3]. {S2[:-1]} [2]. {NEXT}",  # citation before the full stop
    ],
)
def test_valid_citations_are_kept(raw):
    checked = check_answer(raw, HITS)
    assert checked.text == f"{S1} [1] {S3} [3] {S2} [2] {NEXT}"
    assert checked.cited == [1, 3, 2]
    assert checked.problems == []
    assert not checked.fallback and not checked.not_in_sources


@pytest.mark.parametrize(
    ("raw", "expected", "problem"),
    [
        (f"{S3} [7]", f"{S3} [3]", "citations [7] -> [3]"),  # out of range with 3 passages
        (f"{S2} [1]", f"{S2} [2]", "citations [1] -> [2]"),  # copied from [2], cited [1]
        (S3, f"{S3} [3]", "citations [] -> [3]"),  # no citation at all
    ],
    ids=["out-of-range", "wrong-passage", "missing"],
)
def test_citation_repaired_to_the_passage_that_backs_the_sentence(raw, expected, problem):
    checked = check_answer(raw, HITS)
    assert checked.text == expected
    assert checked.cited == [int(expected[-2])]
    assert checked.problems == [problem]
    assert not checked.fallback


def test_invented_sentence_is_removed_and_reported():
    invented = "Procesoperators krijgen elk jaar een gratis auto van de zaak."
    checked = check_answer(f"{S1} [1] {invented} [1] {SHIFT} [1]", HITS)
    assert checked.text == f"{S1} [1] {SHIFT} [1]"
    assert any(
        p.startswith("removed unsupported sentence: Procesoperators krijgen")
        for p in checked.problems
    )
    assert not checked.fallback


@pytest.mark.parametrize(
    ("salary", "kept"),
    [
        ("2.600", True),
        ("2,600", True),  # "," and "." are read alike
        ("4.000", False),
        ("3.600", False),
        ("600", False),  # whole numbers only: "600" is not "2.600"
    ],
)
def test_sentence_with_a_number_the_passage_lacks_is_removed(salary, kept):
    sentence = f"Een beginnend procesoperator verdient ongeveer {salary} euro bruto per maand."
    checked = check_answer(f"{S1} [1] {sentence} [1]", HITS)
    assert (salary in checked.text) is kept
    assert checked.text.startswith(f"{S1} [1]")
    assert any("removed unsupported sentence" in p for p in checked.problems) is not kept


@pytest.mark.parametrize(
    "invented", ["Als mentor verdien je 5.000 euro per maand.", "Dat is 4000 euro."]
)
def test_invented_number_is_removed_from_every_kind_of_sentence(invented):
    checked = check_answer(f"{S1} [1] {invented} {SHIFT} [1]", HITS)
    assert not re.search(r"5\.000|4000", checked.text)


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("", "empty answer"),
        ("  \n ", "empty answer"),
        (
            f"Astronauten vliegen met raketten naar de maan. [1] Piloten landen op het vliegveld. [2] {S1} [1]",
            "only 1 of 3 sentences backed by a passage",
        ),
        ("Vraag je decaan naar een open dag.", "only 0 of 0 sentences backed by a passage"),
    ],
    ids=["empty", "blank", "mostly-unsupported", "nothing-factual"],
)
def test_fallback_when_the_answer_cannot_be_repaired(raw, problem):
    checked = check_answer(raw, HITS)
    assert checked.fallback
    assert checked.text == ""
    assert problem in checked.problems


def test_half_of_the_sentences_backed_is_still_enough():
    checked = check_answer(f"{S1} [1] Piloten landen op het vliegveld van Schiphol. [2]", HITS)
    assert not checked.fallback
    assert checked.text == f"{S1} [1]"


@pytest.mark.parametrize(
    "raw",
    [
        "Dat staat niet in mijn bronnen. Vraag het je decaan of kijk op een open dag.",
        "Sorry, dat vind ik niet in de bronnen.",
    ],
)
def test_not_in_sources(raw):
    checked = check_answer(raw, HITS)
    assert checked.not_in_sources
    assert not checked.fallback and checked.text == "" and checked.cited == []


def test_url_not_in_any_passage_is_removed_and_known_url_kept():
    raw = (
        f"{S2} [2] Kijk op https://www.kiesmbo.nl/operator voor meer informatie. "
        "Vacatures vind je op https://www.nepsite.nl/operator of bij je decaan."
    )
    checked = check_answer(raw, HITS)
    assert "https://www.kiesmbo.nl/operator" in checked.text
    assert "nepsite" not in checked.text
    assert "removed URL not in the sources: https://www.nepsite.nl/operator" in checked.problems
    assert not checked.fallback


def test_removing_a_url_at_a_sentence_end_keeps_the_sentences_apart():
    raw = f"{S1} [1] Kijk op https://www.nepsite.nl. {SHIFT} [1]"
    checked = check_answer(raw, HITS)
    assert "nepsite" not in checked.text
    assert "Kijk op Je werkt" not in " ".join(checked.text.split())


def test_english_answer_falls_back_as_not_dutch():
    hits = [
        _hit(
            1,
            "Tata Steel",
            "About us",
            "Tata Steel makes steel in IJmuiden. The company offers internships for students.",
            "bedrijven/tata-steel.html",
        )
    ]
    raw = "Tata Steel makes steel in IJmuiden. [1] The company offers internships for students. [1]"
    checked = check_answer(raw, hits)
    assert checked.fallback
    assert checked.problems == ["not Dutch"]


def test_short_dutch_answer_is_dutch():
    sentence = "Een beginnend procesoperator verdient ongeveer 2.600 euro bruto per maand."
    checked = check_answer(f"{sentence} [1]", HITS)
    assert not checked.fallback, checked.problems


def test_long_answer_is_cut_at_a_sentence_end():
    facts = [
        f"Op locatie {i} onderhoudt de monteur de windturbine met speciaal gereedschap."
        for i in range(1, 31)
    ]
    hits = [_hit(1, "Windenergie", "Monteur", " ".join(facts), "beroepen/windmonteur.pdf")]
    checked = check_answer(" ".join(f"{s} [1]" for s in facts), hits)
    body = re.sub(r" \[\d+\]", "", checked.text)
    assert len(body.split()) <= MAX_WORDS
    assert len(body.split()) > MAX_WORDS - 15  # cut near the limit, not far before it
    kept = re.split(r"(?<=\.) ", body)
    assert kept == facts[: len(kept)]  # whole sentences only, in order
    assert checked.text.endswith(". [1]")
    assert "cut: too long" in checked.problems
    assert not checked.fallback


def test_next_step_sentence_needs_no_citation():
    checked = check_answer(f"{S1} [1] {NEXT}", HITS)
    assert checked.text == f"{S1} [1] {NEXT}"
    assert checked.cited == [1]
    assert checked.problems == []


def test_cited_lists_passages_in_order_of_first_use():
    raw = f"{S3} [3] {S1} [1] Leerlingen gaan op bedrijfsbezoek en doen mee aan gastlessen. [3] {S2} [2]"
    checked = check_answer(raw, HITS)
    assert checked.cited == [3, 1, 2]
    assert not checked.fallback


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"{S1} [1] Vraag je decaan naar een meeloopdag.", True),
        (f"{S1} [1] Kijk op de website van het bedrijf.", True),
        (f"{S1} [1] Ga naar een open dag van een mbo-school.", True),
        (f"{S1} [1] Bespreek het met je mentor.", True),
        (f"{S1} [1]", False),
        (f"Vraag je decaan. {S1} [1]", False),  # the step must be the last sentence
        ("", False),
    ],
)
def test_has_next_step(text, expected):
    assert has_next_step(text) is expected


def test_a_number_must_stand_with_the_sentences_words_in_the_passage():
    jet_net = _hit(
        1,
        "Jet-Net",
        "Geschiedenis",
        "Jet-Net is in 2002 opgericht door vijf grote bedrijven. Daarna groeide het netwerk elk "
        "jaar. Scholen kregen hulp bij gastlessen, excursies, profielwerkstukken en techniekdagen "
        "voor leerlingen. Veel later verscheen er een brochure over de resultaten van rond 2012.",
        "jetnet.md",
    )
    right = check_answer("Jet-Net is in 2002 opgericht. [1]", [jet_net])
    wrong = check_answer(
        "Jet-Net is opgericht in 2012. [1] Jet-Net is in 2002 opgericht.", [jet_net]
    )
    assert right.text == "Jet-Net is in 2002 opgericht. [1]"
    assert "2012" not in wrong.text and "2002" in wrong.text
    assert any(
        "removed unsupported sentence: Jet-Net is opgericht in 2012" in p for p in wrong.problems
    )


def test_a_sentence_joining_several_passages_cites_all_of_them():
    companies = [
        _hit(n, name, "Bedrijf", f"{name} is een technisch bedrijf in {town}.", f"c{n}.yaml")
        for n, (name, town) in enumerate(
            [
                ("Maasdal Chemie", "Geleen"),
                ("Pakrobot Venlo", "Venlo"),
                ("Jekerdal Medisch", "Maastricht"),
            ],
            start=1,
        )
    ]
    checked = check_answer(
        "Je kunt kijken bij Maasdal Chemie, Pakrobot Venlo en Jekerdal Medisch.", companies
    )
    assert not checked.fallback and checked.cited == [1, 2, 3]
    assert checked.text.endswith("[1] [2] [3]")


@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        ("Een bachelor aan de universiteit duurt meestal drie jaar.", True),
        ("Een bachelor aan de universiteit duurt meestal 3 jaar.", True),
        ("Een bachelor aan de universiteit duurt meestal vier jaar.", False),
    ],
)
def test_numbers_written_as_words_are_checked_too(sentence, kept):
    hit = _hit(
        1, "Studeren", "Wo", "Een bachelor aan de universiteit duurt meestal drie jaar.", "wo.md"
    )
    checked = check_answer(f"{sentence} [1]", [hit])
    assert (not checked.fallback) is kept, checked.problems
