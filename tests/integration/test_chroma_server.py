"""The same ingest and search code against a real `chroma run` server."""

import pytest

from assistant.settings import load_settings
from assistant.store import open_collection, open_store
from assistant.wiring import open_assistant
from ingest.indexer import Indexer

pytestmark = pytest.mark.slow


def test_ingest_and_search_over_http(chroma_server, corpus, real_embeddings):
    settings = load_settings(
        chroma_url=chroma_server, embedding_model="e5-small", collection="server-test"
    )
    collection = open_collection(settings, real_embeddings, create=True)
    indexer = Indexer.from_settings(collection, real_embeddings, settings)
    first = indexer.run([corpus])
    second = indexer.run([corpus])
    assert first.files_indexed == 5 and first.failed == []
    assert second.chunks_embedded == 0 and second.chunks_total == first.chunks_total

    # a second client (the pipeline's own) sees the data
    hits = open_assistant(settings).search("Welk bedrijf in Groningen maakt zout?", 3).hits
    assert hits[0].source == "corpus/companies/zoutwerk-delfzijl.yaml"


def test_unreachable_server_says_how_to_fix(real_embeddings):
    from assistant.errors import StoreUnavailableError
    from tests.conftest import free_port

    settings = load_settings(
        chroma_url=f"http://127.0.0.1:{free_port()}", embedding_model="e5-small"
    )
    with pytest.raises(StoreUnavailableError, match="chroma run"):
        open_store(settings, real_embeddings)
