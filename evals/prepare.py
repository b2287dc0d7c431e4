"""Build (or bring up to date) an index of some paths and open the pipeline over it: what the
eval runner, the benchmarks and the test fixtures use. Incremental, so a second run is quick."""

from __future__ import annotations

from pathlib import Path

from langchain_core.language_models import BaseChatModel

from assistant.pipeline import Assistant
from assistant.settings import Settings
from assistant.wiring import open_assistant
from ingest.indexer import index_paths


def indexed_assistant(
    settings: Settings, paths: list[Path], llm: BaseChatModel | None = None
) -> Assistant:
    """Without the answer and question caches: evals and benchmarks measure every answer built
    afresh, every question embedded."""
    index_paths(settings, paths)
    fresh = {"answer_cache_size": 0, "query_cache_size": 0}
    return open_assistant(settings.model_copy(update=fresh), llm)
