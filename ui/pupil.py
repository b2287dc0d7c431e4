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
from assistant.classroom import Classroom
from assistant.errors import ClassSessionError, StorageUnavailableError
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
    session_code: str = ""
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


def join_class(classroom: Classroom | None, code: str, state: PageState) -> str:
    """Join a class session with its code: the session's level, province and highlighted
    companies become this pupil's defaults. Nothing about the pupil is stored but a count."""
    if classroom is None or not (code or "").strip():
        return texts.CLASS_CODE_UNKNOWN if code and code.strip() else ""
    try:
        session = classroom.join(code)
    except ClassSessionError as exc:
        return exc.message
    except StorageUnavailableError as exc:
        log.warning("joining a class failed: %s", exc)
        return texts.CLASS_UNAVAILABLE
    state.session_id, state.session_code = session.id, session.code
    state.level = session.level or state.level
    state.province = session.region or state.province
    state.highlighted = list(session.companies)
    return texts.CLASS_JOINED.format(label=session.label)


def record_in_class(classroom: Classroom | None, state: PageState, **event: object) -> None:
    """Count an answer, a quiz result or a rating for the pupil's class (if they joined one);
    a failing database never stops the chat."""
    if classroom is None or not state.session_code:
        return
    try:
        session = classroom.storage.session_by_code(state.session_code)
        if session is None:
            return
        if "answer" in event:
            classroom.record_answer(session, str(event["question"]), event["answer"])  # type: ignore[arg-type]
        elif "quiz" in event:
            classroom.record_quiz(session, event["quiz"])  # type: ignore[arg-type]
        elif "rating" in event:
            classroom.record_feedback(session, event["rating"])  # type: ignore[arg-type]
    except (StorageUnavailableError, ValueError) as exc:
        log.warning("class event not stored: %s", exc)


def _as_plain(message: str) -> str:
    """The pupil's own words shown back as text: no image fetched, no HTML."""
    return message.replace("![", "!\\[").replace("<", "&lt;")


def chat_turn(
    assistant: Assistant,
    message: str,
    chat: Messages,
    state: PageState,
    classroom: Classroom | None = None,
) -> Iterator[Turn]:
    """Stream one answer into the chat: the sources (and cards) show as soon as they are known."""
    message = " ".join((message or "").split())
    if not message:
        return
    history = list(chat) if isinstance(chat, list) else []
    echo = {"role": "user", "content": _as_plain(message)}
    shown = [*history, echo, {"role": "assistant", "content": ""}]
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
    record_in_class(classroom, state, question=message, answer=answer)
    yield _turn(shown, answer, state)


def _shown(answer: Answer, text: str) -> str:
    return f"_{text}_" if answer.outcome is Outcome.PENDING else text


def _turn(chat: Messages, answer: Answer, state: PageState) -> Turn:
    return Turn(
        chat,
        sources_html(answer.hits, answer),
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
    classroom: Classroom | None = None,
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
    record_in_class(classroom, state, rating=rating)
    return texts.FEEDBACK_THANKS
