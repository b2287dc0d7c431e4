"""The pupil's chat, as plain functions over the `Assistant` and the storage: what happens when a
pupil asks, picks a level, types a town or gives a thumbs up or down. No Gradio here (ui/app.py
wires these to the page), so every handler is unit-tested without a browser.

What the page knows about the pupil (level, school year, town, the last answer) lives in a
`PageState` that Gradio keeps per browser tab; nothing of it is stored."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from assistant import texts
from assistant.answer import Answer, Outcome
from assistant.errors import StorageUnavailableError
from assistant.feedback import record_feedback
from assistant.pipeline import Assistant
from assistant.query import QueryAnalyzer
from assistant.storage import Storage
from ui.render import companies_html, route_html, sources_html

log = logging.getLogger(__name__)
Messages = list[dict[str, Any]]


@dataclass
class PageState:
    level: str | None = None  # vmbo, havo, vwo (from the pupil's own wording)
    level_label: str = ""
    school_year: str = ""
    province: str | None = None
    question: str = ""  # the last question and its answer, for feedback
    answer: Answer | None = None
    rated: bool = False
    session_id: int | None = None  # a class session the pupil joined (no name, no account)
    highlighted: list[str] = field(default_factory=list)  # companies the decaan picked


@dataclass(frozen=True)
class Turn:
    """What the page shows after each step of an answer."""

    chat: Messages
    sources: str
    companies: str
    route: str
    state: PageState


def school_level(label: str | None) -> str | None:
    """ "vmbo kader" -> "vmbo", "havo" -> "havo", "Weet ik nog niet" -> None."""
    return texts.LEVEL_CHOICES.get(label or "")


def examples_for(label: str | None) -> list[str]:
    """The example questions (chips) for the level the pupil picked."""
    return list(texts.EXAMPLE_QUESTIONS.get(school_level(label) or "", texts.EXAMPLE_QUESTIONS[""]))


def place_of(analyzer: QueryAnalyzer, town: str) -> tuple[str | None, str]:
    """The province of a town (or a province name) the pupil typed, and what to tell them."""
    town = " ".join(town.split())[:60]
    if not town:
        return None, ""
    province = analyzer.province_of(town)
    if province is None:
        return None, texts.TOWN_UNKNOWN.format(town=town)
    return province, texts.TOWN_FOUND.format(town=town, province=province)


def chat_turn(
    assistant: Assistant, message: str, chat: Messages, state: PageState
) -> Iterator[Turn]:
    """Stream one answer into the chat: the sources (and cards) show as soon as they are known."""
    message = " ".join((message or "").split())
    if not message:
        return
    history = list(chat)
    shown = [*history, {"role": "user", "content": message}, {"role": "assistant", "content": ""}]
    answer = Answer(Outcome.REFUSED, reason="error")
    try:
        for answer in assistant.stream(
            message, level=state.level, region=state.province, history=history
        ):
            text = texts.message(answer)
            shown[-1] = {"role": "assistant", "content": _shown(answer, text)}
            yield _turn(shown, answer, state)
    except Exception:
        log.exception("answering failed")  # the pupil's text is not logged
        shown[-1] = {"role": "assistant", "content": texts.SOMETHING_WENT_WRONG}
        answer = Answer(Outcome.REFUSED, reason="error")
        yield Turn(shown, texts.NO_SOURCES_YET, "", "", state)
    state.question, state.answer, state.rated = message, answer, False
    yield _turn(shown, answer, state)


def _shown(answer: Answer, text: str) -> str:
    return f"_{text}_" if answer.outcome is Outcome.PENDING else text


def _turn(chat: Messages, answer: Answer, state: PageState) -> Turn:
    return Turn(
        chat,
        sources_html(answer.hits),
        companies_html(answer.companies, state.highlighted),
        route_html(answer.route),
        state,
    )


def give_feedback(
    storage: Storage | None,
    state: PageState,
    rating: int,
    comment: str,
    corpus_version: str,
) -> str:
    """Store a thumbs up (+1) or down (-1) on the last answer; the Dutch reply for the page."""
    if state.answer is None or not state.question:
        return texts.FEEDBACK_NOTHING_YET
    if state.rated:
        return texts.FEEDBACK_ALREADY
    if storage is None:
        return texts.FEEDBACK_OFF
    try:
        record_feedback(
            storage,
            question=state.question,
            answer=state.answer,
            rating=rating,
            comment=comment,
            corpus_version=corpus_version,
            session_id=state.session_id,
        )
    except (StorageUnavailableError, ValueError) as exc:
        log.warning("feedback not stored: %s", exc)
        return texts.FEEDBACK_OFF
    state.rated = True
    return texts.FEEDBACK_THANKS
