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

from assistant import texts
from assistant.records import Interest, Level, Role

# The Dutch wording lives in assistant/texts.py (QUIZ_*), reviewed with every other sentence.
STATEMENT_TEXTS: tuple[tuple[str, Interest, str], ...] = texts.QUIZ_STATEMENTS  # type: ignore[assignment]
ANSWER_LABELS: Mapping[int, str] = texts.QUIZ_ANSWERS
INTEREST_NAMES: Mapping[Interest, str] = texts.QUIZ_INTEREST_NAMES  # type: ignore[assignment]
INTEREST_EXPLANATIONS: Mapping[Interest, str] = texts.QUIZ_INTEREST_EXPLANATIONS  # type: ignore[assignment]
NAMES_JOINER = texts.QUIZ_NAMES_JOINER
WHY_TEMPLATE = texts.QUIZ_WHY
ROLE_QUESTION = texts.QUIZ_ROLE_QUESTION
FOLLOW_UP_QUESTIONS = texts.QUIZ_FOLLOW_UP_QUESTIONS
GENERAL_QUESTIONS = texts.QUIZ_GENERAL_QUESTIONS
RESULT_INTRO = texts.QUIZ_RESULT_INTRO
NO_INTEREST_MESSAGE = texts.QUIZ_NO_INTEREST
NO_ROLES_MESSAGE = texts.QUIZ_NO_ROLES
NOTICE = texts.QUIZ_NOTICE

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
