"""The one entry point CLI, UI and evals use: `Assistant.search`, `.ask` and `.stream`.

guard the input -> condense a follow-up with the recent turns -> query understanding (synonyms,
place/province, level, spelling) -> hybrid retrieval with filters -> company matching ->
low-confidence gate -> the answer text (assistant.generation: extractive, or a chat model whose
sentences are checked) -> `Answer` with its `Outcome`. Built by `assistant.wiring.open_assistant`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any, Unpack

from langchain_core.language_models import BaseChatModel

from assistant.admission import Admission, Stopwatch
from assistant.answer import Answer, Notice, Outcome
from assistant.answer_cache import AnswerCache, Key
from assistant.backlog import Backlog
from assistant.catalog import companies_named_in
from assistant.companies import CompanyDirectory
from assistant.comparison import both_topics, compared_names
from assistant.delivery import delivered
from assistant.drafts import Records
from assistant.errors import StoreUnavailableError
from assistant.generation import (
    Context,
    Sheet,
    extractive_sheet,
    phrased_answers,
    shown_sheet,
    warmed,
)
from assistant.guardrails import check_input, scrub
from assistant.history import as_turns, condense, last_answer
from assistant.intents import Classified, Intent, classify
from assistant.leads import answer_lead
from assistant.lookups import document_passages, earlier_names, topic_roles
from assistant.query import QueryAnalyzer, QueryInfo
from assistant.question_shapes import asked
from assistant.records import SchoolTopic
from assistant.retrieval import HybridRetriever
from assistant.role_comparison import role_comparison
from assistant.role_search import subject_answer
from assistant.school_steps import STEP_TYPES, step_passage
from assistant.search import Searcher, SearchResult
from assistant.semantic import SentenceSimilarity
from assistant.sentence_vectors import SentenceVectors
from assistant.settings import Settings
from assistant.structured import structured_answer
from assistant.topics import named_topics
from assistant.types import Hit, PupilContext, SearchFilters

log = logging.getLogger(__name__)
MAX_QUESTION_CHARS = 1000
# profile or programme questions: from those documents, not roles that mention a profile in passing
DOCUMENT_TYPES = {
    Intent.PROFILE: ("profile", "document"),
    Intent.PROGRAMME: ("programme", "document"),
}


class Assistant:
    def __init__(
        self,
        settings: Settings,
        retriever: HybridRetriever,
        analyzer: QueryAnalyzer,
        directory: CompanyDirectory,
        llm: BaseChatModel | None = None,
        sentences: SentenceVectors | None = None,
    ) -> None:
        self.settings = settings
        self.retriever = retriever
        self.analyzer = analyzer
        self.directory = directory
        self.llm = llm
        self.cache = AnswerCache(settings.answer_cache_size)
        first = settings.first_sentence_s / 2  # hopeful: a model is tried live before it is judged
        self.admission = Admission(
            settings.answer_budget_s, slots=settings.llm_slots, to_first_estimate_s=first
        )
        self.backlog = Backlog(self._phrase, self.cache, self.admission)
        self.similarity = SentenceSimilarity(retriever.embeddings, stored=sentences)
        self.searcher = Searcher(settings, retriever, analyzer, self.similarity, directory.catalog)
        self.records = Records(
            directory.catalog,
            directory,
            retriever.record_hits,
            partial(topic_roles, retriever, analyzer),
            analyzer.known_words(),
            partial(step_passage, passages=[], search=partial(self.search, doc_type=STEP_TYPES)),
        )

    @property
    def backend(self) -> str:
        """Who writes answers: the configured model backend, or extractive without a model."""
        return self.settings.llm if self.llm is not None else "extractive"

    def warm_up(self) -> None:
        """Load the local model now (serve calls this in the background at start-up); without
        it when it cannot load (answers are then extractive)."""
        if self.llm is not None and not warmed(self.llm):
            self.llm = None

    def search(
        self, question: str, k: int | None = None, **filters: Unpack[SearchFilters]
    ) -> SearchResult:
        """The best passages for `question` (see `SearchFilters`; `assistant.search`)."""
        return self.searcher.search(question, k, **filters)

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
        if as_turns(history):  # a follow-up depends on the conversation: never shared
            question = self._condense(decision.text, history)
            named = tuple(companies_named_in(self.directory.catalog, last_answer(history)))
            answers = self._answer(question, level, region, notices, earlier=named)
            yield from self._reachable(answers, notices)
            return
        key = self.cache.key(decision.text, level, region, self.retriever.generation())
        cached = self.cache.get(key) if not notices else None
        if cached is not None:
            yield cached
            return
        final = None
        answers = self._answer(decision.text, level, region, notices, key)
        for final in self._reachable(answers, notices):
            yield final
        if final is not None:
            self.cache.put(key, final)  # not a refusal: "try again" is never cached

    @staticmethod
    def _reachable(answers: Iterator[Answer], notices: list[Notice]) -> Iterator[Answer]:
        """`answers`, or (the index cannot be reached) a request to try again in a moment."""
        try:
            yield from answers
        except StoreUnavailableError as exc:
            log.warning("cannot search the index: %s", exc)
            yield Answer(Outcome.REFUSED, reason="unavailable", notices=notices)

    def _condense(self, question: str, history: Any) -> str:
        """A follow-up made whole: by the model when it is free right now, else by the rule
        (a follow-up never waits behind other pupils' answers)."""
        ticket = self.admission.enter(wait_s=0) if self.llm is not None else None
        try:
            return condense(question, history, self.llm if ticket is not None else None)
        finally:
            if ticket is not None:
                self.admission.leave(ticket, learn=False)

    def _answer(
        self,
        question: str,
        level: str | None,
        region: str | None,
        notices: list[Notice],
        key: Key | None = None,
        earlier: tuple[str, ...] = (),
    ) -> Iterator[Answer]:
        """Records first (company, role and route questions), else the passages; then the
        checked fact sheet is shown, or phrased by the model when there is one."""
        found = self.search(question, level=level, region=region)
        info = found.query
        assert info is not None
        classified = classify(question, info, self.directory.catalog)
        wants_companies = info.company_intent or classified.intent is Intent.COMPANIES
        companies = self.directory.match(
            question,
            found.hits,
            info.province or region,
            company_intent=wants_companies,
            town=info.place,
        )
        draft = role_comparison(question, self.records) or structured_answer(
            question, classified, info, self.records, found.hits, region, earlier
        )
        if draft is None and not classified.roles:  # "iets met X, wat kan ik worden?"
            intent, hits = classified.intent, found.hits
            draft = subject_answer(question, intent, info, self.records, hits, region)
        compared = compared_names(question, self.records.catalog.topics)
        if draft is not None and draft.outcome is Outcome.NOT_IN_SOURCES and both_topics(compared):
            draft = None  # "ng of nt als ik dokter wil worden": the two profiles side by side
        if draft is not None:
            ctx = Context(
                question,
                draft.hits,
                draft.companies or companies,
                notices,
                intent=classified.intent,
                route=draft.route,
                terms=info.expanded,
                known=self.records.known,
            )
            if draft.outcome is Outcome.NOT_IN_SOURCES:
                yield ctx.answer(draft.outcome, unknown=draft.unknown, related=draft.related)
            else:
                yield from self._deliver(ctx, Sheet(draft.text, draft.cited, "records"), key)
            return
        topics = (
            [] if classified.roles else named_topics(asked(question), self.records.catalog.topics)
        )
        hits = self._passages(question, found, info, classified, (level, region), topics)
        steps = partial(self.search, level=level, doc_type=STEP_TYPES)
        pupil = (info.expanded, info.level or level, self.records.catalog.topics.year)
        limit = self.settings.llm_passages
        sections = self.retriever.section_hits
        lead, drawn = answer_lead(question, topics, hits, pupil, limit, steps, compared, sections)
        ctx = Context(
            question,
            drawn,
            companies,
            notices,
            intent=classified.intent,
            terms=info.expanded,
            known=self.records.known,
            weights=self.retriever.word_weights(info.expanded),
            lead=lead,
            similar=self.similarity.to(question, found.vector),
            meaning=self.settings.sentence_meaning,
            compared=compared,
            earlier_names=earlier_names(question, self.records.catalog.topics),
        )
        sure = ctx.hits and (topics or self.retriever.confident(ctx.hits))  # a topic: its section
        if (sheet := extractive_sheet(ctx) if sure else None) is None:
            yield ctx.answer(Outcome.NOT_IN_SOURCES)
            return
        yield from self._deliver(ctx, sheet, key)

    def _passages(
        self,
        question: str,
        found: SearchResult,
        info: QueryInfo,
        classified: Classified,
        pupil: tuple[str | None, str | None],
        topics: list[SchoolTopic],
    ) -> list[Hit]:
        """The passages for a question the records do not answer: a profile or programme
        question from those documents (`lookups.document_passages` orders them)."""
        level, region = pupil
        if classified.intent in DOCUMENT_TYPES:
            doc_types = DOCUMENT_TYPES[classified.intent]
            narrowed = self.search(question, level=level, region=region, doc_type=doc_types)
            found = narrowed if narrowed.hits else found
        every, unknown = self.records.catalog.topics.topics, classified.unknown_role
        # "de opleiding tot verpleegkundige": no role record is about it
        no_role = (classified.intent is Intent.OTHER and not classified.roles) or bool(unknown)
        passages = document_passages(
            self.retriever, question, found.hits, info, topics, every, no_role
        )
        if unknown:  # not another role's record ("opleiding", "duurt" shared)
            return [h for h in passages if h.doc_type != "role"] or passages
        return passages

    def _deliver(self, ctx: Context, sheet: Sheet, key: Key | None) -> Iterator[Answer]:
        """The sheet as it is, or (a model on) as `assistant.delivery` decides."""
        if self.llm is None:
            return shown_sheet(ctx, sheet)
        first_s = self.settings.first_sentence_s
        return delivered(ctx, sheet, key, self._phrase, first_s, self.admission, self.backlog)

    def _phrase(
        self,
        ctx: Context,
        sheet: Sheet,
        first_by: float | None = None,
        release: Callable[[], None] = lambda: None,
        stopwatch: Stopwatch | None = None,
    ) -> Iterator[Answer]:
        if self.llm is None:  # the model failed to load after the question was queued
            release()
            return iter(())
        return phrased_answers(ctx, sheet, self.llm, self.settings, first_by, release, stopwatch)
