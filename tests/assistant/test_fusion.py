from assistant.retrieval import dedupe, fuse
from assistant.types import Hit


def test_rrf_rewards_agreement_between_rankers():
    fused = fuse([["a", "b", "c"], ["b", "d", "a"]], [1.0, 1.0], k=60)
    assert [i for i, _ in fused][:2] == ["b", "a"]
    assert fused[0][1] == 1 / 62 + 1 / 61


def test_rrf_weights_shift_the_order():
    fused = fuse([["a", "b"], ["b", "a"]], [2.0, 1.0], k=60)
    assert fused[0][0] == "a"


def test_near_duplicates_keep_only_the_best():
    text = "Jet-Net is een netwerk van scholen en bedrijven dat leerlingen techniek laat zien."
    hits = [
        Hit("1", "Kop\n" + text, 0.9),
        Hit("2", "Andere kop\n" + text + " Ook in 2012.", 0.8),
        Hit("3", "Kop\nTechNet is er voor het vmbo en mbo.", 0.7),
    ]
    assert [h.chunk_id for h in dedupe(hits)] == ["1", "3"]
