"""The storage contract runs against SQLite (a file in tmp_path) and a real PostgreSQL server
started once per test session from Debian's binaries, with a fresh database per test."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import free_port

INSTALL_HINT = "install PostgreSQL with `apt-get install -y postgresql`"


@dataclass(frozen=True)
class PostgresServer:
    port: int
    user: str

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{self.user}@127.0.0.1:{self.port}/{database}"

    def create_database(self) -> str:
        import psycopg

        name = f"t_{uuid.uuid4().hex[:12]}"
        dsn = f"host=127.0.0.1 port={self.port} user={self.user} dbname=postgres"
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return name


def postgres_bindir() -> Path | None:
    """The folder with initdb and pg_ctl: pg_config's, else the newest Debian one."""
    pg_config = shutil.which("pg_config")
    if pg_config:
        found = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True)
        bindir = Path(found.stdout.strip())
        if (bindir / "initdb").exists():
            return bindir
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return candidates[-1].parent if candidates else None


def _run(command: list[str], as_user: list[str]) -> None:
    done = subprocess.run([*as_user, *command], capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A throwaway PostgreSQL on 127.0.0.1 (trust auth), stopped and deleted at the end.
    PostgreSQL refuses to run as root, so as root it runs as the `postgres` system user."""
    bindir = postgres_bindir()
    if bindir is None:
        message = f"PostgreSQL binaries not found: {INSTALL_HINT}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    root = Path(tempfile.mkdtemp(prefix="techkompas-pg-"))  # tmp_path is root-only (0700)
    if as_user:
        shutil.chown(root, "postgres", "postgres")
    data, port = root / "data", free_port()
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {root} -c fsync=off"
    try:
        _run([str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres",
              "-E", "UTF8", "--no-sync"], as_user)  # fmt: skip
        _run([str(bindir / "pg_ctl"), "-D", str(data), "-l", str(root / "log"), "-o", options,
              "-w", "-t", "60", "start"], as_user)  # fmt: skip
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as exc:
        log = root / "log"
        server_log = log.read_text(errors="replace") if log.exists() else ""
        shutil.rmtree(root, ignore_errors=True)
        pytest.fail(f"Cannot start PostgreSQL from {bindir}: {exc}\n{server_log}\n{INSTALL_HINT}")
    try:
        yield PostgresServer(port=port, user="postgres")
    finally:
        subprocess.run(
            [*as_user, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(root, ignore_errors=True)


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
