"""Search: the pupil's question understood (synonyms, place, level, spelling), hybrid retrieval
with filters, the first candidates ranked again by their closest sentence (ADR 0016), and a
role or company the question names put first. `Assistant.search` is this."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Unpack

from assistant.catalog import Catalog
from assistant.lookups import named_records
from assistant.query import QueryAnalyzer, QueryInfo
from assistant.reranking import by_best_sentence
from assistant.retrieval import HybridRetriever, RetrievalResult, build_where
from assistant.semantic import SentenceSimilarity
from assistant.settings import Settings
from assistant.types import SearchFilters


@dataclass
class SearchResult(RetrievalResult):
    query: QueryInfo | None = None


@dataclass
class Searcher:
    settings: Settings
    retriever: HybridRetriever
    analyzer: QueryAnalyzer
    similarity: SentenceSimilarity
    catalog: Catalog

    def search(
        self, question: str, k: int | None = None, **filters: Unpack[SearchFilters]
    ) -> SearchResult:
        """The best passages for `question` (see `SearchFilters`)."""
        province, level = filters.get("province"), filters.get("level")
        region = filters.get("region")
        info = self.analyzer.analyze(question, region=region, level=level)
        if province is None and info.company_intent and info.province:
            province = info.province
        where = build_where(
            province=province,
            level=info.level,
            doc_type=filters.get("doc_type"),
            since=filters.get("since"),
        )
        # dense gets the pupil's own words (an appended synonym list pulls its embedding off
        # the topic: seed dense hit@5 0.91 -> 0.87); BM25 gets the expansions and repairs
        k = k or self.settings.search_k
        depth = max(k, self.settings.sentence_rerank_depth)
        documents_depth = max(depth, self.settings.sentence_rerank_documents_depth)
        found = self.retriever.retrieve(
            question, lexical_query=info.expanded, k=documents_depth, where=where
        )
        stages = ["query"] + found.stages
        if found.vector is not None and self.settings.sentence_rerank > 0:
            started = time.perf_counter()
            closeness = self.similarity.to(question, found.vector)  # a follow-up: own words
            found.hits = by_best_sentence(
                found.hits,
                closeness,
                self.settings.sentence_rerank,
                depth,
                documents_depth=documents_depth,
            )
            stages.append("sentences")
            found.timings["sentences"] = time.perf_counter() - started
        found.hits = found.hits[:k]
        doc_type = filters.get("doc_type")
        named = named_records(self.retriever, self.catalog, question, info, doc_type, province)
        if named:  # first, with the scores retrieval gave them (the confidence gate reads them)
            scored = {h.chunk_id: h for h in found.hits}
            named = [scored.get(h.chunk_id, h) for h in named]
            seen = {h.chunk_id for h in named}
            found.hits = [*named, *(h for h in found.hits if h.chunk_id not in seen)][:k]
            stages.append("named")
        return SearchResult(found.hits, stages, found.timings, vector=found.vector, query=info)
