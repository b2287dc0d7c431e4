"""The local model keeps several evaluated prompt states when `llm_prompt_cache_mb` is set (a
stand-in for llama_cpp: no model file needed; the real one is in tests/integration)."""

import sys
import types

import pytest

from assistant.chat_models import ChatLlamaCpp


class _Llama:
    def __init__(self, **kwargs):
        self.cache = None

    def set_cache(self, cache):
        self.cache = cache


class _RAMCache:
    def __init__(self, capacity_bytes):
        self.capacity_bytes = capacity_bytes
        self.states = {}

    def __setitem__(self, key, value):
        self.states[key] = value


@pytest.fixture
def llama_cpp(monkeypatch):
    module = types.SimpleNamespace(Llama=_Llama, LlamaRAMCache=_RAMCache)
    monkeypatch.setitem(sys.modules, "llama_cpp", module)
    return module


def test_a_prompt_cache_of_the_configured_size_is_set(llama_cpp):
    llama = ChatLlamaCpp(model="model.gguf", prompt_cache_mb=64).load()
    assert isinstance(llama.cache, _RAMCache) and llama.cache.capacity_bytes == 64 << 20


def test_a_kept_state_holds_only_the_last_row_of_logits(llama_cpp):
    import numpy as np

    cache = ChatLlamaCpp(model="model.gguf", prompt_cache_mb=64).load().cache
    state = types.SimpleNamespace(scores=np.ones((512, 1000), dtype=np.float32))
    cache[(1, 2, 3)] = state
    assert cache.states[(1, 2, 3)].scores.shape == (1, 1000)


def test_no_prompt_cache_when_it_is_off(llama_cpp):
    assert ChatLlamaCpp(model="model.gguf", prompt_cache_mb=0).load().cache is None


def test_the_setting_reaches_the_model(tmp_path):
    from assistant.chat_models import make_chat_model
    from assistant.settings import load_settings

    model = tmp_path / "m.gguf"
    model.write_bytes(b"GGUF")
    settings = load_settings(llm="local", llm_model_path=model, llm_prompt_cache_mb=32)
    chat = make_chat_model(settings)
    assert isinstance(chat, ChatLlamaCpp) and chat.prompt_cache_mb == 32
