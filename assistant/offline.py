"""The process environment Techkompas needs: offline model hubs, no telemetry, and OpenMP
threads that do not fight each other on 2 cores.

Only composition roots call `apply_offline_env()` (the `techkompas` command, the benchmarks, the
test session), before anything heavy is imported. Nothing else writes environment variables."""

from __future__ import annotations

import os

OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "GRADIO_ANALYTICS_ENABLED": "False",
    "ANONYMIZED_TELEMETRY": "False",
    "TOKENIZERS_PARALLELISM": "false",
    # OpenMP threads of the e5 engine must sleep, not spin, when idle: spinning threads fight
    # numpy's and Chroma's threads on 2 cores and stall a query for ~1.7 s (BENCHMARKS.md).
    "OMP_WAIT_POLICY": "PASSIVE",
    # ...but a short spin before sleeping: llama.cpp shares the OpenMP runtime and generates
    # 15.9 tokens/s with no spin at all versus 22-24 with this (measured, ADR 0007).
    "GOMP_SPINCOUNT": "20000",
}


def apply_offline_env(*, force: bool = False) -> None:
    """Set the variables above; values already in the environment win unless `force`."""
    for key, value in OFFLINE_ENV.items():
        if force:
            os.environ[key] = value
        else:
            os.environ.setdefault(key, value)
