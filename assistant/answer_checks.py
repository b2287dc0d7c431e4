"""Checks on a generated answer before a pupil sees it, and citation repair.

Every sentence must be backed by a passage that was in the prompt:
- a cited [n] that is out of range, or whose passage does not contain the sentence's content
  words, is dropped; the passage that does back the sentence is cited instead (small models copy
  sentences but often forget or misnumber the [n]);
- a sentence no passage backs is removed; so is any sentence with a number that its passage
  does not contain (an invented salary or year);
- if fewer than half of the factual sentences survive, the answer cannot be repaired and the
  caller falls back to the extractive answer.
Also: URLs that are in no passage are removed, so are instructions and insults (a model that
obeyed text injected into a source or a question, `guardrails.is_addressed`), the answer must be
Dutch, and it is cut at a sentence end when it runs far past the length the prompt asked for."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from assistant.guardrails import is_addressed
from assistant.language import is_dutch
from assistant.lexical import fold, tokenize
from assistant.sentences import complete_prefix, split_sentences
from assistant.types import Hit

CITATION = re.compile(r"\s*\[(\d{1,3})\]")
_URL = re.compile(r"\b(?:https?://|www\.)[^\s)\]]+", re.I)
_NUMBER_WORDS = {
    "twee": "2", "drie": "3", "vier": "4", "vijf": "5", "zes": "6", "zeven": "7", "acht": "8",
    "negen": "9", "tien": "10", "elf": "11", "twaalf": "12", "twintig": "20", "dertig": "30",
    "veertig": "40", "vijftig": "50", "honderd": "100", "duizend": "1000",
}  # fmt: skip
# A number in digits, or as a Dutch word ("een" is left out: it is also the article).
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*|\b(?:" + "|".join(_NUMBER_WORDS) + r")\b", re.I)
_NEXT_STEP = re.compile(
    r"decaan|open dag|meeloopdag|volgende stap|vraag (het )?(je|bij|aan)|kijk op|mentor", re.I
)
NOT_IN_SOURCES = re.compile(r"niet in (mijn|de) bronnen", re.I)
# Sentences that state no fact of their own: a list's lead-in, "nothing found for X", an ask.
_NO_CLAIM = re.compile(
    r":$|\bin mijn bronnen\b.*\bgeen\b|^vertel\b|^wel in de buurt\b|^dit zijn voorbeeldprofielen",
    re.I,
)
MIN_SUPPORT = 0.5  # share of a sentence's content words found in the passage
NUMBER_SUPPORT = 0.75  # ... found around the number, for a sentence that states one
MAX_WORDS = 180  # the prompt asks for about 120; beyond this the answer is cut


@dataclass
class Checked:
    text: str = ""
    cited: list[int] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    fallback: bool = False  # the caller should answer extractively instead
    not_in_sources: bool = False


def _number(found: str) -> str:
    return _NUMBER_WORDS.get(found.lower(), found.replace(",", "."))


def _numbers(text: str) -> set[str]:
    """Whole numbers ("2.600" and "2,600" read alike; "600" is not "2.600"; "vier" is 4)."""
    return {_number(n) for n in _NUMBER.findall(text)}


def _words(text: str) -> set[str]:
    """Content words, without the numbers (those are checked on their own)."""
    return {t for t in tokenize(_NUMBER.sub(" ", text)) if not t.isdigit()}


@dataclass(frozen=True)
class _Passage:
    text: str
    numbers: set[str]
    words: set[str]

    @classmethod
    def of(cls, hit: Hit) -> _Passage:
        return _passage(hit.text)

    def near(self, number: str) -> set[str]:
        """The words around each place the passage states `number`."""
        found: set[str] = set()
        for match in _NUMBER.finditer(self.text):
            if _number(match.group()) == number:
                found |= _words(self.text[max(0, match.start() - NEAR) : match.end() + NEAR])
        return found


@lru_cache(maxsize=64)
def _passage(text: str) -> _Passage:
    """Tokenised once per passage: the checks run again on every sentence while streaming."""
    return _Passage(text, _numbers(text), _words(text))


NEAR = 160  # characters around a number that must hold the sentence's other words


def _support(sentence: str, passage: _Passage) -> float:
    """Share of the sentence's words in the passage. A number must be in the passage with the
    sentence's words around it: "opgericht in 2012" is not backed by "een brochure van 2012"."""
    words, numbers = _words(sentence), _numbers(sentence)
    if not numbers <= passage.numbers or not (words or numbers):
        return 0.0
    share = len(words & passage.words) / len(words) if words else 1.0
    for number in numbers:
        near = len(words & passage.near(number)) / len(words) if words else 1.0
        share = min(share, near if near >= NUMBER_SUPPORT else 0.0)
    return share


def _combined(sentence: str, passages: list[_Passage]) -> list[int]:
    """A sentence that joins facts from several passages (a list of companies): the passages
    that together hold its words, if they reach MIN_SUPPORT and it has no numbers."""
    words = _words(sentence)
    if _numbers(sentence) or len(words) < 3:
        return []
    chosen: list[int] = []
    covered: set[str] = set()
    ranked = sorted(range(len(passages)), key=lambda i: -len(words & passages[i].words))
    for i in ranked[:3]:
        if words & passages[i].words - covered:
            chosen.append(i + 1)
            covered |= words & passages[i].words
    return sorted(chosen) if len(covered) / len(words) >= MIN_SUPPORT else []


_TRAILING_CITATIONS = re.compile(r"([.!?])((?:\s*\[\d{1,3}\])+)")


def _sentences(text: str) -> list[str]:
    """Split into sentences; "... fabriek. [2] Daarna ..." keeps [2] with its own sentence."""
    text = _TRAILING_CITATIONS.sub(r"\2\1", text)
    out: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if line:
            out.extend(split_sentences(line))
    return out


def check_answer(raw: str, hits: list[Hit]) -> Checked:
    result = Checked()
    text = raw.strip()
    if not text:
        return Checked(problems=["empty answer"], fallback=True)
    if NOT_IN_SOURCES.search(text):
        return Checked(not_in_sources=True)
    known = " ".join(h.text for h in hits).lower()
    all_numbers = _numbers(" ".join(h.text for h in hits))
    passages = [_Passage.of(h) for h in hits]
    kept: list[str] = []
    factual = supported = statements = 0
    words = 0
    for sentence in _sentences(text):
        claimed = [int(n) for n in CITATION.findall(sentence)]
        body = CITATION.sub("", sentence).strip()
        if not body:
            continue
        if is_addressed(body):  # an instruction or insult (obeyed from a source or a question)
            result.problems.append(f"removed an instruction or insult: {body[:60]}")
            continue
        unknown = [u for u in _URL.findall(body) if u.rstrip(".,;:!?").lower() not in known]
        if unknown:  # the whole sentence goes: "Kijk op <made-up site>." says nothing without it
            result.problems.append(f"removed URL not in the sources: {unknown[0].rstrip('.,;:!?')}")
            continue
        scores = [_support(body, passage) for passage in passages]
        chosen = [n for n in claimed if 1 <= n <= len(hits) and scores[n - 1] >= MIN_SUPPORT]
        statements += bool(_NO_CLAIM.search(body))
        if _NEXT_STEP.search(body) or len(tokenize(body)) < 3 or _NO_CLAIM.search(body):
            if not _numbers(body) <= all_numbers:
                result.problems.append(f"removed sentence with an unknown number: {body[:60]}")
                continue
        else:
            factual += 1
            if not chosen and scores and max(scores) >= MIN_SUPPORT:
                chosen = [scores.index(max(scores)) + 1]
            if not chosen:
                chosen = _combined(body, passages)
            if claimed != chosen:
                result.problems.append(f"citations {claimed} -> {chosen}")
            if not chosen:
                result.problems.append(f"removed unsupported sentence: {body[:60]}")
                continue
            supported += 1
        length = len(body.split())
        if words + length > MAX_WORDS and kept:
            result.problems.append("cut: too long")
            break
        words += length
        marks = "".join(f" [{n}]" for n in dict.fromkeys(chosen))
        kept.append(f"{body}{marks}")
        result.cited.extend(n for n in chosen if n not in result.cited)
    if (supported == 0 and not statements) or supported * 2 < factual:
        result.problems.append(f"only {supported} of {factual} sentences backed by a passage")
        result.fallback = True
        return result
    result.text = " ".join(kept)
    if not is_dutch(result.text):
        result.problems.append("not Dutch")
        result.fallback = True
    return result


def has_next_step(text: str) -> bool:
    sentences = _sentences(text)
    return bool(sentences) and bool(_NEXT_STEP.search(fold(sentences[-1])))


def complete_sentences(text: str) -> str:
    """Drop a sentence the model was still writing when it hit its token limit."""
    stripped = text.rstrip()
    if not stripped or stripped.endswith((".", "!", "?", "]", ")", '"', "”")):
        return text
    return complete_prefix(stripped) or text
