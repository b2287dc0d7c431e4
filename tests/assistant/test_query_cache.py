"""The question-embedding cache: bounded, keyed on the exact text, documents passed through."""

from __future__ import annotations

from assistant.embedding import MODEL_IDS, FakeEmbeddings, QueryCache, cache_queries, model_id


class Counting(FakeEmbeddings):
    def __init__(self) -> None:
        super().__init__()
        self.queries: list[str] = []

    def embed_query(self, text: str) -> list[float]:
        self.queries.append(text)
        return super().embed_query(text)


def test_a_question_asked_again_is_not_embedded_again():
    inner = Counting()
    cache = QueryCache(inner, size=4)
    first = cache.embed_query("Wat doet een procesoperator?")
    again = cache.embed_query("Wat doet een procesoperator?")
    assert again == first == inner.embed_query("Wat doet een procesoperator?")
    assert inner.queries.count("Wat doet een procesoperator?") == 2  # once by the cache
    assert (cache.hits, cache.misses) == (1, 1)


def test_the_key_is_the_exact_text():
    inner = Counting()
    cache = QueryCache(inner, size=4)
    for text in ["Wat is Jet-Net?", "wat is jet-net?", "Wat is Jet-Net? ", "Wat is Jet-Net?"]:
        cache.embed_query(text)
    assert inner.queries == ["Wat is Jet-Net?", "wat is jet-net?", "Wat is Jet-Net? "]


def test_the_cache_keeps_only_the_most_recently_used_questions():
    inner = Counting()
    cache = QueryCache(inner, size=2)
    for text in ["a", "b", "a", "c", "b", "a"]:  # c pushes b out (a was used after b)
        cache.embed_query(text)
    assert inner.queries == ["a", "b", "c", "b", "a"]
    assert len(cache._vectors) == 2


def test_a_caller_changing_its_vector_does_not_change_the_cache():
    cache = QueryCache(FakeEmbeddings(), size=2)
    cache.embed_query("techniek")[0] = 42.0
    assert cache.embed_query("techniek")[0] != 42.0


def test_documents_pass_straight_through_and_the_model_id_is_kept():
    inner = Counting()
    cache = cache_queries(inner, 8)
    assert cache.embed_documents(["een", "twee"]) == inner.embed_documents(["een", "twee"])
    assert inner.queries == [] and model_id(cache) == MODEL_IDS["fake"]


def test_size_zero_means_no_cache():
    inner = FakeEmbeddings()
    assert cache_queries(inner, 0) is inner


def test_the_pipeline_embeds_a_question_asked_again_once(make_assistant):
    assistant = make_assistant(answer_cache_size=0)
    first = assistant.search("Wat is Jet-Net?", 3)
    again = assistant.search("Wat is Jet-Net?", 3)
    assert [h.chunk_id for h in again.hits] == [h.chunk_id for h in first.hits]
    cache = assistant.retriever.embeddings
    assert isinstance(cache, QueryCache) and cache.hits >= 1


def test_the_cache_can_be_turned_off(make_assistant):
    assistant = make_assistant(query_cache_size=0)
    assert not isinstance(assistant.retriever.embeddings, QueryCache)
