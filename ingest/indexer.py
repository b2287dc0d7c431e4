"""Idempotent, incremental indexing into Chroma.

The per-source manifest lives in the collection itself: every chunk carries its source, the
hash of the source file (`source_hash`) and the number of chunks the source produced
(`chunk_count`). So the manifest can never drift from the index, and the same code works
against an embedded index and a `chroma run` server. Semantics follow LangChain's indexing
API ("incremental" cleanup scoped to the ingested roots):

- unchanged source (all its chunks carry the current hash, none missing): skipped, no loading;
- changed source: chunked again; chunks whose id already exists are kept, new ones embedded
  (re-using stored vectors for identical text), stale ones deleted *after* the upsert;
- source gone from an ingested folder: its chunks are deleted;
- a run killed at any point leaves chunks with mixed hashes or counts, which the next run
  sees as "changed" and repairs. Every Chroma write is one call (a source's chunks in one
  upsert, its stale ids in one delete, after the upsert), and the BM25 side is derived from
  Chroma afterwards in one SQLite transaction, so a killed run never leaves BM25 ahead of Chroma.

One ingest at a time per index (`ingest.lock`); a second one stops with `IndexBusyError`. A
write that fails (read-only folder, disk full) stops the run with `IndexWriteError`.
"""

from __future__ import annotations

import logging
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from langchain_core.embeddings import Embeddings

from assistant.errors import IndexWriteError, SourceError, TechkompasError
from assistant.settings import Settings
from assistant.store import ChunkCollection
from ingest.chunk import Chunk, chunk_document
from ingest.discover import discover, file_hash
from ingest.faults import pause_point, write_error
from ingest.load import SUPPORTED, load_document
from ingest.lock import ingest_lock

log = logging.getLogger(__name__)


@dataclass
class IngestReport:
    files_indexed: int = 0
    files_unchanged: int = 0
    files_removed: int = 0
    chunks_embedded: int = 0
    chunks_total: int = 0
    sentences_embedded: int = 0  # answer sentences (assistant.sentence_vectors)
    failed: list[dict[str, str]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class _Plan:
    source: str
    root: str
    source_hash: str
    chunks: list[Chunk]
    stale_ids: list[str]


def index_paths(
    settings: Settings, paths: Iterable[Path], *, rebuild: bool = False, progress: bool = False
) -> IngestReport:
    """Bring the index of `settings` in step with `paths`: the Chroma collection (created when
    missing; dropped first with `rebuild`) and the BM25 side beside it. Holds the ingest lock
    of the index folder throughout (`IndexBusyError` when another ingest has it)."""
    from assistant.embedding import make_embeddings

    with ingest_lock(settings.index_dir):
        embeddings = make_embeddings(settings)  # before --rebuild drops anything
        try:
            return _write_index(settings, embeddings, paths, rebuild=rebuild, progress=progress)
        except (IndexWriteError, OSError, sqlite3.Error) as exc:
            raise write_error(settings, exc) from exc


def _write_index(
    settings: Settings,
    embeddings: Embeddings,
    paths: Iterable[Path],
    *,
    rebuild: bool,
    progress: bool,
) -> IngestReport:
    from assistant.lexical import LexicalIndex, lexical_path
    from assistant.sentence_vectors import sync_sentences
    from assistant.store import delete_collection, open_collection

    if rebuild:
        delete_collection(settings)
    collection = open_collection(settings, embeddings, create=True)
    report = Indexer.from_settings(collection, embeddings, settings, progress=progress).run(paths)
    lexical = LexicalIndex(lexical_path(settings))
    try:
        lexical.sync_with(collection, checkpoint=pause_point)
    finally:
        lexical.close()
    if settings.sentence_meaning > 0:  # the answer sentences' vectors (ADR 0012)
        report.sentences_embedded = sync_sentences(
            settings, collection, embeddings, checkpoint=pause_point, progress=progress
        )[0]
    return report


class Indexer:
    """Brings a Chroma collection in step with a set of files."""

    def __init__(
        self,
        collection: ChunkCollection,
        embeddings: Embeddings,
        *,
        chunk_size: int,
        chunk_overlap: int,
        batch_size: int = 16,
        progress: bool = True,
    ) -> None:
        self.collection = collection
        self.embeddings = embeddings
        self.chunk_size = chunk_size
        self.chunk_overlap = chunk_overlap
        self.batch_size = batch_size
        self.progress = progress

    @classmethod
    def from_settings(
        cls,
        collection: ChunkCollection,
        embeddings: Embeddings,
        settings: Settings,
        *,
        progress: bool = False,
    ) -> Indexer:
        """An indexer with the chunking and batch size from the settings object."""
        return cls(
            collection,
            embeddings,
            chunk_size=settings.chunk_size,
            chunk_overlap=settings.chunk_overlap,
            batch_size=settings.embedding_batch_size,
            progress=progress,
        )

    @staticmethod
    def _store_write(call: Callable[..., Any], **kwargs: Any) -> None:
        """One Chroma write. Its failures become `IndexWriteError`: a full disk or a read-only
        folder reaches us from Chroma's Rust core as an opaque InternalError."""
        try:
            call(**kwargs)
        except TechkompasError:
            raise
        except Exception as exc:
            raise IndexWriteError(f"Chroma could not write: {type(exc).__name__}: {exc}") from exc

    def _stored(self, where: dict[str, Any]) -> dict[str, dict[str, Any]]:
        """source -> {"ids": [...], "hashes": {...}, "count": n} for stored chunks."""
        got = self.collection.get(where=where, include=["metadatas"])
        state: dict[str, dict[str, Any]] = defaultdict(
            lambda: {"ids": [], "hashes": set(), "counts": set()}
        )
        for chunk_id, meta in zip(got["ids"], got["metadatas"], strict=True):
            entry = state[meta["source"]]
            entry["ids"].append(chunk_id)
            entry["hashes"].add(meta.get("source_hash"))
            entry["counts"].add(meta.get("chunk_count"))
        return state

    def run(self, paths: Iterable[Path]) -> IngestReport:
        report = IngestReport()
        try:
            files = discover(paths)
        except SourceError as exc:
            report.failed.append({"path": exc.path, "error": exc.reason})
            return report
        roots = {root for _, _, root, is_dir in files if is_dir}
        stored: dict[str, dict[str, Any]] = {}
        for root in roots:
            stored.update(self._stored({"root": root}))
        for _, source, _, is_dir in files:
            if not is_dir and source not in stored:
                stored.update(self._stored({"source": source}))
        plans = self._plan(files, stored, report)
        self._embed_and_upsert(plans, stored, report)
        seen = {source for _, source, _, _ in files}
        for root in roots:
            for source, entry in self._stored({"root": root}).items():
                if source not in seen:
                    pause_point("remove")
                    self._store_write(self.collection.delete, ids=entry["ids"])
                    report.files_removed += 1
                    log.info("Removed %s (%d chunks)", source, len(entry["ids"]))
        report.chunks_total = self.collection.count()
        return report

    def _plan(
        self, files: list[tuple[Path, str, str, bool]], stored: dict[str, Any], report: IngestReport
    ) -> list[_Plan]:
        from tqdm import tqdm

        plans = []
        for path, source, root, _ in tqdm(
            files, desc="files", unit="file", disable=not self.progress
        ):
            try:
                if path.suffix.lower() not in SUPPORTED:
                    load_document(path, source)  # raises the "unsupported file type" error
                source_hash = file_hash(path, self.chunk_size, self.chunk_overlap)
                entry = stored.get(source)
                if (
                    entry
                    and entry["hashes"] == {source_hash}
                    and entry["counts"] == {len(entry["ids"])}
                ):
                    report.files_unchanged += 1
                    continue
                doc = load_document(path, source)
                chunks = chunk_document(doc, self.chunk_size, self.chunk_overlap)
            except SourceError as exc:
                report.failed.append({"path": source, "error": str(exc)})
                log.warning("Skipped %s", exc)
                continue
            except Exception as exc:  # one bad file must not stop the run
                report.failed.append(
                    {"path": source, "error": f"{source}: {type(exc).__name__}: {exc}"}
                )
                log.exception("Unexpected error while loading %s", source)
                continue
            for chunk in chunks:
                chunk.metadata.update(
                    {"root": root, "source_hash": source_hash, "chunk_count": len(chunks)}
                )
            new_ids = {c.id for c in chunks}
            old_ids = entry["ids"] if entry else []
            plans.append(
                _Plan(source, root, source_hash, chunks, [i for i in old_ids if i not in new_ids])
            )
            report.files_indexed += 1
        return plans

    def _reusable_vectors(self, plans: list[_Plan], stored: dict[str, Any]) -> dict[str, Any]:
        """content_hash -> stored vector, for chunks whose text is already embedded."""
        ids = [i for p in plans for i in (stored.get(p.source) or {"ids": []})["ids"]]
        if not ids:
            return {}
        got = self.collection.get(ids=ids, include=["metadatas", "embeddings"])
        return {
            m["content_hash"]: [float(x) for x in e]
            for m, e in zip(got["metadatas"], got["embeddings"], strict=True)
        }

    def _embed_and_upsert(
        self, plans: list[_Plan], stored: dict[str, Any], report: IngestReport
    ) -> None:
        from tqdm import tqdm

        reuse = self._reusable_vectors(plans, stored)
        pending = [c for p in plans for c in p.chunks]
        to_embed = [c for c in pending if c.metadata["content_hash"] not in reuse]
        with tqdm(
            total=len(to_embed), desc="embedding", unit="chunk", disable=not self.progress
        ) as bar:
            vectors: dict[str, Any] = {}
            for start in range(0, len(to_embed), self.batch_size):
                batch = to_embed[start : start + self.batch_size]
                for chunk, vec in zip(
                    batch, self.embeddings.embed_documents([c.text for c in batch]), strict=True
                ):
                    vectors[chunk.id] = vec
                bar.update(len(batch))
                report.chunks_embedded += len(batch)
                pause_point("embed")
                self._flush(plans, vectors, reuse, final=False)
            self._flush(plans, vectors, reuse, final=True)

    def _flush(
        self, plans: list[_Plan], vectors: dict[str, Any], reuse: dict[str, Any], *, final: bool
    ) -> None:
        """Upsert every planned source whose chunks all have vectors, then drop its stale ids."""
        for plan in list(plans):
            ready = [vectors.get(c.id, reuse.get(c.metadata["content_hash"])) for c in plan.chunks]
            if any(v is None for v in ready) and not final:
                continue
            if plan.chunks:
                pause_point("upsert")
                self._store_write(
                    self.collection.upsert,
                    ids=[c.id for c in plan.chunks],
                    embeddings=ready,
                    documents=[c.text for c in plan.chunks],
                    metadatas=[c.metadata for c in plan.chunks],
                )
            if plan.stale_ids:
                pause_point("stale")
                self._store_write(self.collection.delete, ids=plan.stale_ids)
            plans.remove(plan)
