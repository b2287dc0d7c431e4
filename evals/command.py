"""`techkompas eval`: build the eval index, run the gold items, write the report, check the gate,
or compare two runs. Called lazily from `assistant.cli`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


def run_eval(settings: Any, args: argparse.Namespace) -> int:
    import datetime as dt

    from assistant.errors import ConfigurationError
    from evals.gold import GOLD_DIR, load_gold
    from evals.runner import THRESHOLDS, compare, gate, run

    if args.runs:
        if args.runs[0] != "compare" or len(args.runs) != 3:
            raise ConfigurationError("Use: techkompas eval compare RUN_A RUN_B")
        print(compare(Path(args.runs[1]), Path(args.runs[2])))
        return 0
    if args.pipeline == "hybrid+rerank" and settings.reranker == "none":
        raise ConfigurationError(
            "hybrid+rerank needs a reranker: set "
            "TECHKOMPAS_RERANKER=cross-encoder:/path/to/model (docs/adr/0004)"
        )
    seeds = SEEDS
    items = [i for f in (args.gold or sorted(GOLD_DIR.glob("*.jsonl"))) for i in load_gold(f)]
    if not seeds.is_dir():
        items = [i for i in items if not any(r.source.startswith("seeds/") for r in i.relevant)]
    if args.limit:
        items = items[:: max(1, len(items) // args.limit)][: args.limit]
    out = args.out or Path("evals/runs") / dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    paths = [settings.corpus_dir, *([seeds] if seeds.is_dir() else [])]
    if args.pipeline == "naive":  # retrieval-only baseline: RecursiveCharacterTextSplitter + MiniLM
        import tempfile

        from evals.runner import naive_results, write_run

        results = naive_results(items, paths, Path(tempfile.mkdtemp(prefix="tk-naive-")))
        summary = write_run(results, out, f"pipeline=naive (retrieval only), items={len(results)}")
        return _print_summary(summary, out)
    index = args.index or settings.index_dir.parent / "eval-index"
    mode = "hybrid" if args.pipeline == "hybrid+rerank" else args.pipeline
    settings = settings.model_copy(update={"index_dir": index, "retrieval_mode": mode})
    from evals.index import indexed_assistant

    assistant = indexed_assistant(settings, paths)
    config = (
        f"pipeline={args.pipeline}, llm={settings.llm}, embedding={settings.embedding_model}, "
        f"reranker={settings.reranker}, items={len(items)}"
    )
    summary = run(assistant, items, out, config)
    _print_summary(summary, out)
    if args.gate:
        import json as _json

        thresholds = _json.loads(THRESHOLDS.read_text(encoding="utf-8"))
        results = [
            _json.loads(line)
            for line in (out / "items.jsonl").read_text(encoding="utf-8").splitlines()
        ]
        problems = gate(summary, results, thresholds)
        for problem in problems:
            print(f"EVAL GATE FAILED: {problem}", file=sys.stderr)
        return 1 if problems else 0
    return 0


def _print_summary(summary: dict[str, Any], out: Path) -> int:
    for name, value in summary["metrics"].items():
        print(f"{name:<22}{value:>10.3f}")
    print(f"report: {out / 'report.html'}")
    return 0
