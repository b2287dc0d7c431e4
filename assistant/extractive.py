"""The `extractive` answer: no language model. The sentences of the retrieved passages that share
the most (stemmed) words with the question, in passage order, each cited as [n], up to about
120 words (the next step is added when the answer is shown). Always available; also the
fallback when an LLM fails."""

from __future__ import annotations

import re

from assistant.lexical import tokenize
from assistant.sentences import split_sentences
from assistant.types import Hit

MAX_WORDS = 120


def _sentences(hit: Hit) -> list[str]:
    body = hit.text.split("\n", 1)[-1]
    parts = [s.strip(" -•") for line in body.split("\n") for s in split_sentences(line)]
    return [p for p in parts if len(p.split()) >= 4]


def compose(question: str, hits: list[Hit], max_passages: int = 3) -> tuple[str, list[int]]:
    """The answer text and the passage numbers (1-based) it cites."""
    query = set(tokenize(question))
    scored: list[tuple[float, int, int, str]] = []
    for n, hit in enumerate(hits[:max_passages], start=1):
        for position, sentence in enumerate(_sentences(hit)):
            overlap = len(query & set(tokenize(sentence)))
            bonus = 0.5 if position == 0 else 0.0  # a passage's first sentence usually defines
            scored.append((overlap + bonus - 0.3 * (n - 1), n, position, sentence))
    chosen: list[tuple[int, int, str]] = []
    words = 0
    for score, n, position, sentence in sorted(scored, key=lambda s: -s[0]):
        if score <= 0 and chosen:
            break
        length = len(sentence.split())
        if words + length > MAX_WORDS and chosen:
            continue
        chosen.append((n, position, sentence))
        words += length
        if words >= MAX_WORDS * 0.8:
            break
    chosen.sort()
    body = " ".join(
        f"{s.rstrip('.')}. [{n}]" if not s.endswith(("?", "!")) else f"{s} [{n}]"
        for n, _, s in chosen
    )
    cited = sorted({n for n, _, _ in chosen})
    return body, cited


_ANSWER_TYPES = (
    # (question pattern, what the answer must contain)
    (
        re.compile(r"\b(salaris|verdien\w*|loon|kost(en|t)?|prijs|collegegeld|euro)\b"),
        re.compile(r"€|\beuro\b"),
    ),
    (
        re.compile(r"\b(hoeveel|hoe veel|welk percentage|hoeveel procent)\b"),
        re.compile(
            r"\d|\b(een|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|twintig|honderd|duizend)\b"
        ),
    ),
    (
        re.compile(r"\b(wanneer|welk jaar|sinds wanneer|welke datum)\b"),
        re.compile(
            r"\b(1[89]|20)\d\d\b|\b\d{1,2}[- ](jan|feb|maa|apr|mei|jun|jul|aug|sep|okt|nov|dec)"
        ),
    ),
)


def answers_the_type(question: str, answer: str) -> bool:
    """Does the answer contain the kind of fact the question asks for (an amount, a number, a
    date)? If not, the sources do not cover it and we say so instead of answering beside it."""
    asked = question.lower()
    return all(
        needed.search(answer.lower()) for pattern, needed in _ANSWER_TYPES if pattern.search(asked)
    )
