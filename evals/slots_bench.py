# ruff: noqa: E501  (Markdown table rows)
"""Do parallel slots raise answers per minute? (`python -m evals.bench --only slots`)

The same GGUF behind two OpenAI-compatible servers: llama-cpp-python's own (`techkompas
serve-llm`, one request at a time) and, when a `llama-server` binary of llama.cpp is given in
`LLAMA_SERVER`, llama.cpp's server with 1 and 4 slots. Each gets the same phrasing prompts (the
pipeline's own phrase prompt over the checked sheets of answerable gold questions) sent 1 and 4
at a time; measured: answers per minute and the time one request takes (p50/p95)."""

from __future__ import annotations

import datetime as dt
import os
import statistics
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

MAX_TOKENS = 160  # about one phrased answer


def phrase_prompts(
    paths: list[Path], n: int, index_dir: Path | None = None
) -> list[list[dict[str, str]]]:
    """The phrase prompts of `n` answerable gold questions, as OpenAI chat messages (over an
    index of `paths` in `index_dir`, brought up to date; a new one when None)."""
    from assistant.prompt import phrase_messages
    from assistant.settings import load_settings
    from evals.gold import GOLD_DIR, load_gold
    from evals.prepare import indexed_assistant

    index_dir = index_dir or Path(tempfile.mkdtemp(prefix="tk-slots-")) / "index"
    sheets = indexed_assistant(load_settings(index_dir=index_dir, llm="extractive"), paths)
    items = [
        i
        for i in load_gold(GOLD_DIR / "answers.jsonl")
        if not i.must_refuse and i.key_facts and not i.history and i.category != "unanswerable"
    ]
    roles = {"system": "system", "human": "user"}
    prompts = []
    for item in items[:: max(1, len(items) // (2 * n))]:
        sheet = sheets.ask(item.question, level=item.level, region=item.region)
        if sheet.has_answer:
            messages = phrase_messages(item.question, sheet.text)
            prompts.append([{"role": roles[m.type], "content": str(m.content)} for m in messages])
        if len(prompts) == n:
            break
    return prompts


def _wait_up(url: str, proc: subprocess.Popen[bytes], timeout: float = 180.0) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the model server stopped (exit {proc.returncode})")
        try:
            if httpx.get(f"{url}/v1/models", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(1)
    raise RuntimeError(f"the model server did not come up at {url}")


def _one(url: str, messages: list[dict[str, str]]) -> float:
    import httpx

    started = time.perf_counter()
    body = {"model": "m", "messages": messages, "max_tokens": MAX_TOKENS, "temperature": 0}
    reply = httpx.post(f"{url}/v1/chat/completions", json=body, timeout=600)
    reply.raise_for_status()
    return time.perf_counter() - started


def drive(url: str, prompts: list[list[dict[str, str]]], at_once: int) -> dict[str, float]:
    """All prompts, `at_once` in flight; answers per minute and per-request seconds."""
    _one(url, prompts[0])  # warm: the rules prefix in the server's cache
    started = time.perf_counter()
    with ThreadPoolExecutor(at_once) as pool:
        took = list(pool.map(lambda m: _one(url, m), prompts))
    wall = time.perf_counter() - started
    from evals.metrics import percentile

    return {
        "per_min": 60 * len(prompts) / wall,
        "p50": statistics.median(took),
        "p95": percentile(took, 95),
    }


def servers(model: Path, threads: int, port: int) -> list[tuple[str, list[str]]]:
    import sys

    ours = [
        sys.executable, "-m", "llama_cpp.server", "--model", str(model), "--host", "127.0.0.1",
        "--port", str(port), "--n_ctx", "2048", "--n_threads", str(threads),
    ]  # fmt: skip
    found = [("llama-cpp-python server (1 slot)", ours)]
    binary = os.environ.get("LLAMA_SERVER", "")
    if binary and Path(binary).is_file():
        for slots in (1, 4):
            found.append(
                (
                    f"llama.cpp llama-server, {slots} slot{'s' * (slots > 1)}",
                    [
                        binary, "-m", str(model), "--host", "127.0.0.1", "--port", str(port),
                        "-t", str(threads), "-np", str(slots), "-c", str(2048 * slots),
                    ],
                )
            )  # fmt: skip
    return found


def slots_section(
    paths: list[Path], machine: str, n: int = 8, index_dir: Path | None = None
) -> str:
    from assistant.model_files import model_path
    from assistant.settings import load_settings
    from evals.load_bench import free_port

    settings = load_settings()
    model = model_path(settings.llm_model_path, settings.model_cache_dir)
    prompts = phrase_prompts(paths, n, index_dir)
    rows = []
    for name, command in servers(model, settings.llm_threads, port := free_port()):
        log = Path(tempfile.mkdtemp(prefix="tk-slots-log-")) / "server.log"
        with log.open("wb") as out:
            proc = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
        try:
            _wait_up(f"http://127.0.0.1:{port}", proc)
            for at_once in (1, 4):
                r = drive(f"http://127.0.0.1:{port}", prompts, at_once)
                rows.append(
                    f"| {name} | {at_once} | {r['per_min']:.1f} | {r['p50']:.1f} / {r['p95']:.1f} s |"
                )
                print(rows[-1], flush=True)
        finally:
            proc.terminate()
            proc.wait(30)
    table = "\n".join(rows)
    missing = (
        ""
        if os.environ.get("LLAMA_SERVER")
        else "\n`LLAMA_SERVER` was not set, so llama.cpp's own server was not measured.\n"
    )
    return f"""
Measured {dt.date.today().isoformat()} on {machine} with `LLAMA_SERVER=PATH python -m evals.bench --only slots`:
the same GGUF (Qwen2.5-Coder-1.5B-Instruct Q4_K_M, {settings.llm_threads} threads) behind an
OpenAI-compatible server; {len(prompts)} phrase prompts (the checked sheets of answerable gold
questions, at most {MAX_TOKENS} answer tokens, greedy) sent 1 or 4 at a time.

| server | requests at once | answers per minute | one request, p50 / p95 |
|---|---|---|---|
{table}
{missing}"""
