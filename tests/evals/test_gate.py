"""The CI eval gate: a spread of gold items through the real embedder and the extractive answer
path, checked against evals/thresholds.json. A failure names the metric and the worst items."""

import json

import pytest

from assistant.cli import eval_assistant
from assistant.settings import load_settings
from evals.gold import GOLD_DIR, load_gold
from evals.runner import THRESHOLDS, gate, run
from tests.conftest import SEEDS

pytestmark = pytest.mark.slow
SHIPPED = GOLD_DIR.parents[1] / "corpus"


def test_smoke_eval_meets_the_thresholds(tmp_path):
    settings = load_settings(index_dir=tmp_path / "index", corpus_dir=SHIPPED)
    paths = [SHIPPED, *([SEEDS] if SEEDS.is_dir() else [])]
    assistant = eval_assistant(settings, paths)
    items = [i for f in sorted(GOLD_DIR.glob("*.jsonl")) for i in load_gold(f)]
    if not SEEDS.is_dir():
        items = [i for i in items if not any(r.source.startswith("seeds/") for r in i.relevant)]
    subset = items[::2]
    summary = run(assistant, subset, tmp_path / "run", "ci smoke", progress=False)
    results = [json.loads(line) for line in (tmp_path / "run/items.jsonl").read_text().splitlines()]
    problems = gate(summary, results, json.loads(THRESHOLDS.read_text()))
    assert not problems, "\n".join(problems)
