"""The CI eval gate: a spread of gold items through the real embedder and the extractive answer
path, checked against evals/thresholds.json. A failure names the metric and the worst items."""

import json

import pytest

from evals.gold import TEAM_GOLD, load_gold
from evals.runner import THRESHOLDS, gate, run
from tests.conftest import SEEDS

pytestmark = pytest.mark.slow


def test_smoke_eval_meets_the_thresholds(shipped_assistant, tmp_path):
    items = [i for f in TEAM_GOLD for i in load_gold(f)]
    if not SEEDS.is_dir():
        items = [i for i in items if not any(r.source.startswith("seeds/") for r in i.relevant)]
    subset = items[::2]
    summary = run(shipped_assistant, subset, tmp_path / "run", "ci smoke", progress=False)
    results = [json.loads(line) for line in (tmp_path / "run/items.jsonl").read_text().splitlines()]
    problems = gate(summary, results, json.loads(THRESHOLDS.read_text()))
    assert not problems, "\n".join(problems)
