"""The interest quiz tab ("Wat past bij mij?"), as plain functions: the pupil's choices in,
the result HTML and the questions to start a chat with out. Nothing is stored."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.quiz import ANSWER_LABELS, STATEMENTS, result
from assistant.records import Role
from ui.render import quiz_result_html

VALUES = {label: value for value, label in ANSWER_LABELS.items()}


def quiz_outcome(
    choices: Sequence[str | None], roles: Sequence[Role], level: str | None
) -> tuple[str, list[str], list[str]]:
    """(result HTML, suggested questions, top interest letters) for the choices in statement
    order; a statement left open counts as "Nee"."""
    answers = {
        statement.id: VALUES[choice]
        for statement, choice in zip(STATEMENTS, choices, strict=False)
        if choice in VALUES
    }
    outcome = result(answers, roles, level)
    return quiz_result_html(outcome), list(outcome.questions), [p.code for p in outcome.top]
