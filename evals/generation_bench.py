# ruff: noqa: E501  (Markdown table rows)
"""Speed of the local model phrasing fact sheets (`python -m evals.bench --only generation`).

For a spread of answerable gold questions: the checked fact sheet (from the records or the
passages) goes to the model with the phrase rules. Measured per question: prompt tokens, time to
first token (the rules prefix is reused from the previous question by llama.cpp), generation
tokens/s, the whole `Assistant.ask` time, and whether the phrasing passed the checks."""

from __future__ import annotations

import datetime as dt
import resource
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def _p95(values: list[float]) -> float:
    from evals.metrics import percentile

    return percentile(values, 95) if values else float("nan")


def _prime(llm: Any) -> None:
    """Leave exactly the fixed rules in llama.cpp's prompt cache, as after any earlier question
    (otherwise a repeat of the same question would reuse its whole prompt)."""
    from assistant.prompt import phrase_messages

    llm.invoke(phrase_messages("Wat is techniek?", ""), max_tokens=1)


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
    """The local model phrasing fact sheets: prompt size, time to first token, tokens/s, the
    whole answer, and how often its phrasing passed the checks (else the sheet is shown)."""
    from assistant.prompt import phrase_messages
    from assistant.settings import load_settings
    from assistant.wiring import open_assistant
    from evals.gold import GOLD_DIR, load_gold
    from evals.prepare import indexed_assistant

    base = Path(tempfile.mkdtemp(prefix="tk-gen-"))
    settings = load_settings(index_dir=base / "index", llm="local")
    assistant = indexed_assistant(settings, paths)
    sheets = open_assistant(settings.model_copy(update={"llm": "extractive"}))
    loaded = time.perf_counter()
    assistant.warm_up()
    load_s = time.perf_counter() - loaded
    if assistant.backend != "local":
        raise SystemExit("the local model is not available: run `make install-llm`")
    items = [
        i
        for i in load_gold(GOLD_DIR / "answers.jsonl")
        if not i.must_refuse and i.key_facts and not i.history and i.category != "unanswerable"
    ]
    items = items[:: max(1, len(items) // n_questions)][:n_questions]
    rows: list[dict[str, float]] = []
    whole: list[float] = []
    kept = 0
    for item in items:
        sheet = sheets.ask(item.question, level=item.level, region=item.region)
        if not sheet.has_answer:
            continue
        _prime(assistant.llm)
        started = time.perf_counter()
        answer = assistant.ask(item.question, level=item.level, region=item.region)
        whole.append(time.perf_counter() - started)
        kept += answer.backend == "local"
        rows.append(_time_prompt(assistant.llm, phrase_messages(item.question, sheet.text)))
    rss_gib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024
    return {"rows": rows, "whole": whole, "load_s": load_s, "rss_gib": rss_gib, "kept": kept}


def generation_section(paths: list[Path]) -> str:
    from evals.bench import machine

    m = measure(paths)
    r = m["rows"]
    line = (
        f"| fact sheet + rules | {_median([x['prompt_tokens'] for x in r]):.0f} | "
        f"{_median([x['ttft'] for x in r]):.1f} / {_p95([x['ttft'] for x in r]):.1f} s | "
        f"{_median([x['rate'] for x in r]):.1f} tok/s | "
        f"{_median([x['tokens'] for x in r]):.0f} |"
    )
    whole = m["whole"]
    return f"""
Measured {dt.date.today().isoformat()} on {machine()} with `python -m evals.bench --only generation`:
the `local` backend (Qwen2.5-Coder-1.5B-Instruct Q4_K_M, llama.cpp, 2 threads, greedy) rewrites
the checked fact sheet of {len(whole)} answerable gold questions (the pipeline's own phrase
prompt), one generation at a time. Before every timed prompt only the fixed rules are in
llama.cpp's prompt cache (as in serving, after an earlier question); prompt tokens are counted
over the message texts (the chat template adds ~20).

| prompt | prompt tokens (median) | time to first token, median / p95 | generation | answer tokens (median) |
|---|---|---|---|---|
{line}

Whole answer (`Assistant.ask`: retrieve, build the sheet, phrase, check), median / p95:
**{_median(whole):.1f} / {_p95(whole):.1f} s**; the phrasing passed the checks for
{m["kept"]} of {len(whole)} (otherwise the sheet itself is shown). Model load {m["load_s"]:.1f} s.
Peak RSS of the process (e5 + Chroma + BM25 + model): **{m["rss_gib"]:.2f} GiB**.
"""
