"""The `extractive` answer: no language model. The sentences (and lists) of the retrieved
passages that best match the question, the best one first, without repeats or headings, each
group cited as [n], up to about 100 words (the next step is added when the answer is shown).
Always available; also the fallback when a model fails."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.lexical import tokenize
from assistant.sentences import split_sentences
from assistant.types import Hit

MAX_WORDS = 100
MAX_UNITS = 5
REPEAT = 0.6  # token overlap (Jaccard) above which a sentence repeats one already chosen
_MARKUP = re.compile(r"\*\*|__|`")
_ITEM = re.compile(r"^\s*(?:[-•*]|\d+[.)])\s+")
_DEFINES = re.compile(r"\b(is|zijn|was|waren|betekent|staat voor|heet|heten|noem je)\b", re.I)
_ASKS_WHAT = re.compile(r"\b(wat|wie) (is|zijn|betekent|doet|houdt)\b|\bwat voor\b", re.I)


@dataclass(frozen=True)
class _Unit:
    """A sentence, or a list with its lead-in line, from passage `n`."""

    n: int
    position: int
    text: str
    tokens: frozenset[str]
    is_list: bool = False

    @property
    def words(self) -> int:
        return len(self.text.split())


def _units(hit: Hit, n: int) -> list[_Unit]:
    """The passage body (its heading line dropped) as sentences and lists."""
    lines = [_MARKUP.sub("", line).strip() for line in hit.text.split("\n")[1:]]
    lines = [line for line in lines if line]  # a list may follow its lead-in after a blank line
    units: list[_Unit] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        items: list[str] = []
        while line.endswith(":") and i + 1 + len(items) < len(lines):
            nxt = lines[i + 1 + len(items)]
            if not _ITEM.match(nxt):
                break
            items.append(_ITEM.sub("", nxt))
        if items:
            text = line + "\n" + "\n".join(f"- {item}" for item in items[:5])
            units.append(_Unit(n, len(units), text, frozenset(tokenize(text)), True))
            i += 1 + len(items)
            continue
        for sentence in split_sentences(_ITEM.sub("", line)):
            if len(sentence.split()) >= 4 and not sentence.endswith(":"):
                units.append(_Unit(n, len(units), sentence, frozenset(tokenize(sentence))))
        i += 1
    return units


def _score(unit: _Unit, query: set[str], subject: set[str]) -> float:
    overlap = len(query & unit.tokens)
    if not overlap:
        return -1.0  # shares no word with the question: never part of the answer
    score = overlap + (0.5 if unit.position == 0 else 0.0) - 0.3 * (unit.n - 1)
    if subject and _defines(unit.text.split("\n")[0], subject):
        score += 2.0  # "wat is X?": the sentence that opens with X and says what it is
    return score


def _defines(sentence: str, subject: set[str]) -> bool:
    """'Jet-Net is een netwerk ...', 'Een technasium is ...': the asked-about X within the first
    three words, a defining verb right after it."""
    opening = " ".join(sentence.split()[:8])
    first = tokenize(" ".join(sentence.split()[:3]))
    return bool(subject & set(first)) and bool(_DEFINES.search(opening))


def _subject(question: str) -> set[str]:
    """X in "wat is (een) X ...?" (its stemmed words), or nothing for other questions."""
    found = _ASKS_WHAT.search(question)
    if not found:
        return set()
    rest = question[found.end() :].split("?")[0]
    return set(tokenize(" ".join(rest.split()[:3])))


def _repeats(unit: _Unit, chosen: list[_Unit]) -> bool:
    return any(
        len(unit.tokens & c.tokens) / (len(unit.tokens | c.tokens) or 1) > REPEAT for c in chosen
    )


def asks_what(question: str) -> bool:
    """ "wat is X?", "wat doet X?", "wat betekent X?": a question for a definition."""
    return bool(_ASKS_WHAT.search(question))


def compose(question: str, hits: list[Hit], max_passages: int = 3) -> tuple[str, list[int]]:
    """The answer text and the passage numbers (1-based) it cites."""
    query = set(tokenize(question))
    subject = _subject(question)
    units = [u for n, hit in enumerate(hits[:max_passages], 1) for u in _units(hit, n)]
    ranked = sorted(units, key=lambda u: (-_score(u, query, subject), u.n, u.position))
    chosen: list[_Unit] = []
    words = 0
    for unit in ranked:
        if _score(unit, query, subject) <= 0 or len(chosen) >= MAX_UNITS:
            break
        if _repeats(unit, chosen) or (chosen and words + unit.words > MAX_WORDS):
            continue
        chosen.append(unit)
        words += unit.words
    if not chosen:
        return "", []
    best, rest = chosen[0], sorted(chosen[1:], key=lambda u: (u.n, u.position))
    return _render([best, *rest]), sorted({u.n for u in chosen})


def _render(units: list[_Unit]) -> str:
    """Sentences of one passage run together and are cited once; a list stands on its own."""
    parts: list[str] = []
    for i, unit in enumerate(units):
        text = unit.text if unit.text.endswith(("?", "!", ".")) or unit.is_list else f"{unit.text}."
        last_of_run = i + 1 == len(units) or units[i + 1].n != unit.n or units[i + 1].is_list
        mark = f" [{unit.n}]" if last_of_run or unit.is_list else ""
        joiner = "\n\n" if parts and (unit.is_list or units[i - 1].is_list) else " "
        parts.append((joiner if parts else "") + text + mark)
    return "".join(parts)


_ANSWER_TYPES = (
    # (question pattern, what the answer must contain)
    (
        re.compile(r"\b(salaris|verdien\w*|loon|kost(en|t)?|prijs|collegegeld|euro)\b"),
        re.compile(r"€|\beuro\b"),
    ),
    (
        re.compile(r"\b(hoeveel|hoe veel|welk percentage|hoeveel procent)\b"),
        re.compile(
            r"\d|\b(twee|drie|vier|vijf|zes|zeven|acht|negen|tien|twintig|honderd|duizend|"
            r"geen|alle|elke|iedere)\b"
        ),
    ),
    (
        re.compile(
            r"\b(wanneer(?! (is|ben|past)\b.*\bvoor (jou|mij)\b)|welk jaar|sinds wanneer|"
            r"welke datum)\b"
        ),
        re.compile(
            r"\b(1[89]|20)\d\d\b|\b\d{1,2}[- ](jan|feb|maa|apr|mei|jun|jul|aug|sep|okt|nov|dec)"
            r"|\b(klas|leerjaar|groep) \d\b|\b(eind|einde|begin|start) van\b"
            r"|\b(eerste|tweede|derde|vierde|vijfde|zesde) (klas|leerjaar|jaar)\b"
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
