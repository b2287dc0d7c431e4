"""Passages cut into the units an extractive answer weighs: sentences (one that leans on the
sentence before it kept with it) and lists with their lead-in sentence, each with the words of
the heading it stands under. Ingestion embeds these units once (`assistant.sentence_vectors`),
so `units_version` changes whenever this code does."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from assistant.lexical import tokenize
from assistant.sentences import split_sentences
from assistant.types import Hit

_MARKUP = re.compile(r"\*\*|__|`")
# a verb that says what something is ("BBL staat voor ...", "Een technasium is ...")
DEFINES = re.compile(r"\b(is|zijn|was|waren|betekent|staat voor|heet|heten|noem je)\b", re.I)
_ITEM = re.compile(r"^\s*(?:[-•*]|\d+[.)])\s+")


@dataclass(frozen=True)
class Unit:
    """A sentence, or a list with its lead-in sentence, from passage `n`."""

    n: int
    position: int
    text: str
    tokens: frozenset[str]
    items: tuple[str, ...] = ()  # a list's items (the lead-in is `text`)
    context: frozenset[str] = frozenset()  # the words of its document title and section
    paragraph: int = 0  # which paragraph (line) of the passage it is from

    @property
    def is_list(self) -> bool:
        return bool(self.items)

    @property
    def plain(self) -> str:
        """The unit as one text: what its closeness in meaning is measured on."""
        return " ".join([self.text, *self.items])

    @property
    def words(self) -> int:
        return len(self.text.split()) + sum(len(i.split()) for i in self.items[:6])


# more words than this: a flattened table or a run-on line from a PDF, not a sentence to show
LONGEST = 60
# A sentence that leans on the one before it ("Dan heb je een deficiëntie.") is kept with it.
_LEANS = re.compile(
    r"^(dan|dat|die|dit|daarom|daar(voor|door|in|bij|mee|van)|hier(door|voor|in|bij|mee|van)|"
    r"zo|ook|of|maar|want|daarnaast|bovendien)\b"
    r"|^(voorbeelden (zijn|daarvan)|bijvoorbeeld|denk aan|zoals)\b"  # examples of what?
    r"|^(\S+\s+){0,4}in (dat|dit|die|zo'n) (geval|gevallen)\b",  # "Je kunt in dat geval ..."
    re.I,
)
# A short sentence that announces the next one ("Er is ook een nadeel.") goes with it.
_ANNOUNCES = re.compile(r"^Er (is|zijn) (ook )?(een|twee|drie|vier|nog) \w+( \w+)?\.$")
_THEN = re.compile(r"^(?:\S+\s+){1,5}?(?P<before>\S+)\s+(dan|daarna)\b", re.I)
_NOT_THEN = re.compile(r"(er|meer|minder|anders|liever|als|wanneer|,)$", re.I)  # "meer dan"


def leans(sentence: str) -> bool:
    """Leans on the sentence before it: opens with "Dan"/"Dat"/"In dat geval", or says "dan"
    early on ("De studiepunten tellen dan mee"), not as "meer dan" or "als ..., dan". An
    opening quote mark does not count ("‘Dan zie je ...", in a quote from an interview)."""
    sentence = sentence.lstrip("‘’'\"“”„(– ")
    if _LEANS.match(sentence):
        return True
    then = _THEN.match(sentence)
    if then is None:
        return False
    head = sentence[: then.start("before")]
    return not _NOT_THEN.search(then["before"]) and " als " not in f" {head}"


# a short list item that is no sentence: lower-case, at most eight words, no full stop
_FRAGMENT = re.compile(r"^\s*(?:[-•*]|\d+[.)])\s+[a-z](?:[^\s.!?]*\s+){0,7}[^\s.!?]*$")
# the lines a record's indexed text has for the search ("Andere namen: ...", "Sector: ...")
_RECORD_LINE = re.compile(r"^(Andere namen|Sector|Beroepen):")


def cut(hit: Hit, n: int) -> list[Unit]:
    """The passage body (its heading line dropped) as sentences and lists; the heading's words
    are each unit's context ("Welk profiel heb je nodig voor elektrotechniek?" is what
    "Hbo: met havo N&T kun je beginnen." answers)."""
    heading = hit.text.partition("\n")[0]
    context = frozenset(tokens_of(heading))
    lines = paragraph_lines(hit)
    units: list[Unit] = []
    ended = ""  # the last sentence of the paragraph before, when it did not end in a list
    i = 0
    while i < len(lines):
        if _FRAGMENT.match(lines[i]):
            i, ended = i + 1, ""  # an item of a list without its lead-in ("- de gemengde ...")
            continue
        sentences = [part for s in split_sentences(_ITEM.sub("", lines[i])) for part in _parts(s)]
        items: list[str] = []
        while lines[i].endswith(":") and i + 1 + len(items) < len(lines):
            nxt = lines[i + 1 + len(items)]
            if not _ITEM.match(nxt):
                break
            items.append(_ITEM.sub("", nxt))
        lead = sentences.pop() if items and sentences else ""
        previous, crossed = ended, True  # "Dat ..." opening a paragraph leans on the one before
        for k, sentence in enumerate(sentences):
            if _RECORD_LINE.match(sentence):
                continue  # "Andere namen: ...": written for the search, not for the pupil
            if _ANNOUNCES.match(sentence) and k + 1 < len(sentences):
                previous, crossed = sentence, False  # said with the sentence it announces
                continue
            if LONGEST >= len(sentence.split()) >= 4 and not sentence.endswith(":"):
                text = sentence
                asks = previous.endswith("?") or _ANNOUNCES.match(previous)
                if previous and (leans(sentence) or (asks and not crossed)):
                    text = f"{previous} {sentence}"
                    if units and not units[-1].is_list and units[-1].text.endswith(previous):
                        chain = f"{units[-1].text} {sentence}"  # together, once (a chain too)
                        if len(chain.split()) <= LONGEST:
                            text = f"{units.pop().text} {sentence}"
                        else:
                            text = sentence  # a chain as long as a table: no longer
                tokens = frozenset(tokens_of(text))
                units.append(Unit(n, len(units), text, tokens, (), context - tokens, i))
            elif _short_lean(sentence, previous, units, i):  # "Dat heet doorstromen.": with it
                text = f"{units[-1].text} {sentence}"
                tokens = frozenset(tokens_of(text))
                units[-1] = Unit(n, units[-1].position, text, tokens, (), context - tokens, i)
            previous, crossed = sentence, False
        ended = "" if items else previous
        if items:
            tokens = frozenset(tokens_of(" ".join([lead, *items])))
            units.append(Unit(n, len(units), lead, tokens, tuple(items), context - tokens, i))
        i += 1 + len(items)
    return units


def paragraph_lines(hit: Hit) -> list[str]:
    """The passage body's non-empty lines without markup, its heading line dropped: what
    `Unit.paragraph` numbers (a list may follow its lead-in after a blank line)."""
    body = hit.text.partition("\n")[2]
    return [line for line in (_MARKUP.sub("", x).strip() for x in body.split("\n")) if line]


def _short_lean(sentence: str, previous: str, units: list[Unit], paragraph: int) -> bool:
    """A sentence too short to stand alone that leans on the unit just before it in the same
    paragraph ("Dat heet doorstromen."): said with that unit, not dropped."""
    if not units or units[-1].is_list or units[-1].paragraph != paragraph:
        return False
    return bool(previous) and units[-1].text.endswith(previous) and leans(sentence)


def _parts(sentence: str) -> list[str]:
    """A sentence longer than LONGEST split at its semicolons: a run-in list ("ten minste 300
    scholen ...; ten minste 3.000 bedrijven ...") as its items; other long ones stay whole."""
    if len(sentence.split()) <= LONGEST or "; " not in sentence:
        return [sentence]
    return [part.strip() for part in sentence.split("; ") if part.strip()]


def openings(units: list[Unit]) -> dict[tuple[int, int], Unit]:
    """Each paragraph's first unit, by (passage, paragraph): the sentence (or a list's lead-in)
    that says what the paragraph is about."""
    first: dict[tuple[int, int], Unit] = {}
    for unit in sorted(units, key=lambda u: -u.position):
        first[(unit.n, unit.paragraph)] = unit
    return first


def verb(token: str) -> str:
    """A verb's -t form and its stem are one word here ("krijgt"/"krijg", "verdient"/"verdien":
    the Dutch stemmer keeps the t). Only for choosing sentences; BM25 keeps its own stems."""
    return token[:-1] if len(token) >= 5 and token.endswith("t") else token


def tokens_of(text: str) -> list[str]:
    return [verb(t) for t in tokenize(text)]


def unit_texts(text: str) -> list[str]:
    """The units of a passage text as `compose` measures their closeness in meaning: ingestion
    embeds these once (assistant.sentence_vectors), so serving embeds only the question."""
    return [u.plain for u in cut(Hit("", text, 0.0), 1)]


def units_version() -> str:
    """Changes whenever the code that cuts passages into units may have changed (this module,
    the sentence splitter): stored unit texts are then derived again."""
    from assistant import sentences

    digest = hashlib.sha1(Path(__file__).read_bytes())
    digest.update(Path(sentences.__file__).read_bytes())
    return digest.hexdigest()[:16]


def said_whole(units: list[Unit], max_words: int) -> str:
    """The units' sentences as one text, cut after the last whole sentence within `max_words`
    (the first one always: a lead says at least one sentence)."""
    kept: list[str] = []
    words = 0
    for unit in units:
        if kept and words + unit.words > max_words:
            break
        kept.append(unit.text)
        words += unit.words
    return " ".join(kept)
