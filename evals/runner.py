"""`techkompas eval`: run gold items through the pipeline, score retrieval and answers, write
items.jsonl, summary.json and report.html, and check the CI gate thresholds."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from assistant.answer import Outcome
from assistant.texts import message
from evals.answers import score_answer
from evals.gold import GoldItem, relevant_index
from evals.metrics import hit_at, ndcg_at, percentile, reciprocal_rank
from evals.report import render

THRESHOLDS = Path(__file__).parent / "thresholds.json"


def question_of(item: GoldItem) -> str:
    """The retrieval query for an item: a follow-up carries the previous user turn (for the
    retrieval metrics; answers go through the pipeline, which condenses the history itself)."""
    previous = [m["content"] for m in item.history if m.get("role") == "user"]
    return " ".join([*previous[-1:], item.question])


def evaluate_item(assistant: Any, item: GoldItem, k: int = 5) -> dict[str, Any]:
    question = question_of(item)
    result: dict[str, Any] = {
        "id": item.id,
        "set": item.set,
        "category": item.category,
        "question": item.question,
        "must_refuse": item.must_refuse,
    }
    why: list[str] = []
    if item.relevant:
        found = assistant.search(question, k, level=item.level, region=item.region)
        labels = [relevant_index(item, h.source, h.text) for h in found.hits]
        result.update(
            {
                "hit@1": hit_at(labels, 1),
                "hit@3": hit_at(labels, 3),
                "hit@5": hit_at(labels, 5),
                "rr": reciprocal_rank(labels),
                "ndcg@5": ndcg_at(labels, len(item.relevant)),
                "retrieve_ms": 1000 * sum(found.timings.values()),
            }
        )
        if not result["hit@5"]:
            why.append(f"relevant passage not in top {k} (wanted {item.relevant[0].source})")
    started = time.perf_counter()
    first = None
    answers = []
    stream = assistant.stream(
        item.question, level=item.level, region=item.region, history=item.history
    )
    for partial in stream:
        if partial.outcome is not Outcome.PENDING:
            first = first if first is not None else time.perf_counter() - started
        answers.append(partial)
    total = time.perf_counter() - started
    answer = answers[-1]
    passages = [h.text for h in answer.hits]
    shown = message(answer)
    metrics = score_answer(item, shown, answer.outcome, passages)
    result.update(metrics)
    result.update(
        {
            "answer": shown,
            "outcome": str(answer.outcome),
            "backend": answer.backend,
            "checks": answer.problems,
            "first_token_ms": 1000 * (first or total),
            "total_ms": 1000 * total,
            "passages": [{"source": h.source, "text": h.text} for h in answer.hits],
        }
    )
    if not metrics["refusal_correct"]:
        why.append(
            "should have refused" if item.must_refuse else "refused a question it should answer"
        )
    if metrics["missing_facts"] and not item.must_refuse:
        why.append(f"missing key facts: {metrics['missing_facts']}")
    if metrics["violations"]:
        why.append(f"forbidden claims: {metrics['violations']}")
    if metrics["citation_validity"] is not None and metrics["citation_validity"] < 1:
        why.append("cites a passage number that was not given")
    result["why"] = why
    result["ok"] = not why
    return result


def _mean(values: list[Any]) -> float:
    values = [v for v in values if v is not None]
    return sum(values) / len(values) if values else 0.0


def summarise(results: list[dict[str, Any]], run: str, config: str) -> dict[str, Any]:
    """Metrics over all items, per gold set (the blind set is always reported on its own) and
    per category."""
    sets = sorted({r.get("set", "") for r in results} - {""})
    categories = sorted({r["category"] for r in results})
    retrieval = [r for r in results if "hit@5" in r]
    per_category = {
        "hit@5": {
            c: _mean([r["hit@5"] for r in retrieval if r["category"] == c])
            for c in categories
            if any(r["category"] == c for r in retrieval)
        },
        "passed": {
            c: _mean([1.0 if r["ok"] else 0.0 for r in results if r["category"] == c])
            for c in categories
        },
    }
    return {
        "run": run,
        "config": config,
        "metrics": metrics_of(results),
        "per_set": {s: metrics_of([r for r in results if r.get("set") == s]) for s in sets},
        "per_category": per_category,
        "latencies_ms": [r["total_ms"] for r in results],
    }


def metrics_of(results: list[dict[str, Any]]) -> dict[str, float]:
    retrieval = [r for r in results if "hit@5" in r]
    answerable = [r for r in results if r["key_fact_recall"] is not None and not r["must_refuse"]]
    refused = [r for r in results if r["refused"]]
    must_refuse = [r for r in results if r["must_refuse"]]
    covered = [r for r in answerable if r["category"] != "unanswerable"]
    uncovered = [r for r in answerable if r["category"] == "unanswerable"]
    metrics = {
        "items": len(results),
        "hit@1": _mean([r["hit@1"] for r in retrieval]),
        "hit@3": _mean([r["hit@3"] for r in retrieval]),
        "hit@5": _mean([r["hit@5"] for r in retrieval]),
        "mrr": _mean([r["rr"] for r in retrieval]),
        "ndcg@5": _mean([r["ndcg@5"] for r in retrieval]),
        "key_fact_recall": _mean([r["key_fact_recall"] for r in answerable]),
        "citation_validity": _mean([r["citation_validity"] for r in results]),
        "citation_support": _mean([r["citation_support"] for r in results]),
        "refusal_accuracy": _mean([1.0 if r["refusal_correct"] else 0.0 for r in results]),
        "refusal_precision": _mean([1.0 if r["refusal_correct"] else 0.0 for r in refused]),
        "refusal_recall": _mean([1.0 if r["refused"] else 0.0 for r in must_refuse]),
        "dutch_rate": _mean([1.0 if r["dutch"] else 0.0 for r in results]),
        "gendered_rate": _mean([1.0 if r["gendered"] else 0.0 for r in results]),
        "mean_words": _mean([float(r["words"]) for r in results]),
        "violations": float(sum(len(r["violations"]) for r in results)),
        "passed": _mean([1.0 if r["ok"] else 0.0 for r in results]),
        # "niet in mijn bronnen" said to questions the sources do answer (target <= 2%) ...
        "not_in_sources_rate": _mean([_said_not_in_sources(r) for r in covered]),
        # ... and to questions they do not answer (category "unanswerable"; target: all)
        "unanswerable_refused": _mean([_said_not_in_sources(r) for r in uncovered]),
    }
    for stage in ("retrieve_ms", "first_token_ms", "total_ms"):
        values = [r[stage] for r in results if stage in r]
        metrics[f"{stage[:-3]}_p50_ms"] = percentile(values, 50)
        metrics[f"{stage[:-3]}_p95_ms"] = percentile(values, 95)
    return metrics


def _said_not_in_sources(result: dict[str, Any]) -> float:
    return 1.0 if result.get("outcome") == "not_in_sources" else 0.0


def run(
    assistant: Any, items: list[GoldItem], out: Path, config: str, progress: bool = True
) -> dict[str, Any]:
    from tqdm import tqdm

    results = [
        evaluate_item(assistant, item)
        for item in tqdm(items, desc="eval", unit="item", disable=not progress)
    ]
    return write_run(results, out, config)


def naive_results(items: list[GoldItem], paths: list[Path], tmp: Path) -> list[dict[str, Any]]:
    """The naive LangChain baseline: retrieval metrics only (it has no answer step)."""
    from evals.retrieval import naive_rankings

    scored = [i for i in items if i.relevant]
    rankings, latencies = naive_rankings(scored, paths, tmp)
    results = []
    for item, (labels, n), seconds in zip(scored, rankings, latencies, strict=True):
        ok = hit_at(labels, 5) == 1.0
        results.append(
            {
                "id": item.id,
                "category": item.category,
                "question": item.question,
                "must_refuse": False,
                "hit@1": hit_at(labels, 1),
                "hit@3": hit_at(labels, 3),
                "hit@5": hit_at(labels, 5),
                "rr": reciprocal_rank(labels),
                "ndcg@5": ndcg_at(labels, n),
                "retrieve_ms": 1000 * seconds,
                "total_ms": 1000 * seconds,
                "answer": "",
                "refused": False,
                "refusal_correct": True,
                "key_fact_recall": None,
                "missing_facts": [],
                "violations": [],
                "citations": 0,
                "citation_validity": None,
                "citation_support": None,
                "dutch": True,
                "words": 0,
                "gendered": False,
                "why": [] if ok else ["relevant passage not in top 5"],
                "ok": ok,
            }
        )
    return results


def write_run(results: list[dict[str, Any]], out: Path, config: str) -> dict[str, Any]:
    out.mkdir(parents=True, exist_ok=True)
    summary = summarise(results, out.name, config)
    with (out / "items.jsonl").open("w", encoding="utf-8") as fh:
        for r in results:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    (out / "summary.json").write_text(
        json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    (out / "report.html").write_text(render(summary, results), encoding="utf-8")
    return summary


def gate(
    summary: dict[str, Any], results: list[dict[str, Any]], thresholds: dict[str, float]
) -> list[str]:
    """Messages for every metric below (or, for *_rate limits named max_*, above) its threshold."""
    problems = []
    for name, limit in thresholds.items():
        metric = name.removeprefix("max_")
        value = summary["metrics"][metric]
        failed = value > limit if name.startswith("max_") else value < limit
        if failed:
            worst = [f"{r['id']} ({'; '.join(r['why'])})" for r in results if not r["ok"]][:5]
            problems.append(f"{metric} = {value:.3f}, threshold {limit}: worst items: {worst}")
    return problems


def compare(run_a: Path, run_b: Path) -> str:
    """Metric deltas and the items that regressed or improved from run A to run B."""
    a, b = (json.loads((r / "summary.json").read_text(encoding="utf-8")) for r in (run_a, run_b))
    items_a, items_b = (
        {
            json.loads(line)["id"]: json.loads(line)
            for line in (r / "items.jsonl").read_text(encoding="utf-8").splitlines()
        }
        for r in (run_a, run_b)
    )
    lines = [f"{'metric':<22}{'A':>10}{'B':>10}{'delta':>10}"]
    for name, value in b["metrics"].items():
        old = a["metrics"].get(name)
        if isinstance(value, int | float) and isinstance(old, int | float):
            lines.append(f"{name:<22}{old:>10.3f}{value:>10.3f}{value - old:>+10.3f}")
    regressed = [i for i in items_b if i in items_a and items_a[i]["ok"] and not items_b[i]["ok"]]
    improved = [i for i in items_b if i in items_a and not items_a[i]["ok"] and items_b[i]["ok"]]
    lines.append(
        f"regressed ({len(regressed)}): "
        + ", ".join(f"{i} ({'; '.join(items_b[i]['why'])})" for i in regressed)
    )
    lines.append(f"improved ({len(improved)}): " + ", ".join(improved))
    return "\n".join(lines)
