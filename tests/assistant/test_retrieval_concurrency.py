"""What the retriever does to be quick gives the same hits as the stages one after another:
BM25 on the side thread while the question is embedded (also with many questions at once),
and texts fetched only for the candidates that are kept."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from assistant.embedding import FakeEmbeddings
from assistant.lexical import LexicalIndex, lexical_path, tokenize
from assistant.retrieval import HybridRetriever, build_where, dedupe, fuse
from assistant.store import open_collection
from assistant.types import Hit

QUESTIONS = [
    "Wat doet een procesoperator?",
    "Wat is Jet-Net?",
    "Welk bedrijf in Groningen maakt zout?",
    "TechNet voor het vmbo",
    "ploegendienst in de fabriek",
]


@pytest.fixture
def parts(fixture_index):
    collection = open_collection(fixture_index, FakeEmbeddings())
    return collection, LexicalIndex(lexical_path(fixture_index))


def sequential(retriever: HybridRetriever, question: str, where=None) -> list[tuple[str, float]]:
    """The stages one after another, every text fetched: how the retriever worked before BM25
    moved to the side thread and texts were fetched only for the candidates kept."""
    vector = retriever.embeddings.embed_query(question)
    got = retriever.collection.query(
        query_embeddings=[vector], n_results=30, where=where, include=["documents", "distances"]
    )
    texts = dict(zip(got["ids"][0], got["documents"][0], strict=True))
    assert retriever.lexical is not None
    lexical = retriever.lexical.search(tokenize(question), 30, where)
    fused = fuse([got["ids"][0], [i for i, _ in lexical]], [1.0, 1.0])[:30]
    missing = [i for i, _ in fused if i not in texts]
    if missing:
        more = retriever.collection.get(ids=missing, include=["documents"])
        texts.update(zip(more["ids"], more["documents"], strict=True))
    hits = [Hit(i, texts[i], score) for i, score in fused]
    return [(h.chunk_id, h.score) for h in dedupe(hits, 0.6, 5)]


@pytest.mark.parametrize("where", [None, build_where(level="havo")])
def test_hybrid_hits_equal_the_stages_run_one_after_another(parts, where):
    collection, lexical = parts
    retriever = HybridRetriever(collection=collection, embeddings=FakeEmbeddings(), lexical=lexical)
    for question in QUESTIONS:
        found = retriever.retrieve(question, where=where)
        assert [(h.chunk_id, h.score) for h in found.hits] == sequential(retriever, question, where)
        assert found.stages == ["dense", "bm25", "fusion", "dedupe"]


def test_bm25_runs_while_the_question_is_embedded(parts):
    collection, lexical = parts
    searched = threading.Event()

    class WaitsForBM25(FakeEmbeddings):
        def embed_query(self, text: str) -> list[float]:
            assert searched.wait(5), "BM25 did not run while the question was embedded"
            return super().embed_query(text)

    class Signalling(LexicalIndex):
        def search(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            found = super().search(*args, **kwargs)
            searched.set()
            return found

    signalling = Signalling(lexical.path)
    retriever = HybridRetriever(
        collection=collection, embeddings=WaitsForBM25(), lexical=signalling
    )
    assert retriever.retrieve("Wat doet een procesoperator?").hits


def test_many_questions_at_once_get_the_hits_of_one_at_a_time(parts):
    collection, lexical = parts
    retriever = HybridRetriever(collection=collection, embeddings=FakeEmbeddings(), lexical=lexical)
    alone = {q: [h.chunk_id for h in retriever.retrieve(q).hits] for q in QUESTIONS}
    with ThreadPoolExecutor(max_workers=8) as pool:
        together = list(
            pool.map(lambda q: [h.chunk_id for h in retriever.retrieve(q).hits], QUESTIONS * 6)
        )
    assert together == [alone[q] for q in QUESTIONS * 6]


@pytest.mark.parametrize("mode", ["dense", "bm25", "hybrid"])
def test_an_empty_collection_finds_nothing_in_every_mode(settings, tmp_path, mode):
    collection = open_collection(settings, FakeEmbeddings(), create=True)
    lexical = LexicalIndex(tmp_path / "empty.sqlite3")
    retriever = HybridRetriever(
        collection=collection, embeddings=FakeEmbeddings(), lexical=lexical, mode=mode
    )
    assert retriever.retrieve("Wat doet een procesoperator?").hits == []


def test_each_hit_keeps_the_score_of_each_retriever(parts):
    collection, lexical = parts
    retriever = HybridRetriever(collection=collection, embeddings=FakeEmbeddings(), lexical=lexical)
    hits = retriever.retrieve("Wat doet een procesoperator?", k=10).hits
    vector = FakeEmbeddings().embed_query("Wat doet een procesoperator?")
    got = collection.query(query_embeddings=[vector], n_results=30, include=["distances"])
    dense = {i: 1.0 - d for i, d in zip(got["ids"][0], got["distances"][0], strict=True)}
    bm25 = dict(lexical.search(tokenize("Wat doet een procesoperator?"), 30))
    assert hits and all(h.text and h.metadata for h in hits)
    assert [h.dense_score for h in hits] == [dense.get(h.chunk_id, 0.0) for h in hits]
    assert [h.bm25_score for h in hits] == [bm25.get(h.chunk_id, 0.0) for h in hits]


class Spy:
    """A collection that records the ids whose texts are fetched."""

    def __init__(self, collection):
        self.collection = collection
        self.fetched: list[list[str]] = []

    def __getattr__(self, name):
        return getattr(self.collection, name)

    def get(self, ids=None, **kwargs):
        self.fetched.append(list(ids))
        return self.collection.get(ids=ids, **kwargs)


def test_only_the_texts_of_the_first_candidates_are_fetched(parts):
    collection, lexical = parts
    spy = Spy(collection)
    retriever = HybridRetriever(collection=spy, embeddings=FakeEmbeddings(), lexical=lexical)
    found = retriever.retrieve("Wat doet een procesoperator?", k=2)
    assert len(found.hits) == 2 and [len(ids) for ids in spy.fetched] == [4]


def test_a_reranker_gets_every_candidate_in_one_fetch(parts):
    from assistant.reranking import make_reranker

    collection, lexical = parts
    spy = Spy(collection)
    retriever = HybridRetriever(
        collection=spy, embeddings=FakeEmbeddings(), lexical=lexical, reranker=make_reranker("fake")
    )
    retriever.retrieve("Wat doet een procesoperator?", k=2)
    assert len(spy.fetched) == 1 and len(spy.fetched[0]) > 4
