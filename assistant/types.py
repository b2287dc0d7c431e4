"""Small value types shared by the core, ingestion, UI and evals."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Metadata keys every chunk in the index carries (see ingest.chunk).
DOC_TYPES = ("programme", "profile", "role", "company", "document")
LEVELS = ("vmbo", "havo", "vwo")


@dataclass(frozen=True)
class Hit:
    """One retrieved chunk with its score (higher is better) and metadata."""

    chunk_id: str
    text: str
    score: float
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def source(self) -> str:
        return str(self.metadata.get("source", ""))

    @property
    def title(self) -> str:
        return str(self.metadata.get("title", ""))

    @property
    def page(self) -> int | None:
        page = self.metadata.get("page")
        return int(page) if isinstance(page, int) and page > 0 else None

    @property
    def section(self) -> str:
        return str(self.metadata.get("section", ""))

    def as_json(self, rank: int) -> dict[str, Any]:
        return {
            "rank": rank,
            "chunk_id": self.chunk_id,
            "source": self.source,
            "page": self.page,
            "title": self.title,
            "text": self.text,
            "score": round(self.score, 4),
        }
