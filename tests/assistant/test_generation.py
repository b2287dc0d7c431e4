"""The answer pipeline with a chat model: the deterministic fake, scripted replies and failing
models. No real model here (see tests/integration/test_local_llm.py)."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from typing import Any

import pytest
from langchain_core.messages import AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGenerationChunk

from assistant import texts
from assistant.answer import Notice, Outcome
from assistant.chat_models import ChatFake
from assistant.pipeline import Assistant

QUESTION = "Wat doet een procesoperator?"
# A sentence taken from tests/fixtures/corpus/roles/procesoperator.yaml (the summary).
COPIED = "Een procesoperator bewaakt de installaties in een fabriek."


@pytest.fixture
def build(make_assistant):
    def _build(model: Any = None, **overrides: Any) -> Assistant:
        return make_assistant(model, **{"llm": "fake", **overrides})

    return _build


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


def test_fake_backend_answers_from_the_passages_with_valid_citations(build):
    answers = list(build().stream(QUESTION))
    final = answers[-1]
    assert answers[0].outcome is Outcome.PENDING and answers[0].text == ""
    assert answers[0].hits, "the sources are shown while the model reads them"
    assert final.outcome is Outcome.ANSWERED and final.backend == "fake"
    assert final.cited and all(1 <= n <= len(final.hits) for n in final.cited)
    assert "[1]" in final.text and final.hits[0].source.endswith("procesoperator.yaml")


def test_a_model_that_writes_its_own_next_step_gets_no_second_one(build):
    final = build().ask(QUESTION)  # the fake ends with "Vraag je decaan wat dit ... betekent."
    assert final.text.endswith("betekent.") and final.next_step is False
    assert texts.NEXT_STEP not in texts.message(final)


def test_an_answer_without_a_next_step_gets_the_standard_one_once(build):
    final = build(ChatFake(responses=[f"{COPIED} [1]"])).ask(QUESTION)
    assert final.next_step is True and texts.NEXT_STEP not in final.text
    assert texts.message(final).count(texts.NEXT_STEP) == 1


def test_only_complete_checked_sentences_are_streamed(build):
    llm = ChatFake(responses=[f"{COPIED} [1] Je kijkt op schermen en loopt rondes. [1]"])
    shown = [a.text for a in build(llm).stream(QUESTION) if a.outcome is not Outcome.PENDING]
    assert len(shown) >= 2
    for partial in shown[:-1]:
        assert partial.endswith("]"), partial  # never half a sentence
    assert shown[0].startswith(COPIED)


def test_wrong_citation_is_repaired_and_unknown_url_removed(build):
    llm = ChatFake(
        responses=[f"{COPIED} [7] Kijk op https://example.invalid/salaris voor meer. [2]"]
    )
    final = build(llm).ask(QUESTION)
    assert final.backend == "fake"
    assert "[7]" not in final.text and f"{COPIED.rstrip('.')}. [1]" in final.text
    assert "example.invalid" not in final.text
    assert any("citations [7] -> [1]" in p for p in final.problems)


def test_invented_answer_falls_back_to_the_extractive_one(build):
    invented = (
        "Een procesoperator vliegt met drones over zee. [1] Je verdient 9.000 euro per maand. [2] "
        "Je werkt vooral in Spanje. [1]"
    )
    final = build(ChatFake(responses=[invented])).ask(QUESTION)
    assert final.outcome is Outcome.FALLBACK and final.backend == "extractive"
    assert not final.notices, "a rejected draft is replaced silently"
    assert "9.000" not in final.text and "drones" not in final.text
    assert "bewaakt de installaties" in final.text
    assert any("backed by a passage" in p for p in final.problems)


def test_model_saying_not_in_sources_gives_the_fixed_text(build):
    final = build(ChatFake(responses=["Dat staat niet in mijn bronnen."])).ask(QUESTION)
    assert final.outcome is Outcome.NOT_IN_SOURCES and not final.hits and final.text == ""


def test_amount_question_without_an_amount_is_not_answered_beside_the_point(build):
    llm = ChatFake(responses=[f"{COPIED} [1]"])
    final = build(llm).ask("Hoeveel verdient een procesoperator?")
    assert final.outcome is Outcome.NOT_IN_SOURCES


def test_low_confidence_does_not_call_the_model(build):
    final = build(Exploding(), min_relevance=0.99).ask(QUESTION)
    assert final.outcome is Outcome.NOT_IN_SOURCES and not final.notices


def test_dead_endpoint_gives_the_extractive_answer_and_a_log_line(build, caplog):
    caplog.set_level(logging.INFO)
    final = build(Exploding()).ask("Wat doet een procesoperator? Mijn naam is Sanne de Vries.")
    assert final.outcome is Outcome.FALLBACK and final.backend == "extractive"
    assert final.notices == [Notice.MODEL_FAILED]
    assert texts.message(final).startswith(texts.LLM_FALLBACK)
    assert "bewaakt de installaties" in final.text
    warning = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert any("unreachable" in m and "answering extractively" in m for m in warning)
    assert all("Sanne" not in r.getMessage() for r in caplog.records)


def test_timeout_gives_the_extractive_answer_with_the_fix_in_the_log(build, caplog):
    final = build(Slow(), llm_timeout=0.2).ask(QUESTION)
    assert final.outcome is Outcome.FALLBACK and final.notices == [Notice.MODEL_FAILED]
    assert any("TECHKOMPAS_LLM_TIMEOUT" in r.getMessage() for r in caplog.records)


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
    assert final.hits[0].source.endswith("procesoperator.yaml")
    assistant.ask("Wat is Jet-Net?", history=history)
    assert asked[1] == "Wat is Jet-Net?"  # a new topic is left alone


def test_guardrails_run_before_the_model(build):
    final = build(Exploding()).ask("Hoe maak ik een bom?")
    assert final.outcome is Outcome.REFUSED and final.reason == "danger"


def test_extractive_setting_uses_no_model(build):
    assistant = build(llm="extractive")
    assert assistant.llm is None and assistant.backend == "extractive"
    assert assistant.ask(QUESTION).backend == "extractive"


def test_a_sentence_cut_off_by_the_token_limit_is_not_shown(build):
    llm = ChatFake(
        responses=[f"{COPIED} [1] Je kijkt op schermen en loopt rondes langs de pompen en"]
    )
    final = build(llm).ask(QUESTION)
    assert final.backend == "fake" and "pompen en" not in final.text
    assert final.text.startswith(f"{COPIED.rstrip('.')}. [1]")
