"""langchain's standard retriever tests, run against HybridRetriever."""

from __future__ import annotations

import tempfile
from functools import lru_cache
from pathlib import Path

from langchain_tests.integration_tests import RetrieversIntegrationTests

from assistant.retrieval import HybridRetriever
from tests.conftest import FIXTURES


@lru_cache(maxsize=1)
def _index() -> tuple:
    from assistant.embedding import FakeEmbeddings
    from assistant.lexical import LexicalIndex
    from assistant.settings import load_settings
    from assistant.store import open_collection
    from ingest.indexer import Indexer

    root = Path(tempfile.mkdtemp(prefix="tk-std-"))
    settings = load_settings(index_dir=root / "index", embedding_model="fake")
    embeddings = FakeEmbeddings()
    collection = open_collection(settings, embeddings, create=True)
    Indexer(collection, embeddings, chunk_size=300, chunk_overlap=50, progress=False).run(
        [FIXTURES / "corpus"]
    )
    lexical = LexicalIndex(root / "lexical.sqlite3")
    lexical.sync_with(collection)
    return collection, embeddings, lexical


class TestHybridRetrieverStandard(RetrieversIntegrationTests):
    @property
    def retriever_constructor(self) -> type[HybridRetriever]:
        return HybridRetriever

    @property
    def retriever_constructor_params(self) -> dict:
        collection, embeddings, lexical = _index()
        return {"collection": collection, "embeddings": embeddings, "lexical": lexical}

    @property
    def retriever_query_example(self) -> str:
        return "Wat doet een procesoperator?"
