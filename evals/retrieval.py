"""Retrieval benchmark: naive baseline vs dense vs BM25 vs hybrid (vs hybrid + rerank), side by
side in one run over the shipped corpus plus the seed documents, scored on the gold set.

naive = what a LangChain tutorial builds: RecursiveCharacterTextSplitter(1000, 200) over the raw
files + all-MiniLM-L6-v2 + Chroma top-k. The others use Techkompas' ingestion and `Assistant.search`
(query understanding included) with `retrieval_mode` switched."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

from evals.gold import GoldItem, relevant_index
from evals.metrics import percentile, summarise

K = 5


def _question(item: GoldItem) -> str:
    previous = [m["content"] for m in item.history if m.get("role") == "user"]
    return " ".join([*previous[-1:], item.question])  # follow-ups carry the last user turn


def naive_rankings(items: list[GoldItem], paths: list[Path], tmp: Path) -> tuple[list, list[float]]:
    import chromadb
    from chromadb.config import Settings as ChromaSettings
    from langchain_chroma import Chroma
    from langchain_core.documents import Document
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    from assistant.embedding import _cached
    from ingest.discover import discover

    docs = [
        Document(file.read_text(encoding="utf-8", errors="replace"), metadata={"source": source})
        for file, source, _, _ in discover(paths)
        if file.suffix in (".txt", ".md", ".yaml")
    ]
    chunks = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200).split_documents(
        docs
    )
    client = chromadb.PersistentClient(
        str(tmp / "naive"), settings=ChromaSettings(anonymized_telemetry=False)
    )
    store = Chroma(
        client=client,
        collection_name="naive",
        embedding_function=_cached("minilm", 2, 16),
        collection_metadata={"hnsw:space": "cosine"},
    )
    store.add_documents(chunks)
    rankings, latencies = [], []
    for item in items:
        started = time.perf_counter()
        found = store.similarity_search(_question(item), k=K)
        latencies.append(time.perf_counter() - started)
        labels = [relevant_index(item, d.metadata["source"], d.page_content) for d in found]
        rankings.append((labels, len(item.relevant)))
    return rankings, latencies


def techkompas_rankings(
    items: list[GoldItem], assistant: Any, mode: str
) -> tuple[list, list[float]]:
    assistant.retriever.mode = mode
    rankings, latencies = [], []
    for item in items:
        found = assistant.search(_question(item), K, level=item.level, region=item.region)
        latencies.append(sum(found.timings.values()))
        labels = [relevant_index(item, h.source, h.text) for h in found.hits]
        rankings.append((labels, len(item.relevant)))
    return rankings, latencies


def run(items: list[GoldItem], paths: list[Path], corpus_dir: Path) -> dict[str, dict[str, float]]:
    from assistant.settings import load_settings
    from evals.prepare import indexed_assistant

    tmp = Path(tempfile.mkdtemp(prefix="tk-retrieval-"))
    settings = load_settings(index_dir=tmp / "index", corpus_dir=corpus_dir)
    assistant = indexed_assistant(settings, paths)
    collection = assistant.retriever.collection
    results: dict[str, dict[str, float]] = {}
    runs = {"naive": lambda: naive_rankings(items, paths, tmp)}
    for mode in ("dense", "bm25", "hybrid"):
        runs[mode] = lambda mode=mode: techkompas_rankings(items, assistant, mode)  # type: ignore[misc]
    for name, fn in runs.items():
        rankings, latencies = fn()
        results[name] = {
            **summarise(rankings),
            "p50_ms": 1000 * percentile(latencies, 50),
            "p95_ms": 1000 * percentile(latencies, 95),
        }
    results["_meta"] = {"chunks": float(collection.count()), "items": float(len(items))}
    return results


def table(results: dict[str, dict[str, float]]) -> str:
    rows = [
        "| pipeline | hit@1 | hit@3 | hit@5 | MRR | nDCG@5 | p50 ms | p95 ms |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, r in results.items():
        if name.startswith("_"):
            continue
        rows.append(
            f"| {name} | {r['hit@1']:.3f} | {r['hit@3']:.3f} | {r['hit@5']:.3f} | "
            f"{r['mrr']:.3f} | {r['ndcg@5']:.3f} | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} |"
        )
    rows.append("| hybrid + rerank | n/a | n/a | n/a | n/a | n/a | n/a | n/a |")
    return "\n".join(rows)
