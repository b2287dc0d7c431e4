"""Real servers for tests, started once per session from Debian's binaries: PostgreSQL (the
storage contract, the scale-out test) and nginx (the scale-out test). Missing binaries skip the
test on a developer's machine and fail it in CI, where `make test` installs them."""

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

INSTALL_HINT = "install PostgreSQL with `apt-get install -y postgresql` (or `make postgres`)"


def missing(message: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


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
        missing(f"PostgreSQL binaries not found: {INSTALL_HINT}")
        return
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


def wait_until_up(
    url: str, process: subprocess.Popen[bytes], log: Path | None = None, timeout: float = 120
) -> bytes:
    """Poll `url` until it answers (its body); fail with the end of the log if the process
    stops or the time runs out."""
    import time
    import urllib.request

    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return bytes(response.read())
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                tail = log.read_text(errors="replace")[-3000:] if log and log.exists() else ""
                pytest.fail(f"{url} did not come up:\n{tail}")
            time.sleep(0.3)
