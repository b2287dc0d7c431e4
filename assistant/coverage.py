"""Does an answer cover what the question asks, or is it an answer beside the point? When not,
the honest answer is "Dat staat niet in mijn bronnen". Rules, each about the kind of fact asked:
an amount, a count, a percentage, a date, a grade, a person's name, a year named in the question,
and names the question uses (ASML, "Stedelijk Gymnasium Leiden") that no passage mentions."""

from __future__ import annotations

import datetime
import re

from assistant.answer_checks import CITATION
from assistant.guardrails import scrub
from assistant.lexical import fold

_ANSWER_TYPES = (
    # (question pattern, what the answer must contain)
    (
        re.compile(  # "krijg je loon bij bbl?", "ik wil geld verdienen": whether, not how much
            r"\b(salaris|kost(en|t)?|prijs|collegegeld|euro)\b"
            r"|\b(wat|hoeveel|hoe ?veel)\b.{0,20}\bverdien\w*"
            r"|\bverdien\w*\b.{0,20}\b(veel|goed|hoeveel|per (maand|uur|jaar))\b"
            r"|\b(hoeveel|hoe ?veel|hoe hoog|wat is het)\b.{0,30}\bloon\b"
            r"|\b(hoeveel|hoe ?veel)\s+geld\b"
            r"|\bloon\b.{0,30}\bhoeveel\b"
        ),
        re.compile(r"€|\beuro\b"),
    ),
    (
        re.compile(r"\b(procent|percentage)\b"),
        re.compile(r"%|\bprocent\b"),
    ),
    (
        re.compile(  # a grade, or an exam's grading ("de n-term", "de normering", "cesuur")
            r"\b(welke? cijfers?|cijfer\b.*\bhalen|minimaal\b.*\bhalen|n-?term|normering|cesuur)\b"
        ),
        re.compile(
            r"\b(een|cijfer|minimaal|gemiddeld)\s+([1-9]|10)([,.]\d)?\b|\b([1-9]|10)[,.]\d\b"
        ),
    ),
    (
        re.compile(  # not "hoeveel wiskunde heb je bij ...": how much of a subject, in words
            r"\b(hoeveel|hoe veel)\b(?! (wiskunde|natuurkunde|scheikunde|biologie|informatica|"
            r"theorie|praktijk|huiswerk)\b)|\b(welk percentage|hoeveel procent)\b"
        ),
        re.compile(
            r"\b(?!(?:19|20)\d\d\b)\d"  # a number, not a year: "in 2016" is no count
            r"|\b(twee|drie|vier|vijf|zes|zeven|acht|negen|tien|twintig|honderd|duizend|"
            r"geen)\b|\b(één|een half) (dag|week|maand|jaar|keer|uur)"
            r"|\b(driekwart|drie kwart|een kwart|de helft|een derde|twee derde)\b"  # a share
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
    said = CITATION.sub("", answer.lower())  # "[1]" is a citation, not a count
    return all(needed.search(said) for needed in asked_kinds(question))


# "hoeveel uur ...?": a count of a unit of time is said with that unit ("vier uur per week");
# "Het is geen aparte school" holds a count word, not the hours asked for
_COUNTED_UNIT = re.compile(
    r"\bhoe ?veel (uur|uren|dag|dagen|week|weken|maand|maanden|jaar|jaren)\b"
)
_UNIT_WORDS = tuple(
    re.compile(rf"\b({unit}|{plural})\b")
    for unit, plural in (("uur", "uren"), ("dag", "dagen"), ("week", "weken"),
                         ("maand", "maanden"), ("jaar", "jaren"))
)  # fmt: skip


def asked_kinds(question: str) -> list[re.Pattern[str]]:
    """What a sentence must contain to hold the kind of fact asked (a date for "wanneer", a
    number for "hoeveel", and the unit for "hoeveel uur"); empty when the question asks no
    such kind."""
    asked = question.lower()
    kinds = [needed for pattern, needed in _ANSWER_TYPES if pattern.search(asked)]
    if unit := _COUNTED_UNIT.search(fold(asked)):
        kinds += [said for said in _UNIT_WORDS if said.match(unit[1])]
    return kinds


_PERSON_ASKED = re.compile(
    r"\b(hoe heet|wie (is|was|zijn|waren))\b.*(coordinator|co.rdinator|directeur|voorzitter|"
    r"aanjager|minister|decaan|docent|oprichter|baas|contactpersoon)\w*",
    re.I,
)
# a name right after the person asked about or after "is/was/heet": "aanjager Doekle Terpstra"
_ROLE_WORDS = r"(aanjager|co.rdinator|voorzitter|directeur|minister|decaan|docent|oprichter)"
_PERSON_NAME = re.compile(
    rf"({_ROLE_WORDS}|\bis|\bwas|heet|heette)\w*,?\s+[A-Z][a-z]+(?: (?:van|de|der|den|ter))* "
    rf"[A-Z][a-z]+|[A-Z][a-z]+ [A-Z][a-z]+,? (?:de |als |is |was )*\w*{_ROLE_WORDS}"
)
_YEAR = re.compile(r"\b(19|20)\d\d\b")
_THIS_YEAR = datetime.date.today().year
# a capitalised word or an acronym inside a sentence (not after . ? !), with the words that go
# with it ("Stedelijk Gymnasium Leiden")
_NAME = re.compile(r"(?<![.!?:])(?<=\s)(?:[A-Z][a-zà-ÿ]+|[A-Z]{2,}[a-z]?)(?:[ -][A-Z][\wà-ÿ]+)*")


def covers(question: str, answer: str, passages: str, known: frozenset[str]) -> bool:
    """`answer` (with the `passages` it came from) answers `question`; `known` holds folded
    names that need no passage (towns, provinces, abbreviations pupils use)."""
    if not answers_the_type(question, answer):
        return False
    if any(year not in answer for year in _years(question) if int(year) > _THIS_YEAR):
        return False  # "in 2030": the sources cannot know the future unless they say it
    if asks_person(question) and not names_person(answer):
        return False
    if not reaches(question, answer):
        return False
    return not unknown_names(question, passages, known)


# a school type a pupil moves to, and how an answer names it
_SCHOOLS = {
    "vwo": r"vwo|gymnasium|atheneum",
    "havo": r"havo",
    "mavo": r"mavo|tl|theoretische leerweg|vmbo",
    "vmbo": r"vmbo|mavo|tl|kader\w*|basis\w*|gl",
    "mbo": r"mbo",
    "hbo": r"hbo|hogeschool\w*|ad|associate degree",
    "wo": r"wo|universiteit\w*|uni",
}
_FROM_TO = re.compile(
    r"\b(van|vanaf|na|met|vanuit)\s+(de |het |een |mijn )?(?P<from>\w+)\b.{0,30}?"
    r"\bnaar\s+(de |het )?(?P<to>uni|universiteit|\w+)\b"
)


def reaches(question: str, answer: str) -> bool:
    """ "kan ik van de mavo naar het vwo?": an answer that never names the school the pupil
    wants to go to does not answer it (it describes where they are)."""
    moved = _FROM_TO.search(fold(question))
    if moved is None or moved["from"] not in _SCHOOLS:
        return True
    to = {"uni": "wo", "universiteit": "wo"}.get(moved["to"], moved["to"])
    if to not in _SCHOOLS or to == moved["from"]:
        return True
    return bool(re.search(rf"\b({_SCHOOLS[to]})\b", fold(CITATION.sub("", answer))))


def asks_person(question: str) -> bool:
    return bool(_PERSON_ASKED.search(fold(question)))


def names_person(text: str) -> bool:
    return bool(_PERSON_NAME.search(text))


def _years(text: str) -> list[str]:
    return [m.group() for m in _YEAR.finditer(text)]


def unknown_names(question: str, passages: str, known: frozenset[str]) -> list[str]:
    """Names in the question (capitalised after the first word, or an acronym) that are not a
    known place or abbreviation and that no passage mentions."""
    text = fold(passages)
    found = []
    question = scrub(question)  # "Mijn naam is Sanne de Vries": the pupil's name is no topic
    for match in _NAME.finditer(question):  # not the first word: any word starts a sentence
        if question[max(0, match.start() - 2) : match.start()].strip() in (".", "?", "!"):
            continue  # the first word of a sentence
        name = fold(match.group())
        words = [w for w in re.findall(r"[a-z0-9]+", name) if w not in known and len(w) > 1]
        if words and not all(w in text for w in words):
            found.append(match.group())
    return found
