"""The answer sentences' vectors made at ingestion (assistant.sentence_vectors): in step with the
collection, each sentence embedded once, and used by the answers instead of embedding."""

import numpy as np
import pytest

from assistant.answer_units import unit_texts
from assistant.embedding import FakeEmbeddings
from assistant.semantic import SentenceSimilarity
from assistant.sentence_vectors import SentenceVectors, sentences_path
from tests.assistant.test_semantic import Counting

A = "Titel\nBij BBL werk je vier dagen bij een bedrijf. Je krijgt loon van dat bedrijf."
B = "Titel\nBij BOL ga je vooral naar school. Je loopt stage bij een bedrijf in de regio."
C = "Titel\nBij BBL werk je vier dagen bij een bedrijf. Een dag per week ga je naar school."


def _upsert(collection, **texts):
    ids = list(texts)
    collection.upsert(
        ids=ids,
        documents=[texts[i] for i in ids],
        embeddings=FakeEmbeddings().embed_documents([texts[i] for i in ids]),
        metadatas=[{"source": i} for i in ids],
    )


def _sync(store, collection, embeddings, version="v1", **kwargs):
    return store.sync_with(collection, embeddings, unit_texts, version, **kwargs)


def test_every_unit_is_embedded_once_and_looked_up_as_embedded(tmp_path, collection):
    _upsert(collection, a=A, b=B)
    embeddings, store = Counting(), SentenceVectors(tmp_path / "s.sqlite3", "fake")
    wanted = {*unit_texts(A), *unit_texts(B)}
    assert _sync(store, collection, embeddings) == (len(wanted), 0)
    assert embeddings.documents == len(wanted) == store.count() == 4
    found = store.lookup(["Je krijgt loon van dat bedrijf.", "niet opgeslagen"])
    assert list(found) == ["Je krijgt loon van dat bedrijf."]
    expected = FakeEmbeddings().embed_documents(["Je krijgt loon van dat bedrijf."])[0]
    assert np.allclose(found["Je krijgt loon van dat bedrijf."], expected, atol=1e-6)
    assert _sync(store, collection, embeddings) == (0, 0)  # in step: nothing embedded again
    assert embeddings.documents == 4


def test_a_new_chunk_embeds_only_new_sentences_and_a_gone_chunk_drops_its_own(tmp_path, collection):
    _upsert(collection, a=A, b=B)
    embeddings, store = Counting(), SentenceVectors(tmp_path / "s.sqlite3", "fake")
    _sync(store, collection, embeddings)
    _upsert(collection, c=C)  # shares its first sentence with A
    assert _sync(store, collection, embeddings) == (1, 0)
    collection.delete(ids=["a"])
    assert _sync(store, collection, embeddings) == (0, 1)  # "loon" went; the shared one stays
    assert "Bij BBL werk je vier dagen bij een bedrijf." in store.lookup(unit_texts(C))
    assert not store.lookup(["Je krijgt loon van dat bedrijf."])


def test_other_unit_code_derives_units_again_and_another_model_starts_over(tmp_path, collection):
    _upsert(collection, a=A)
    embeddings, path = Counting(), tmp_path / "s.sqlite3"
    store = SentenceVectors(path, "fake")
    _sync(store, collection, embeddings)
    assert _sync(store, collection, embeddings, version="v2") == (0, 0)  # same texts: kept
    cut = store.sync_with(collection, embeddings, lambda text: [text.upper()], "v3")
    assert cut == (1, 2)  # the new unit embedded, the two old ones nobody uses dropped
    other = SentenceVectors(path, "e5-small")
    assert _sync(other, collection, embeddings) == (2, 0)  # another model: everything again
    assert other.count() == 2


def test_a_run_killed_before_writing_keeps_the_old_state(tmp_path, collection):
    _upsert(collection, a=A)
    embeddings, store = Counting(), SentenceVectors(tmp_path / "s.sqlite3", "fake")
    _sync(store, collection, embeddings)
    _upsert(collection, b=B)

    def killed(phase):
        raise KeyboardInterrupt(phase)

    with pytest.raises(KeyboardInterrupt):
        _sync(store, collection, embeddings, checkpoint=killed)
    assert store.count() == 2
    assert _sync(store, collection, embeddings) == (2, 0)  # the next run repairs it


def test_open_existing_only_for_the_index_model(settings, collection):
    assert SentenceVectors.open_existing(settings) is None  # an index without the store
    _upsert(collection, a=A)
    SentenceVectors(sentences_path(settings), "minilm").sync_with(
        collection, FakeEmbeddings(), unit_texts, "v1"
    )
    assert SentenceVectors.open_existing(settings) is None  # made with another model
    SentenceVectors(sentences_path(settings), "fake").sync_with(
        collection, FakeEmbeddings(), unit_texts, "v1"
    )
    store = SentenceVectors.open_existing(settings)
    assert store is not None and store.count() == 2


def test_similarity_uses_stored_vectors_and_embeds_only_what_is_missing(tmp_path, collection):
    _upsert(collection, a=A)
    store = SentenceVectors(tmp_path / "s.sqlite3", "fake")
    _sync(store, collection, FakeEmbeddings())
    embeddings = Counting()
    similarity = SentenceSimilarity(embeddings, stored=store)
    sentences = [*unit_texts(A), "Een zin die niet in de index staat."]
    with_store = similarity("krijg je loon bij bbl", sentences)
    assert embeddings.documents == 1  # only the sentence the index lacks
    without = SentenceSimilarity(FakeEmbeddings())("krijg je loon bij bbl", sentences)
    assert np.allclose(with_store, without, atol=1e-5)


def test_answers_over_an_ingested_index_embed_no_corpus_sentence(make_assistant):
    """Ingestion cut the passages the way the answers do: every sentence an answer weighs by
    meaning comes from the store (a drift between the two would embed, and fail here)."""
    assistant = make_assistant(llm="extractive", answer_cache_size=0)
    assert assistant.similarity.stored is not None
    for question in (
        "wat doet een procesoperator?",
        "welk profiel heb je nodig voor werktuigbouwkunde",
        "krijg je loon bij bbl?",
        "welke bedrijven zijn er in groningen",
    ):
        assistant.ask(question)
    assert assistant.similarity.stored.count() > 0
    assert len(assistant.similarity._vectors) == 0  # nothing was embedded on the fly


def test_no_store_when_meaning_is_off(settings):
    from ingest.indexer import index_paths
    from tests.conftest import FIXTURES

    index_paths(settings.model_copy(update={"sentence_meaning": 0.0}), [FIXTURES / "corpus"])
    assert not sentences_path(settings).exists()
