"""Questions that compare two things ("wat is het verschil tussen mbo en hbo?", "wat is beter
NT of NG?", "hbo of wo, wat is het verschil?"): which two, the words that name each (a school
topic's own names, so "kader" also finds "de kaderberoepsgerichte leerweg"), and for the
extractive answer the two side by side before anything else — a list naming both in its items,
else for each the paragraph about it, from the sentence that opens with it."""

from __future__ import annotations

import re

from assistant.answer_units import DEFINES, Unit, openings, tokens_of
from assistant.history import split_condensed
from assistant.lexical import fold
from assistant.records import SchoolTopics
from assistant.topics import named_topics

Names = tuple[str, ...]  # the words that name one of the two things
SIDE_WORDS = 60  # at most this many words of the paragraph about each
SIDE_UNITS = 3  # and at most this many of its sentences
OPENING = 6  # a paragraph is about X when X is named in its first six words

_ARTICLE = r"(?:(?:de|het|een)\s+)?"
_TERM = r"[\w&+/-]+"
_BETWEEN = re.compile(
    rf"\bverschil\w*\s+(?:is er\s+)?(?:tussen\s+)?{_ARTICLE}(?P<a>{_TERM}(?:\s+{_TERM})?)"
    rf"\s+(?:en|of|&)\s+{_ARTICLE}(?P<b>{_TERM}(?:\s+{_TERM})?)"
)
_OR = re.compile(rf"(?P<a>{_TERM})\s+(?:of|vs\.?|versus)\s+{_ARTICLE}(?P<b>{_TERM})")
_WITH = re.compile(rf"\bverschil\w*\s+met\s+{_ARTICLE}(?P<b>{_TERM}(?:\s+{_TERM})?)")
_ABOUT = re.compile(rf"\b(?:wat|wie)\s+(?:is|zijn|betekent|doet)\s+{_ARTICLE}(?P<a>{_TERM})")
_CUE = re.compile(r"\b(verschil\w*|beter|kiezen|kies|keuze|versus|vs|liever)\b")


def compared_terms(question: str) -> tuple[str, str] | None:
    """The two things a question compares, as the pupil wrote them; None for other questions.
    A follow-up condensed by the rule ("en wat is het verschil met bol? (wat is bbl)") compares
    what the earlier question was about with what it names."""
    own, earlier = (fold(part) for part in split_condensed(question))
    found = _BETWEEN.search(own)
    if found is None and _CUE.search(own):
        found = _OR.search(own)
    if found is not None:
        a, b = found["a"], found["b"]
    elif (other := _WITH.search(own)) and (about := _subject(earlier)):
        a, b = about, other["b"]
    else:
        return None
    if not tokens_of(a) or not tokens_of(b) or set(tokens_of(a)) == set(tokens_of(b)):
        return None  # "verschil tussen dit en dat", "havo of havo"
    return a, b


def _subject(earlier: str) -> str:
    """What an earlier question was about: X of "wat is X?", or its one word that says much."""
    found = _ABOUT.search(earlier)
    if found:
        return found["a"]
    words = tokens_of(earlier)
    return earlier.split()[-1] if len(words) == 1 and earlier.split() else ""


def compared_names(question: str, topics: SchoolTopics) -> tuple[Names, Names] | None:
    """For each of the two compared things the words that name it: a school topic's names and
    aliases, else the pupil's own (first) word (also when both are one topic: "bol", "bbl")."""
    terms = compared_terms(question)
    if terms is None:
        return None
    found = [named_topics(term, topics)[:1] for term in terms]
    if all(found) and found[0][0].id != found[1][0].id:
        return tuple((t.name, t.short, *t.aliases) for (t,) in found)  # type: ignore[return-value]
    return (terms[0].split()[0],), (terms[1].split()[0],)  # "mbo en hbo eigenlijk": hbo


def both_topics(names: tuple[Names, Names] | None) -> bool:
    """Whether the two compared things are both school topics (the passages say what they are,
    also when the question names something the sources do not know about)."""
    return names is not None and all(len(n) > 1 for n in names)  # a topic: all its names


def side_by_side(ranked: list[Unit], names: tuple[Names, Names]) -> list[list[Unit]]:
    """The units that put the two next to each other, as blocks in the question's order: one
    list whose items name both, else for each the paragraph about it. [] when the passages do
    not name one of them (the usual answer then)."""
    keys = [_keys(n) for n in names]
    for unit in ranked:
        if unit.is_list and _items_name_both(unit, keys[0], keys[1]):
            return [[unit]]
    first = openings(ranked)
    blocks: list[list[Unit]] = []
    for key, other in ((keys[0], keys[1]), (keys[1], keys[0])):
        start = _start(ranked, key, other, set(first.values()))
        if start is None:
            return []
        taken = {u for b in blocks for u in b}
        block = [u for u in paragraph_from(start, ranked) if u not in taken]
        if block:
            blocks.append(block)
    return blocks


def names_either(unit: Unit, names: tuple[Names, Names]) -> bool:
    """Whether the unit names one of the two things compared."""
    return any(_named(_keys(n), unit.tokens) for n in names)


def _keys(names: Names) -> list[frozenset[str]]:
    return [k for n in names if (k := frozenset(_bare(tokens_of(n))))]


def _bare(tokens: list[str] | frozenset[str]) -> set[str]:
    return {t.replace("&", "") for t in tokens}


def _named(keys: list[frozenset[str]], tokens: list[str] | frozenset[str]) -> bool:
    words = _bare(tokens)
    return any(key <= words for key in keys)


def _items_name_both(unit: Unit, a: list[frozenset[str]], b: list[frozenset[str]]) -> bool:
    """An item about each, not one item naming both ("N&T en N&G geven de meeste keuze")."""
    items = [tokens_of(i) for i in unit.items]
    about_a = {n for n, i in enumerate(items) if _named(a, i) and not _named(b, i)}
    about_b = {n for n, i in enumerate(items) if _named(b, i) and not _named(a, i)}
    return bool(about_a) and bool(about_b)


def _start(
    ranked: list[Unit], key: list[frozenset[str]], other: list[frozenset[str]], openers: set[Unit]
) -> Unit | None:
    """The best unit about one of the two: naming it (else under a heading naming it), not
    naming the other one too; better opening a paragraph with it, best of all saying what it is
    ("BOL staat voor ...")."""
    own = [u for u in ranked if _named(key, u.tokens)]
    own = own or [u for u in ranked if _named(key, u.context)]
    single = [u for u in own if not _named(other, u.tokens)] or own
    opening = [u for u in single if u in openers and _named(key, _first(u.text, OPENING))]
    defining = [
        u
        for u in opening
        if _named(key, _first(u.text, 5)) and DEFINES.search(" ".join(u.text.split()[:6]))
    ]
    return (defining or opening or single)[0] if single else None


def _first(text: str, words: int) -> list[str]:
    return tokens_of(" ".join(text.split()[:words]))


def paragraph_from(start: Unit, ranked: list[Unit], units: int = SIDE_UNITS) -> list[Unit]:
    """`start` and the sentences after it in its paragraph: up to `units` of them and
    SIDE_WORDS words."""
    same = sorted(
        (
            u
            for u in ranked
            if u.n == start.n and u.paragraph == start.paragraph and u.position >= start.position
        ),
        key=lambda u: u.position,
    )
    block, words = [start], start.words
    for unit in same[1:units]:
        if words + unit.words > SIDE_WORDS:
            break
        block.append(unit)
        words += unit.words
    return block
