"""The sentence vectors of an index, made at ingestion and read when answering.

The extractive answer ranks a passage's sentences partly by how close each is in meaning to the
question (assistant.semantic). Embedding those sentences while a class is asking costs the same
two cores the model and the other pupils need (30 pupils: p95 first sentence 4.7 -> 9.0 s), so
ingestion embeds every unit of every chunk once and keeps the vectors here, in SQLite beside the
BM25 side (`sentences.sqlite3`), keyed by the sentence text: a sentence shared by two chunks is
stored once, an unchanged sentence is never embedded again, and serving only looks them up.

The store follows the Chroma collection like the BM25 side does (`sync_with`): chunks it lacks
are cut into units (the caller passes the function, `assistant.answer_units.unit_texts`) and their
new sentences embedded; chunks gone are dropped with the sentences nobody else uses. Everything
is written in one transaction after the embedding, so a killed run leaves the old state. A
different embedding model empties it; a different unit-cutting code (`version`) derives the
units again and embeds only sentences it has not seen.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.settings import Settings
from assistant.store import ChunkCollection

log = logging.getLogger(__name__)
UnitsOf = Callable[[str], list[str]]
Checkpoint = Callable[[str], None]


def sentences_path(settings: Settings) -> Path:
    return settings.index_dir / "sentences.sqlite3"


class SentenceVectors:
    """Sentence text -> float32 vector of embedding model `model`, persisted at `path`."""

    def __init__(self, path: Path, model: str) -> None:
        self.path = Path(path)
        self.model = model
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(self.path), check_same_thread=False)
        with self._db:
            self._db.execute("CREATE TABLE IF NOT EXISTS vectors (text TEXT PRIMARY KEY, v BLOB)")
            self._db.execute("CREATE TABLE IF NOT EXISTS chunks (id TEXT PRIMARY KEY, texts TEXT)")
            self._db.execute("CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT)")
        self._lock = threading.Lock()

    @classmethod
    def open_existing(cls, settings: Settings) -> SentenceVectors | None:
        """The store of an index made by an ingest that wrote one for this model, else None
        (answers then embed their sentences as they go, as before)."""
        path = sentences_path(settings)
        if not path.exists():
            return None
        store = cls(path, settings.embedding_model)
        if store._state("model") != settings.embedding_model:
            store.close()
            return None
        return store

    # -- reading ---------------------------------------------------------------------------
    def lookup(self, texts: Iterable[str]) -> dict[str, np.ndarray]:
        """The stored vectors of those of `texts` that have one."""
        wanted = list(dict.fromkeys(texts))
        out: dict[str, np.ndarray] = {}
        with self._lock:
            for start in range(0, len(wanted), 500):
                part = wanted[start : start + 500]
                marks = ",".join("?" * len(part))
                query = f"SELECT text, v FROM vectors WHERE text IN ({marks})"
                rows = self._db.execute(query, part)
                out.update((text, np.frombuffer(blob, dtype=np.float32)) for text, blob in rows)
        return out

    def count(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM vectors").fetchone()[0])

    # -- writing ---------------------------------------------------------------------------
    def sync_with(
        self,
        collection: ChunkCollection,
        embeddings: Embeddings,
        units_of: UnitsOf,
        version: str,
        *,
        batch: int = 64,
        checkpoint: Checkpoint | None = None,
        progress: bool = False,
    ) -> tuple[int, int]:
        """Bring the store in step with `collection`; returns (sentences embedded, removed)."""
        same_model = self._state("model") == self.model
        same_units = same_model and self._state("units") == version
        have = {r[0] for r in self._db.execute("SELECT id FROM chunks")} if same_units else set()
        wanted = set(collection.get(include=[])["ids"])
        missing, extra = sorted(wanted - have), sorted(have - wanted)
        if not missing and not extra and same_units:
            return 0, 0
        texts: dict[str, list[str]] = {}
        for start in range(0, len(missing), 1000):
            got = collection.get(ids=missing[start : start + 1000], include=["documents"])
            for chunk_id, document in zip(got["ids"], got["documents"], strict=True):
                texts[chunk_id] = list(dict.fromkeys(units_of(document or "")))
        known = self._known() if same_model else set()
        # by length: a batch is padded to its longest text (measured: 8.6 -> 15.5 sentences/s)
        new = sorted(
            {t for units in texts.values() for t in units} - known, key=lambda t: (len(t), t)
        )
        if new:
            log.info("embedding %d answer sentences of %d chunks", len(new), len(texts))
        vectors = self._embed(embeddings, new, batch, progress)
        if checkpoint:
            checkpoint("sentences")
        with self._lock, self._db:  # one transaction: all of it or none of it
            if not same_model:
                self._db.execute("DELETE FROM vectors")
            if not same_units:
                self._db.execute("DELETE FROM chunks")
            self._db.executemany("DELETE FROM chunks WHERE id = ?", [(i,) for i in extra])
            self._db.executemany(
                "INSERT OR REPLACE INTO chunks VALUES (?, ?)",
                [(i, json.dumps(units, ensure_ascii=False)) for i, units in texts.items()],
            )
            self._db.executemany(
                "INSERT OR REPLACE INTO vectors VALUES (?, ?)", zip(new, vectors, strict=True)
            )
            removed = self._drop_unused() if extra or not same_units else 0
            self._set_state("model", self.model)
            self._set_state("units", version)
        return len(new), removed

    @staticmethod
    def _embed(embeddings: Embeddings, texts: list[str], batch: int, progress: bool) -> list[bytes]:
        from tqdm import tqdm

        out: list[bytes] = []
        with tqdm(
            total=len(texts), desc="answer sentences", unit="sentence", disable=not progress
        ) as bar:
            for start in range(0, len(texts), batch):
                part = embeddings.embed_documents(texts[start : start + batch])
                out += [np.asarray(v, dtype=np.float32).tobytes() for v in part]
                bar.update(len(part))
        return out

    def _known(self) -> set[str]:
        return {row[0] for row in self._db.execute("SELECT text FROM vectors")}

    def _drop_unused(self) -> int:
        used: set[str] = set()
        for (units,) in self._db.execute("SELECT texts FROM chunks"):
            used.update(json.loads(units))
        unused = [(t,) for t in self._known() - used]
        self._db.executemany("DELETE FROM vectors WHERE text = ?", unused)
        return len(unused)

    def _state(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM state WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row else None

    def _set_state(self, key: str, value: str) -> None:
        self._db.execute(
            "INSERT INTO state VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def close(self) -> None:
        self._db.close()


def sync_sentences(
    settings: Settings,
    collection: ChunkCollection,
    embeddings: Embeddings,
    checkpoint: Checkpoint | None = None,
    progress: bool = False,
) -> tuple[int, int]:
    """Bring the sentence store of `settings`' index in step with `collection` (ingestion)."""
    from assistant.answer_units import unit_texts, units_version

    store = SentenceVectors(sentences_path(settings), settings.embedding_model)
    try:
        return store.sync_with(
            collection,
            embeddings,
            unit_texts,
            units_version(),
            batch=settings.embedding_batch_size,
            checkpoint=checkpoint,
            progress=progress,
        )
    finally:
        store.close()
