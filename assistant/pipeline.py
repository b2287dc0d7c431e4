"""The one entry point CLI, UI and evals use: `Assistant.search`, `.ask` and `.stream`.

guard the input -> condense a follow-up with the recent turns -> query understanding (synonyms,
place/province, level, spelling) -> hybrid retrieval with filters -> company matching ->
low-confidence gate -> the answer text (assistant.generation: extractive, or a chat model whose
sentences are checked) -> `Answer` with its `Outcome`. Built by `assistant.wiring.open_assistant`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, TypedDict, Unpack

from langchain_core.language_models import BaseChatModel

from assistant.answer import Answer, Notice, Outcome
from assistant.companies import CompanyDirectory
from assistant.errors import LLMUnavailableError
from assistant.generation import Context, extractive_answers, generated_answers
from assistant.guardrails import check_input, scrub
from assistant.history import condense
from assistant.prompt import answer_messages
from assistant.query import QueryAnalyzer, QueryInfo
from assistant.retrieval import HybridRetriever, RetrievalResult, build_where
from assistant.settings import Settings
from assistant.types import Hit

log = logging.getLogger(__name__)
MAX_QUESTION_CHARS = 1000


class SearchFilters(TypedDict, total=False):
    province: str | None  # hard filter: only chunks of this province (companies)
    level: str | None  # hard filter: vmbo, havo, vwo
    doc_type: str | None  # hard filter: programme, profile, role, company, document
    since: int | None  # hard filter: dated (checked) on or after YYYYMMDD
    region: str | None  # the pupil's chosen province, used when the question asks for companies


class PupilContext(TypedDict, total=False):
    """What the page knows about the pupil, kept only in their browser session."""

    level: str | None  # vmbo, havo, vwo: a hard filter on the passages
    region: str | None  # the chosen province: used when the question asks for companies nearby
    history: Any  # the conversation so far (Gradio message dicts or (role, text) pairs); used,
    # never stored


@dataclass
class SearchResult(RetrievalResult):
    query: QueryInfo | None = None


class Assistant:
    def __init__(
        self,
        settings: Settings,
        retriever: HybridRetriever,
        analyzer: QueryAnalyzer,
        directory: CompanyDirectory,
        llm: BaseChatModel | None = None,
    ) -> None:
        self.settings = settings
        self.retriever = retriever
        self.analyzer = analyzer
        self.directory = directory
        self.llm = llm

    @property
    def backend(self) -> str:
        """Who writes answers: the configured model backend, or extractive without a model."""
        return self.settings.llm if self.llm is not None else "extractive"

    def warm_up(self) -> None:
        """Load the local model now (serve calls this in the background at start-up)."""
        load = getattr(self.llm, "load", None)
        if load is None:
            return
        try:
            load()
        except LLMUnavailableError as exc:
            log.warning("answering extractively: %s", exc)
            self.llm = None
            return
        try:  # evaluate the fixed rules once, so the first pupil's prompt reuses them
            assert self.llm is not None
            self.llm.invoke(answer_messages("Wat is techniek?", []), max_tokens=1)
        except Exception as exc:
            log.warning("warming up the model failed (%s); it will load on the first question", exc)

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
        found = self.retriever.retrieve(info.expanded, k=k or self.settings.search_k, where=where)
        stages = ["query"] + found.stages
        return SearchResult(found.hits, stages, found.timings, info)

    def ask(self, question: str, **pupil: Unpack[PupilContext]) -> Answer:
        """The complete answer (the last one `stream` yields)."""
        final = Answer(Outcome.REFUSED, reason="empty")
        for final in self.stream(question, **pupil):  # noqa: B007
            pass
        return final

    def stream(self, question: str, **pupil: Unpack[PupilContext]) -> Iterator[Answer]:
        """Yield growing answers; the last one is complete."""
        level, region = pupil.get("level"), pupil.get("region")
        history = pupil.get("history")
        question = " ".join(question.split())
        if not question:
            yield Answer(Outcome.REFUSED, reason="empty")
            return
        notices = []
        if len(question) > MAX_QUESTION_CHARS:
            question = question[:MAX_QUESTION_CHARS]
            notices.append(Notice.QUESTION_CUT)
        decision = check_input(question)
        log.info("question: %d chars, guardrail=%s", len(question), decision.reason)
        log.debug("question (scrubbed): %s", scrub(question))
        if not decision.allowed:
            yield Answer(Outcome.REFUSED, reason=decision.reason, notices=notices)
            return
        question = condense(decision.text, history, self.llm)
        found = self.search(question, level=level, region=region)
        assert found.query is not None
        companies = self.directory.match(
            question,
            found.hits,
            found.query.province or region,
            company_intent=found.query.company_intent,
        )
        n_passages = self.settings.llm_passages if self.llm is not None else 3
        ctx = Context(question, found.hits[:n_passages], companies, notices)
        if not ctx.hits or not self.confident(ctx.hits):
            yield ctx.answer(Outcome.NOT_IN_SOURCES)
        elif self.llm is None:
            yield from extractive_answers(ctx)
        else:
            yield from generated_answers(ctx, self.llm, self.settings)

    def confident(self, hits: list[Hit]) -> bool:
        """Low-confidence gate: the best dense similarity must reach `min_relevance`."""
        best = max(h.dense_score for h in hits)
        return best >= self.settings.relevance_threshold or (
            self.retriever.mode == "bm25" and hits[0].score > 0
        )
