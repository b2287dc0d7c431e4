# ruff: noqa: E501  (Markdown table rows)
"""`make bench-load`: a class at once, before and after. For each configuration and class size
a fresh `techkompas serve` (so every run starts with an empty cache), one warm-up question
outside the mix, then `techkompas loadtest` on the class mix; the table goes into BENCHMARKS.md.

"Before" is the same code with the class features switched off by settings: no answer cache,
no time budget, and Gradio's old two answers at a time."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BEFORE = {
    "TECHKOMPAS_ANSWER_CACHE_SIZE": "0",
    "TECHKOMPAS_ANSWER_BUDGET_S": "600",
    "TECHKOMPAS_CHAT_WORKERS": "2",
}
CONFIGS: dict[str, dict[str, str]] = {
    "no model, before": {"TECHKOMPAS_LLM": "extractive", **BEFORE},
    "no model, after (default)": {"TECHKOMPAS_LLM": "extractive"},
    "local model, before": {"TECHKOMPAS_LLM": "local", **BEFORE},
    "local model, after": {"TECHKOMPAS_LLM": "local"},
}
RUNS = [(1, 60.0), (10, 120.0), (30, 300.0)]  # (pupils, seconds)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve(index: Path, port: int, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "assistant.cli", "serve", "--index", str(index)]
    process = subprocess.Popen(
        [*command, "--port", str(port)],
        env={**os.environ, **env},
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        cwd=log.parent,
    )
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and process.poll() is None:
        try:
            from gradio_client import Client

            client = Client(url, verbose=False)
            client.predict("Wat is techniek?", [], api_name="/chat")  # waits for the model too
            client.close()
            return process
        except Exception:
            time.sleep(1)
    process.kill()
    raise RuntimeError(f"the server did not start: see {log}")


def run_all(index: Path, runs: list[tuple[int, float]], configs: list[str]) -> list[dict[str, Any]]:
    from evals.loadtest import Plan, read_conversations, run_loadtest

    rows = []
    work = Path(tempfile.mkdtemp(prefix="tk-load-"))
    try:
        for name in configs:
            for users, seconds in runs:
                port = free_port()
                env = {
                    **CONFIGS[name],
                    "TECHKOMPAS_DATABASE_URL": f"sqlite:///{work / f'{port}.sqlite3'}",
                    "TECHKOMPAS_CORPUS_DIR": str(ROOT / "corpus"),
                }
                process = serve(index, port, env, work / f"serve-{port}.log")
                try:
                    plan = Plan(f"http://127.0.0.1:{port}/", users, seconds, read_conversations())
                    result = run_loadtest(plan)
                finally:
                    process.terminate()
                    process.wait(30)
                rows.append({"config": name, **result})
                print(name, users, result, flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return rows


def load_section(rows: list[dict[str, Any]], machine: str) -> str:
    lines = [
        f"Machine: {machine}. Date: {time.strftime('%Y-%m-%d')}. Command: `make bench-load` "
        "(`python -m evals.bench --only load`): for each row a fresh `techkompas serve` over the "
        "shipped corpus and the seeds, one warm-up question, then `techkompas loadtest --users N "
        '--seconds S` on the class mix (`evals/class_mix.txt`, think time 20 s ± 50%: reading the answer, typing the next question). "Before" = the '
        f"same code with {', '.join(f'{k}={v}' for k, v in BEFORE.items())}.",
        "",
        "| configuration | pupils | s | questions | errors | first sentence p50 / p95 (s) | whole answer p95 (s) | model share | cache hits | answers/min | RSS start -> end (MB) |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        first, rss = r["first_sentence_s"], r["rss_mb"]
        lines.append(
            f"| {r['config']} | {r['users']} | {r['seconds']:g} | {r['questions']} | {r['errors']} "
            f"| {first['p50']} / {first['p95']} | {r['answer_s']['p95']} | {r['model_share']} "
            f"| {r['cache_hit_rate']} | {r['answers_per_minute']} | {rss['start']} -> {rss['end']} |"
        )
    target = next(
        (r for r in rows if r["config"] == "local model, after" and r["users"] == 30), None
    )
    if target is not None:
        lines += ["", _targets(target)]
    return "\n".join(lines)


def _targets(r: dict[str, Any]) -> str:
    rss = r["rss_mb"]
    growth = (rss["end"] - rss["start"]) / rss["start"] if rss["start"] and rss["end"] else None
    p95 = r["first_sentence_s"]["p95"]
    share = r["model_share"] or 0.0
    checks = [
        ("0 errors", r["errors"] == 0, r["errors"]),
        ("p95 first checked sentence <= 5 s", p95 is not None and p95 <= 5, p95),
        ("model share >= 50%", share >= 0.5, share),
        ("RSS growth < 10%", growth is not None and growth < 0.10, growth and round(growth, 3)),
    ]
    return "Targets (local model, 30 pupils, 5 minutes): " + "; ".join(
        f"{name}: {'met' if ok else 'MISSED'} ({value})" for name, ok, value in checks
    )


def bench_load(paths: list[Path], machine: str, configs: list[str] | None = None) -> str:
    from assistant.settings import load_settings
    from ingest.indexer import index_paths

    tmp = Path(tempfile.mkdtemp(prefix="tk-load-index-"))
    try:
        index_paths(load_settings(index_dir=tmp / "index"), paths, progress=False)
        rows = run_all(tmp / "index", RUNS, configs or list(CONFIGS))
        return load_section(rows, machine)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
