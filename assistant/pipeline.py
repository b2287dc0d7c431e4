"""The one entry point CLI, UI and evals use: `Assistant.search`, `.ask` and `.stream`.

question -> query understanding (synonyms, place/province, level, spelling) -> hybrid retrieval
with filters -> company matching -> answer. This version answers extractively (the best passages
with their sources); generation plugs in here."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from langchain_core.embeddings import Embeddings

from assistant import texts
from assistant.companies import CompanyDirectory, CompanyMatch
from assistant.extractive import answers_the_type, compose
from assistant.guardrails import check_input, scrub
from assistant.lexical import LexicalIndex
from assistant.query import QueryAnalyzer, QueryInfo
from assistant.reranking import make_reranker
from assistant.retrieval import HybridRetriever, RetrievalResult, build_where
from assistant.settings import Settings
from assistant.types import Hit

log = logging.getLogger(__name__)
MAX_QUESTION_CHARS = 1000


@dataclass
class Answer:
    text: str
    hits: list[Hit] = field(default_factory=list)
    companies: list[CompanyMatch] = field(default_factory=list)
    refused: bool = False
    notice: str = ""


@dataclass
class SearchResult(RetrievalResult):
    query: QueryInfo | None = None


def lexical_path(settings: Settings) -> Path:
    return settings.index_dir / "lexical.sqlite3"


class Assistant:
    def __init__(
        self,
        settings: Settings,
        retriever: HybridRetriever,
        analyzer: QueryAnalyzer,
        directory: CompanyDirectory,
    ) -> None:
        self.settings = settings
        self.retriever = retriever
        self.analyzer = analyzer
        self.directory = directory

    @classmethod
    def build(cls, settings: Settings, collection: Any, embeddings: Embeddings) -> Assistant:
        """Wire the stages from settings; the BM25 index is brought in step with the collection."""
        lexical = LexicalIndex(lexical_path(settings))
        lexical.sync_with(collection)
        analyzer = QueryAnalyzer.from_corpus(settings.corpus_dir)
        analyzer.set_vocabulary(lexical.terms())
        retriever = HybridRetriever(
            collection=collection,
            embeddings=embeddings,
            lexical=lexical,
            reranker=make_reranker(settings.reranker),
            mode=settings.retrieval_mode,
            k=settings.search_k,
            candidates=settings.candidates,
        )
        return cls(
            settings,
            retriever,
            analyzer,
            CompanyDirectory.from_corpus(settings.corpus_dir, analyzer.neighbours),
        )

    def search(
        self,
        question: str,
        k: int | None = None,
        *,
        province: str | None = None,
        level: str | None = None,
        doc_type: str | None = None,
        region: str | None = None,
        since: int | None = None,
    ) -> SearchResult:
        """`province`/`level`/`doc_type` are hard filters; `region` is the pupil's chosen province,
        used when the question asks for companies nearby."""
        info = self.analyzer.analyze(question, region=region, level=level)
        if province is None and info.company_intent and info.province:
            province = info.province
        where = build_where(province=province, level=info.level, doc_type=doc_type, since=since)
        found = self.retriever.retrieve(info.expanded, k=k or self.settings.search_k, where=where)
        stages = ["query"] + found.stages
        return SearchResult(found.hits, stages, found.timings, info)

    def ask(self, question: str, *, level: str | None = None, region: str | None = None) -> Answer:
        answers = list(self.stream(question, level=level, region=region))
        return answers[-1] if answers else Answer("")

    def stream(
        self, question: str, *, level: str | None = None, region: str | None = None
    ) -> Iterator[Answer]:
        """Yield growing answers; the last one is complete."""
        question = " ".join(question.split())
        if not question:
            yield Answer(texts.EMPTY_QUESTION, refused=True)
            return
        notice = ""
        if len(question) > MAX_QUESTION_CHARS:
            question, notice = question[:MAX_QUESTION_CHARS], texts.QUESTION_CUT
        decision = check_input(question)
        log.info("question: %d chars, guardrail=%s", len(question), decision.reason)
        log.debug("question (scrubbed): %s", scrub(question))
        if not decision.allowed:
            yield Answer(decision.message, refused=True, notice=notice)
            return
        question = decision.text
        found = self.search(question, level=level, region=region)
        info = found.query
        assert info is not None
        companies = self.directory.match(
            question, found.hits, info.province or region, company_intent=info.company_intent
        )
        hits = found.hits[:3]
        if not hits or not self.confident(hits):
            yield Answer(texts.NOT_IN_SOURCES, companies=companies, notice=notice)
            return
        text, cited = compose(question, hits)
        if not answers_the_type(question, text.split("\n\n")[0]):
            yield Answer(texts.NOT_IN_SOURCES, companies=companies, notice=notice)
            return
        shown = ""
        for word in text.split(" "):  # stream word by word, as a model would
            shown = f"{shown} {word}" if shown else word
            yield Answer(shown, hits, companies, notice=notice)
        log.debug("answered with passages %s", cited)

    def confident(self, hits: list[Hit]) -> bool:
        """Low-confidence gate: the best dense similarity must reach `min_relevance`."""
        best = max(float(h.metadata.get("dense_score", 0.0)) for h in hits)
        return best >= self.settings.relevance_threshold or (
            self.retriever.mode == "bm25" and hits[0].score > 0
        )
