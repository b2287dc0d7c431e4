"""Build (or bring up to date) an index of some paths and open the pipeline over it: what the
eval runner, the benchmarks and the CI gate use. Incremental, so a second run is quick."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def indexed_assistant(settings: Any, paths: list[Path]) -> Any:
    from assistant.embedding import make_embeddings
    from assistant.lexical import LexicalIndex
    from assistant.pipeline import Assistant, lexical_path
    from assistant.store import collection_of, open_store
    from ingest.index import Indexer

    embeddings = make_embeddings(settings)
    collection = collection_of(open_store(settings, embeddings, create=True))
    Indexer.from_settings(collection, embeddings, settings).run(paths)
    LexicalIndex(lexical_path(settings)).sync_with(collection)
    return Assistant.build(settings, collection, embeddings)
