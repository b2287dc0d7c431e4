"""Feedback and class-session storage in SQLite or PostgreSQL; Alembic migrations own the schema.

What is stored, and why none of it identifies a pupil:

- class sessions: the code a counsellor hands out, a label, level, region, the chosen companies,
  a maximum number of pupils and an expiry date. Nothing about who joined.
- session events: one row per join, question, topic looked at, quiz answer, thumbs up/down or
  unanswered question, holding only the session, the time and what it was about. There is
  deliberately no pupil id, cookie, name or IP address, so two rows cannot be tied to the same
  pupil; counsellors only ever see counts (`event_counts`). The one free text, a question that
  went unanswered, is scrubbed of personal data by the caller and cut to 300 characters.
- feedback: a thumbs up/down on an answer with the (scrubbed) comment and question, the outcome,
  backend, sources and corpus version, linked at most to a class session.

`purge` deletes expired class sessions with their events, and old feedback. `open_storage(url)`
migrates the schema; every database failure is a `StorageUnavailableError` (password masked).
A SQLite file deleted while the server runs fails every call (pooled connections would write
into the deleted file) until it is put back; then fresh connections use it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime

from alembic.util.exc import CommandError
from sqlalchemy import Connection, Engine, Insert, delete, func, insert, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from assistant import storage_schema as schema
from assistant.errors import TechkompasError
from assistant.sqlite_file import SqliteFile
from assistant.storage_rows import ClassSession, Feedback, class_session, event_row, feedback_row

log = logging.getLogger(__name__)

EVENT_KINDS, TOPIC_KINDS = schema.EVENT_KINDS, schema.TOPIC_KINDS


class CodeTakenError(TechkompasError):
    """A class session with this code exists already: create it again with another code."""


def open_storage(url: str) -> Storage:
    """Open the database at `url`, migrate it to the newest schema and return a `Storage`."""
    masked, secrets = schema.mask_url(url), schema.secrets_in(url)
    engine = schema.make_engine(url, masked)
    try:
        schema.upgrade(engine)
    except (SQLAlchemyError, CommandError, OSError) as exc:
        engine.dispose()
        raise schema.unavailable(masked, engine.dialect.name, exc, secrets) from None
    log.info("Storage ready at %s", masked)
    return Storage(engine, masked, secrets)


class Storage:
    """Class sessions, their events and feedback in one SQL database. Thread-safe."""

    def __init__(self, engine: Engine, url: str, secrets: tuple[str, ...] = ()) -> None:
        self._engine = engine
        self._secrets = secrets
        self.url = url
        database = (engine.url.database or "") if engine.dialect.name == "sqlite" else ""
        on_disk = database not in ("", ":memory:") and not database.startswith("file:")
        self._file = SqliteFile(database) if on_disk else None

    def __enter__(self) -> Storage:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @contextmanager
    def _transaction(self, *, write: bool = False) -> Iterator[Connection]:
        try:
            if self._file is not None:
                self._file.check(self._engine, self.url)
            with self._engine.connect() as conn:
                conn.execution_options(techkompas_write=write)
                with conn.begin():
                    yield conn
        except IntegrityError:
            raise  # the caller knows which constraint it can break
        except SQLAlchemyError as exc:
            backend = self._engine.dialect.name
            raise schema.unavailable(self.url, backend, exc, self._secrets) from None

    def create_session(
        self,
        *,
        code: str,
        label: str,
        level: str | None,
        region: str | None,
        companies: Iterable[str],
        max_pupils: int,
        expires_at: datetime,
        now: datetime | None = None,
    ) -> ClassSession:
        """Store a new class session; `CodeTakenError` when `code` is in use."""
        if not code or len(code) > schema.CODE_MAX:
            raise ValueError(f"code must be 1 to {schema.CODE_MAX} characters, got {code!r}")
        if max_pupils < 1:
            raise ValueError(f"max_pupils must be at least 1, got {max_pupils}")
        values = {
            "code": code,
            "label": schema.cut(label, schema.LABEL_MAX),
            "level": schema.cut(level, schema.SHORT_MAX),
            "region": schema.cut(region, schema.SHORT_MAX),
            "companies": schema.strings(companies, "companies"),
            "max_pupils": max_pupils,
            "created_at": schema.aware(now or datetime.now(UTC), "now"),
            "expires_at": schema.aware(expires_at, "expires_at"),
        }
        try:
            with self._transaction(write=True) as conn:
                new_id = _insert(conn, insert(schema.class_sessions).values(values))
        except IntegrityError:
            raise CodeTakenError(f"Class code {code!r} is taken: try another code") from None
        return class_session({"id": new_id, **values})

    def session_by_code(self, code: str) -> ClassSession | None:
        table = schema.class_sessions
        with self._transaction() as conn:
            row = conn.execute(select(table).where(table.c.code == code)).mappings().first()
        return class_session(row) if row else None

    def add_event(
        self,
        session_id: int,
        kind: str,
        *,
        topic_kind: str | None = None,
        topic: str | None = None,
        value: str | None = None,
        text: str | None = None,
        at: datetime | None = None,
    ) -> None:
        """Record one event; `text` (the scrubbed question) only for kind "unanswered"."""
        event = {"kind": kind, "topic_kind": topic_kind, "topic": topic, "value": value}
        self.add_events(session_id, [{**event, "text": text}], at=at)

    def add_events(
        self,
        session_id: int,
        events: Iterable[Mapping[str, str | None]],
        *,
        at: datetime | None = None,
    ) -> None:
        """Record events in one transaction, all or none (a question with its topics). Each is
        a mapping with "kind" and, as in `add_event`, "topic_kind", "topic", "value", "text"."""
        created_at = schema.aware(at or datetime.now(UTC), "at")
        rows = [event_row(session_id, created_at, **event) for event in events]
        if not rows:
            return
        try:
            with self._transaction(write=True) as conn:
                conn.execute(insert(schema.session_events), rows)
        except IntegrityError:
            raise ValueError(f"no class session {session_id} (expired and purged?)") from None

    def count_events(self, session_id: int, kind: str) -> int:
        schema.check_kind(kind)
        table = schema.session_events
        query = select(func.count()).where(table.c.session_id == session_id, table.c.kind == kind)
        with self._transaction() as conn:
            return int(conn.execute(query).scalar_one())

    def event_counts(
        self, session_id: int
    ) -> list[tuple[str, str | None, str | None, str | None, int]]:
        """(kind, topic_kind, topic, value, count) per distinct combination, without the
        "unanswered" texts; sorted by the first four, None first."""
        table = schema.session_events
        keys = (table.c.kind, table.c.topic_kind, table.c.topic, table.c.value)
        query = (
            select(*keys, func.count())
            .where(table.c.session_id == session_id, table.c.kind != "unanswered")
            .group_by(*keys)
        )
        with self._transaction() as conn:
            rows = [(r[0], r[1], r[2], r[3], int(r[4])) for r in conn.execute(query)]
        return sorted(rows, key=lambda row: [(v is not None, v or "") for v in row[:4]])

    def unanswered(self, session_id: int, limit: int = 20) -> list[tuple[str, int]]:
        """The distinct unanswered (scrubbed) questions with their counts, most frequent first."""
        if limit < 0:
            raise ValueError(f"limit must be 0 or more, got {limit}")
        table = schema.session_events
        count = func.count().label("n")
        query = (
            select(table.c.text, count)
            .where(table.c.session_id == session_id, table.c.kind == "unanswered")
            .where(table.c.text.is_not(None))
            .group_by(table.c.text)
            .order_by(count.desc(), table.c.text)
            .limit(limit)
        )
        with self._transaction() as conn:
            return [(row[0], int(row[1])) for row in conn.execute(query)]

    def add_feedback(self, feedback: Feedback) -> int:
        """Store one rating; returns its id."""
        if type(feedback.rating) is not int or feedback.rating not in (1, -1):
            raise ValueError(f"rating must be +1 or -1, got {feedback.rating!r}")
        values = {
            "created_at": schema.aware(feedback.created_at or datetime.now(UTC), "created_at"),
            "rating": feedback.rating,
            "comment": schema.cut(feedback.comment, schema.COMMENT_MAX),
            "question": schema.cut(feedback.question, schema.QUESTION_MAX),
            "outcome": schema.cut(feedback.outcome, schema.SHORT_MAX),
            "backend": schema.cut(feedback.backend, schema.SHORT_MAX),
            "sources": schema.strings(feedback.sources, "sources"),
            "corpus_version": schema.cut(feedback.corpus_version, schema.CORPUS_VERSION_MAX),
            "session_id": feedback.session_id,
        }
        try:
            with self._transaction(write=True) as conn:
                return _insert(conn, insert(schema.feedback).values(values))
        except IntegrityError:
            raise ValueError(f"no class session {feedback.session_id} (purged?)") from None

    def feedback(self, *, since: datetime | None = None) -> list[Feedback]:
        """All feedback (created at or after `since`), oldest first."""
        table = schema.feedback
        query = select(table).order_by(table.c.created_at, table.c.id)
        if since is not None:
            query = query.where(table.c.created_at >= schema.aware(since, "since"))
        with self._transaction() as conn:
            return [feedback_row(row) for row in conn.execute(query).mappings()]

    def purge(
        self, *, sessions_before: datetime, feedback_before: datetime | None = None
    ) -> tuple[int, int, int]:
        """Delete class sessions that expired before `sessions_before` (their events go with
        them) and feedback created before `feedback_before`. Returns the three counts."""
        sessions, events, feedback = schema.class_sessions, schema.session_events, schema.feedback
        expired = select(sessions.c.id).where(
            sessions.c.expires_at < schema.aware(sessions_before, "sessions_before")
        )
        with self._transaction(write=True) as conn:
            conn.execute(expired.with_for_update())  # PostgreSQL: no new events meanwhile
            count = select(func.count()).where(events.c.session_id.in_(expired))
            n_events = int(conn.execute(count).scalar_one())
            n_sessions = conn.execute(delete(sessions).where(sessions.c.id.in_(expired))).rowcount
            n_feedback = 0
            if feedback_before is not None:
                cutoff = schema.aware(feedback_before, "feedback_before")
                old = delete(feedback).where(feedback.c.created_at < cutoff)
                n_feedback = conn.execute(old).rowcount
        return n_sessions, n_events, n_feedback

    def ping(self) -> None:
        """A cheap round trip; raises `StorageUnavailableError` when the database is gone."""
        with self._transaction() as conn:
            conn.execute(select(1))

    def close(self) -> None:
        self._engine.dispose()


def _insert(conn: Connection, statement: Insert) -> int:
    key = conn.execute(statement).inserted_primary_key
    assert key is not None  # every table has an integer primary key
    return int(key[0])
