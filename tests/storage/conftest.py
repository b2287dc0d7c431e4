"""The storage contract runs against SQLite (a file in tmp_path) and a real PostgreSQL server
started once per test session from Debian's binaries, with a fresh database per test."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.servers import PostgresServer, postgres_server  # noqa: F401 (a fixture)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)])
def storage_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of a fresh, empty database on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'db' / 'techkompas.sqlite3'}"
    server: PostgresServer = request.getfixturevalue("postgres_server")
    return server.url(server.create_database())


@pytest.fixture
def storage(storage_url: str):
    from assistant.storage import open_storage

    opened = open_storage(storage_url)
    yield opened
    opened.close()
