"""The interest quiz "Wat past bij mij?": RIASEC-style statements, scoring and role matching.

Pure functions, no I/O: the caller passes the pupil's answers and the roles (`records.Role`),
and gets back a `QuizResult` to render. Nothing is stored: answers and scores live only as long
as the caller keeps them; this module writes no files, logs nothing and keeps no state.

A role's fit is the cosine between the pupil's six scores and the role's interest profile, in
which the first-listed interest weighs most (`POSITION_WEIGHTS`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import get_args

from assistant.records import Interest, Level, Role

# --- Dutch text (pupil-facing; may move to assistant/texts.py) ---------------------------------

STATEMENT_TEXTS: tuple[tuple[str, Interest, str], ...] = (
    ("r1", "R", "Ik vind het leuk om iets te bouwen met mijn handen."),
    ("r2", "R", "Ik vind het leuk om een kapot apparaat te repareren."),
    ("r3", "R", "Ik vind het leuk om met gereedschap of machines te werken."),
    ("i1", "I", "Ik vind het leuk om uit te zoeken hoe iets werkt."),
    ("i2", "I", "Ik vind het leuk om proefjes te doen en dingen te meten."),
    ("i3", "I", "Ik vind het leuk om lastige puzzels op te lossen."),
    ("a1", "A", "Ik vind het leuk om iets nieuws te ontwerpen of te tekenen."),
    ("a2", "A", "Ik vind het leuk om zelf een game of filmpje te maken."),
    ("a3", "A", "Ik vind het leuk om originele ideeën te bedenken."),
    ("s1", "S", "Ik vind het leuk om iemand iets uit te leggen."),
    ("s2", "S", "Ik vind het leuk om in een groep samen te werken."),
    ("s3", "S", "Ik vind het leuk om anderen te helpen met een probleem."),
    ("e1", "E", "Ik vind het leuk om de leiding te nemen in een groep."),
    ("e2", "E", "Ik vind het leuk om anderen te overtuigen van mijn idee."),
    ("e3", "E", "Ik vind het leuk om een activiteit of uitje te organiseren."),
    ("c1", "C", "Ik vind het leuk om een planning of overzicht bij te houden."),
    ("c2", "C", "Ik vind het leuk om precies volgens de regels te werken."),
    ("c3", "C", "Ik vind het leuk om gegevens in een tabel te zetten."),
)
ANSWER_LABELS: Mapping[int, str] = {2: "Ja", 1: "Een beetje", 0: "Nee"}
INTEREST_NAMES: Mapping[Interest, str] = {
    "R": "Doener",
    "I": "Onderzoeker",
    "A": "Ontwerper",
    "S": "Helper",
    "E": "Ondernemer",
    "C": "Ordenaar",
}
INTEREST_EXPLANATIONS: Mapping[Interest, str] = {
    "R": "Je werkt graag met je handen, met gereedschap en met machines.",
    "I": "Je zoekt graag uit hoe iets werkt en waarom.",
    "A": "Je bedenkt en maakt graag iets nieuws en eigens.",
    "S": "Je helpt graag anderen en je werkt graag samen.",
    "E": "Je neemt graag de leiding en je overtuigt anderen van een plan.",
    "C": "Je werkt graag netjes en precies, met een vaste aanpak.",
}
NAMES_JOINER = " en "
WHY_TEMPLATE = "Past bij {names}: {task}"
ROLE_QUESTION = "Wat doet een {title}?"
FOLLOW_UP_QUESTIONS = (
    "Wat doet een {title}?",
    "Welke opleiding heb je nodig om {title} te worden?",
    "Waar kan ik meelopen met een {title}?",
)
GENERAL_QUESTIONS = (
    "Welke soorten techniekberoepen zijn er?",
    "Wat kun je doen op een meeloopdag bij een bedrijf?",
)
RESULT_INTRO = "Uit je antwoorden blijkt dat je misschien een {names} bent."
NO_INTEREST_MESSAGE = (
    "Je koos overal 'Nee'. Dat is helemaal oké! Misschien ken je nog niet alles wat je in de "
    "techniek kunt doen. Stel gerust een vraag in de chat, of doe de quiz later nog eens."
)
NO_ROLES_MESSAGE = (
    "Ik vond in mijn lijst geen beroep dat hier goed bij past. Stel gerust een vraag in de chat."
)
NOTICE = (
    "Dit is een tip, geen oordeel over jou. Jij kiest zelf. Praat erover met je decaan, "
    "je mentor of je ouders."
)

# --- End of Dutch text ---------------------------------------------------------------------------

INTERESTS: tuple[Interest, ...] = get_args(Interest)
LEVELS: tuple[Level, ...] = get_args(Level)
POSITION_WEIGHTS = (1.0, 0.6, 0.3)  # a role's 1st, 2nd, 3rd-and-later interest
MAX_ANSWER = max(ANSWER_LABELS)


@dataclass(frozen=True)
class Statement:
    id: str
    text: str
    interest: Interest


@dataclass(frozen=True)
class InterestProfile:
    """One of the pupil's top interest types, with its plain-Dutch name and explanation."""

    code: Interest
    name: str
    explanation: str
    score: float


@dataclass(frozen=True)
class RoleSuggestion:
    role_id: str
    title: str
    why: str
    fit: float
    question: str


@dataclass(frozen=True)
class QuizResult:
    scores: dict[str, float]
    top: tuple[InterestProfile, ...]
    suggestions: tuple[RoleSuggestion, ...]
    questions: tuple[str, ...]
    message: str
    notice: str = NOTICE


STATEMENTS: tuple[Statement, ...] = tuple(
    Statement(id=sid, text=text, interest=interest) for sid, interest, text in STATEMENT_TEXTS
)
_BY_ID: Mapping[str, Statement] = {s.id: s for s in STATEMENTS}


def score(answers: Mapping[str, int]) -> dict[str, float]:
    """Per interest type, the share (0..1) of the highest possible total. Unanswered = "Nee"."""
    totals = dict.fromkeys(INTERESTS, 0)
    for statement_id, value in answers.items():
        if statement_id not in _BY_ID:
            raise ValueError(f"Unknown statement id {statement_id!r}; valid: {sorted(_BY_ID)}")
        if isinstance(value, bool) or value not in ANSWER_LABELS:
            raise ValueError(f"Answer to {statement_id!r} is {value!r}; use 0, 1 or 2")
        totals[_BY_ID[statement_id].interest] += value
    counts = {code: sum(s.interest == code for s in STATEMENTS) for code in INTERESTS}
    return {code: totals[code] / (MAX_ANSWER * counts[code]) for code in INTERESTS}


def top_interests(scores: Mapping[str, float], n: int = 2) -> list[Interest]:
    """The `n` highest-scoring types; ties follow RIASEC order; types scoring 0 never count."""
    ranked = sorted(INTERESTS, key=lambda code: (-scores.get(code, 0.0), INTERESTS.index(code)))
    return [code for code in ranked if scores.get(code, 0.0) > 0][:n]


def match_roles(
    scores: Mapping[str, float],
    roles: Sequence[Role],
    *,
    level: str | None = None,
    k: int = 5,
) -> list[RoleSuggestion]:
    """The `k` roles that fit the scores best, open to `level` ("vmbo", "havo" or "vwo")."""
    if level is not None and level not in LEVELS:
        raise ValueError(f"Unknown level {level!r}; use one of {', '.join(LEVELS)}")
    candidates = [role for role in roles if level is None or level in role.levels]
    fits = [(round(_fit(scores, role), 4), role) for role in candidates]
    ranked = sorted((pair for pair in fits if pair[0] > 0), key=lambda p: (-p[0], p[1].title))
    return [_suggest(role, fit, scores) for fit, role in ranked[:k]]


def result(
    answers: Mapping[str, int], roles: Sequence[Role], level: str | None = None
) -> QuizResult:
    """Everything the quiz page shows: scores, top types, roles, questions and the notice."""
    scores = score(answers)
    top = tuple(
        InterestProfile(code, INTEREST_NAMES[code], INTEREST_EXPLANATIONS[code], scores[code])
        for code in top_interests(scores)
    )
    suggestions = tuple(match_roles(scores, roles, level=level))
    if not top:
        message = NO_INTEREST_MESSAGE
    elif not suggestions:
        message = NO_ROLES_MESSAGE
    else:
        message = RESULT_INTRO.format(names=NAMES_JOINER.join(p.name for p in top))
    return QuizResult(scores, top, suggestions, _questions(suggestions), message)


def _fit(scores: Mapping[str, float], role: Role) -> float:
    """Cosine between the pupil's scores and the role's position-weighted interest profile."""
    profile = dict.fromkeys(INTERESTS, 0.0)
    for position, code in enumerate(role.interests):
        weight = POSITION_WEIGHTS[min(position, len(POSITION_WEIGHTS) - 1)]
        profile[code] = max(profile[code], weight)
    pupil = [scores.get(code, 0.0) for code in INTERESTS]
    dot = sum(p * profile[code] for p, code in zip(pupil, INTERESTS, strict=True))
    norms = math.hypot(*pupil) * math.hypot(*profile.values())
    return dot / norms if norms else 0.0


def _suggest(role: Role, fit: float, scores: Mapping[str, float]) -> RoleSuggestion:
    matching = [code for code in role.interests if scores.get(code, 0.0) > 0][:2]
    names = NAMES_JOINER.join(INTEREST_NAMES[code] for code in matching)
    why = WHY_TEMPLATE.format(names=names, task=_lower_first(role.tasks[0]))
    title = _lower_first(role.title)
    return RoleSuggestion(role.id, role.title, why, fit, ROLE_QUESTION.format(title=title))


def _questions(suggestions: Sequence[RoleSuggestion]) -> tuple[str, ...]:
    if not suggestions:
        return GENERAL_QUESTIONS
    pairs = zip(FOLLOW_UP_QUESTIONS, suggestions, strict=False)
    return tuple(template.format(title=_lower_first(s.title)) for template, s in pairs)


def _lower_first(text: str) -> str:
    """Lower-case the first letter for use mid-sentence, but keep acronyms ("AI-engineer")."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]
