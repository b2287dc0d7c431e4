"""langchain's standard unit tests for our chat-model wrappers (the model file is only opened on
first use, so no model is needed here; the real one runs in tests/integration/test_local_llm.py)."""

from __future__ import annotations

from langchain_tests.unit_tests import ChatModelUnitTests

from assistant.chat_models import ChatFake, ChatLlamaCpp


class TestChatLlamaCppStandard(ChatModelUnitTests):
    @property
    def chat_model_class(self) -> type[ChatLlamaCpp]:
        return ChatLlamaCpp

    @property
    def chat_model_params(self) -> dict:
        return {"model": "/nonexistent/model.gguf", "n_ctx": 2048, "n_threads": 2}


class TestChatFakeStandard(ChatModelUnitTests):
    @property
    def chat_model_class(self) -> type[ChatFake]:
        return ChatFake

    @property
    def chat_model_params(self) -> dict:
        return {}
