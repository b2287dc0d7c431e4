"""Feedback on answers: a thumbs up or down, an optional comment, kept so the school and the
maintainers can find wrong answers. Stored without a name, account or IP address; the question
and the comment only after `guardrails.scrub` (names after "ik heet", e-mail, phone numbers,
addresses and postcodes removed). Exported as CSV by `techkompas feedback export`."""

from __future__ import annotations

import csv
import hashlib
from datetime import datetime
from pathlib import Path

from assistant.answer import Answer
from assistant.guardrails import scrub
from assistant.storage import Feedback, Storage

CSV_HEADER = (
    "created_at",
    "rating",
    "comment",
    "question",
    "outcome",
    "backend",
    "sources",
    "corpus_version",
)
MAX_COMMENT = 500


def record_feedback(
    storage: Storage,
    *,
    question: str,
    answer: Answer,
    rating: int,
    comment: str = "",
    corpus_version: str,
    session_id: int | None = None,
) -> int:
    """Store one rating (+1 or -1) on `answer`; returns its id."""
    text = " ".join(comment.split())[:MAX_COMMENT]
    sources = [f"{h.source}#{h.page}" if h.page else h.source for h in answer.hits]
    return storage.add_feedback(
        Feedback(
            rating=rating,
            outcome=str(answer.outcome),
            backend=answer.backend or "fixed",
            sources=tuple(dict.fromkeys(sources)),
            corpus_version=corpus_version,
            comment=scrub(text) or None,
            question=scrub(" ".join(question.split()))[:MAX_COMMENT] or None,
            session_id=session_id,
        )
    )


def export_csv(storage: Storage, path: Path, since: datetime | None = None) -> int:
    """Write every stored rating (oldest first) to `path`; returns the number of rows."""
    rows = storage.feedback(since=since)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(CSV_HEADER)
        for row in rows:
            writer.writerow(
                [
                    row.created_at.isoformat() if row.created_at else "",
                    row.rating,
                    row.comment or "",
                    row.question or "",
                    row.outcome,
                    row.backend,
                    ";".join(row.sources),
                    row.corpus_version,
                ]
            )
    return len(rows)


def corpus_version(root: Path) -> str:
    """A short fingerprint of the corpus folder (file names and contents): which knowledge an
    answer was given with, so feedback on an old corpus can be told apart."""
    digest = hashlib.sha1()
    files = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else []
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
