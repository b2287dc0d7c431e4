"""A step between two kinds of school ("kan ik van mbo 4 naar het hbo?", "ik zit op vmbo-tl, hoe
kom ik op de havo?", "na het hbo nog naar de uni, kan dat?"): the paragraph under the heading
that names that step ("Van mbo-4 naar het hbo", "**Havo naar wo.**") answers it, so it goes
first, whatever else the question names (the pupil's own leerweg is not what is asked).

Headings, not a list: a school's own document with a heading "Van de mavo naar het mbo" works
the same way. Only the shipped school kinds are known; a step needs both ends."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from assistant.answer_units import Unit, cut, paragraph_lines, said_whole
from assistant.lexical import fold
from assistant.types import Hit

# each kind of school and how pupils and the documents write it (folded, whole words)
_KINDS = {
    "vmbo": r"vmbo\w*|mavo|tl|gl|kb|bb|kader\w*|basis|basisberoeps\w*|gemengde|theoretische|"
    r"leerweg\w*",
    "havo": r"havo\w*",
    "vwo": r"vwo\w*|gymnasium|atheneum",
    "mbo": r"mbo\w*",
    "hbo": r"hbo\w*|hogeschool\w*|ad",
    "wo": r"wo|uni|universiteit\w*|master\w*|premaster|tu",
}
# the vmbo's leerwegen as pupils and the documents write them (folded)
_LEERWEGEN = (r"\b(kb|kader\w*)\b", r"\b(bb|basis\w*)\b", r"\b(gl|gemengde?)\b",
              r"\b(tl|mavo|theoretische?)\b")  # fmt: skip
_KIND = re.compile("|".join(rf"(?P<{k}>\b(?:{p})\b)" for k, p in _KINDS.items()))
# where the question goes: "naar het hbo", "op de havo" after "kom ik", "ga je", "kan ik", or
# any kind after "daarna" ("als ik hbo doe, kan ik daarna nog een master doen?")
_TO = re.compile(
    r"\b(?:naar|daarna\b.*|(?:kom|kan|ga|kun|mag|wil)\w* (?:ik |je )?(?:dan |daarna |later )?op)"
    r" (?:het |de |een |die )?(?:\w+ ){0,1}$"
)
# "na mijn hbo ...", "als ik hbo heb afgerond ...": from there
_AFTER = re.compile(r"\b(?:na|als ik) (?:het |de |mijn |je |een |jouw )?$")
_LABEL = re.compile(r"^\w+ naar (het |de )?\w+\.")  # "Havo naar wo." opening a paragraph
Sections = Callable[[str, str], list[Hit]]  # (source, section) -> its chunks in order
STEP_TYPES = ("profile", "document")  # the documents that describe steps between schools
MAX_WORDS = 90  # the step's paragraph, cut at a sentence: a pupil reads it whole


def kinds_in(text: str) -> list[tuple[int, str]]:
    """(position, kind) for each kind of school `text` names, in order."""
    return [(m.start(), m.lastgroup or "") for m in _KIND.finditer(fold(text))]


def school_step(question: str) -> tuple[str, str] | None:
    """(from, to) when the question asks about going from one kind of school to another; the
    kind it goes to is the one after "naar" or "op de" (else the other one than the kind after
    "na"), the other the one it comes from."""
    folded = fold(question)
    named = kinds_in(folded)
    to = next((k for at, k in named if _TO.search(folded[:at])), None)
    if to is None:  # "na mijn hbo nog een master op de universiteit": after it, the other
        after = next((k for at, k in named if _AFTER.search(folded[:at])), None)
        to = next((k for _, k in named if k not in (after, None)), None) if after else None
    start = next((k for _, k in named if k not in (to, None)), None)
    if to is None or start is None:
        return None
    return start, to


def _names_step(text: str, step: tuple[str, str]) -> bool:
    """'Van mbo-4 naar het hbo', 'Havo naar wo.': the first kind, then "naar" and the other
    as the next kind named (not 'Van havo naar hbo, en van vwo naar wo' for havo to wo)."""
    folded = fold(text)
    start, to = step
    kinds = kinds_in(folded)
    for at, kind in kinds:
        towards = folded.find(" naar ", at)
        if kind != start or towards < 0:
            continue
        after = [k for a, k in kinds if a > towards]
        if after and after[0] == to:
            return True
    return False


def _paragraph(hit: Hit, units: list[Unit], step: tuple[str, str]) -> list[Unit]:
    """The units of the paragraph about the step: the one that opens by naming it
    ("**Havo naar wo.** Met alleen een havo-diploma ..."), else (the heading names it and no
    paragraph is labelled with another step) the passage's first paragraph."""
    lines = paragraph_lines(hit)
    labels = {p: " ".join(line.split()[:5]) for p, line in enumerate(lines)}  # "Van KB naar de"
    for p in sorted({u.paragraph for u in units}):
        if _names_step(labels.get(p, ""), step):
            return [u for u in units if u.paragraph == p]
    labelled = any(_LABEL.match(label) for label in labels.values())
    if _names_step(hit.section, step) and units and not labelled:
        return [u for u in units if u.paragraph == units[0].paragraph]
    return []


def step_lead(
    question: str, hits: list[Hit], sections: Sections | None = None
) -> tuple[str, Hit] | None:
    """The paragraph about the step the question asks (cut at a sentence after MAX_WORDS
    words) and the passage it is from; None when it asks no step or no passage has one.
    `sections` gives a section's chunks in order: a later chunk opens mid-paragraph ("En soms
    zijn er eisen ..."), so a heading's step is read from the section's first chunk."""
    step = school_step(question)
    if step is None:
        return None
    found: list[tuple[str, Hit]] = []
    for hit in hits:
        if hit.doc_type == "role":
            continue
        said = _paragraph(hit, _sentences(hit), step)
        if said and sections is not None and _names_step(hit.section, step):
            first = next(iter(sections(hit.source, hit.section)), hit)
            if from_first := _paragraph(first, _sentences(first), step):
                said, hit = from_first, first
        if said:
            found.append((said_whole(said, MAX_WORDS), hit))
    # "ik doe kader, kan ik naar havo 4?": the paragraph naming the pupil's own leerweg ("Van
    # KB naar de havo gaan kan niet direct"), not the general one about GL and TL
    own = _own_leerwegen(question)
    named = [f for f in found if _names_any(f[0], own)]
    return next(iter(named or found), None)


def _sentences(hit: Hit) -> list[Unit]:
    return [u for u in cut(hit, 1) if not u.is_list]


def _own_leerwegen(question: str) -> list[tuple[str, str]]:
    """(pattern, the word the pupil wrote) for each vmbo leerweg the question names."""
    return [(p, m.group()) for p in _LEERWEGEN if (m := re.search(p, fold(question)))]


def _names_any(text: str, leerwegen: list[tuple[str, str]]) -> bool:
    return any(re.search(p, fold(text)) for p, _ in leerwegen)


def step_passage(
    question: str,
    passages: list[Hit],
    search: Callable[[str], Any],
    sections: Sections | None = None,
) -> tuple[str, Hit] | None:
    """`step_lead` from the passages, else (or when the pupil names a leerweg the paragraph
    found does not) also from what `search` (over the STEP_TYPES documents) finds for "van
    <their leerweg, or from> naar <to>": a question full of the pupil's own leerweg may not
    have ranked the step's paragraph."""
    if (step := school_step(question)) is None:
        return None
    found = step_lead(question, passages, sections)
    own = _own_leerwegen(question)
    if found and (not own or _names_any(found[0], own)):
        return found
    # none, or only the general one for a KB pupil: also what the search finds for the step
    more = [
        h
        for q in dict.fromkeys([own[0][1] if own else step[0], step[0]])  # in this order
        for h in search(f"van {q} naar {step[1]}").hits
    ]
    return step_lead(question, [*passages, *more], sections)
