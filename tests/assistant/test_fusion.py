from assistant.retrieval import dedupe, fuse
from assistant.types import Hit


def test_rrf_rewards_agreement_between_rankers():
    fused = fuse([["a", "b", "c"], ["b", "d", "a"]], [1.0, 1.0], k=60)
    assert [i for i, _ in fused][:2] == ["b", "a"]
    assert fused[0][1] == 1 / 62 + 1 / 61


def test_rrf_weights_shift_the_order():
    fused = fuse([["a", "b"], ["b", "a"]], [2.0, 1.0], k=60)
    assert fused[0][0] == "a"


def test_a_low_constant_lets_one_rankers_first_place_beat_an_eighth_place_in_both():
    """ "waarom kozen minder vmbo'ers techniek?": the report paragraph that says why is the
    closest in meaning, in words it shares none (BM25 misses it). At k=60 anything both
    rankers found somewhere beats it; at k=5 (`fusion_k`, ADR 0017) a first place counts."""
    dense = ["why", *(f"x{i}" for i in range(6)), "both"]
    bm25 = [*(f"y{i}" for i in range(7)), "both"]
    flat = [i for i, _ in fuse([dense, bm25], [1.0, 1.0], k=60)]
    steep = [i for i, _ in fuse([dense, bm25], [1.0, 1.0], k=5)]
    assert flat.index("both") < flat.index("why")
    assert steep.index("why") < steep.index("both")


def test_near_duplicates_keep_only_the_best():
    text = "Jet-Net is een netwerk van scholen en bedrijven dat leerlingen techniek laat zien."
    hits = [
        Hit("1", "Kop\n" + text, 0.9),
        Hit("2", "Andere kop\n" + text + " Ook in 2012.", 0.8),
        Hit("3", "Kop\nTechNet is er voor het vmbo en mbo.", 0.7),
    ]
    assert [h.chunk_id for h in dedupe(hits)] == ["1", "3"]


def test_the_fusion_constant_setting_reaches_the_retriever(make_assistant):
    assert make_assistant(llm="extractive").retriever.rrf_k == 60
    assert make_assistant(llm="extractive", fusion_k=5).retriever.rrf_k == 5
