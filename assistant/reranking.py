"""Reranking of fused candidates: by each passage's best sentence (on by default), and optionally
with a cross-encoder.

A long passage of a report is close to a question in one sentence and far in the rest, so its
one vector can rank it below shorter ones; ranking the first candidates also by their closest
sentence (the vectors ingestion made, `assistant.sentence_vectors`) and fusing that order with
the retrieval order brings the passage that answers into the top five more often (seed questions
hit@5 0.743 -> 0.771, the others 0.943 -> 0.947; BENCHMARKS.md). The school's own documents
are ranked this way from deeper (ADR 0018).

No multilingual cross-encoder that ships its weights is available on PyPI (docs/adr/0004), so the
default is `none`. A school that has a model folder sets `TECHKOMPAS_RERANKER=cross-encoder:/path`;
it is loaded offline through sentence-transformers' `CrossEncoder`. `fake` is for tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from assistant.answer_units import unit_texts
from assistant.errors import ConfigurationError
from assistant.lexical import tokenize
from assistant.types import Hit


class Reranker(Protocol):
    def rerank(self, query: str, hits: list[Hit]) -> list[Hit]: ...


class CrossEncoderReranker:
    def __init__(self, path: str) -> None:
        from sentence_transformers import CrossEncoder

        self._model = CrossEncoder(path, device="cpu")

    def rerank(self, query: str, hits: list[Hit]) -> list[Hit]:
        if not hits:
            return hits
        scores = self._model.predict([(query, h.text) for h in hits])
        return _ordered(hits, [float(s) for s in scores])


class FakeReranker:
    """Orders by stemmed-token overlap with the query. Tests only."""

    def rerank(self, query: str, hits: list[Hit]) -> list[Hit]:
        q = set(tokenize(query))
        return _ordered(hits, [len(q & set(tokenize(h.text))) / (1 + len(q)) for h in hits])


def by_best_sentence(
    hits: list[Hit],
    closeness: Callable[[list[str]], list[float]],
    weight: float,
    depth: int,
    rrf_k: int = 60,
    documents_depth: int = 0,
) -> list[Hit]:
    """The first `depth` hits, and the school's own documents among the first
    `documents_depth`, reordered by reciprocal rank fusion of their retrieval order (weight 1)
    and the order of their sentence closest in meaning (`weight`); the rest after, in order.
    `closeness` gives each sentence's cosine similarity to the question. A long report passage
    ranks lowest by its one vector, so it may come from deeper; the corpus's own short passages
    are ranked well by it already, and from deeper they would only push better ones out."""
    deeper = [h for h in hits[depth:documents_depth] if h.doc_type == "document"]
    top = hits[:depth] + deeper
    rest = [h for h in hits[depth:] if h not in deeper]
    if weight <= 0 or len(top) < 2:
        return hits
    units = [unit_texts(h.text) or [h.text] for h in top]
    sims = closeness([u for each in units for u in each])
    best, start = [], 0
    for each in units:
        best.append(round(max(sims[start : start + len(each)]), 3))  # float noise: no reorder
        start += len(each)
    by_sentence = sorted(range(len(top)), key=lambda i: -best[i])
    rank = {i: r for r, i in enumerate(by_sentence, 1)}
    fused = {i: 1 / (rrf_k + i + 1) + weight / (rrf_k + rank[i]) for i in range(len(top))}
    return [top[i] for i in sorted(fused, key=lambda i: -fused[i])] + rest


def _ordered(hits: list[Hit], scores: list[float]) -> list[Hit]:
    pairs = sorted(zip(hits, scores, strict=True), key=lambda p: -p[1])
    return [h.rescored(s, rerank_score=s) for h, s in pairs]


def make_reranker(name: str) -> Any:
    match name.split(":", 1):
        case ["none"]:
            return None
        case ["fake"]:
            return FakeReranker()
        case ["cross-encoder", path] if path:
            return CrossEncoderReranker(path)
        case _:
            raise ConfigurationError(
                f"Unknown reranker {name!r}: use none, fake, or cross-encoder:/path/to/model"
            )
