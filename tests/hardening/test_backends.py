"""Backends failing while the assistant is in use: the OpenAI-compatible server slow, failing or
answering garbage; the Chroma server stopped and started again; the feedback database locked or
gone. The pupil always gets an answer or a clear Dutch message, never a traceback or a wait past
the configured time, nothing is half-written, and the same objects work again once the backend
is back, without a restart."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa

from assistant import texts
from assistant.answer import Notice, Outcome
from assistant.classroom import Classroom
from assistant.pipeline import Assistant
from assistant.storage import Storage, open_storage
from tests.conftest import FIXTURES, free_port
from tests.openai_stub import OpenAIStub, StubReply
from tests.servers import PostgresServer, missing, postgres_bindir, wait_until_up
from ui.pupil import PageState, Turn, chat_turn, give_feedback, join_class

QUESTION = "Wat doet een procesoperator?"
COPIED = "Een procesoperator bewaakt de installaties in een fabriek."
IN_THE_ANSWER = "bewaakt de installaties"
GOOD = StubReply(f"{COPIED} [1] Vraag je decaan naar een meeloopdag.")
TIMEOUT = 1.0  # llm_timeout for the model tests
SQLITE_BUSY_S = 5.0  # busy_timeout in assistant/storage_schema.py
# openai's client warns while it parses a chunk of the wrong shape; the test expects that chunk
pytestmark = pytest.mark.filterwarnings("ignore:Pydantic serializer warnings:UserWarning")


def no_tracebacks(caplog: pytest.LogCaptureFixture) -> list[str]:
    """Log lines that carry a traceback (there should be none: every failure is expected)."""
    return [r.getMessage() for r in caplog.records if r.exc_info]


def ask(assistant: Assistant, state: PageState, classroom: Classroom | None = None) -> list[Turn]:
    return list(chat_turn(assistant, QUESTION, [], state, classroom))


def shown(turns: list[Turn]) -> str:
    """What the pupil reads in the answer bubble at the end."""
    return str(turns[-1].chat[-1]["content"])


# -- the OpenAI-compatible server ------------------------------------------------------------

MODEL_FAILURES = {
    "slow_before_answering": StubReply(GOOD.text, delay=3 * TIMEOUT),
    "stalls_mid_stream": StubReply(GOOD.text, chunk_delay=3 * TIMEOUT),
    "slow_stream_past_the_deadline": StubReply(GOOD.text, chunk_delay=0.3),
    "server_error_500": StubReply("model not loaded", status=500),
    "overloaded_503": StubReply("try later", status=503),
    "html_instead_of_json": StubReply(
        raw=b"<html><body><h1>502 Bad Gateway</h1></body></html>", content_type="text/html"
    ),
    "json_instead_of_a_stream": StubReply(raw=b'{"result": "ok"}'),
    "events_not_json": StubReply(events=["this is not json"]),
    "events_of_the_wrong_shape": StubReply(events=['{"choices": 5}']),
    "events_without_a_delta": StubReply(events=['{"choices": [{"index": 0}]}']),
    "events_without_choices": StubReply(events=['{"id": "x", "object": "chat.completion.chunk"}']),
    "empty_content": StubReply(""),
    "whitespace_content": StubReply("  \n "),
    "closes_before_answering": StubReply(GOOD.text, drop_after=0),
    "closes_mid_stream": StubReply(GOOD.text, drop_after=3),
}


@pytest.fixture
def stub() -> Iterator[OpenAIStub]:
    with OpenAIStub(GOOD) as running:
        yield running


@pytest.fixture
def remote_model(make_assistant, stub: OpenAIStub) -> Assistant:
    assistant: Assistant = make_assistant(
        llm="openai",
        openai_base_url=stub.base_url,
        openai_model="school-model",
        llm_timeout=TIMEOUT,
    )
    return assistant


@pytest.mark.parametrize("failure", MODEL_FAILURES.values(), ids=MODEL_FAILURES.keys())
def test_a_failing_model_server_gives_the_checked_answer_in_time_and_is_used_again_after(
    remote_model: Assistant,
    stub: OpenAIStub,
    failure: StubReply,
    caplog: pytest.LogCaptureFixture,
) -> None:
    stub.reply = failure
    state = PageState()
    started = time.monotonic()
    turns = ask(remote_model, state)
    took = time.monotonic() - started

    answer = state.answer
    assert answer is not None and answer.outcome is Outcome.FALLBACK
    assert answer.notices == [Notice.MODEL_FAILED] and answer.backend == "records"
    assert shown(turns).startswith(texts.LLM_FALLBACK) and IN_THE_ANSWER in shown(turns)
    assert took < TIMEOUT + 2.0, f"the pupil waited {took:.1f} s"
    assert any("showing the fact sheet" in r.getMessage() for r in caplog.records)
    assert no_tracebacks(caplog) == []

    stub.reply = GOOD  # the server is fixed: the same question is phrased by the model again
    again = remote_model.ask(QUESTION)
    assert again.outcome is Outcome.ANSWERED and again.backend == "openai" and not again.cached
    assert again.text.startswith("Een procesoperator bewaakt")
    assert stub.errors == []


def test_a_follow_up_while_the_model_server_fails_is_still_answered(
    remote_model: Assistant, stub: OpenAIStub, caplog: pytest.LogCaptureFixture
) -> None:
    stub.reply = StubReply("boom", status=500)
    history = [{"role": "user", "content": QUESTION}, {"role": "assistant", "content": COPIED}]
    state = PageState()
    started = time.monotonic()
    turns = list(chat_turn(remote_model, "En welke opleiding heb je daarvoor?", history, state))
    took = time.monotonic() - started
    assert state.answer is not None and state.answer.outcome is Outcome.FALLBACK
    assert shown(turns).startswith(texts.LLM_FALLBACK) and "procesoperator worden" in shown(turns)
    assert took < 2 * TIMEOUT + 2.0
    assert len(stub.requests) == 2  # the condense prompt and the phrasing both failed
    assert no_tracebacks(caplog) == []


# -- the Chroma server -----------------------------------------------------------------------


@dataclass
class ChromaServer:
    """A `chroma run` that a test can stop and start again on the same port and data."""

    data: Path
    port: int
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        chroma = Path(sys.executable).parent / "chroma"
        command = [str(chroma), "run", "--path", str(self.data), "--host", "127.0.0.1"]
        self.process = subprocess.Popen(
            [*command, "--port", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until_up(f"{self.url}/api/v2/heartbeat", self.process, timeout=60)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)
        self.process = None


@pytest.fixture
def chroma(tmp_path: Path) -> Iterator[ChromaServer]:
    server = ChromaServer(tmp_path / "chroma-data", free_port())
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.mark.slow
def test_the_same_assistant_answers_again_after_the_chroma_server_restarts(
    settings, chroma: ChromaServer, caplog: pytest.LogCaptureFixture
) -> None:
    from assistant.wiring import open_assistant
    from ingest.indexer import index_paths

    remote = settings.model_copy(update={"chroma_url": chroma.url, "collection": "restarts"})
    assert not index_paths(remote, [FIXTURES / "corpus"]).failed
    assistant = open_assistant(remote)
    other = "Welk bedrijf in Groningen maakt zout?"
    assert assistant.ask(other).has_answer  # the client holds a connection to the server

    chroma.stop()
    state = PageState()
    started = time.monotonic()
    turns = ask(assistant, state)
    took = time.monotonic() - started
    assert state.answer is not None and state.answer.outcome is Outcome.REFUSED
    assert state.answer.reason == "unavailable"
    assert shown(turns) == texts.SEARCH_UNAVAILABLE and took < 5.0
    assert any("cannot search the index" in r.getMessage() for r in caplog.records)
    assert no_tracebacks(caplog) == []

    chroma.start()
    turns = ask(assistant, state)  # the same question: "try again" was not cached
    assert state.answer.has_answer and not state.answer.cached
    assert IN_THE_ANSWER in shown(turns)
    assert assistant.ask(other).has_answer


# -- the database ----------------------------------------------------------------------------


@pytest.fixture
def assistant(make_assistant) -> Assistant:
    made: Assistant = make_assistant()
    return made


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "db" / "techkompas.sqlite3"


@pytest.fixture
def storage(db_path: Path) -> Iterator[Storage]:
    with open_storage(f"sqlite:///{db_path}") as opened:
        yield opened


def rows(url: str, table: str, where: str = "") -> int:
    """Rows in `table`, counted over a connection of its own (what is really in the database)."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(sa.text(f"SELECT count(*) FROM {table} {where}")).scalar_one())
    finally:
        engine.dispose()


@contextmanager
def exclusive_lock(path: Path) -> Iterator[None]:
    """Another program holding the SQLite file's write lock (`BEGIN EXCLUSIVE`)."""
    other = sqlite3.connect(path, isolation_level=None, timeout=0)
    other.execute("BEGIN EXCLUSIVE")
    try:
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


def in_class(storage: Storage) -> tuple[Classroom, PageState]:
    classroom = Classroom(storage)
    session = classroom.create("3 havo")
    state = PageState()
    assert join_class(classroom, session.code, state) == texts.CLASS_JOINED.format(label="3 havo")
    return classroom, state


def test_a_locked_database_holds_up_no_answer_and_loses_only_that_rating(
    assistant: Assistant, storage: Storage, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    url = f"sqlite:///{db_path}"
    classroom, state = in_class(storage)
    with exclusive_lock(db_path):
        started = time.monotonic()
        first_answer = None
        for turn in chat_turn(assistant, QUESTION, [], state, classroom):
            if first_answer is None and IN_THE_ANSWER in str(turn.chat[-1]["content"]):
                first_answer = time.monotonic() - started
        rating = give_feedback(storage, state, -1, "klopt niet", "v1", classroom)
        took = time.monotonic() - started
    assert first_answer is not None and first_answer < 2.0  # the answer did not wait
    assert rating == texts.FEEDBACK_OFF and not state.rated
    assert took < 2 * SQLITE_BUSY_S + 3.0, f"took {took:.1f} s"
    assert rows(url, "feedback") == 0
    assert rows(url, "session_events") == 1  # the first pupil's join, nothing of the rest
    assert no_tracebacks(caplog) == []

    # the lock is gone: the same storage writes again
    assert give_feedback(storage, state, -1, "klopt niet", "v1", classroom) == texts.FEEDBACK_THANKS
    ask(assistant, state, classroom)
    assert rows(url, "feedback") == 1
    assert rows(url, "session_events", "WHERE kind = 'question'") == 1
    assert rows(url, "session_events", "WHERE kind = 'feedback'") == 1


def test_a_database_failing_halfway_through_an_answer_keeps_none_of_its_events(
    assistant: Assistant, storage: Storage, db_path: Path
) -> None:
    url = f"sqlite:///{db_path}"
    classroom, state = in_class(storage)
    fail_topics = (
        "CREATE TRIGGER fail_topics BEFORE INSERT ON session_events WHEN NEW.kind = 'topic' "
        "BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END"
    )
    with closing(sqlite3.connect(db_path, isolation_level=None)) as other:
        other.execute(fail_topics)
    turns = ask(assistant, state, classroom)
    assert IN_THE_ANSWER in shown(turns)
    assert rows(url, "session_events", "WHERE kind != 'join'") == 0  # no question without topics

    with closing(sqlite3.connect(db_path, isolation_level=None)) as other:
        other.execute("DROP TRIGGER fail_topics")
    ask(assistant, state, classroom)
    assert rows(url, "session_events", "WHERE kind = 'question'") == 1
    assert rows(url, "session_events", "WHERE kind = 'topic'") > 0


def remove_file(path: Path) -> None:
    for name in (path.name, f"{path.name}-wal", f"{path.name}-shm"):
        (path.parent / name).unlink(missing_ok=True)


def remove_folder(path: Path) -> None:
    shutil.rmtree(path.parent)


@pytest.mark.parametrize("remove", [remove_file, remove_folder], ids=["file", "folder"])
def test_a_deleted_database_fails_ratings_clearly_until_it_is_put_back(
    assistant: Assistant,
    storage: Storage,
    db_path: Path,
    tmp_path: Path,
    remove: Callable[[Path], None],
    caplog: pytest.LogCaptureFixture,
) -> None:
    url = f"sqlite:///{db_path}"
    classroom, state = in_class(storage)
    ask(assistant, state, classroom)
    assert give_feedback(storage, state, 1, "", "v1", classroom) == texts.FEEDBACK_THANKS
    backup = tmp_path / "backup.sqlite3"
    with closing(sqlite3.connect(db_path)) as source, closing(sqlite3.connect(backup)) as copy:
        source.backup(copy)

    remove(db_path)
    turns = ask(assistant, state, classroom)  # a new answer, so it can be rated
    assert IN_THE_ANSWER in shown(turns)
    assert give_feedback(storage, state, -1, "", "v1", classroom) == texts.FEEDBACK_OFF
    other_pupil = PageState()
    assert join_class(classroom, state.session_code, other_pupil) == texts.CLASS_UNAVAILABLE
    assert other_pupil.session_id is None
    assert not db_path.exists()  # nothing written anywhere, not even an empty file
    assert no_tracebacks(caplog) == []

    db_path.parent.mkdir(exist_ok=True)
    shutil.copy(backup, db_path)  # put back from the backup, while the server runs
    assert give_feedback(storage, state, -1, "", "v1", classroom) == texts.FEEDBACK_THANKS
    ask(assistant, state, classroom)
    assert rows(url, "feedback") == 2  # in the file on disk, not in the deleted one
    kinds = ("join", "question", "feedback")
    assert [rows(url, "session_events", f"WHERE kind = '{kind}'") for kind in kinds] == [1, 2, 2]


# -- PostgreSQL ------------------------------------------------------------------------------


@dataclass(frozen=True)
class StoppablePostgres(PostgresServer):
    """A PostgreSQL of this test module's own, so that stopping it harms no other test."""

    pg_ctl: tuple[str, ...] = ()  # pg_ctl -D DATA, run as the right user
    options: str = ""

    def run(self, *args: str) -> None:
        done = subprocess.run([*self.pg_ctl, *args], capture_output=True, text=True, timeout=90)
        assert done.returncode == 0, f"pg_ctl {args} failed: {done.stdout}{done.stderr}"

    def start(self) -> None:
        self.run("-o", self.options, "-w", "-t", "60", "start")

    def stop(self) -> None:
        self.run("-m", "fast", "-w", "-t", "60", "stop")


@pytest.fixture(scope="module")
def postgres() -> Iterator[StoppablePostgres]:
    bindir = postgres_bindir()
    if bindir is None:
        missing("PostgreSQL binaries not found: apt-get install -y postgresql")
        return
    as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    root = Path(tempfile.mkdtemp(prefix="techkompas-pg-stop-"))
    if as_user:
        shutil.chown(root, "postgres", "postgres")
    data, port = root / "data", free_port()
    init = [str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8"]
    subprocess.run([*as_user, *init, "--no-sync"], capture_output=True, check=True, timeout=120)
    server = StoppablePostgres(
        port=port,
        user="postgres",
        pg_ctl=(*as_user, str(bindir / "pg_ctl"), "-D", str(data), "-l", str(root / "log")),
        options=f"-c listen_addresses=127.0.0.1 -p {port} -k {root} -c fsync=off",
    )
    server.start()
    try:
        yield server
    finally:
        subprocess.run([*server.pg_ctl, "-m", "immediate", "stop"], capture_output=True, timeout=60)
        shutil.rmtree(root, ignore_errors=True)


@pytest.mark.slow
def test_a_stopped_postgres_fails_ratings_clearly_and_writes_again_once_it_is_back(
    assistant: Assistant, postgres: StoppablePostgres, caplog: pytest.LogCaptureFixture
) -> None:
    url = postgres.url(postgres.create_database())
    with open_storage(url) as storage:
        classroom, state = in_class(storage)
        ask(assistant, state, classroom)
        postgres.stop()
        try:
            started = time.monotonic()
            turns = ask(assistant, state, classroom)
            rating = give_feedback(storage, state, 1, "", "v1", classroom)
            took = time.monotonic() - started
        finally:
            postgres.start()
        assert IN_THE_ANSWER in shown(turns)
        assert rating == texts.FEEDBACK_OFF and took < 5.0
        assert no_tracebacks(caplog) == []

        assert give_feedback(storage, state, 1, "", "v1", classroom) == texts.FEEDBACK_THANKS
    assert rows(url, "feedback") == 1
    kinds = ("join", "question", "feedback")
    assert [rows(url, "session_events", f"WHERE kind = '{kind}'") for kind in kinds] == [1, 1, 1]
