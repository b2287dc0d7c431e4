"""Retrieval metrics over ranked lists of relevance labels.

A ranked list holds, per rank, the index of the relevant passage the hit contains, or None.
A relevant passage counts once: a second hit with the same passage is a duplicate (gain 0)."""

from __future__ import annotations

import math
from collections.abc import Sequence


def _first_hits(ranked: Sequence[int | None]) -> list[bool]:
    seen: set[int] = set()
    gains = []
    for label in ranked:
        new = label is not None and label not in seen
        if label is not None:
            seen.add(label)
        gains.append(new)
    return gains


def hit_at(ranked: Sequence[int | None], k: int) -> float:
    return 1.0 if any(label is not None for label in ranked[:k]) else 0.0


def reciprocal_rank(ranked: Sequence[int | None]) -> float:
    for rank, label in enumerate(ranked, start=1):
        if label is not None:
            return 1.0 / rank
    return 0.0


def ndcg_at(ranked: Sequence[int | None], n_relevant: int, k: int = 5) -> float:
    if n_relevant == 0:
        return 0.0
    gains = _first_hits(ranked[:k])
    dcg = sum(1.0 / math.log2(rank + 1) for rank, g in enumerate(gains, start=1) if g)
    ideal = sum(1.0 / math.log2(rank + 1) for rank in range(1, min(n_relevant, k) + 1))
    return dcg / ideal


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100); 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    index = max(0, math.ceil(q / 100 * len(ordered)) - 1)
    return ordered[index]


def summarise(rankings: list[tuple[Sequence[int | None], int]]) -> dict[str, float]:
    """Mean hit@1/3/5, MRR and nDCG@5 over (ranked labels, number of relevant passages)."""
    n = len(rankings) or 1
    return {
        "hit@1": sum(hit_at(r, 1) for r, _ in rankings) / n,
        "hit@3": sum(hit_at(r, 3) for r, _ in rankings) / n,
        "hit@5": sum(hit_at(r, 5) for r, _ in rankings) / n,
        "mrr": sum(reciprocal_rank(r) for r, _ in rankings) / n,
        "ndcg@5": sum(ndcg_at(r, m) for r, m in rankings) / n,
    }
