import math

import pytest

from evals.gold import GoldItem, Relevant, load_gold, normalise, relevant_index
from evals.metrics import hit_at, ndcg_at, percentile, reciprocal_rank, summarise


def test_hit_and_mrr_on_a_hand_computed_list():
    ranked = [None, 0, None, 1]
    assert (hit_at(ranked, 1), hit_at(ranked, 3)) == (0.0, 1.0)
    assert reciprocal_rank(ranked) == 0.5


def test_no_relevant_item_scores_zero_everywhere():
    ranked = [None] * 5
    assert (hit_at(ranked, 5), reciprocal_rank(ranked), ndcg_at(ranked, 1)) == (0.0, 0.0, 0.0)
    assert ndcg_at([0], 0) == 0.0


def test_ndcg_counts_a_duplicate_hit_once():
    # two relevant passages; the same passage found twice, the second never
    assert ndcg_at([0, 0, None], 2) == pytest.approx(1.0 / (1 + 1 / math.log2(3)))
    assert ndcg_at([0, 1], 2) == pytest.approx(1.0)


def test_ties_in_percentile_and_nearest_rank():
    assert percentile([5, 5, 5, 10], 50) == 5
    assert percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95) == 10
    assert percentile([], 95) == 0.0


def test_summary_averages_over_items():
    summary = summarise([([0], 1), ([None, None, 0], 1)])
    assert summary["hit@1"] == 0.5 and summary["hit@3"] == 1.0
    assert summary["mrr"] == pytest.approx((1 + 1 / 3) / 2)


def test_anchor_matches_across_accents_case_and_hyphen_breaks():
    item = GoldItem("x", "seeds", "q", relevant=[Relevant("seeds/a.txt", "bèta- en techniek")])
    assert relevant_index(item, "seeds/a.txt", "Het onderwijs in Bèta- en Techniek groeit") == 0
    assert relevant_index(item, "seeds/b.txt", "bèta- en techniek") is None
    assert normalise("Jet-Net’s") == "jet net s"


def test_bad_gold_line_names_the_line(tmp_path):
    from assistant.errors import SourceError

    path = tmp_path / "g.jsonl"
    path.write_text(
        '{"id": "a", "category": "roles", "question": "q"}\n{"id": \n', encoding="utf-8"
    )
    with pytest.raises(SourceError) as info:
        load_gold(path)
    assert info.value.line == 2


def test_shipped_gold_sets_load_and_meet_the_sizes():
    from evals.gold import GOLD_DIR

    retrieval = load_gold(GOLD_DIR / "retrieval.jsonl")
    answers = load_gold(GOLD_DIR / "answers.jsonl")
    assert len(retrieval) >= 80 and all(i.relevant for i in retrieval)
    assert len(retrieval) + len(answers) >= 150
    assert {i.category for i in answers} >= {
        "unanswerable",
        "offtopic",
        "unsafe",
        "injection",
        "followup",
    }
