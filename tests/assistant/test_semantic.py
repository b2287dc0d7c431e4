"""Choosing answer sentences by meaning as well as by shared words (assistant.semantic and the
`similar`/`meaning` arguments of assistant.extractive.compose)."""

from assistant.embedding import FakeEmbeddings
from assistant.extractive import compose
from assistant.semantic import SentenceSimilarity
from assistant.types import Hit


class Counting(FakeEmbeddings):
    def __init__(self) -> None:
        super().__init__()
        self.documents = 0
        self.queries = 0

    def embed_documents(self, texts):
        self.documents += len(texts)
        return super().embed_documents(texts)

    def embed_query(self, text):
        self.queries += 1
        return super().embed_query(text)


def test_the_same_words_are_closest_and_values_are_cosines():
    similarity = SentenceSimilarity(FakeEmbeddings())
    sims = similarity("krijg je loon bij bbl", ["je krijgt loon bij bbl", "de school is groot"])
    assert sims[0] > sims[1]
    assert all(-1.0 <= s <= 1.0 + 1e-9 for s in sims)


def test_sentence_vectors_are_embedded_once_and_the_cache_is_bounded():
    embeddings = Counting()
    similarity = SentenceSimilarity(embeddings, cache_size=3)
    similarity("vraag", ["een", "twee"])
    similarity("vraag", ["twee", "een"])
    assert (embeddings.documents, embeddings.queries) == (2, 2)  # the question is not cached
    similarity("vraag", ["een"], vector=embeddings.embed_query("vraag"))
    assert embeddings.queries == 3  # a vector retrieval already made is used as it is
    similarity("andere vraag", ["drie", "vier"])
    assert len(similarity._vectors) == 3  # the oldest were dropped
    assert similarity("x", []) == []


def _passage() -> list[Hit]:
    text = (
        "BBL\nBBL staat voor beroepsbegeleidende leerweg op het mbo. "
        "Bij BBL werk je bij een bedrijf en krijg je loon. "
        "De school heeft een kantine."
    )
    return [Hit("id", text, 0.9, {})]


def _closeness(by_word: str):
    """A stand-in for the embedding model: sentences with `by_word` are closest."""
    return lambda sentences: [1.0 if by_word in s else 0.0 for s in sentences]


def test_meaning_decides_between_sentences_that_share_words():
    question = "bbl mbo betaald"
    words_only, _ = compose(question, _passage())
    assert words_only.startswith("BBL staat voor")
    by_meaning, _ = compose(question, _passage(), similar=_closeness("loon"), meaning=3.0)
    assert by_meaning.startswith("Bij BBL werk je bij een bedrijf en krijg je loon.")


def test_meaning_never_brings_in_a_sentence_without_a_shared_word():
    hits = [Hit("id", "Over de school\nBBL is een leerweg op het mbo. De kantine is groot.", 0.9)]
    text, _ = compose("bbl mbo", hits, similar=_closeness("kantine"), meaning=10.0)
    assert "kantine" not in text


def test_under_a_heading_the_question_names_only_the_closest_other_sentence_comes_in():
    text = (
        "Welk profiel heb je nodig voor elektrotechniek?\n"
        "Bij elektrotechniek leer je over stroom. Hbo: met havo N&T kun je beginnen. "
        "Het eerste jaar kan pittig zijn."
    )
    hits = [Hit("id", text, 0.9)]
    question = "welk profiel heb je nodig voor elektrotechniek"
    closest, _ = compose(question, hits, similar=_closeness("N&T"), meaning=3.0)
    assert closest.startswith("Hbo: met havo N&T kun je beginnen.")
    assert "pittig" not in closest
    words_only, _ = compose(question, hits)
    assert "N&T" not in words_only and "pittig" not in words_only


def test_weight_zero_is_words_only():
    text, _ = compose("bbl mbo betaald", _passage(), similar=_closeness("loon"), meaning=0.0)
    assert text.startswith("BBL staat voor")


def test_a_condensed_follow_up_is_compared_by_its_own_words():
    embeddings = Counting()
    similarity = SentenceSimilarity(embeddings)
    vector = embeddings.embed_query("en krijg je dan ook geld? (wat is bbl)")
    own = similarity.to("en krijg je dan ook geld? (wat is bbl)", vector)(["je krijgt loon"])
    alone = similarity("en krijg je dan ook geld?", ["je krijgt loon"])
    assert own == alone  # the own words embedded, not retrieval's vector of the whole
    assert embeddings.queries == 3
    plain = similarity.to("wat is bbl", vector)
    plain(["je krijgt loon"])
    assert embeddings.queries == 3  # a question of its own: retrieval's vector is used
