"""The file of a SQLite database, watched between transactions (`assistant/storage.py`).

Pooled connections keep a deleted file open and would go on writing into it, unseen; so a missing
file fails the call, and a file that is not the one the pool opened (put back from a backup)
empties the pool."""

from __future__ import annotations

import os
import threading

from sqlalchemy import Engine

from assistant.errors import StorageUnavailableError


class SqliteFile:
    """Checked before every transaction: fails while the file is missing, and drops the pooled
    connections when the file was replaced."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._seen = _file_id(path)
        self._lock = threading.Lock()

    def check(self, engine: Engine, url: str) -> None:
        now = _file_id(self.path)
        with self._lock:
            if now != self._seen:
                engine.dispose()  # close the connections to the old file
                self._seen = now
        if now is None:
            raise StorageUnavailableError(
                f"Cannot use the database at {url}: the file is gone. Put it back (from a "
                "backup) and Techkompas uses it again, or restart Techkompas to start a new one"
            )


def _file_id(path: str) -> tuple[int, int] | None:
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_dev, found.st_ino
