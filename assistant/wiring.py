"""The composition of the answer pipeline: one place that opens the store, brings the BM25 side
in step, and builds the `Assistant`. The CLI, the UI server, the evals, the benchmarks and the
test fixtures all call `open_assistant`."""

from __future__ import annotations

import logging

from langchain_core.language_models import BaseChatModel

from assistant.catalog import Catalog
from assistant.chat_models import make_chat_model
from assistant.companies import CompanyDirectory
from assistant.embedding import cache_queries, make_embeddings
from assistant.errors import LLMUnavailableError
from assistant.lexical import LexicalIndex
from assistant.pipeline import Assistant
from assistant.query import QueryAnalyzer
from assistant.reranking import make_reranker
from assistant.retrieval import HybridRetriever
from assistant.sentence_vectors import SentenceVectors
from assistant.settings import Settings
from assistant.store import check_index, open_collection

log = logging.getLogger(__name__)


def open_assistant(settings: Settings, llm: BaseChatModel | None = None) -> Assistant:
    """The pipeline over the index of `settings`. `llm` overrides the configured backend (tests
    pass a scripted fake); without it the backend comes from `settings.llm`, and a backend that
    cannot be made (not installed, no model file) leaves the assistant answering without a model.
    Fails fast with the fix when there is no index, before any model is loaded."""
    check_index(settings)
    embeddings = make_embeddings(settings)
    collection = open_collection(settings, embeddings)
    lexical = LexicalIndex.open_in_step(settings, collection)
    analyzer = QueryAnalyzer.from_corpus(settings.corpus_dir)
    analyzer.set_vocabulary(lexical.terms())
    retriever = HybridRetriever(
        collection=collection,
        embeddings=cache_queries(embeddings, settings.query_cache_size),
        lexical=lexical,
        reranker=make_reranker(settings.reranker),
        mode=settings.retrieval_mode,
        k=settings.search_k,
        candidates=settings.candidates,
        rrf_k=settings.fusion_k,
        threshold=settings.relevance_threshold,
    )
    catalog = Catalog.from_corpus(settings.corpus_dir)
    directory = CompanyDirectory(catalog, analyzer.neighbours)
    if llm is None:
        try:
            llm = make_chat_model(settings)
        except LLMUnavailableError as exc:
            log.warning(
                "answering without a model: the %s model is not available: %s", settings.llm, exc
            )
    sentences = SentenceVectors.open_existing(settings)
    return Assistant(settings, retriever, analyzer, directory, llm, sentences)
