"""`techkompas loadtest`: simulated pupils against a running server, through the named `/chat`
endpoint with `gradio_client` (no browser). Each pupil is its own Gradio session, picks a
conversation from the class mix (`evals/class_mix.txt`, or `--questions FILE` in the same
format), asks its questions one after the other (follow-ups with the conversation so far),
thinks a while, and starts another, until the time is up.

Measured per answer: the time until the first checked answer sentence (the first update whose
outcome is no longer "pending"), the time until the whole answer, who wrote it (a model or the
records/sources), whether it came from the shared cache; and the server's memory (RSS) at start
and end. The sources panel carries these as data attributes (`ui/render.py`); nothing about a
pupil. Bounded in users, time and answers; loopback only: it is a tool to size a school's own
machine, not to hammer someone else's.
"""

from __future__ import annotations

import math
import os
import random
import re
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

CLASS_MIX = Path(__file__).with_name("class_mix.txt")
MAX_USERS, MAX_SECONDS = 200, 3600
ANSWER_TIMEOUT_S = 180.0
POLL_S = 0.05
MODEL_FREE = {"records", "extractive", ""}  # backends that are not a language model
_ATTR = re.compile(r'data-(outcome|backend|cached|error)="([^"]*)"')


@dataclass
class Sample:
    first_s: float | None = None  # first checked sentence
    answer_s: float = 0.0
    outcome: str = ""
    backend: str = ""
    cached: bool = False
    error: str = ""


@dataclass
class Plan:
    url: str
    users: int
    seconds: float
    conversations: list[list[str]]
    think_s: float = 20.0  # reading the answer and typing the next question
    ramp_s: float = 5.0  # pupils start spread over this many seconds
    seed: int = 0
    samples: list[Sample] = field(default_factory=list)


def read_conversations(path: Path | None = None) -> list[list[str]]:
    """Blocks of lines; a blank line ends a conversation; '#' starts a comment line."""
    path = path or CLASS_MIX
    conversations: list[list[str]] = [[]]
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("#"):
            continue
        if line:
            conversations[-1].append(line)
        elif conversations[-1]:
            conversations.append([])
    found = [c for c in conversations if c]
    if not found:
        raise ValueError(f"{path}: no questions (one per line, a blank line between conversations)")
    return found


def check_plan(plan: Plan) -> None:
    host = urlparse(plan.url).hostname or ""
    if not (host in ("localhost", "::1") or host.startswith("127.")):
        raise ValueError(
            f"loadtest only drives a server on this machine (loopback); got host {host!r}. "
            "Run it on the server itself, e.g. --url http://127.0.0.1:7860/"
        )
    if not 1 <= plan.users <= MAX_USERS:
        raise ValueError(f"--users must be between 1 and {MAX_USERS}")
    if not 1 <= plan.seconds <= MAX_SECONDS:
        raise ValueError(f"--seconds must be between 1 and {MAX_SECONDS}")
    if plan.think_s < 0:
        raise ValueError("--think must be 0 or more seconds")


def answer_state(sources_html: Any) -> dict[str, str]:
    """The data attributes of the sources panel: outcome, backend, cached, error."""
    return dict(_ATTR.findall(sources_html if isinstance(sources_html, str) else ""))


def ask_one(client: Any, question: str, history: list[Any]) -> tuple[Sample, list[Any]]:
    """One question through `/chat`, polled (not busy-waited) so 30 pupils cost the server
    little CPU; returns the sample and the conversation to continue with."""
    sample = Sample()
    started = time.monotonic()
    job = client.submit(question, history, api_name="/chat")
    seen = 0
    last: Any = None
    while True:
        done = job.done()
        outputs = job.outputs()
        for output in outputs[seen:]:
            last = output
            state = answer_state(output[1])
            if sample.first_s is None and state.get("outcome", "pending") != "pending":
                sample.first_s = time.monotonic() - started
        seen = len(outputs)
        if done:
            break
        if time.monotonic() - started > ANSWER_TIMEOUT_S:
            job.cancel()
            sample.error = "timeout"
            return sample, history
        time.sleep(POLL_S)
    sample.answer_s = time.monotonic() - started
    try:
        last = job.result(timeout=0)
    except Exception as exc:  # the server failed this request
        sample.error = type(exc).__name__
        return sample, history
    state = answer_state(last[1])
    sample.outcome, sample.backend = state.get("outcome", ""), state.get("backend", "")
    sample.cached = state.get("cached") == "1"
    if state.get("error") == "1" or not sample.outcome:
        sample.error = "answer_error"
    return sample, list(last[0])


PUPIL_THREAD = "techkompas-pupil-"


def _pupil(plan: Plan, number: int, deadline: float, lock: threading.Lock) -> None:
    from gradio_client import Client

    rng = random.Random(plan.seed * 1000 + number)
    _sleep_until(min(deadline, time.monotonic() + rng.uniform(0, plan.ramp_s)))
    try:
        client = Client(plan.url, verbose=False)
    except Exception as exc:
        with lock:
            plan.samples.append(Sample(error=f"connect: {type(exc).__name__}"))
        return
    try:
        while time.monotonic() < deadline:
            history: list[Any] = []
            for question in rng.choice(plan.conversations):
                if time.monotonic() >= deadline:
                    break
                sample, history = ask_one(client, question, history)
                with lock:
                    plan.samples.append(sample)
                pause = plan.think_s * rng.uniform(0.5, 1.5)
                _sleep_until(min(deadline, time.monotonic() + pause))
    finally:
        client.close()


def _sleep_until(moment: float) -> None:
    time.sleep(max(0.0, moment - time.monotonic()))


def run_loadtest(plan: Plan) -> dict[str, Any]:
    """Drive the server for `plan.seconds` with `plan.users` pupils; the summary."""
    check_plan(plan)
    pid = server_pid(urlparse(plan.url).port or 80)
    rss_start = rss_mb(pid)
    lock = threading.Lock()
    begun = time.monotonic()
    deadline = begun + plan.seconds
    pupils = [
        threading.Thread(
            target=_pupil, args=(plan, n, deadline, lock), name=f"{PUPIL_THREAD}{n}", daemon=True
        )
        for n in range(plan.users)
    ]
    for pupil in pupils:
        pupil.start()
    for pupil in pupils:  # an answer in flight at the deadline may still finish
        pupil.join(max(0.0, deadline + ANSWER_TIMEOUT_S - time.monotonic()))
    elapsed = time.monotonic() - begun
    return summarise(plan, elapsed, rss_start, rss_mb(pid))


def summarise(
    plan: Plan, elapsed: float, rss_start: float | None, rss_end: float | None
) -> dict[str, Any]:
    samples = list(plan.samples)
    good = [s for s in samples if not s.error]
    written = [s for s in good if s.outcome in ("answered", "fallback")]
    firsts = [s.first_s for s in good if s.first_s is not None]
    return {
        "users": plan.users,
        "seconds": plan.seconds,
        "questions": len(samples),
        "answers": len(good),
        "errors": len(samples) - len(good),
        "error_kinds": dict(Counter(s.error for s in samples if s.error)),
        "first_sentence_s": _spread(firsts, with_max=True),
        "first_sentence_by_writer_s": {  # where the time goes: the model's answers, the sheet's
            writer: _spread([s.first_s for s in good if _writer(s) == writer and s.first_s])
            for writer in ("model", "sheet")
        },
        "answer_s": _spread([s.answer_s for s in good], with_max=True),
        "model_share": _share(sum(s.backend not in MODEL_FREE for s in written), len(written)),
        "cache_hits": sum(s.cached for s in good),
        "cache_hit_rate": _share(sum(s.cached for s in good), len(good)),
        "answers_per_minute": round(len(good) / max(elapsed, 1e-9) * 60, 1),
        "outcomes": dict(Counter(s.outcome for s in good)),
        "rss_mb": {"start": rss_start, "end": rss_end},
    }


def _writer(sample: Sample) -> str:
    return "sheet" if sample.backend in MODEL_FREE else "model"


def _spread(values: list[float], with_max: bool = False) -> dict[str, float | None]:
    ordered = sorted(values)
    out = {"p50": percentile(ordered, 0.5), "p95": percentile(ordered, 0.95)}
    if with_max:
        out["max"] = round(ordered[-1], 2) if ordered else None
    return out


def percentile(ordered: list[float], p: float) -> float | None:
    """Nearest-rank percentile of sorted values (None for none)."""
    if not ordered:
        return None
    return round(ordered[max(0, math.ceil(p * len(ordered)) - 1)], 2)


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


# -- the server's memory ----------------------------------------------------------------------
def server_pid(port: int) -> int | None:
    """The process listening on `port` on this machine (via /proc), or None if not found."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            parts = line.split()
            if len(parts) > 9 and parts[3] == "0A" and int(parts[1].rsplit(":", 1)[1], 16) == port:
                inodes.add(f"socket:[{parts[9]}]")
    for entry in Path("/proc").iterdir() if inodes else []:
        if entry.name.isdigit() and inodes & set(_links(entry / "fd")):
            return int(entry.name)
    return None


def _links(fds: Path) -> list[str]:
    """Where a process's open files point; a file closed (or a process gone) while we look is
    skipped, not the whole process (the server opens and closes sockets all the time)."""
    out: list[str] = []
    try:
        entries = list(fds.iterdir())
    except OSError:
        return out
    for fd in entries:
        try:
            out.append(os.readlink(fd))
        except OSError:
            continue
    return out


def rss_mb(pid: int | None) -> float | None:
    if pid is None:
        return None
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def format_summary(result: dict[str, Any]) -> str:
    first, whole, rss = result["first_sentence_s"], result["answer_s"], result["rss_mb"]
    return "\n".join(
        [
            f"{result['users']} pupils for {result['seconds']:g} s: {result['questions']} "
            f"questions, {result['errors']} errors {result['error_kinds'] or ''}".rstrip(),
            f"first checked sentence: p50 {first['p50']} s, p95 {first['p95']} s, "
            f"max {first['max']} s",
            "  of which "
            + "; ".join(
                f"{writer}: p50 {spread['p50']} s, p95 {spread['p95']} s"
                for writer, spread in result["first_sentence_by_writer_s"].items()
            ),
            f"whole answer: p50 {whole['p50']} s, p95 {whole['p95']} s",
            f"written by a model: {result['model_share']}; from the cache: "
            f"{result['cache_hits']} ({result['cache_hit_rate']}); "
            f"{result['answers_per_minute']} answers/minute",
            f"server memory (RSS): {rss['start']} MB -> {rss['end']} MB",
        ]
    )
