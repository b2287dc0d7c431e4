# ruff: noqa: E501  (Markdown table rows)
"""Prompt states the local model keeps (`python -m evals.bench --only prompt-cache`).

A class server interleaves two kinds of prompt: condensing a follow-up and phrasing a fact sheet,
each with its own fixed rules. llama.cpp reuses only the prefix it evaluated last, so after a
condensation the phrase rules are evaluated again, and the other way round. With
`llm_prompt_cache_mb` llama-cpp-python's RAM cache keeps several evaluated states. Measured: the
time to the first token of a condensation and of the phrasing right after it, for four fact
sheets in a row, with the cache off and on (one model load each)."""

from __future__ import annotations

import datetime as dt
import statistics
import time
from typing import Any

SHEETS = [
    (
        "wat doet een procesoperator",
        "Een procesoperator bewaakt de installaties in een fabriek vanuit de controlekamer. [1] Je werkt vaak in ploegen. [1]",
    ),
    (
        "wat is bbl",
        "BBL staat voor beroepsbegeleidende leerweg. Je werkt het grootste deel van de week bij een bedrijf. [1] Meestal ga je één dag per week naar school. [1]",
    ),
    (
        "welke vakken heb je bij NT",
        "In 2025 zijn in het profiel Natuur en Techniek (N&T) deze vakken verplicht: wiskunde B, natuurkunde en scheikunde. [1]",
    ),
    (
        "wat is jet-net",
        "Jet-Net is een afkorting van Jongeren en Technologie Netwerk Nederland. [1]",
    ),
]
ON_MB = 128
TURNS = [("user", "wat doet een landmeter"), ("assistant", "Een landmeter meet op waar iets ligt.")]


def _first_token(llm: Any, messages: list[Any], max_tokens: int) -> tuple[float, float]:
    started, first = time.perf_counter(), None
    for chunk in llm.stream(messages, max_tokens=max_tokens):
        if first is None and str(chunk.content):
            first = time.perf_counter() - started
    return first or float("nan"), time.perf_counter() - started


def measure(cache_mb: int) -> list[dict[str, float]]:
    from assistant.chat_models import make_chat_model
    from assistant.prompt import condense_messages, phrase_messages
    from assistant.settings import load_settings

    llm = make_chat_model(load_settings(llm="local", llm_prompt_cache_mb=cache_mb))
    assert llm is not None
    llm.invoke(phrase_messages("Wat is techniek?", ""), max_tokens=1)  # the phrase rules
    rows = []
    for question, sheet in SHEETS:
        condense, _ = _first_token(llm, condense_messages("en wat verdien je dan?", TURNS), 20)
        phrase, whole = _first_token(llm, phrase_messages(question, sheet), 60)
        rows.append({"condense": condense, "phrase": phrase, "whole": whole})
    return rows


def prompt_cache_section(machine: str) -> str:
    lines = [
        f"Measured {dt.date.today().isoformat()} on {machine} with `python -m evals.bench --only prompt-cache`: "
        "the local model (Qwen2.5-Coder-1.5B Q4_K_M, 2 threads) condenses a follow-up and then "
        "phrases a fact sheet, four times in a row (the first condensation always evaluates its "
        "rules). Seconds, median over the four (min–max).",
        "",
        "| prompt cache | condensation: first token | phrasing right after it: first token | phrasing: whole |",
        "|---|---|---|---|",
    ]
    for mb in (0, ON_MB):
        rows = measure(mb)
        cells = []
        for key in ("condense", "phrase", "whole"):
            values = [r[key] for r in rows]
            cells.append(f"{statistics.median(values):.2f} ({min(values):.2f}–{max(values):.2f})")
        label = "off (default)" if mb == 0 else f"`TECHKOMPAS_LLM_PROMPT_CACHE_MB={mb}`"
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
