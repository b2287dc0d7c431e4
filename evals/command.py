"""`techkompas eval`: build the eval index, run the gold items, write the report, check the gate,
or compare two runs. Called lazily from `assistant.cli`; `evaluate` is the same run for scripts
and the benchmarks."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from assistant.errors import ConfigurationError
from assistant.settings import Settings

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


def run_eval(settings: Settings, args: argparse.Namespace) -> int:
    from evals.runner import compare

    if args.runs:
        if args.runs[0] != "compare" or len(args.runs) != 3:
            raise ConfigurationError("Use: techkompas eval compare RUN_A RUN_B")
        print(compare(Path(args.runs[1]), Path(args.runs[2])))
        return 0
    out = args.out or Path("evals/runs") / dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    summary = evaluate(
        settings,
        gold=args.gold,
        out=out,
        index=args.index,
        pipeline=args.pipeline,
        limit=args.limit,
    )
    _print_summary(summary, out)
    return _gate(summary, out) if args.gate else 0


def evaluate(
    settings: Settings,
    *,
    gold: list[Path] | None,
    out: Path,
    index: Path | None = None,
    pipeline: str = "hybrid",
    limit: int | None = None,
) -> dict[str, Any]:
    """Run the gold items (default: every evals/gold/*.jsonl) and write the run to `out`."""
    from evals.gold import GOLD_DIR, load_gold
    from evals.runner import run

    if pipeline == "hybrid+rerank" and settings.reranker == "none":
        raise ConfigurationError(
            "hybrid+rerank needs a reranker: set "
            "TECHKOMPAS_RERANKER=cross-encoder:/path/to/model (docs/adr/0004)"
        )
    items = [i for f in (gold or sorted(GOLD_DIR.glob("*.jsonl"))) for i in load_gold(f)]
    if not SEEDS.is_dir():
        items = [i for i in items if not any(r.source.startswith("seeds/") for r in i.relevant)]
    if limit:
        items = items[:: max(1, len(items) // limit)][:limit]
    paths = [settings.corpus_dir, *([SEEDS] if SEEDS.is_dir() else [])]
    if pipeline == "naive":  # retrieval-only baseline: RecursiveCharacterTextSplitter + MiniLM
        import tempfile

        from evals.runner import naive_results, write_run

        results = naive_results(items, paths, Path(tempfile.mkdtemp(prefix="tk-naive-")))
        return write_run(results, out, f"pipeline=naive (retrieval only), items={len(results)}")
    mode = "hybrid" if pipeline == "hybrid+rerank" else pipeline
    index = index or settings.index_dir.parent / "eval-index"
    settings = settings.model_copy(update={"index_dir": index, "retrieval_mode": mode})
    from evals.prepare import indexed_assistant

    assistant = indexed_assistant(settings, paths)
    config = (
        f"pipeline={pipeline}, llm={settings.llm}, embedding={settings.embedding_model}, "
        f"reranker={settings.reranker}, items={len(items)}"
    )
    return run(assistant, items, out, config)


def _gate(summary: dict[str, Any], out: Path) -> int:
    from evals.runner import THRESHOLDS, gate

    thresholds = json.loads(THRESHOLDS.read_text(encoding="utf-8"))
    results = [
        json.loads(line) for line in (out / "items.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    problems = gate(summary, results, thresholds)
    for problem in problems:
        print(f"EVAL GATE FAILED: {problem}", file=sys.stderr)
    return 1 if problems else 0


def _print_summary(summary: dict[str, Any], out: Path) -> None:
    sets = summary.get("per_set", {})
    print(f"{'metric':<22}{'all':>10}" + "".join(f"{s:>10}" for s in sets))
    for name, value in summary["metrics"].items():
        per_set = "".join(f"{m[name]:>10.3f}" for m in sets.values())
        print(f"{name:<22}{value:>10.3f}{per_set}")
    print(f"report: {out / 'report.html'}")
