"""The rows of `assistant/storage.py` as Python values: a class session, a feedback item, the
values of one session event (checked before they are written)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from assistant import storage_schema as schema


@dataclass(frozen=True)
class ClassSession:
    id: int
    code: str
    label: str
    level: str | None
    region: str | None
    companies: tuple[str, ...]
    max_pupils: int
    created_at: datetime
    expires_at: datetime


@dataclass(frozen=True)
class Feedback:
    rating: int
    outcome: str
    backend: str
    sources: tuple[str, ...]
    corpus_version: str
    comment: str | None = None
    question: str | None = None
    session_id: int | None = None
    created_at: datetime | None = None  # None: now


def event_row(
    session_id: int,
    created_at: datetime,
    kind: str | None,
    topic_kind: str | None = None,
    topic: str | None = None,
    value: str | None = None,
    text: str | None = None,
) -> dict[str, Any]:
    schema.check_kind(str(kind))
    if topic_kind is not None and topic_kind not in schema.TOPIC_KINDS:
        raise ValueError(f"unknown topic_kind {topic_kind!r}; choose one of {schema.TOPIC_KINDS}")
    if text is not None and kind != "unanswered":
        raise ValueError(f"text is only stored for kind 'unanswered', not {kind!r}")
    return {
        "session_id": session_id,
        "created_at": created_at,
        "kind": kind,
        "topic_kind": topic_kind,
        "topic": schema.cut(topic, schema.TOPIC_MAX),
        "value": schema.cut(value, schema.SHORT_MAX),
        "text": schema.cut(text, schema.UNANSWERED_MAX),
    }


def class_session(row: Mapping[Any, Any]) -> ClassSession:
    fields = {name: row[name] for name in ClassSession.__dataclass_fields__}
    return ClassSession(**{**fields, "companies": tuple(row["companies"])})


def feedback_row(row: Mapping[Any, Any]) -> Feedback:
    fields = {name: row[name] for name in Feedback.__dataclass_fields__}
    return Feedback(**{**fields, "sources": tuple(row["sources"])})
