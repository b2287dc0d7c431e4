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
from assistant.chat_models import ChatFake
from assistant.pipeline import Assistant

QUESTION = "Wat doet een procesoperator?"
# A sentence taken from tests/fixtures/corpus/roles/procesoperator.yaml (the summary).
COPIED = "Een procesoperator bewaakt de installaties in een fabriek."


@pytest.fixture
def build(indexer, corpus, settings, collection, fake_embeddings):
    indexer.run([corpus])

    def _build(model: Any = None, **overrides: Any) -> Assistant:
        changed = settings.model_copy(update={"llm": "fake", **overrides})
        assistant = Assistant.build(changed, collection, fake_embeddings)
        if model is not None:
            assistant.llm = model
        return assistant

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
    assert answers[0].pending and answers[0].text == texts.WRITING
    assert final.backend == "fake" and not final.refused and not final.pending
    assert final.cited and all(1 <= n <= len(final.hits) for n in final.cited)
    assert "[1]" in final.text and final.hits[0].source.endswith("procesoperator.yaml")
    assert final.text.rstrip().endswith(texts.NEXT_STEP) or "decaan" in final.text


def test_only_complete_checked_sentences_are_streamed(build):
    llm = ChatFake(responses=[f"{COPIED} [1] Je kijkt op schermen en loopt rondes. [1]"])
    shown = [a.text for a in build(llm).stream(QUESTION) if not a.pending]
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
    assert final.backend == "extractive"
    assert "9.000" not in final.text and "drones" not in final.text
    assert "bewaakt de installaties" in final.text
    assert any("backed by a passage" in p for p in final.problems)


def test_model_saying_not_in_sources_gives_the_fixed_text(build):
    final = build(ChatFake(responses=["Dat staat niet in mijn bronnen."])).ask(QUESTION)
    assert final.text == texts.NOT_IN_SOURCES and not final.hits


def test_amount_question_without_an_amount_is_not_answered_beside_the_point(build):
    llm = ChatFake(responses=[f"{COPIED} [1]"])
    final = build(llm).ask("Hoeveel verdient een procesoperator?")
    assert final.text == texts.NOT_IN_SOURCES


def test_low_confidence_does_not_call_the_model(build):
    final = build(Exploding(), min_relevance=0.99).ask(QUESTION)
    assert final.text == texts.NOT_IN_SOURCES


def test_dead_endpoint_gives_the_extractive_answer_and_a_log_line(build, caplog):
    caplog.set_level(logging.INFO)
    final = build(Exploding()).ask("Wat doet een procesoperator? Mijn naam is Sanne de Vries.")
    assert final.backend == "extractive" and texts.LLM_FALLBACK in final.notice
    assert "bewaakt de installaties" in final.text
    warning = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert any("fake model failed" in m and "answering extractively" in m for m in warning)
    assert all("Sanne" not in r.getMessage() for r in caplog.records)


def test_timeout_gives_the_extractive_answer_with_the_fix_in_the_log(build, caplog):
    final = build(Slow(), llm_timeout=0.2).ask(QUESTION)
    assert final.backend == "extractive"
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
    assert final.refused and final.text == texts.SAFE_DANGER


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
