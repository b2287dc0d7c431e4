"""The Chroma vector store, embedded (PersistentClient) or remote (`chroma run` server).

`open_store(settings, embeddings)` returns a langchain `Chroma` bound to one collection in cosine
space; `open_collection(...)` returns the chromadb collection behind it, typed by the small
`ChunkCollection` protocol that the indexer, the retriever and the BM25 side use. Nothing outside
this module touches chromadb or the private collection of the langchain wrapper. The embedding
model's id is kept in the collection metadata: opening an index with another model raises
`IndexMismatchError` instead of returning nonsense neighbours. A collection on a server
(`RemoteCollection`) outlives the server restarting: while it is down every call raises
`StoreUnavailableError`, and the first call after it is back connects again.
"""

from __future__ import annotations

import logging
import threading
from typing import Any, Protocol, runtime_checkable
from urllib.parse import urlparse

from langchain_core.embeddings import Embeddings

from assistant.embedding import MODEL_IDS, model_id
from assistant.errors import (
    ConfigurationError,
    IndexMismatchError,
    IndexMissingError,
    StoreUnavailableError,
)
from assistant.settings import Settings

log = logging.getLogger(__name__)
Where = dict[str, Any]


@runtime_checkable
class ChunkCollection(Protocol):
    """What Techkompas uses of a chromadb collection (embedded or over HTTP): `get` and `query`
    with `where` filters, `upsert`, `delete` by ids, `count`."""

    def count(self) -> int: ...

    def get(self, ids: Any = ..., where: Any = ..., include: Any = ...) -> Any: ...

    def query(
        self,
        query_embeddings: Any = ...,
        n_results: int = ...,
        where: Any = ...,
        include: Any = ...,
    ) -> Any: ...

    def upsert(
        self, ids: Any, embeddings: Any = ..., metadatas: Any = ..., documents: Any = ...
    ) -> Any: ...

    def delete(self, ids: Any = ...) -> Any: ...


def open_client(settings: Settings, *, create: bool) -> Any:
    """A chromadb client: HttpClient when `chroma_url` is set, else a PersistentClient."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_url:
        url = urlparse(settings.chroma_url)
        if url.scheme not in ("http", "https") or not url.hostname:
            raise ConfigurationError(
                f"TECHKOMPAS_CHROMA_URL={settings.chroma_url!r} is not a URL like http://127.0.0.1:8000"
            )
        try:
            client = chromadb.HttpClient(
                host=url.hostname,
                port=url.port or (443 if url.scheme == "https" else 80),
                ssl=url.scheme == "https",
                settings=chroma_settings,
            )
            client.heartbeat()
        except Exception as exc:  # chromadb raises several transport errors
            raise StoreUnavailableError(
                f"Cannot reach the Chroma server at {settings.chroma_url} ({exc}): start it with "
                f"'chroma run --path DIR --port {url.port}' or unset TECHKOMPAS_CHROMA_URL"
            ) from exc
        return client
    if not create and not (settings.index_dir / "chroma.sqlite3").exists():
        raise IndexMissingError(f"No index at {settings.index_dir}: run 'techkompas ingest' first")
    settings.index_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.index_dir), settings=chroma_settings)


def check_index(settings: Settings, *, create: bool = False, wanted: str | None = None) -> Any:
    """Open the client and check the collection exists (unless `create`) and was built with
    the configured embedding model. Cheap: loads no model. Returns the client."""
    client = open_client(settings, create=create)
    wanted = wanted or MODEL_IDS[settings.embedding_model]
    existing = {c.name if hasattr(c, "name") else c for c in client.list_collections()}
    if settings.collection in existing:
        meta = client.get_collection(settings.collection).metadata or {}
        built_with = meta.get("embedding_model")
        if built_with and built_with != wanted:
            raise IndexMismatchError(
                f"The index {settings.collection!r} was built with {built_with!r} but the settings "
                f"ask for {wanted!r}: run 'techkompas ingest --rebuild' or set "
                "TECHKOMPAS_EMBEDDING_MODEL back"
            )
    elif not create:
        where = settings.chroma_url or settings.index_dir
        raise IndexMissingError(
            f"No collection {settings.collection!r} at {where}: run 'techkompas ingest' first"
        )
    return client


def open_store(settings: Settings, embeddings: Embeddings, *, create: bool = False) -> Any:
    """Open (or with `create=True` make) the collection and check its embedding model."""
    from langchain_chroma import Chroma

    wanted = model_id(embeddings)
    client = check_index(settings, create=create, wanted=wanted)
    return Chroma(
        client=client,
        collection_name=settings.collection,
        embedding_function=embeddings,
        collection_metadata={"hnsw:space": "cosine", "embedding_model": wanted},
    )


def delete_collection(settings: Settings) -> None:
    """Drop the collection (used by `ingest --rebuild`)."""
    client = open_client(settings, create=True)
    names = {c.name if hasattr(c, "name") else c for c in client.list_collections()}
    if settings.collection in names:
        client.delete_collection(settings.collection)
        log.info("Deleted collection %s", settings.collection)


def open_collection(
    settings: Settings, embeddings: Embeddings, *, create: bool = False
) -> ChunkCollection:
    """The chromadb collection behind `open_store` (ids, upsert, where filters); on a server,
    wrapped in a `RemoteCollection`."""
    collection: ChunkCollection = open_store(settings, embeddings, create=create)._collection
    if settings.chroma_url:
        return RemoteCollection(settings, embeddings, collection)
    return collection


class RemoteCollection:
    """A collection on a `chroma run` server that survives the server stopping and starting
    again. A call that cannot reach the server is tried once more on a freshly opened collection
    (a restart leaves dead connections behind); if that fails too it raises
    `StoreUnavailableError` (the pipeline tells the pupil to try again), and the next call opens
    the collection again. Every call the protocol has is safe to repeat."""

    def __init__(self, settings: Settings, embeddings: Embeddings, collection: Any) -> None:
        self._settings = settings
        self._embeddings = embeddings
        self._collection: Any = collection
        self._lock = threading.Lock()

    def count(self) -> int:
        return int(self._call("count"))

    def get(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("get", *args, **kwargs)

    def query(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("query", *args, **kwargs)

    def upsert(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("upsert", *args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("delete", *args, **kwargs)

    def _current(self) -> Any:
        with self._lock:  # StoreUnavailableError here when the server is still down
            if self._collection is None:
                self._collection = open_store(self._settings, self._embeddings)._collection
                log.info("Reconnected to the Chroma server at %s", self._settings.chroma_url)
            return self._collection

    def _call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        import httpx

        for attempt in (1, 2):
            collection = self._current()
            try:
                return getattr(collection, method)(*args, **kwargs)
            except (httpx.TransportError, ConnectionError) as exc:
                with self._lock:
                    if self._collection is collection:
                        self._collection = None
                if attempt == 2:
                    raise StoreUnavailableError(
                        f"Lost the Chroma server at {self._settings.chroma_url} "
                        f"({type(exc).__name__}: {exc}): check that 'chroma run' is still "
                        "running; Techkompas reconnects by itself once it is back"
                    ) from exc
        raise AssertionError("unreachable")  # pragma: no cover
