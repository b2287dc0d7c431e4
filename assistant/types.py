"""Small value types shared by the core, ingestion, UI and evals: the chunk metadata schema
that ingestion writes and the core reads, and a retrieved `Hit`."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Literal, TypedDict, get_args

DocType = Literal["programme", "profile", "role", "company", "document"]
Level = Literal["vmbo", "havo", "vwo"]
DOC_TYPES: tuple[str, ...] = get_args(DocType)
LEVELS: tuple[str, ...] = get_args(Level)


class ChunkMeta(TypedDict, total=False):
    """The metadata of one chunk in the index (Chroma values are str/int/float/bool only, so a
    missing value is '' or 0). Written by `ingest.chunk`, read by retrieval filters, BM25,
    company matching and the UI."""

    source: str  # display path: "corpus/roles/procesoperator.yaml", "seeds/001_....txt"
    title: str
    section: str
    page: int  # 1-based; 0 for sources without pages
    doc_type: DocType
    chunk_index: int
    content_hash: str
    province: str  # companies only
    city: str  # companies only
    sectors: str  # comma-separated
    record_id: str  # role/company id for YAML records
    example: bool  # an illustrative company profile
    date: int  # YYYYMMDD of the checked/published date; 0 when unknown
    level_vmbo: bool
    level_havo: bool
    level_vwo: bool
    # written by the indexer (its manifest inside the collection, docs/adr/0002)
    root: str
    source_hash: str
    chunk_count: int


FILTER_FIELDS = ("doc_type", "province", "level_vmbo", "level_havo", "level_vwo", "date")


class _MetaText:
    """A read-only text attribute of a `Hit` taken from its metadata ('' when missing)."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.key = name

    def __get__(self, hit: Hit | None, owner: type | None = None) -> str:
        return "" if hit is None else str(hit.metadata.get(self.key, ""))


@dataclass(frozen=True)
class Hit:
    """One retrieved chunk: its fused score (higher is better), the scores of each retriever
    that found it, and its metadata."""

    chunk_id: str
    text: str
    score: float
    metadata: ChunkMeta = field(default_factory=lambda: ChunkMeta())
    dense_score: float = 0.0  # cosine similarity; 0 when dense retrieval did not find it
    bm25_score: float = 0.0
    rerank_score: float | None = None

    source = _MetaText()  # "corpus/roles/procesoperator.yaml", "seeds/001_....txt"
    title = _MetaText()
    section = _MetaText()
    doc_type = _MetaText()
    record_id = _MetaText()  # the role/company id of a YAML record

    @property
    def page(self) -> int | None:
        page = self.metadata.get("page")
        return int(page) if isinstance(page, int) and page > 0 else None

    def rescored(self, score: float, **scores: Any) -> Hit:
        return replace(self, score=score, **scores)

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


class SearchFilters(TypedDict, total=False):
    province: str | None  # hard filter: only chunks of this province (companies)
    level: str | None  # hard filter: vmbo, havo, vwo
    doc_type: str | tuple[str, ...] | None  # hard filter: programme, profile, role, company, ...
    since: int | None  # hard filter: dated (checked) on or after YYYYMMDD
    region: str | None  # the pupil's chosen province, used when the question asks for companies


class PupilContext(TypedDict, total=False):
    """What the page knows about the pupil, kept only in their browser session."""

    level: str | None  # vmbo, havo, vwo: a hard filter on the passages
    region: str | None  # the chosen province: used when the question asks for companies nearby
    history: Any  # the conversation so far (Gradio message dicts or (role, text) pairs); used,
    # never stored
