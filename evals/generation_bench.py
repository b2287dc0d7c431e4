# ruff: noqa: E501  (Markdown table rows)
"""Speed of the local model (`python -m evals.bench --only generation`).

For a spread of answerable gold questions: the pipeline's own prompt (rules + the top passages
from hybrid retrieval), sent to the model with two passage budgets: the default
(`llm_passages` x `llm_passage_chars`) and about 1,500 prompt tokens (the issue's target case).
Measured per question: prompt tokens, time to first token (prompt evaluation; the rules prefix is
reused from the previous question by llama.cpp), generation tokens/s, and the whole
`Assistant.ask` time (retrieve + generate + checks). RSS is the peak of this process, which holds
what `techkompas serve` holds: e5, Chroma, the BM25 index and the model."""

from __future__ import annotations

import datetime as dt
import resource
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

BIG = {"llm_passages": 6, "llm_passage_chars": 1300}


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def _p95(values: list[float]) -> float:
    from evals.metrics import percentile

    return percentile(values, 95) if values else float("nan")


def _prime(llm: Any) -> None:
    """Leave exactly the fixed rules in llama.cpp's prompt cache, as after any earlier question
    (otherwise a repeat of the same question would reuse its whole prompt)."""
    from assistant.prompt import answer_messages

    llm.invoke(answer_messages("Wat is techniek?", []), max_tokens=1)


def _time_prompt(llm: Any, messages: list[Any]) -> dict[str, float]:
    llama = llm.load()
    _prime(llm)
    rendered = "".join(str(m.content) for m in messages)
    prompt_tokens = len(llama.tokenize(rendered.encode("utf-8"), add_bos=False))
    started = time.perf_counter()
    first = None
    tokens = 0
    for chunk in llm.stream(messages):
        if chunk.content:
            tokens += 1
            if first is None:
                first = time.perf_counter()
    end = time.perf_counter()
    ttft = (first or end) - started
    rate = (tokens - 1) / (end - first) if first and tokens > 1 and end > first else 0.0
    return {"prompt_tokens": prompt_tokens, "ttft": ttft, "rate": rate, "tokens": tokens}


def measure(paths: list[Path], n_questions: int = 8) -> dict[str, Any]:
    from assistant.prompt import answer_messages
    from assistant.settings import load_settings
    from evals.gold import GOLD_DIR, load_gold
    from evals.prepare import indexed_assistant

    base = Path(tempfile.mkdtemp(prefix="tk-gen-"))
    settings = load_settings(index_dir=base / "index", llm="local")
    assistant = indexed_assistant(settings, paths)
    loaded = time.perf_counter()
    assistant.warm_up()
    load_s = time.perf_counter() - loaded
    if assistant.backend != "local":
        raise SystemExit("the local model is not available: run `make install`")
    items = [
        i
        for i in load_gold(GOLD_DIR / "answers.jsonl")
        if not i.must_refuse and i.key_facts and not i.history
    ]
    items = items[:: max(1, len(items) // n_questions)][:n_questions]
    rows: dict[str, list[dict[str, float]]] = {"default": [], "1500": []}
    whole: list[float] = []
    for item in items:
        _prime(assistant.llm)
        started = time.perf_counter()
        assistant.ask(item.question, level=item.level, region=item.region)
        whole.append(time.perf_counter() - started)
        hits = assistant.search(item.question, k=6, level=item.level, region=item.region).hits
        for name, budget in (
            ("default", {"n": settings.llm_passages, "chars": settings.llm_passage_chars}),
            ("1500", {"n": BIG["llm_passages"], "chars": BIG["llm_passage_chars"]}),
        ):
            messages = answer_messages(item.question, hits[: budget["n"]], budget["chars"])
            rows[name].append(_time_prompt(assistant.llm, messages))
    rss_gib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024
    return {"rows": rows, "whole": whole, "load_s": load_s, "rss_gib": rss_gib, "n": len(items)}


def generation_section(paths: list[Path]) -> str:
    from evals.bench import machine

    m = measure(paths)
    lines = []
    for name, label in (
        ("default", "default prompt (3 passages)"),
        ("1500", "~1,500-token prompt (6 passages)"),
    ):
        r = m["rows"][name]
        lines.append(
            f"| {label} | {_median([x['prompt_tokens'] for x in r]):.0f} | "
            f"{_median([x['ttft'] for x in r]):.1f} / {_p95([x['ttft'] for x in r]):.1f} s | "
            f"{_median([x['rate'] for x in r]):.1f} tok/s | "
            f"{_median([x['tokens'] for x in r]):.0f} |"
        )
    whole = m["whole"]
    return f"""
Measured {dt.date.today().isoformat()} on {machine()} with `python -m evals.bench --only generation`:
the `local` backend (Qwen2.5-Coder-1.5B-Instruct Q4_K_M, llama.cpp, 2 threads, greedy), the
pipeline's own prompts for {m["n"]} answerable gold questions, one generation at a time. Before
every timed prompt only the fixed rules are in llama.cpp's prompt cache (as in serving, after an
earlier question); prompt tokens are counted over the message texts (the chat template adds ~20).

| prompt | prompt tokens (median) | time to first token, median / p95 | generation | answer tokens (median) |
|---|---|---|---|---|
{chr(10).join(lines)}

Whole answer with the default prompt (`Assistant.ask`: retrieve, generate, check; a question
the passages do not cover ends early with "niet in mijn bronnen"), median / p95:
**{_median(whole):.1f} / {_p95(whole):.1f} s**. Model load {m["load_s"]:.1f} s (file in the page cache).
Peak RSS of the process (e5 + Chroma + BM25 + model): **{m["rss_gib"]:.2f} GiB**.

Targets (issue #6): time to first token ≤ 2 s at ~1,500 tokens, ≥ 8 tokens/s, whole answer ≤ 15 s,
RSS ≤ 2.5 GB. See "Targets missed" below for what is missed and why.
"""
