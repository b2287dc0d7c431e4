"""Optional reranking of fused candidates with a cross-encoder.

No multilingual cross-encoder that ships its weights is available on PyPI (docs/adr/0004), so the
default is `none`. A school that has a model folder sets `TECHKOMPAS_RERANKER=cross-encoder:/path`;
it is loaded offline through sentence-transformers' `CrossEncoder`. `fake` is for tests."""

from __future__ import annotations

from typing import Any, Protocol

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
