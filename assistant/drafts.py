"""What the answers built from the records are made of: a draft (text with [n] and the
passages it cites, a route card, companies) and the records a draft is built from."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from assistant.answer import Outcome
from assistant.catalog import Catalog
from assistant.companies import CompanyDirectory, CompanyMatch
from assistant.routes import RouteCard
from assistant.types import Hit

RecordHits = Callable[[str], list[Hit]]  # record id -> its chunks in document order


@dataclass
class Draft:
    """A structured answer before the pipeline wraps it: text with [n], the numbered sources."""

    outcome: Outcome
    text: str = ""
    hits: list[Hit] = field(default_factory=list)
    route: RouteCard | None = None
    companies: list[CompanyMatch] = field(default_factory=list)
    unknown: str = ""  # a role the corpus has no record of
    related: list[str] = field(default_factory=list)  # role titles to suggest instead

    @property
    def cited(self) -> list[int]:
        return list(range(1, len(self.hits) + 1))

    def cite(self, hit: Hit | None) -> str:
        """' [n]' for `hit`, numbering it on first use ('' when there is no chunk)."""
        if hit is None:
            return ""
        if hit.chunk_id not in [h.chunk_id for h in self.hits]:
            self.hits.append(hit)
        return f" [{[h.chunk_id for h in self.hits].index(hit.chunk_id) + 1}]"


@dataclass
class Records:
    """What structured answers need: the catalog, company matching and record chunks."""

    catalog: Catalog
    directory: CompanyDirectory
    record_hits: RecordHits
    topic_roles: Callable[..., list[str]]  # question[, limit] -> role ids it is about
    known: frozenset[str] = frozenset()  # names that need no passage (towns, abbreviations)
    # "van mbo naar het hbo" -> the documents' paragraph on that step and its passage
    step: Callable[[str], tuple[str, Hit] | None] = lambda question: None

    def chunk(self, record_id: str, index: int = 0) -> Hit | None:
        hits = self.record_hits(record_id)
        return hits[min(index, len(hits) - 1)] if hits else None
