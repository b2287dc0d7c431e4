"""`techkompas serve-llm`: the local model behind an OpenAI-compatible server (llama-cpp-python's
own `llama_cpp.server`), so one machine runs the model for several Techkompas instances, or a
school points `TECHKOMPAS_LLM=openai` at it. The same GGUF and threads as `TECHKOMPAS_LLM=local`;
a RAM cache of prompt states, so the fixed rules at the start of every prompt are evaluated once.

llama-cpp-python's server answers one request at a time (it has no parallel slots); llama.cpp's
own `llama-server -np N`, vLLM or Ollama serve the same API with several (docs/deploy.md)."""

from __future__ import annotations

import sys
from pathlib import Path

from assistant.model_files import model_path
from assistant.settings import Settings

MODEL_ALIAS = "techkompas-local"  # what TECHKOMPAS_OPENAI_MODEL names
PROMPT_CACHE_BYTES = 512 * 1024 * 1024  # a few prompt states of the 1.5B model


def server_command(settings: Settings, host: str, port: int) -> list[str]:
    """The command line that serves the configured model on host:port."""
    model: Path = model_path(settings.llm_model_path, settings.model_cache_dir)
    return [
        sys.executable, "-m", "llama_cpp.server",
        "--model", str(model),
        "--model_alias", MODEL_ALIAS,
        "--host", host,
        "--port", str(port),
        "--n_ctx", str(settings.llm_context),
        "--n_threads", str(settings.llm_threads),
        "--cache", "true",
        "--cache_type", "ram",
        "--cache_size", str(PROMPT_CACHE_BYTES),
    ]  # fmt: skip
