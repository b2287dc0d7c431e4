"""A Dutch BM25 index that is updated incrementally, alongside the Chroma collection.

Documents (chunks) are tokenised (lower-case, accents folded, Dutch Snowball stemming, Dutch stop
words removed; titles and headings counted twice as a field boost) and their term frequencies are
kept in SQLite next to the vector index. `sync_with(collection)` adds and removes only the chunks
that differ, so an ingestion run touches only what changed. Queries score with numpy over
in-memory postings that are (re)loaded when the SQLite generation changes.
"""

from __future__ import annotations

import json
import math
import re
import sqlite3
import threading
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from assistant.settings import Settings
from assistant.store import ChunkCollection
from assistant.types import FILTER_FIELDS, ChunkMeta

_COMBINING = re.compile(r"[\u0300-\u036f]")
_TOKEN = re.compile(r"[a-z0-9]+(?:&[a-z0-9]+)*")
K1, B = 1.2, 0.75
Checkpoint = Callable[[str], None]


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    import Stemmer

    return Stemmer.Stemmer("dutch")


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_DUTCH

    return frozenset(STOPWORDS_DUTCH) | {"wat", "welk", "welke", "hoe", "waar", "wie", "kan", "ik"}


def fold(text: str) -> str:
    """Lower-case without accents: 'Bèta' -> 'beta'; other non-ASCII characters become '?'."""
    text = text.lower()
    if text.isascii():
        return text
    text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    return text.encode("ascii", "replace").decode("ascii")  # "–", "’", "€" become "?"


def words(text: str) -> list[str]:
    """Folded tokens without stop words, not stemmed (used for spelling repair)."""
    stop = _stopwords()
    return [t for t in _TOKEN.findall(fold(text)) if t not in stop]


def tokenize(text: str) -> list[str]:
    return list(_stemmer().stemWords(words(text)))


def document_tokens(text: str, metadata: ChunkMeta) -> list[str]:
    """Chunk tokens with the title and section heading counted twice (field boost)."""
    boost = f"{metadata.get('title', '')} {metadata.get('section', '')}"
    return tokenize(text) + tokenize(boost)


def _filters(metadata: ChunkMeta) -> str:
    """The filter values BM25 keeps per chunk, as stored (JSON in FILTER_FIELDS order)."""
    return json.dumps({k: metadata.get(k) for k in FILTER_FIELDS})


def _rows(
    ids: list[str], texts: list[str], metadatas: list[ChunkMeta]
) -> list[tuple[str, int, str, str]]:
    rows = []
    for chunk_id, text, meta in zip(ids, texts, metadatas, strict=True):
        tokens = document_tokens(text, meta)
        rows.append((chunk_id, len(tokens), json.dumps(Counter(tokens)), _filters(meta)))
    return rows


def lexical_path(settings: Settings) -> Path:
    """The BM25 side of an index lives beside the Chroma files."""
    return settings.index_dir / "lexical.sqlite3"


class LexicalIndex:
    """BM25 over chunks, persisted in SQLite at `path`."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(self.path), check_same_thread=False)
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS docs "
            "(id TEXT PRIMARY KEY, length INTEGER, tf TEXT, meta TEXT)"
        )
        self._db.execute("CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value INTEGER)")
        self._db.commit()
        self._lock = threading.Lock()
        self._loaded_generation = -1
        self.vocabulary: set[str] = set()

    # -- writing ---------------------------------------------------------------------------
    def _bump(self) -> None:
        self._db.execute(
            "INSERT INTO state VALUES ('generation', 1) "
            "ON CONFLICT(key) DO UPDATE SET value = value + 1"
        )

    def add(self, ids: list[str], texts: list[str], metadatas: list[ChunkMeta]) -> None:
        self._write(_rows(ids, texts, metadatas), [])

    def remove(self, ids: Iterable[str]) -> None:
        self._write([], list(ids))

    def _write(
        self,
        rows: list[tuple[str, int, str, str]],
        removed: list[str],
        checkpoint: Checkpoint | None = None,
    ) -> None:
        """One transaction: a reader (or a run killed halfway) sees all of it or none of it."""
        with self._lock, self._db:  # commits at the end, rolls back on an error
            self._db.executemany("INSERT OR REPLACE INTO docs VALUES (?, ?, ?, ?)", rows)
            self._db.executemany("DELETE FROM docs WHERE id = ?", [(i,) for i in removed])
            self._bump()
            if checkpoint:
                checkpoint("bm25-commit")

    def ids(self) -> set[str]:
        return {row[0] for row in self._db.execute("SELECT id FROM docs")}

    def sync_with(
        self,
        collection: ChunkCollection,
        batch: int = 2000,
        checkpoint: Checkpoint | None = None,
    ) -> tuple[int, int]:
        """Add chunks the collection has and we lack (or hold with other filter values: a
        front-matter edit keeps the text, so the id, but changes the metadata); drop chunks it
        no longer has. One transaction, so the BM25 side moves from one state to the next.
        `checkpoint(phase)` is called before writing ("bm25") and before committing
        ("bm25-commit"); the indexer passes its test-only pause hook."""
        got = collection.get(include=["metadatas"])
        wanted = {i: _filters(m) for i, m in zip(got["ids"], got["metadatas"], strict=True)}
        have = dict(self._db.execute("SELECT id, meta FROM docs").fetchall())
        missing = sorted(i for i, filters in wanted.items() if have.get(i) != filters)
        extra = sorted(set(have) - set(wanted))
        if not missing and not extra:
            return 0, 0
        rows = []
        for start in range(0, len(missing), batch):
            got = collection.get(
                ids=missing[start : start + batch], include=["documents", "metadatas"]
            )
            rows += _rows(got["ids"], got["documents"], got["metadatas"])
        if checkpoint:
            checkpoint("bm25")
        self._write(rows, extra, checkpoint)
        return len(missing), len(extra)

    # -- reading ---------------------------------------------------------------------------
    def generation(self) -> int:
        """Bumped by every change to the index (an ingest, a sync)."""
        return self._generation()

    def _generation(self) -> int:
        row = self._db.execute("SELECT value FROM state WHERE key = 'generation'").fetchone()
        return int(row[0]) if row else 0

    def _load(self) -> None:
        generation = self._generation()
        if generation == self._loaded_generation:
            return
        ids: list[str] = []
        lengths: list[int] = []
        metas: list[dict[str, Any]] = []
        postings: dict[str, tuple[list[int], list[int]]] = {}
        for i, (chunk_id, length, tf, meta) in enumerate(self._db.execute("SELECT * FROM docs")):
            ids.append(chunk_id)
            lengths.append(length)
            metas.append(json.loads(meta))
            for term, count in json.loads(tf).items():
                postings.setdefault(term, ([], []))
                postings[term][0].append(i)
                postings[term][1].append(count)
        self._ids = ids
        self._lengths = np.array(lengths, dtype=np.float32)
        self._avg = float(self._lengths.mean()) if ids else 1.0
        self._postings = {
            t: (np.array(d, dtype=np.int32), np.array(c, dtype=np.float32))
            for t, (d, c) in postings.items()
        }
        self._columns = {
            f: np.array([m.get(f) for m in metas], dtype=object) for f in FILTER_FIELDS
        }
        self._loaded_generation = generation

    def _mask(self, where: dict[str, Any] | None) -> np.ndarray | None:
        if not where:
            return None
        clauses = where.get("$and", [where])
        mask = np.ones(len(self._ids), dtype=bool)
        for clause in clauses:
            ((field, condition),) = clause.items()
            column = self._columns[field]
            if isinstance(condition, dict) and "$gte" in condition:
                mask &= np.array([v is not None and v >= condition["$gte"] for v in column])
            elif isinstance(condition, dict) and "$in" in condition:
                mask &= np.isin(column, condition["$in"])
            else:
                mask &= column == condition
        return mask

    def search(
        self, query_tokens: list[str], k: int, where: dict[str, Any] | None = None
    ) -> list[tuple[str, float]]:
        """Top-k (chunk id, BM25 score) for already tokenised query terms."""
        with self._lock:
            self._load()
        n = len(self._ids)
        if not n or not query_tokens:
            return []
        scores = np.zeros(n, dtype=np.float32)
        for term in sorted(set(query_tokens)):  # fixed order: reproducible float sums
            posting = self._postings.get(term)
            if posting is None:
                continue
            docs, tf = posting
            idf = math.log(1.0 + (n - len(docs) + 0.5) / (len(docs) + 0.5))
            norm = tf + K1 * (1 - B + B * self._lengths[docs] / self._avg)
            scores[docs] += idf * tf * (K1 + 1) / norm
        mask = self._mask(where)
        if mask is not None:
            scores[~mask] = 0.0
        top = np.argsort(-scores)[:k]
        return [(self._ids[i], float(scores[i])) for i in top if scores[i] > 0]

    @classmethod
    def open_in_step(cls, settings: Settings, collection: ChunkCollection) -> LexicalIndex:
        """The BM25 index of `settings`, brought in step with `collection` (adds what is missing,
        drops what the collection no longer has)."""
        index = cls(lexical_path(settings))
        index.sync_with(collection)
        return index

    def weights(self, tokens: list[str]) -> dict[str, float]:
        """How much each query token says (BM25 idf; rare words weigh more than 'verschil')."""
        with self._lock:
            self._load()
        n = max(len(self._ids), 1)
        out = {}
        for token in set(tokens):
            df = len(self._postings[token][0]) if token in self._postings else 0
            out[token] = math.log(1.0 + (n - df + 0.5) / (df + 0.5))
        return out

    def terms(self) -> set[str]:
        """All stemmed terms (for spelling repair)."""
        with self._lock:
            self._load()
        return set(self._postings)

    def close(self) -> None:
        self._db.close()
