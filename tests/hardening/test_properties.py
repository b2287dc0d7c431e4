"""Properties of cleaning, chunking, the answer checks and the input guardrail, on generated text
(Hypothesis): no text is lost outside removed boilerplate, chunk ids are stable, and the checks
never crash whatever text they get."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant import texts
from assistant.answer_checks import CITATION, check_answer, complete_sentences, has_next_step
from assistant.guardrails import MAX_CHECKED_CHARS, check_input, plain_text
from assistant.types import Hit
from ingest.chunk import chunk_document, split_section
from ingest.clean import clean_blocks, clean_text
from ingest.documents import Section, SourceDocument

SOME = settings(max_examples=150, deadline=None, database=None)
FEW = settings(max_examples=60, deadline=None, database=None)
ROOT = Path(__file__).resolve().parents[2]

# Dutch words that are no page furniture, navigation or share text, and of which no two make
# a third (cleaning may rightly glue "werk" + "plaats" where the document writes "werkplaats").
_VOCAB_TEXT = (
    "techniek leerling bedrijf school werkt maakt bouwt machine robot energie water zonnepaneel "
    "windmolen klas docent stage fabriek lassen sensor data code ontwerp brug huis auto trein "
    "schip monteur installatie onderhoud chemie proces operator veilig samen goed snel groot "
    "klein nieuw een het de van voor met in op aan je we ze zij hij kunt wil gaat leert helpt "
    "mooi elke dag praktijk opleiding vakman"
)
VOCAB = _VOCAB_TEXT.split()
_LETTER = re.compile(r"[^\W\d_]")
_WORDS = re.compile(r"[^\W\d_]+")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

word = st.sampled_from(VOCAB)


@st.composite
def sentence(draw, min_words: int = 3, max_words: int = 12) -> str:
    words = draw(st.lists(word, min_size=min_words, max_size=max_words))
    if draw(st.booleans()):
        words[0] = words[0].capitalize()
    return " ".join(words) + draw(st.sampled_from([".", "!", "?"]))


def letters(text: str) -> str:
    return "".join(_LETTER.findall(text)).lower()


# -- cleaning --------------------------------------------------------------------------------------


@SOME
@given(
    paragraphs=st.lists(
        st.lists(sentence(), min_size=1, max_size=4).map(" ".join),
        min_size=1,
        max_size=12,
        unique_by=str.lower,  # a line seen again and again at a page edge is furniture
    )
)
def test_cleaning_plain_prose_keeps_every_word(paragraphs):
    text = "\n\n".join(paragraphs)
    cleaned = " ".join(b.text for b in clean_blocks(text))
    assert Counter(_WORDS.findall(cleaned)) == Counter(_WORDS.findall(text))


@SOME
@given(
    lines=st.lists(
        st.lists(word, min_size=1, max_size=14).map(" ".join),
        min_size=1,
        max_size=40,
        unique_by=str.lower,
    ),
    breaks=st.lists(st.sampled_from(["\n", "\n", "\n", "\n\n"]), min_size=40, max_size=40),
)
def test_cleaning_wrapped_lines_keeps_every_letter_in_order(lines, breaks):
    """Joining wrapped lines only changes the white space (and a glued compound)."""
    text = "".join(line + brk for line, brk in zip(lines, breaks, strict=False))
    assert letters(clean_text(text)) == letters(text)


@SOME
@given(text=st.text(max_size=2000))
def test_cleaning_any_text_never_crashes_and_leaves_no_damage_marks(text):
    blocks = clean_blocks(text)
    for block in blocks:
        assert block.text and block.text == block.text.strip()
        assert not set(block.text) & {"\ufffd", "\u00ad", "\u2060"}
        assert not CONTROL.search(block.text)


@FEW
@given(
    lines=st.lists(sentence(), min_size=1, max_size=30, unique_by=str.lower),
    per_page=st.integers(1, 6),
    junk=st.text(alphabet="\x00\x01\x07\x0b\x0c\x1b\x7f\u0085\ufffd\u00ad", max_size=5),
)
def test_cleaning_extracted_pages_with_control_junk_keeps_every_word(lines, per_page, junk):
    """PDF-like text: pages of lines with control characters and damage marks after them."""
    pages = [lines[i : i + per_page] for i in range(0, len(lines), per_page)]
    text = "\n\n".join("\n".join(f"{line}{junk}" for line in page) for page in pages)
    cleaned = clean_text(text)
    assert not CONTROL.search(cleaned)
    assert Counter(_WORDS.findall(cleaned)) == Counter(w for s in lines for w in _WORDS.findall(s))


# -- chunking --------------------------------------------------------------------------------------

section_text = st.lists(
    st.lists(sentence(max_words=30), min_size=1, max_size=8).map(" ".join), min_size=1, max_size=6
).map("\n\n".join)


@SOME
@given(text=section_text, size=st.integers(60, 500), share=st.floats(0.05, 0.5))
def test_chunking_keeps_every_word_and_no_chunk_is_too_long(text, size, share):
    chunks = split_section(Section(text, "Kop"), size, int(size * share))
    assert chunks and all(0 < len(c) <= size for c in chunks)
    assert set(_WORDS.findall(text)) <= {w for c in chunks for w in _WORDS.findall(c)}


@SOME
@given(text=section_text, size=st.integers(60, 500))
def test_chunking_without_overlap_reads_as_the_section(text, size):
    chunks = split_section(Section(text, "Kop"), size, 0)
    assert letters("".join(chunks)) == letters(text)


def _doc(sections: list[str], source: str = "corpus/x.md") -> SourceDocument:
    return SourceDocument(
        source, "Titel", "document", [Section(t, f"Kop {i}") for i, t in enumerate(sections)]
    )


@FEW
@given(
    sections=st.lists(section_text, min_size=1, max_size=3),
    extra=section_text,
    size=st.integers(80, 400),
)
def test_chunk_ids_are_stable_unique_and_survive_an_added_section(sections, extra, size):
    first = [c.id for c in chunk_document(_doc(sections), size, size // 5)]
    again = [c.id for c in chunk_document(_doc(sections), size, size // 5)]
    longer = [c.id for c in chunk_document(_doc([*sections, extra]), size, size // 5)]
    assert first == again and len(set(first)) == len(first)
    assert longer[: len(first)] == first  # adding at the end leaves the earlier chunks alone


def test_chunk_ids_are_the_same_in_another_process():
    """Ids are content hashes, not Python's per-process string hashes."""
    doc = {"sections": ["Een lasser werkt met metaal. " * 30, "Een monteur bouwt. " * 10]}
    script = (
        "import json, sys; from ingest.chunk import chunk_document; "
        "from ingest.documents import Section, SourceDocument; "
        "d = json.loads(sys.argv[1]); "
        "doc = SourceDocument('corpus/x.md', 'Titel', 'document', "
        "[Section(t, f'Kop {i}') for i, t in enumerate(d['sections'])]); "
        "print(json.dumps([c.id for c in chunk_document(doc, 200, 40)]))"
    )
    runs = []
    for seed in ("1", "2"):
        out = subprocess.run(
            [sys.executable, "-c", script, json.dumps(doc)],
            capture_output=True, text=True, check=True, cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )  # fmt: skip
        runs.append(json.loads(out.stdout))
    here = [c.id for c in chunk_document(_doc(doc["sections"]), 200, 40)]
    assert runs[0] == runs[1] == here


# -- answer checks ---------------------------------------------------------------------------------


def _hits(passages: list[str]) -> list[Hit]:
    return [
        Hit(f"id{n}", f"Titel {n}\n{text}", 1.0 / (n + 1), {"source": f"corpus/{n}.md"})
        for n, text in enumerate(passages)
    ]


@SOME
@given(raw=st.text(max_size=1500), passages=st.lists(st.text(max_size=600), max_size=5))
def test_answer_checks_never_crash_on_any_text(raw, passages):
    hits = _hits(passages)
    checked = check_answer(raw, hits)
    assert all(1 <= n <= len(hits) for n in checked.cited)
    assert all(1 <= int(n) <= len(hits) for n in CITATION.findall(checked.text))
    has_next_step(raw)
    assert raw.startswith(complete_sentences(raw).rstrip()) or complete_sentences(raw) == raw


@st.composite
def answer_and_passages(draw):
    passages = draw(
        st.lists(st.lists(sentence(), min_size=1, max_size=5).map(" ".join), min_size=1, max_size=4)
    )
    parts = []
    for _ in range(draw(st.integers(1, 6))):
        if draw(st.booleans()):  # a copied sentence with a (maybe wrong) citation
            n = draw(st.integers(0, len(passages) - 1))
            copied = draw(st.sampled_from(re.split(r"(?<=[.!?]) ", passages[n])))
            parts.append(f"{copied[:-1]} [{draw(st.integers(0, 6))}]{copied[-1]}")
        else:  # an invented sentence, maybe with a number or a link
            parts.append(
                draw(sentence()) + draw(st.sampled_from(["", " 4200 euro.", " www.nep.nl."]))
            )
    return " ".join(parts), passages


@SOME
@given(case=answer_and_passages())
def test_answer_checks_only_remove_text_and_cite_passages_that_exist(case):
    raw, passages = case
    checked = check_answer(raw, _hits(passages))
    kept_words = Counter(_WORDS.findall(CITATION.sub(" ", checked.text)))
    raw_words = Counter(_WORDS.findall(CITATION.sub(" ", raw)))
    assert not kept_words - raw_words  # nothing is added
    assert all(1 <= n <= len(passages) for n in checked.cited)
    assert "nep.nl" not in checked.text  # a link that is in no passage never survives


# -- the input guardrail ---------------------------------------------------------------------------

REASONS = set(texts.REFUSALS) | {"ok"}


@SOME
@given(question=st.text(max_size=3000))
def test_the_guardrail_decides_any_text_and_answers_only_plain_text(question):
    decision = check_input(question)
    assert decision.reason in REASONS
    if decision.allowed:
        assert decision.text and len(decision.text) <= MAX_CHECKED_CHARS
        assert not CONTROL.search(decision.text)
        assert plain_text(decision.text) == decision.text


@SOME
@given(
    cuts=st.lists(st.integers(0, 22), max_size=6),
    marks=st.lists(
        st.sampled_from(["\u200b", "\u00ad", "\u2060", "\ufeff", "\u200d", "\x00"]),
        min_size=6,
        max_size=6,
    ),
)
def test_invisible_characters_do_not_slip_self_harm_past_the_guardrail(cuts, marks):
    text = "ik denk aan zelfmoord."
    for cut, mark in zip(sorted(cuts, reverse=True), marks, strict=False):
        if text[cut - 1 : cut] not in (" ",) and mark == "\x00":
            continue  # a control character is a space: it may split a word (that is fine)
        text = text[:cut] + mark + text[cut:]
    assert check_input(text).reason == "self_harm"
