"""Dense retrieval over the Chroma collection, with metadata filters."""

from __future__ import annotations

from typing import Any

from langchain_core.embeddings import Embeddings

from assistant.types import Hit


def build_where(province: str | None = None, level: str | None = None,
                doc_type: str | None = None, since: int | None = None) -> dict[str, Any] | None:
    """A Chroma `where` filter combining the optional filters with $and."""
    clauses: list[dict[str, Any]] = []
    if province:
        clauses.append({"province": province})
    if level:
        clauses.append({f"level_{level}": True})
    if doc_type:
        clauses.append({"doc_type": doc_type})
    if since:
        clauses.append({"date": {"$gte": since}})
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def dense_search(collection: Any, embeddings: Embeddings, question: str, k: int,
                 where: dict[str, Any] | None = None) -> list[Hit]:
    """Top-k chunks by cosine similarity (score = 1 - cosine distance)."""
    if collection.count() == 0:
        return []
    result = collection.query(
        query_embeddings=[embeddings.embed_query(question)],
        n_results=k,
        where=where,
        include=["documents", "metadatas", "distances"],
    )
    return [
        Hit(chunk_id, text, 1.0 - float(dist), dict(meta))
        for chunk_id, text, meta, dist in zip(
            result["ids"][0], result["documents"][0], result["metadatas"][0],
            result["distances"][0], strict=True,
        )
    ]
