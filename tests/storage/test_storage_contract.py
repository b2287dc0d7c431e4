"""The storage contract, run against SQLite and a real PostgreSQL (`storage_url` fixture), then
the ways opening a database can fail."""

from __future__ import annotations

import logging
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
import sqlalchemy as sa

from assistant.errors import StorageUnavailableError
from assistant.storage import ClassSession, CodeTakenError, Feedback, Storage, open_storage
from tests.conftest import free_port

T0 = datetime(2025, 3, 10, 9, 30, 15, 123456, tzinfo=UTC)
AMSTERDAM = timezone(timedelta(hours=1))
SECRET = "s3cret-Pw0rd"
ROOT = Path(__file__).resolve().parents[2]


def new_session(storage: Storage, code: str = "ABC123", **overrides: object) -> ClassSession:
    values: dict = {
        "code": code,
        "label": "3 havo, mentorles",
        "level": "havo",
        "region": "Twente",
        "companies": ["asml", "vdl"],
        "max_pupils": 32,
        "expires_at": T0 + timedelta(hours=4),
        "now": T0,
        **overrides,
    }
    return storage.create_session(**values)


def a_feedback(**overrides: object) -> Feedback:
    values: dict = {
        "rating": 1,
        "outcome": "answered",
        "backend": "extractive",
        "sources": ("profiles/techniek.yaml", "roles/monteur.yaml"),
        "corpus_version": "2025.03",
        **overrides,
    }
    return Feedback(**values)


def assert_utc(value: datetime | None) -> None:
    assert value is not None and value.tzinfo is not None
    assert value.utcoffset() == timedelta(0)


class TestStorageContract:
    def test_migrations_create_the_tables_and_record_the_revision(self, storage_url: str) -> None:
        open_storage(storage_url).close()
        engine = sa.create_engine(storage_url)
        try:
            tables = set(sa.inspect(engine).get_table_names())
            with engine.connect() as conn:
                versions = conn.execute(sa.text("SELECT version_num FROM alembic_version")).all()
        finally:
            engine.dispose()
        assert {"class_sessions", "session_events", "feedback", "alembic_version"} <= tables
        assert versions == [("0001",)]

    def test_opening_again_keeps_the_data(self, storage_url: str) -> None:
        with open_storage(storage_url) as first:
            created = new_session(first)
        with open_storage(storage_url) as second:
            assert second.session_by_code("ABC123") == created

    def test_threads_opening_a_fresh_database_at_once_all_succeed(self, storage_url: str) -> None:
        start, opened, failed = threading.Barrier(4), [], []

        def open_one() -> None:
            start.wait()
            try:
                opened.append(open_storage(storage_url))
            except Exception as exc:  # reported below
                failed.append(exc)

        threads = [threading.Thread(target=open_one) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        for storage in opened:
            storage.close()
        assert failed == [] and len(opened) == 4

    def test_processes_opening_a_fresh_database_at_once_all_succeed(self, storage_url: str) -> None:
        start_at = time.time() + 2  # after the interpreters have imported everything
        script = (
            "import sys, time; from assistant.storage import open_storage; "
            "time.sleep(max(0, float(sys.argv[2]) - time.time())); open_storage(sys.argv[1]).close()"
        )
        children = [
            subprocess.Popen(
                [sys.executable, "-c", script, storage_url, str(start_at)],
                cwd=ROOT,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(3)
        ]
        results = [(child.wait(timeout=60), child.stderr.read()) for child in children]  # type: ignore[union-attr]
        assert results == [(0, "")] * 3

    def test_a_database_migrated_by_a_newer_version_is_unavailable(self, storage_url: str) -> None:
        open_storage(storage_url).close()
        engine = sa.create_engine(storage_url)
        with engine.begin() as conn:
            conn.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
        engine.dispose()
        with pytest.raises(StorageUnavailableError, match="upgrade Techkompas"):
            open_storage(storage_url)

    def test_a_created_session_is_found_by_its_code(self, storage: Storage) -> None:
        created = new_session(storage)
        assert storage.session_by_code("ABC123") == created
        assert created == ClassSession(
            id=created.id,
            code="ABC123",
            label="3 havo, mentorles",
            level="havo",
            region="Twente",
            companies=("asml", "vdl"),
            max_pupils=32,
            created_at=T0,
            expires_at=T0 + timedelta(hours=4),
        )

    def test_an_unknown_code_finds_nothing(self, storage: Storage) -> None:
        new_session(storage)
        assert storage.session_by_code("ZZZ999") is None

    def test_a_taken_code_raises_code_taken(self, storage: Storage) -> None:
        new_session(storage)
        with pytest.raises(CodeTakenError, match="ABC123"):
            new_session(storage, label="another class")
        assert new_session(storage, code="XYZ789").code == "XYZ789"

    def test_texts_are_cut_to_their_column_limits(self, storage: Storage) -> None:
        session = new_session(storage, label="L" * 200, level=None, region=None)
        storage.add_event(session.id, "unanswered", text="q" * 1000, topic="t" * 500)
        storage.add_feedback(a_feedback(comment="c" * 900, question="v" * 900))
        assert storage.session_by_code("ABC123") == session
        assert session.label == "L" * 80 and session.level is None
        assert storage.unanswered(session.id) == [("q" * 300, 1)]
        (stored,) = storage.feedback()
        assert stored.comment == "c" * 500 and stored.question == "v" * 500

    def test_event_counts_are_exact_aggregates_without_unanswered_texts(
        self, storage: Storage
    ) -> None:
        session, other = new_session(storage), new_session(storage, code="OTHER1")
        for _ in range(3):
            storage.add_event(session.id, "join", at=T0)
        storage.add_event(session.id, "topic", topic_kind="sector", topic="bouw")
        storage.add_event(session.id, "topic", topic_kind="sector", topic="bouw")
        storage.add_event(session.id, "topic", topic_kind="role", topic="monteur")
        storage.add_event(session.id, "quiz", value="R")
        storage.add_event(session.id, "feedback", value="up")
        storage.add_event(session.id, "unanswered", text="wat verdient een piloot")
        storage.add_event(other.id, "join")
        assert storage.event_counts(session.id) == [
            ("feedback", None, None, "up", 1),
            ("join", None, None, None, 3),
            ("quiz", None, None, "R", 1),
            ("topic", "role", "monteur", None, 1),
            ("topic", "sector", "bouw", None, 2),
        ]
        assert storage.count_events(session.id, "join") == 3
        assert storage.count_events(session.id, "unanswered") == 1
        assert storage.count_events(other.id, "topic") == 0

    def test_unanswered_lists_distinct_texts_most_frequent_first(self, storage: Storage) -> None:
        session, other = new_session(storage), new_session(storage, code="OTHER1")
        for text, times in [("b vraag", 1), ("a vraag", 1), ("vaak", 3), ("soms", 2)]:
            for _ in range(times):
                storage.add_event(session.id, "unanswered", text=text)
        storage.add_event(other.id, "unanswered", text="vaak")
        assert storage.unanswered(session.id) == [
            ("vaak", 3),
            ("soms", 2),
            ("a vraag", 1),
            ("b vraag", 1),
        ]
        assert storage.unanswered(session.id, limit=2) == [("vaak", 3), ("soms", 2)]

    def test_feedback_round_trips_with_sources_and_aware_times(self, storage: Storage) -> None:
        session = new_session(storage)
        local = datetime(2025, 3, 10, 10, 30, 15, 123456, tzinfo=AMSTERDAM)
        sent = a_feedback(
            rating=-1,
            comment="te vaag",
            question="welk profiel past bij techniek?",
            session_id=session.id,
            created_at=local,
        )
        storage.add_feedback(sent)
        (stored,) = storage.feedback()
        assert stored == sent  # equal instants
        assert stored.created_at == T0
        assert_utc(stored.created_at)
        assert stored.sources == ("profiles/techniek.yaml", "roles/monteur.yaml")

    def test_feedback_since_filters_and_lists_oldest_first(self, storage: Storage) -> None:
        for hours in (2, 0, 1):
            storage.add_feedback(a_feedback(created_at=T0 + timedelta(hours=hours)))
        storage.add_feedback(a_feedback())  # now
        times = [f.created_at for f in storage.feedback(since=T0 + timedelta(hours=1))]
        assert times[:2] == [T0 + timedelta(hours=1), T0 + timedelta(hours=2)]
        assert len(times) == 3 and times[2] is not None and times[2] > T0 + timedelta(days=1)

    def test_purge_deletes_expired_sessions_their_events_and_old_feedback(
        self, storage: Storage
    ) -> None:
        expired = new_session(storage, code="OLD1", expires_at=T0)
        current = new_session(storage, code="NEW1", expires_at=T0 + timedelta(days=2))
        for kind in ("join", "join", "question"):
            storage.add_event(expired.id, kind)
        storage.add_event(current.id, "join")
        storage.add_feedback(a_feedback(session_id=expired.id, created_at=T0))
        storage.add_feedback(a_feedback(created_at=T0 - timedelta(days=400)))
        counts = storage.purge(
            sessions_before=T0 + timedelta(days=1), feedback_before=T0 - timedelta(days=365)
        )
        assert counts == (1, 3, 1)
        assert storage.session_by_code("OLD1") is None
        assert storage.count_events(expired.id, "join") == 0
        assert storage.count_events(current.id, "join") == 1
        assert [f.session_id for f in storage.feedback()] == [None]

    def test_purge_without_a_feedback_cutoff_keeps_feedback(self, storage: Storage) -> None:
        storage.add_feedback(a_feedback(created_at=T0 - timedelta(days=1000)))
        assert storage.purge(sessions_before=T0) == (0, 0, 0)
        assert len(storage.feedback()) == 1

    @pytest.mark.parametrize(
        ("call", "message"),
        [
            pytest.param(lambda s, sid: s.add_event(sid, "click"), "unknown event kind", id="kind"),
            pytest.param(
                lambda s, sid: s.count_events(sid, "click"), "unknown event kind", id="count-kind"
            ),
            pytest.param(
                lambda s, sid: s.add_event(sid, "topic", topic_kind="hobby"),
                "unknown topic_kind",
                id="topic-kind",
            ),
            pytest.param(
                lambda s, sid: s.add_event(sid, "question", text="Sanne"),
                "only stored for kind",
                id="text-not-unanswered",
            ),
            pytest.param(
                lambda s, sid: s.add_event(sid, "join", at=datetime(2025, 1, 1)),
                "timezone-aware",
                id="naive-at",
            ),
            pytest.param(
                lambda s, sid: s.add_event(sid + 1000, "join"),
                "no class session",
                id="event-unknown-session",
            ),
            pytest.param(
                lambda s, sid: s.add_feedback(a_feedback(rating=0)), "rating must be", id="rating-0"
            ),
            pytest.param(
                lambda s, sid: s.add_feedback(a_feedback(rating=True)),
                "rating must be",
                id="rating-bool",
            ),
            pytest.param(
                lambda s, sid: s.add_feedback(a_feedback(sources="a.yaml")),
                "list of strings",
                id="sources-str",
            ),
            pytest.param(
                lambda s, sid: s.add_feedback(a_feedback(session_id=sid + 1000)),
                "no class session",
                id="feedback-unknown-session",
            ),
            pytest.param(
                lambda s, sid: new_session(s, code="TOOLONGCODE"),
                "code must be",
                id="code-too-long",
            ),
            pytest.param(
                lambda s, sid: new_session(s, code="NEW1", max_pupils=0),
                "max_pupils",
                id="max-pupils-0",
            ),
            pytest.param(
                lambda s, sid: new_session(s, code="NEW1", companies="asml"),
                "list of strings",
                id="companies-str",
            ),
            pytest.param(
                lambda s, sid: s.purge(sessions_before=datetime(2025, 1, 1)),
                "timezone-aware",
                id="naive-purge",
            ),
            pytest.param(lambda s, sid: s.unanswered(sid, limit=-1), "limit", id="negative-limit"),
        ],
    )
    def test_invalid_input_raises_value_error(
        self, storage: Storage, call: object, message: str
    ) -> None:
        session = new_session(storage)
        with pytest.raises(ValueError, match=message):
            call(storage, session.id)  # type: ignore[operator]

    def test_timestamps_come_back_timezone_aware_utc(self, storage: Storage) -> None:
        local_expiry = datetime(2025, 3, 10, 18, 0, tzinfo=AMSTERDAM)
        created = new_session(storage, expires_at=local_expiry, now=None)
        storage.add_feedback(a_feedback())
        found = storage.session_by_code("ABC123")
        assert found is not None and found == created
        assert found.expires_at == local_expiry
        for value in (found.created_at, found.expires_at, storage.feedback()[0].created_at):
            assert_utc(value)

    def test_ping_answers_and_the_url_is_kept(self, storage: Storage, storage_url: str) -> None:
        storage.ping()
        assert storage.url == storage_url


# ---- opening failures: StorageUnavailableError with the fix, never the password ----


def assert_no_secret(error: BaseException, caplog: pytest.LogCaptureFixture) -> None:
    shown = "".join(traceback.format_exception(error))
    assert SECRET not in shown
    assert SECRET not in caplog.text
    assert "TECHKOMPAS_DATABASE_URL" in str(error)


@pytest.mark.parametrize(
    "url",
    [
        "no database here",
        f"mysql://techkompas:{SECRET}@127.0.0.1/techkompas",
        f"postgresql+psycopg://techkompas:{SECRET}@127.0.0.1:notaport/techkompas",
        f"postgresql+psycopg2://techkompas:{SECRET}@127.0.0.1/techkompas",
        "sqlite://",
    ],
)
def test_a_bad_url_raises_storage_unavailable(url: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    with pytest.raises(StorageUnavailableError) as error:
        open_storage(url)
    assert_no_secret(error.value, caplog)


def test_an_unreachable_postgresql_raises_storage_unavailable_without_the_password(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    url = f"postgresql+psycopg://techkompas:{SECRET}@127.0.0.1:{free_port()}/techkompas"
    with pytest.raises(StorageUnavailableError, match="PostgreSQL runs") as error:
        open_storage(url)
    assert "techkompas:***@127.0.0.1" in str(error.value)
    assert_no_secret(error.value, caplog)


@pytest.mark.slow
def test_a_missing_postgresql_database_raises_storage_unavailable_without_the_password(
    postgres_server, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    url = f"postgresql+psycopg://postgres:{SECRET}@127.0.0.1:{postgres_server.port}/missing"
    with pytest.raises(StorageUnavailableError, match="does not exist") as error:
        open_storage(url)
    assert_no_secret(error.value, caplog)


@pytest.mark.slow
def test_a_postgresql_password_is_masked_in_the_storage_url(postgres_server) -> None:
    database = postgres_server.create_database()  # trust auth: the password is not checked
    url = f"postgresql+psycopg://postgres:{SECRET}@127.0.0.1:{postgres_server.port}/{database}"
    with open_storage(url) as storage:
        assert SECRET not in storage.url and "postgres:***@" in storage.url


@contextmanager
def unprivileged() -> Iterator[None]:
    """Root ignores file modes: act as `nobody` meanwhile (seteuid is undone afterwards)."""
    if os.geteuid() != 0:
        yield
        return
    os.seteuid(65534)
    try:
        yield
    finally:
        os.seteuid(0)


@pytest.mark.parametrize("name", ["techkompas.sqlite3", "sub/techkompas.sqlite3"])
def test_a_read_only_sqlite_folder_raises_storage_unavailable(name: str) -> None:
    folder = Path(tempfile.mkdtemp(prefix="techkompas-ro-"))  # not under root-only tmp_path
    folder.chmod(0o555)
    try:
        with unprivileged(), pytest.raises(StorageUnavailableError, match="writable"):
            open_storage(f"sqlite:///{folder / name}")
    finally:
        folder.chmod(0o755)
        folder.rmdir()


@pytest.mark.slow
def test_a_sqlite_database_locked_beyond_the_timeout_raises_storage_unavailable(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'techkompas.sqlite3'}"
    with open_storage(url) as storage:
        other = sqlite3.connect(tmp_path / "techkompas.sqlite3", isolation_level=None)
        other.execute("BEGIN EXCLUSIVE")
        try:
            with pytest.raises(StorageUnavailableError, match="locked"):
                storage.add_feedback(a_feedback())
        finally:
            other.execute("ROLLBACK")
            other.close()
        storage.add_feedback(a_feedback())
