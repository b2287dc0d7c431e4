"""Shared fixtures. Unit tests use fake embeddings and a temporary embedded Chroma; tests marked
`slow` use the real model, a real `chroma run` server and the browser (CI runs them too)."""

from __future__ import annotations

import os
import shutil
import socket
from pathlib import Path

import pytest

from assistant.offline import OFFLINE_ENV

for _key, _value in {
    **OFFLINE_ENV,
    "TECHKOMPAS_CONFIG": "/nonexistent/techkompas.toml",
    # Tests choose their answer backend; the local model only runs in tests marked slow.
    "TECHKOMPAS_LLM": "extractive",
}.items():
    os.environ[_key] = _value

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """The privacy audit after the whole run: no storage database any test left behind holds an
    e-mail address, a phone number or an IP address (tests/hardening/audit.py)."""
    from tests.hardening.audit import audit_test_run

    factory = getattr(session.config, "_tmp_path_factory", None)
    if factory is None or exitstatus != 0:
        return
    scanned, found = audit_test_run(factory.getbasetemp())
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(f"privacy audit: {scanned} storage databases, {len(found)} findings")
        for finding in found[:20]:
            reporter.write_line(f"  {finding}")
    if found:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any test that connects anywhere but loopback (haystack's habit)."""
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: object) -> object:
        host = address[0] if isinstance(address, tuple) else address
        if (
            isinstance(host, str)
            and not (
                host.startswith("127.") or host in ("localhost", "::1") or host.startswith("/")
            )
            and self.family != socket.AF_UNIX
        ):
            raise AssertionError(f"test tried to reach the network: {address}")
        return real_connect(self, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A writable copy of the tiny fixture corpus."""
    target = tmp_path / "corpus"
    shutil.copytree(FIXTURES / "corpus", target)
    return target


@pytest.fixture
def settings(tmp_path: Path):
    from assistant.settings import load_settings

    return load_settings(
        index_dir=tmp_path / "index",
        embedding_model="fake",
        chunk_size=400,
        chunk_overlap=80,
        corpus_dir=FIXTURES / "corpus",
    )


@pytest.fixture
def fake_embeddings():
    from assistant.embedding import FakeEmbeddings

    return FakeEmbeddings()


@pytest.fixture
def collection(settings, fake_embeddings):
    from assistant.store import open_collection

    return open_collection(settings, fake_embeddings, create=True)


@pytest.fixture
def fixture_index(settings):
    """The settings' index holding the fixture corpus (fake embeddings, BM25 in step)."""
    from ingest.indexer import index_paths

    report = index_paths(settings, [FIXTURES / "corpus"])
    assert not report.failed, report.failed
    return settings


@pytest.fixture
def make_assistant(fixture_index):
    """Open the pipeline over the fixture index, optionally with other settings or a model."""
    from assistant.wiring import open_assistant

    def make(model=None, **changes):
        return open_assistant(fixture_index.model_copy(update=changes), model)

    return make


@pytest.fixture
def indexer(collection, fake_embeddings, settings):
    from ingest.indexer import Indexer

    return Indexer(
        collection,
        fake_embeddings,
        chunk_size=settings.chunk_size,
        chunk_overlap=settings.chunk_overlap,
        batch_size=4,
        progress=False,
    )


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"seed documents not found at {SEEDS}")
    return SEEDS


SHIPPED_CORPUS = Path(__file__).resolve().parents[1] / "corpus"


@pytest.fixture(scope="session")
def shipped_assistant(tmp_path_factory):
    """The real pipeline over the shipped corpus (+ seeds when present), built once (slow)."""
    from assistant.settings import load_settings
    from evals.prepare import indexed_assistant

    settings = load_settings(
        index_dir=tmp_path_factory.mktemp("shipped") / "index", corpus_dir=SHIPPED_CORPUS
    )
    return indexed_assistant(settings, [SHIPPED_CORPUS, *([SEEDS] if SEEDS.is_dir() else [])])
