"""Retrieval latency at 10k and 100k synthetic chunks (query embedding + dense + BM25 + fusion).

Chunks are synthetic: random unit vectors and Dutch-like text sampled from the real corpus
vocabulary, so BM25 posting lists have realistic lengths. Queries are real gold questions."""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path

import numpy as np

from evals.metrics import percentile


def vocabulary(corpus_dir: Path) -> list[str]:
    import re

    text = " ".join(
        p.read_text(encoding="utf-8") for p in corpus_dir.rglob("*") if p.suffix in (".md", ".yaml")
    )
    return re.findall(r"[a-zà-ÿ]{3,}", text.lower())


def measure(
    n_chunks: int, questions: list[str], corpus_dir: Path, seed: int = 7
) -> dict[str, float]:
    from assistant.embedding import FakeEmbeddings, make_embeddings
    from assistant.lexical import LexicalIndex
    from assistant.retrieval import HybridRetriever
    from assistant.settings import load_settings
    from assistant.store import open_collection
    from assistant.types import ChunkMeta

    rng = random.Random(seed)
    words = vocabulary(corpus_dir)
    tmp = Path(tempfile.mkdtemp(prefix="tk-scale-"))
    # the vectors are synthetic; the fake model only names the collection's embedding model
    collection = open_collection(
        load_settings(index_dir=tmp / "index", collection="scale"), FakeEmbeddings(), create=True
    )
    lexical = LexicalIndex(tmp / "lexical.sqlite3")
    vectors = np.random.default_rng(seed).standard_normal((n_chunks, 384)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    started = time.perf_counter()
    for start in range(0, n_chunks, 5000):
        ids = [f"c{i}" for i in range(start, min(n_chunks, start + 5000))]
        texts = [" ".join(rng.choices(words, k=120)) for _ in ids]
        metas: list[ChunkMeta] = [
            {
                "source": f"synthetic/{i}.txt",
                "title": "Synthetisch",
                "doc_type": "document",
                "level_vmbo": True,
                "level_havo": True,
                "level_vwo": True,
            }
            for i in ids
        ]
        collection.upsert(
            ids=ids, embeddings=vectors[start : start + len(ids)], documents=texts, metadatas=metas
        )
        lexical.add(ids, texts, metas)
    build_s = time.perf_counter() - started
    embeddings = make_embeddings(load_settings())
    retriever = HybridRetriever(
        collection=collection, embeddings=embeddings, lexical=lexical, k=5, candidates=30
    )
    retriever.retrieve(questions[0])  # warm up: load postings, HNSW index, model
    latencies = []
    for question in questions:
        started = time.perf_counter()
        retriever.retrieve(question)
        latencies.append(time.perf_counter() - started)
    return {
        "chunks": n_chunks,
        "build_s": build_s,
        "p50_ms": 1000 * percentile(latencies, 50),
        "p95_ms": 1000 * percentile(latencies, 95),
        "queries": len(latencies),
    }
