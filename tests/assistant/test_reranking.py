"""Reranking the first candidates by their closest sentence (assistant.reranking)."""

from assistant.reranking import by_best_sentence
from assistant.types import Hit

LONG = (
    "Verslag — Samenvatting\nHet programma had veel onderdelen. Er werd veel vergaderd. "
    "Op de wachtlijst stonden 85 scholen. De rest van het jaar ging zoals gepland."
)
SHORT = "Jet-Net — Wat is het?\nJet-Net verbond scholen en bedrijven."
OTHER = "Techniekpact — Wat is het?\nHet Techniekpact is een landelijk akkoord."


def _hit(name: str, text: str) -> Hit:
    return Hit(name, text, 0.0, {})


def _closeness(sentences: list[str]) -> list[float]:
    """A stand-in for cosine similarity: the sentence about the waiting list is the close one."""
    return [0.9 if "wachtlijst" in s else 0.5 for s in sentences]


def test_a_passage_whose_one_sentence_answers_moves_up():
    hits = [_hit("short", SHORT), _hit("other", OTHER), _hit("long", LONG)]
    reranked = by_best_sentence(hits, _closeness, weight=2.0, depth=3)
    assert [h.chunk_id for h in reranked][0] == "long"


def test_the_retrieval_order_still_counts():
    """With a small weight a close sentence lifts a passage one place, not to the top."""
    hits = [_hit("short", SHORT), _hit("other", OTHER), _hit("long", LONG)]
    reranked = by_best_sentence(hits, _closeness, weight=0.5, depth=3)
    assert [h.chunk_id for h in reranked] == ["short", "long", "other"]


def test_hits_below_the_depth_and_weight_zero_are_left_alone():
    hits = [_hit("short", SHORT), _hit("other", OTHER), _hit("long", LONG)]
    assert by_best_sentence(hits, _closeness, weight=1.0, depth=2) == hits
    assert by_best_sentence(hits, _closeness, weight=0.0, depth=3) == hits


def test_the_closeness_is_asked_once_for_all_sentences():
    asked: list[list[str]] = []

    def closeness(sentences: list[str]) -> list[float]:
        asked.append(sentences)
        return _closeness(sentences)

    by_best_sentence([_hit("a", SHORT), _hit("b", LONG)], closeness, weight=1.0, depth=2)
    assert len(asked) == 1 and any("wachtlijst" in s for s in asked[0])


def _typed(name: str, text: str, doc_type: str) -> Hit:
    return Hit(name, text, 0.0, {"doc_type": doc_type})


def test_a_schools_own_document_is_reranked_from_deeper_than_the_corpus_passages():
    """Below `depth` only the school's documents take part (up to `documents_depth`): a long
    report passage whose one sentence answers comes up; a corpus passage as deep stays put."""
    hits = [
        _typed("short", SHORT, "programme"),
        _typed("other", OTHER, "programme"),
        _typed("deep-corpus", LONG.replace("Verslag", "Corpus"), "programme"),
        _typed("deep-report", LONG, "document"),
    ]
    reranked = by_best_sentence(hits, _closeness, weight=2.0, depth=2, documents_depth=4)
    ids = [h.chunk_id for h in reranked]
    assert ids.index("deep-report") < ids.index("other")
    assert ids[-1] == "deep-corpus"
    alone = by_best_sentence(hits, _closeness, weight=2.0, depth=2)  # no documents depth
    assert [h.chunk_id for h in alone][2:] == ["deep-corpus", "deep-report"]


def test_float_noise_in_the_closeness_does_not_reorder():
    """Two runs embed a sentence with float noise of about 1e-6: the order stays the one of
    retrieval when the closest sentences are equally close at three decimals."""
    hits = [_hit("a", SHORT), _hit("b", OTHER)]
    for noise in (0.0, 2e-6, -2e-6):

        def closeness(sentences: list[str], noise: float = noise) -> list[float]:
            return [0.8 + (noise if "Techniekpact" in s else 0.0) for s in sentences]

        reranked = by_best_sentence(hits, closeness, weight=2.0, depth=2)
        assert [h.chunk_id for h in reranked] == ["a", "b"]
