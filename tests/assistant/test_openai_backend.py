"""The `openai` backend (langchain-openai) against an OpenAI-compatible server on loopback."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from assistant.answer import Notice, Outcome
from assistant.chat_models import make_chat_model
from assistant.errors import ConfigurationError
from assistant.pipeline import Assistant
from assistant.prompt import FACTS_HEADER, PHRASE_RULES
from tests.conftest import free_port
from tests.openai_stub import OpenAIStub, StubReply

QUESTION = "Wat doet een procesoperator?"
COPIED = "Een procesoperator bewaakt de installaties in een fabriek."


@pytest.fixture
def openai_assistant(make_assistant):
    def _build(base_url: str, **overrides: Any) -> Assistant:
        return make_assistant(
            llm="openai", openai_base_url=base_url, openai_model="school-model", **overrides
        )

    return _build


def test_answers_through_the_server_with_rules_passages_and_streaming(openai_assistant):
    with OpenAIStub(StubReply(f"{COPIED} [1] Vraag je decaan naar een meeloopdag.")) as stub:
        answers = list(openai_assistant(stub.base_url).stream(QUESTION))
    final = answers[-1]
    assert final.backend == "openai" and final.cited == [1]
    assert final.text.startswith(f"{COPIED.rstrip('.')}. [1]")
    body = stub.requests[0]
    assert body["model"] == "school-model" and body["stream"] is True
    system, user = body["messages"]
    assert system["role"] == "system" and system["content"].startswith(PHRASE_RULES)
    assert FACTS_HEADER in system["content"] and "bewaakt de installaties" in system["content"]
    assert user == {"role": "user", "content": QUESTION}
    assert stub.headers[0]["authorization"] == "Bearer none"


def test_unreachable_server_gives_the_extractive_answer_and_a_fix(openai_assistant, caplog):
    caplog.set_level(logging.WARNING)
    url = f"http://127.0.0.1:{free_port()}/v1"
    final = openai_assistant(url).ask(QUESTION)
    assert final.outcome is Outcome.FALLBACK and final.notices == [Notice.MODEL_FAILED]
    assert "bewaakt de installaties" in final.text and final.backend == "records"
    [line] = [r.getMessage() for r in caplog.records if "showing the fact sheet" in r.getMessage()]
    assert url in line and "TECHKOMPAS_OPENAI_BASE_URL" in line


def test_slow_server_times_out_to_the_extractive_answer(openai_assistant, caplog):
    with OpenAIStub(StubReply(COPIED, delay=3.0)) as stub:
        final = openai_assistant(stub.base_url, llm_timeout=0.5).ask(QUESTION)
    assert final.outcome is Outcome.FALLBACK and final.backend == "records"
    assert any("timed out" in r.getMessage() for r in caplog.records)


def test_server_error_gives_the_extractive_answer(openai_assistant, caplog):
    with OpenAIStub(StubReply("model not loaded", status=500)) as stub:
        final = openai_assistant(stub.base_url).ask(QUESTION)
    assert final.outcome is Outcome.FALLBACK and "bewaakt de installaties" in final.text
    assert final.notices == [Notice.MODEL_FAILED]
    assert any("TECHKOMPAS_OPENAI_MODEL" in r.getMessage() for r in caplog.records)


def test_follow_up_is_condensed_by_the_server_model(openai_assistant):
    def reply(body: dict[str, Any]) -> StubReply:
        if body["messages"][0]["content"].startswith(PHRASE_RULES):
            return StubReply("Vanuit het vmbo kun je de mbo-opleiding Operator doen. [1]")
        return StubReply("Welke opleiding heb je nodig om procesoperator te worden?")

    history = [("user", QUESTION), ("assistant", COPIED)]
    with OpenAIStub(reply) as stub:
        final = openai_assistant(stub.base_url).ask(
            "En welke opleiding heb je daarvoor?", history=history
        )
    condense, answer = stub.requests
    assert "Laatste vraag: En welke opleiding" in condense["messages"][-1]["content"]
    assert answer["messages"][-1]["content"] == (
        "Welke opleiding heb je nodig om procesoperator te worden?"
    )
    assert final.backend == "openai"


def test_failures_become_typed_errors_with_the_fix(settings):
    import httpx
    import openai

    from assistant.errors import LLMBadResponseError, LLMTimeoutError, LLMUnreachableError
    from assistant.llm_errors import as_llm_error

    remote = settings.model_copy(update={"llm": "openai", "openai_base_url": "http://gpu:8000/v1"})
    request = httpx.Request("POST", "http://gpu:8000/v1/chat/completions")
    timeout = as_llm_error(openai.APITimeoutError(request=request), remote)
    unreachable = as_llm_error(openai.APIConnectionError(request=request), remote)
    status = httpx.Response(500, request=request)
    bad = as_llm_error(openai.InternalServerError("boom", response=status, body=None), remote)
    assert isinstance(timeout, LLMTimeoutError) and "TECHKOMPAS_LLM_TIMEOUT" in str(timeout)
    assert isinstance(unreachable, LLMUnreachableError) and "http://gpu:8000/v1" in str(unreachable)
    assert isinstance(bad, LLMBadResponseError) and "TECHKOMPAS_OPENAI_MODEL" in str(bad)
    local = as_llm_error(RuntimeError("llama_decode returned -1"), settings)
    assert isinstance(local, LLMBadResponseError) and "TECHKOMPAS_LLM" in str(local)


def test_openai_backend_needs_a_model_name(settings):
    with pytest.raises(ConfigurationError, match="TECHKOMPAS_OPENAI_MODEL"):
        make_chat_model(settings.model_copy(update={"llm": "openai"}))
