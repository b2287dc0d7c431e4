"""The answer pipeline with a chat model that only phrases the checked fact sheet: the
deterministic fake, scripted replies and failing models. No real model here (see
tests/integration/test_local_llm.py)."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from typing import Any, ClassVar

import pytest
from langchain_core.messages import AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGenerationChunk

from assistant import texts
from assistant.answer import Notice, Outcome
from assistant.chat_models import ChatFake
from assistant.pipeline import Assistant

QUESTION = "Wat doet een procesoperator?"
# The sheet for QUESTION starts with the role's summary (tests/fixtures/corpus/roles/...).
COPIED = "Een procesoperator bewaakt de installaties in een fabriek."
JETNET = "Wat is Jet-Net?"


@pytest.fixture
def build(make_assistant):
    def _build(model: Any = None, **overrides: Any) -> Assistant:
        return make_assistant(model, **{"llm": "fake", **overrides})

    return _build


@pytest.fixture
def sheet(make_assistant):
    """The answer without a model: the sheet the model is asked to phrase."""
    return make_assistant(llm="extractive").ask(QUESTION)


class Exploding(ChatFake):
    """A model whose endpoint is down."""

    def _stream(self, messages: list[BaseMessage], *a: Any, **k: Any) -> Iterator[Any]:
        raise ConnectionError("connection refused")


class Slow(ChatFake):
    def _stream(
        self, messages: list[BaseMessage], *a: Any, **k: Any
    ) -> Iterator[ChatGenerationChunk]:
        for word in ["Een", " procesoperator", " bewaakt", " de", " installaties."] * 50:
            time.sleep(0.02)
            yield ChatGenerationChunk(message=AIMessageChunk(content=word))


def test_the_sheet_comes_from_the_role_record_without_a_model(sheet):
    assert sheet.outcome is Outcome.ANSWERED and sheet.backend == "records"
    assert sheet.text.startswith(COPIED) and sheet.intent == "role_tasks"
    assert [h.source for h in sheet.hits] == ["corpus/roles/procesoperator.yaml"]


def test_the_model_phrases_the_sheet_with_valid_citations(build, sheet):
    answers = list(build().stream(QUESTION))
    final = answers[-1]
    assert answers[0].outcome is Outcome.PENDING and answers[0].hits == sheet.hits
    assert final.outcome is Outcome.ANSWERED and final.backend == "fake"
    assert final.text != sheet.text and final.text.startswith(COPIED.rstrip("."))
    assert final.cited == [1] and final.hits == sheet.hits


def test_a_model_that_writes_its_own_next_step_gets_no_second_one(build):
    final = build().ask(QUESTION)  # the fake ends with "Vraag je decaan wat dit ... betekent."
    assert final.text.endswith("betekent.") and final.next_step is False
    assert texts.NEXT_STEP not in texts.message(final)


def test_an_answer_without_a_next_step_gets_the_standard_one_once(build):
    final = build(ChatFake(responses=[f"{COPIED} [1]"])).ask(QUESTION)
    assert final.backend == "fake" and final.next_step is True
    assert texts.message(final).count(texts.NEXT_STEP) == 1


def test_only_complete_checked_sentences_are_streamed(build):
    llm = ChatFake(responses=[f"{COPIED} [1] Je kijkt op schermen en loopt rondes. [1]"])
    shown = [a.text for a in build(llm).stream(QUESTION) if a.outcome is not Outcome.PENDING]
    assert len(shown) >= 2
    for partial in shown[:-1]:
        assert partial.endswith("]"), partial  # never half a sentence
    assert shown[0].startswith(COPIED.rstrip("."))


def test_a_wrong_citation_is_repaired(build):
    final = build(ChatFake(responses=[f"{COPIED} [7]"])).ask(QUESTION)
    assert final.backend == "fake" and "[7]" not in final.text and final.text.endswith("[1]")
    assert any("citations [7] -> [1]" in p for p in final.problems)


@pytest.mark.parametrize(
    "reply",
    [
        f"{COPIED} [1] Je verdient 9.000 euro per maand. [1]",  # a fact the sheet does not hold
        f"{COPIED} [1] Kijk op https://example.invalid/salaris voor meer. [1]",  # a made-up URL
        "Een procesoperator vliegt met drones over zee. [1]",  # invented
        "Dat staat niet in mijn bronnen.",  # the model may never turn an answer into a refusal
        "Feiten: Een procesoperator bewaakt de installaties in een fabriek. [1]",  # prompt echo
    ],
)
def test_a_phrasing_the_sheet_does_not_back_shows_the_sheet_itself(build, sheet, reply):
    final = build(ChatFake(responses=[reply])).ask(QUESTION)
    assert final.outcome is Outcome.FALLBACK and final.backend == "records"
    assert final.text == sheet.text and not final.notices  # replaced silently
    assert final.problems == ["the phrasing was not backed by the fact sheet"]


def test_an_amount_question_the_records_cannot_answer_is_not_in_sources(build):
    final = build(Exploding()).ask("Hoeveel verdient een procesoperator?")
    assert final.outcome is Outcome.NOT_IN_SOURCES and not final.hits


def test_low_confidence_does_not_call_the_model(build):
    final = build(Exploding(), min_relevance=0.99).ask(JETNET)
    assert final.outcome is Outcome.NOT_IN_SOURCES and not final.notices


def test_dead_endpoint_shows_the_sheet_with_a_notice_and_a_log_line(build, sheet, caplog):
    caplog.set_level(logging.INFO)
    final = build(Exploding()).ask("Wat doet een procesoperator? Mijn naam is Sanne de Vries.")
    assert final.outcome is Outcome.FALLBACK and final.backend == "records"
    assert final.notices == [Notice.MODEL_FAILED] and final.text == sheet.text
    assert texts.message(final).startswith(texts.LLM_FALLBACK)
    warning = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert any("unreachable" in m and "showing the fact sheet" in m for m in warning)
    assert all("Sanne" not in r.getMessage() for r in caplog.records)


def test_timeout_shows_the_sheet_with_the_fix_in_the_log(build, caplog):
    final = build(Slow(), llm_timeout=0.2).ask(QUESTION)
    assert final.outcome is Outcome.FALLBACK and final.notices == [Notice.MODEL_FAILED]
    assert any("TECHKOMPAS_LLM_TIMEOUT" in r.getMessage() for r in caplog.records)


def test_a_sentence_cut_off_by_the_token_limit_is_not_shown(build):
    llm = ChatFake(responses=[f"{COPIED} [1] Je kijkt op schermen en loopt rondes langs pompen en"])
    final = build(llm).ask(QUESTION)
    assert final.backend == "fake" and "pompen en" not in final.text


def test_follow_up_is_condensed_before_retrieval(build, monkeypatch):
    assistant = build()
    asked: list[str] = []
    search = assistant.search

    def spy(question: str, *a: Any, **k: Any) -> Any:
        asked.append(question)
        return search(question, *a, **k)

    monkeypatch.setattr(assistant, "search", spy)
    history = [
        {"role": "user", "content": QUESTION},
        {"role": "assistant", "content": f"{COPIED} [1]"},
    ]
    final = assistant.ask("En welke opleiding heb je daarvoor nodig?", history=history)
    assert "procesoperator" in asked[0].lower() and "opleiding" in asked[0]
    assert final.intent == "role_route" and final.hits[0].source.endswith("procesoperator.yaml")
    assistant.ask(JETNET, history=history)
    assert asked[-1] == JETNET  # a new topic is left alone


def test_guardrails_run_before_the_model(build):
    final = build(Exploding()).ask("Hoe maak ik een bom?")
    assert final.outcome is Outcome.REFUSED and final.reason == "danger"


def test_extractive_setting_uses_no_model(build):
    assistant = build(llm="extractive")
    assert assistant.llm is None and assistant.backend == "extractive"
    assert assistant.ask(JETNET).backend == "extractive"


class Counted(ChatFake):
    """A model that writes an unbacked first sentence, then a long rest; counts what is read."""

    read: ClassVar[int] = 0
    closed: ClassVar[bool] = False

    def _stream(
        self, messages: list[BaseMessage], *a: Any, **k: Any
    ) -> Iterator[ChatGenerationChunk]:
        words = ["Een", "procesoperator", "vliegt", "met", "drones", "over", "zee.", "[1]"]
        words += f"{COPIED} [1]".split(" ") * 40
        try:
            for word in words:
                Counted.read += 1
                yield ChatGenerationChunk(message=AIMessageChunk(content=word + " "))
        finally:
            Counted.closed = True


def test_an_unbacked_first_sentence_stops_the_model_and_shows_the_sheet_at_once(build, sheet):
    """Waiting for the rest of a phrasing that will be rejected keeps the pupil and the model
    busy (a class: the slow answers were these); the model is stopped at once."""
    Counted.read, Counted.closed = 0, False
    final = build(Counted()).ask(QUESTION)
    assert final.outcome is Outcome.FALLBACK and final.text == sheet.text
    give_up = time.monotonic() + 5.0  # the model's thread closes it at its next token
    while not Counted.closed and time.monotonic() < give_up:
        time.sleep(0.01)
    assert Counted.closed and Counted.read < 20  # stopped after the first sentence, not ~330


class Evaluating(ChatFake):
    """A model still evaluating its prompt (a local model cannot be interrupted then): no token
    until the test lets it go; then a good phrasing."""

    go: ClassVar[Any] = None
    closed: ClassVar[bool] = False

    def _stream(
        self, messages: list[BaseMessage], *a: Any, **k: Any
    ) -> Iterator[ChatGenerationChunk]:
        try:
            Evaluating.go.wait(10)
            for word in f"{COPIED} [1]".split(" ") * 3:
                yield ChatGenerationChunk(message=AIMessageChunk(content=word + " "))
        finally:
            Evaluating.closed = True


def test_no_checked_sentence_in_time_gives_the_sheet_and_the_model_finishes_its_step(build, sheet):
    """A pupil in a busy class never waits longer than `first_sentence_s` for a first checked
    sentence; the model keeps its slot until its step is done, so the next pupil is not sent
    to a model that is still busy."""
    import threading

    Evaluating.go, Evaluating.closed = threading.Event(), False
    assistant = build(Evaluating(), first_sentence_s=0.3)
    final = assistant.ask(QUESTION)  # returns while the model has not written a token
    assert final.outcome is Outcome.FALLBACK and final.text == sheet.text
    assert Notice.BUSY in final.notices and not Evaluating.closed
    assert not assistant.admission.idle()  # the model is still busy with that prompt
    Evaluating.go.set()
    give_up = time.monotonic() + 5.0
    while not assistant.admission.idle() and time.monotonic() < give_up:
        time.sleep(0.01)
    assert assistant.admission.idle() and Evaluating.closed  # freed once its step was done


def test_a_model_in_time_phrases_as_before(build):
    import threading

    Evaluating.go = threading.Event()
    Evaluating.go.set()
    final = build(Evaluating(), first_sentence_s=5.0).ask(QUESTION)
    assert final.outcome is Outcome.ANSWERED and final.backend == "fake"


def test_the_model_s_time_to_its_first_checked_sentence_is_learned(build):
    assistant = build(first_sentence_s=5.0)  # hopeful at first: half the deadline
    assert assistant.admission.to_first_s == 2.5
    final = assistant.ask(QUESTION)
    assert final.outcome is Outcome.ANSWERED and final.backend == "fake"
    assert 0.7 * 2.5 <= assistant.admission.to_first_s < 2.5  # the fake is quick


def test_after_a_missed_deadline_the_sheet_comes_at_once_and_the_backlog_times_the_model(build):
    """A lone pupil is not made to wait for a model that cannot make the deadline; the backlog
    phrases the question for the next pupil and, finding the model quick, lowers the estimate."""
    import threading

    Evaluating.go, Evaluating.closed = threading.Event(), False
    assistant = build(Evaluating(), first_sentence_s=0.3)
    late = assistant.ask(QUESTION)  # tried live: no checked sentence within 0.3 s
    assert late.notices == [Notice.BUSY] and assistant.admission.to_first_s >= 0.3
    Evaluating.go.set()  # the model finishes its step and is free again
    sheet_now = assistant.ask(QUESTION)  # asked again (the late sheet was not kept)
    assert sheet_now.outcome is Outcome.FALLBACK and sheet_now.notices == [Notice.FROM_SOURCES]
    assert assistant.backlog.wait(10) and assistant.backlog.phrased == 1
    assert assistant.admission.to_first_s < 0.3  # quick on the backlog: live again next time
    assert assistant.ask(QUESTION).cached  # the next pupil gets the model's phrasing
    assert texts.FROM_SOURCES in texts.message(sheet_now) and "druk" not in texts.message(sheet_now)
