"""The database side of `assistant.storage`: the tables, an engine per backend, migrations.

Alembic migrations in `assistant/migrations/` own the DDL; the tables here are used to query
and for `alembic revision --autogenerate`. Three tables, none with a name, an IP address or a
pupil identifier:

- `class_sessions`: a counsellor's class code with its settings and expiry.
- `session_events`: one row per thing that happened in a class session (a join, a question,
  a topic looked at, a quiz answer, a thumbs up/down, an unanswered question). Only counts of
  these are ever shown; there is no column that could tie two events to the same pupil.
- `feedback`: ratings of answers, with the (already scrubbed) comment and question.

A change here needs a new file in `assistant/migrations/versions/`.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
import threading
import time
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.util.exc import CommandError
from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    Connection,
    DateTime,
    Dialect,
    Engine,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    create_engine,
    event,
    text,
)
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.types import TypeDecorator

from assistant.errors import StorageUnavailableError

CODE_MAX = 8
LABEL_MAX = 80
SHORT_MAX = 60  # level, region, kinds, value, outcome, backend
TOPIC_MAX = 200
CORPUS_VERSION_MAX = 64
UNANSWERED_MAX = 300
COMMENT_MAX = 500
QUESTION_MAX = 500


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on every backend. SQLite keeps no offset, so values are
    stored as naive UTC there and made aware again when read."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: pass a timezone-aware one")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)  # type: ignore[no-any-return]
        return value.astimezone(UTC)  # type: ignore[no-any-return]


# Named constraints, so later migrations (batch mode on SQLite) can refer to them.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_name)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = MetaData(naming_convention=NAMING_CONVENTION)

class_sessions = Table(
    "class_sessions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(CODE_MAX), nullable=False, unique=True),
    Column("label", String(LABEL_MAX), nullable=False),
    Column("level", String(SHORT_MAX)),
    Column("region", String(SHORT_MAX)),
    Column("companies", JSON, nullable=False),
    Column("max_pupils", Integer, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Index("ix_class_sessions_expires_at", "expires_at"),
)

session_events = Table(
    "session_events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "session_id",
        Integer,
        ForeignKey("class_sessions.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("created_at", UTCDateTime, nullable=False),
    Column("kind", String(SHORT_MAX), nullable=False),
    Column("topic_kind", String(SHORT_MAX)),
    Column("topic", String(TOPIC_MAX)),
    Column("value", String(SHORT_MAX)),
    Column("text", String(UNANSWERED_MAX)),
    CheckConstraint("text IS NULL OR kind = 'unanswered'", name="text_only_unanswered"),
    Index("ix_session_events_session_kind", "session_id", "kind"),
)

feedback = Table(
    "feedback",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("rating", Integer, nullable=False),
    Column("comment", String(COMMENT_MAX)),
    Column("question", String(QUESTION_MAX)),
    Column("outcome", String(SHORT_MAX), nullable=False),
    Column("backend", String(SHORT_MAX), nullable=False),
    Column("sources", JSON, nullable=False),
    Column("corpus_version", String(CORPUS_VERSION_MAX), nullable=False),
    Column("session_id", Integer, ForeignKey("class_sessions.id", ondelete="SET NULL")),
    CheckConstraint("rating IN (-1, 1)", name="rating_plus_minus_one"),
    Index("ix_feedback_created_at", "created_at"),
    Index("ix_feedback_session_id", "session_id"),
)

URL_EXAMPLES = "sqlite:///data/techkompas.sqlite3 or postgresql+psycopg://user@host:5432/techkompas"
MIGRATIONS = Path(__file__).with_name("migrations")
MIGRATION_LOCK = 0x7EC4C0  # pg_advisory_xact_lock key: one process migrates at a time
_ALEMBIC = threading.Lock()
_SECRET = re.compile(r"^(\w[\w+.-]*://[^:/@]*:)(.*)@")  # greedy: up to the last "@"
_SECRET_PARAM = re.compile(r"(password=)([^&]*)", re.IGNORECASE)
FIXES = {
    "sqlite": "check that its folder is writable and no other program keeps the file locked, "
    "or set TECHKOMPAS_DATABASE_URL to another sqlite:///path/techkompas.sqlite3",
    "postgresql": "check that PostgreSQL runs and accepts this user and database, "
    "or set TECHKOMPAS_DATABASE_URL to another postgresql+psycopg://user@host:5432/db",
}


def mask_url(url: str) -> str:
    """`url` with its password replaced by ***, also when the URL cannot be parsed."""
    return _SECRET_PARAM.sub(r"\1***", _SECRET.sub(r"\1***@", url))


def secrets_in(url: str) -> tuple[str, ...]:
    found = [m.group(2) for m in (_SECRET.match(url), _SECRET_PARAM.search(url)) if m]
    with contextlib.suppress(ValueError, SQLAlchemyError):
        found.append(make_url(url).password or "")
    return tuple(s for s in found if s and s != "***")


def make_engine(url: str, masked: str) -> Engine:
    try:
        parsed = make_url(url)
    except (ValueError, SQLAlchemyError):
        raise StorageUnavailableError(
            f"{masked!r} is not a database URL: set TECHKOMPAS_DATABASE_URL to {URL_EXAMPLES}"
        ) from None
    backend = parsed.get_backend_name()
    if backend == "sqlite" and parsed.drivername == "sqlite":
        return _sqlite_engine(parsed, masked)
    if backend == "postgresql" and parsed.drivername in ("postgresql", "postgresql+psycopg"):
        return create_engine(
            parsed.set(drivername="postgresql+psycopg"),
            hide_parameters=True,
            pool_pre_ping=True,
            connect_args={"connect_timeout": 10},
        )
    raise StorageUnavailableError(
        f"Unsupported database URL {masked}: set TECHKOMPAS_DATABASE_URL to {URL_EXAMPLES}"
    )


def _sqlite_engine(parsed: URL, masked: str) -> Engine:
    if not parsed.database or parsed.database == ":memory:":
        raise StorageUnavailableError(
            f"{masked} names no file: set TECHKOMPAS_DATABASE_URL to {URL_EXAMPLES}"
        )
    folder = Path(parsed.database).parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageUnavailableError(
            f"Cannot create the folder {folder} for {masked} ({exc.strerror}): {FIXES['sqlite']}"
        ) from None
    engine = create_engine(parsed, hide_parameters=True)
    event.listen(engine, "connect", _sqlite_connect)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # no implicit BEGIN: `_sqlite_begin` sends it
    cursor = dbapi_connection.cursor()
    for pragma in ("busy_timeout=5000", "foreign_keys=ON"):
        cursor.execute(f"PRAGMA {pragma}")
    # Switching a fresh file to WAL can answer "database is locked" at once, without waiting
    # for busy_timeout, while another connection does the same: retry for up to ~5 s.
    for attempt in range(50):
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            break
        except sqlite3.OperationalError:
            if attempt == 49:
                raise
            time.sleep(0.1)
    cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    """Writers take the write lock up front: a deferred transaction that reads and then writes
    fails at once with "database is locked" instead of waiting `busy_timeout`."""
    write = conn.get_execution_options().get("techkompas_write", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def upgrade(engine: Engine) -> None:
    """`alembic upgrade head` in one transaction that holds a lock, so that a second process
    starting at the same time waits and then finds the schema up to date. (`_ALEMBIC` only
    guards alembic's module-level `context` when one process migrates two databases.)"""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    with engine.connect() as conn:
        conn.execution_options(techkompas_write=True)  # SQLite: BEGIN IMMEDIATE
        with conn.begin():
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
            config.attributes["connection"] = conn
            with _ALEMBIC:
                command.upgrade(config, "head")


def unavailable(
    url: str, backend: str, exc: BaseException, secrets: Iterable[str]
) -> StorageUnavailableError:
    lines = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    reason = lines[0] if lines else ""
    for secret in secrets:
        reason = reason.replace(secret, "***")
    reason = f"{type(exc).__name__}: {reason}"
    fix = FIXES.get(backend, f"set TECHKOMPAS_DATABASE_URL to {URL_EXAMPLES}")
    if isinstance(exc, CommandError):  # alembic: a revision this version does not know
        fix = "a newer Techkompas migrated it: upgrade Techkompas or use another database"
    return StorageUnavailableError(f"Cannot use the database at {url} ({reason}): {fix}")


# -- values at the boundary ------------------------------------------------------------


def aware(value: datetime, name: str) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, e.g. datetime.now(UTC); got {value!r}")
    return value.astimezone(UTC)


def cut(value: str | None, limit: int) -> str | None:
    return None if value is None else value[:limit]


def strings(values: Iterable[str], name: str) -> list[str]:
    items = [values] if isinstance(values, str) else list(values)
    if isinstance(values, str) or not all(isinstance(item, str) for item in items):
        raise ValueError(f"{name} must be a list of strings, got {values!r}")
    return items


EVENT_KINDS = ("join", "question", "topic", "quiz", "feedback", "unanswered")
TOPIC_KINDS = ("profile", "sector", "role", "company", "programme")


def check_kind(kind: str) -> None:
    if kind not in EVENT_KINDS:
        raise ValueError(f"unknown event kind {kind!r}; choose one of {EVENT_KINDS}")
