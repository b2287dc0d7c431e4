"""The one entry point CLI, UI and evals use: `Assistant.search`, `.ask` and `.stream`.

guard the input -> condense a follow-up with the recent turns -> query understanding (synonyms,
place/province, level, spelling) -> hybrid retrieval with filters -> company matching ->
low-confidence gate -> prompt -> stream from the chat model -> check the output (citations
repaired, unknown URLs removed, Dutch, length) -> answer, sources, companies and flags.
Without a model, or when it fails, the answer is extractive (assistant.extractive)."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from langchain_core.embeddings import Embeddings
from langchain_core.language_models import BaseChatModel

from assistant import texts
from assistant.answer_checks import check_answer, complete_sentences, has_next_step
from assistant.chat_models import make_chat_model
from assistant.companies import CompanyDirectory, CompanyMatch
from assistant.errors import LLMUnavailableError, TechkompasError
from assistant.extractive import answers_the_type, compose
from assistant.guardrails import check_input, scrub
from assistant.history import condense
from assistant.lexical import LexicalIndex
from assistant.prompt import answer_messages
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
    cited: list[int] = field(default_factory=list)
    backend: str = ""  # who wrote the text: local/openai/fake, extractive, or "" (fixed text)
    problems: list[str] = field(default_factory=list)  # output-check findings, for evals/logs
    pending: bool = False  # a placeholder shown while the model reads the passages


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
        llm: BaseChatModel | None = None,
    ) -> None:
        self.settings = settings
        self.retriever = retriever
        self.analyzer = analyzer
        self.directory = directory
        self.llm = llm
        self.backend = settings.llm if llm is not None else "extractive"

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
        try:
            llm = make_chat_model(settings)
        except TechkompasError as exc:
            log.warning(
                "answering extractively: the %s model is not available: %s", settings.llm, exc
            )
            llm = None
        return cls(
            settings,
            retriever,
            analyzer,
            CompanyDirectory.from_corpus(settings.corpus_dir, analyzer.neighbours),
            llm,
        )

    def warm_up(self) -> None:
        """Load the local model now (serve calls this in the background at start-up)."""
        load = getattr(self.llm, "load", None)
        if load is None:
            return
        try:
            load()
        except LLMUnavailableError as exc:
            log.warning("answering extractively: %s", exc)
            self.llm, self.backend = None, "extractive"
            return
        try:  # evaluate the fixed rules once, so the first pupil's prompt reuses them
            assert self.llm is not None
            self.llm.invoke(answer_messages("Wat is techniek?", []), max_tokens=1)
        except Exception as exc:
            log.warning("warming up the model failed (%s); it will load on the first question", exc)

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

    def ask(
        self,
        question: str,
        *,
        level: str | None = None,
        region: str | None = None,
        history: Any = None,
    ) -> Answer:
        answers = list(self.stream(question, level=level, region=region, history=history))
        return answers[-1] if answers else Answer("")

    def stream(
        self,
        question: str,
        *,
        level: str | None = None,
        region: str | None = None,
        history: Any = None,
    ) -> Iterator[Answer]:
        """Yield growing answers; the last one is complete. `history` is the conversation so far
        (Gradio message dicts or (role, text) pairs); it is used, never stored."""
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
        question = condense(decision.text, history, self.llm)
        found = self.search(question, level=level, region=region)
        info = found.query
        assert info is not None
        companies = self.directory.match(
            question, found.hits, info.province or region, company_intent=info.company_intent
        )
        n_passages = self.settings.llm_passages if self.llm is not None else 3
        hits = found.hits[:n_passages]
        not_found = Answer(texts.NOT_IN_SOURCES, companies=companies, notice=notice)
        if not hits or not self.confident(hits):
            yield not_found
            return
        if self.llm is None:
            yield from self._extractive(question, hits, companies, notice)
            return
        yield from self._generate(question, hits, companies, notice)

    def _extractive(
        self, question: str, hits: list[Hit], companies: list[CompanyMatch], notice: str
    ) -> Iterator[Answer]:
        text, cited = compose(question, hits)
        if not answers_the_type(question, text.split("\n\n")[0]):
            yield Answer(texts.NOT_IN_SOURCES, companies=companies, notice=notice)
            return
        shown = ""
        for word in text.split(" "):  # stream word by word, as a model would
            shown = f"{shown} {word}" if shown else word
            yield Answer(shown, hits, companies, notice=notice, cited=cited, backend="extractive")

    def _generate(
        self, question: str, hits: list[Hit], companies: list[CompanyMatch], notice: str
    ) -> Iterator[Answer]:
        """Stream from the model; only checked, complete sentences are shown while it writes."""
        assert self.llm is not None
        messages = answer_messages(question, hits, self.settings.llm_passage_chars)
        deadline = time.monotonic() + self.settings.llm_timeout
        raw, shown = "", ""
        yield Answer(texts.WRITING, hits, companies, notice=notice, pending=True)
        try:
            for chunk in self.llm.stream(messages):
                raw += str(chunk.content)
                complete = raw[: max(raw.rfind(". "), raw.rfind("\n")) + 1]
                if len(complete) > len(shown):
                    shown = complete
                    partial = check_answer(shown, hits)
                    if partial.text and not partial.not_in_sources:
                        yield Answer(partial.text, hits, companies, notice=notice)
                if time.monotonic() > deadline:
                    raise TimeoutError(f"no complete answer within {self.settings.llm_timeout} s")
        except Exception as exc:  # any model failure: the pupil still gets an answer
            log.warning("%s; answering extractively", self._failure_hint(exc))
            fallback_notice = " ".join(filter(None, [notice, texts.LLM_FALLBACK]))
            yield from self._extractive(question, hits, companies, fallback_notice)
            return
        checked = check_answer(complete_sentences(raw), hits)
        log.info("generated %d chars; checks: %s", len(raw), "; ".join(checked.problems) or "ok")
        if checked.not_in_sources or (
            not checked.fallback and not answers_the_type(question, checked.text)
        ):
            yield Answer(
                texts.NOT_IN_SOURCES, companies=companies, notice=notice, backend=self.backend
            )
            return
        if checked.fallback:
            for answer in self._extractive(question, hits, companies, notice):
                answer.problems = checked.problems
                yield answer
            return
        text = checked.text
        if not has_next_step(text):
            text = f"{text}\n\n{texts.NEXT_STEP}"
        yield Answer(
            text,
            hits,
            companies,
            notice=notice,
            cited=checked.cited,
            backend=self.backend,
            problems=checked.problems,
        )

    def _failure_hint(self, exc: Exception) -> str:
        """The maintainer's log line: what failed and the fix (never the pupil's text)."""
        name = type(exc).__name__
        if self.settings.llm == "openai":
            where = self.settings.openai_base_url
            if "Timeout" in name:
                return (
                    f"the LLM endpoint {where} timed out after {self.settings.llm_timeout} s: "
                    "raise TECHKOMPAS_LLM_TIMEOUT or check the server's load"
                )
            if "Connection" in name:
                return (
                    f"the LLM endpoint {where} is unreachable ({exc}): start the server or fix "
                    "TECHKOMPAS_OPENAI_BASE_URL"
                )
            return (
                f"the LLM endpoint {where} failed ({name}: {exc}): check TECHKOMPAS_OPENAI_MODEL "
                "and TECHKOMPAS_OPENAI_API_KEY"
            )
        if isinstance(exc, TimeoutError):
            return (
                f"{exc}: raise TECHKOMPAS_LLM_TIMEOUT, or lower TECHKOMPAS_LLM_PASSAGES or "
                "TECHKOMPAS_LLM_MAX_TOKENS"
            )
        return f"the {self.settings.llm} model failed ({name}: {exc})"

    def confident(self, hits: list[Hit]) -> bool:
        """Low-confidence gate: the best dense similarity must reach `min_relevance`."""
        best = max(float(h.metadata.get("dense_score", 0.0)) for h in hits)
        return best >= self.settings.relevance_threshold or (
            self.retriever.mode == "bm25" and hits[0].score > 0
        )
