"""One ingest at a time per index: an exclusive `flock` on `<index dir>/ingest.lock`.

The lock sits beside the BM25 side of the index, also when the vectors live on a `chroma run`
server, so two ingests on one machine never write the same index at once. The kernel drops
the lock when its holder exits, even after SIGKILL, so a killed ingest never leaves a stale
lock behind; the file itself stays (deleting it would let a third ingest lock a new inode).
The holder writes its pid into the file so the one that is refused can say who holds it.
A second ingest does not wait: it stops with `IndexBusyError`, which names the lock file.
"""

from __future__ import annotations

import errno
import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from assistant.errors import IndexBusyError, IndexWriteError

LOCK_NAME = "ingest.lock"


def lock_path(index_dir: Path) -> Path:
    return Path(index_dir) / LOCK_NAME


@contextmanager
def ingest_lock(index_dir: Path) -> Iterator[Path]:
    """Hold the ingest lock of `index_dir` for the duration of the block (yields its path).
    Raises `IndexBusyError` when another ingest holds it, `IndexWriteError` when the index
    folder cannot be written (read-only, disk full)."""
    path = lock_path(index_dir)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise IndexWriteError(
            f"Cannot create the ingest lock file {path} ({exc.strerror or exc}): make the index "
            "folder writable or point --index / TECHKOMPAS_INDEX_DIR to a writable folder; "
            "the index there was not changed"
        ) from exc
    try:
        _acquire(fd, path)
        yield path
    finally:
        os.close(fd)  # closing the last descriptor releases the flock


def _acquire(fd: int, path: Path) -> None:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
            raise
        holder = _holder(fd)
        raise IndexBusyError(
            f"Another ingest{holder} is writing to the index {path.parent} (lock file {path}): "
            "wait until it has finished, then run 'techkompas ingest' again"
        ) from None
    try:
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
    except OSError:
        pass  # the pid is only for the message of a refused ingest; the lock holds without it


def _holder(fd: int) -> str:
    try:
        pid = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        return ""
    return f" (pid {pid})" if pid.isdigit() else ""
