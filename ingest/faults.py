"""When an ingest goes wrong: what a failed write says (`write_error`), and `pause_point`, a
test-only hook (tests/hardening) that does nothing unless its variable is set."""

from __future__ import annotations

import os
import shutil
import signal
from collections import Counter

from assistant.errors import IndexWriteError
from assistant.settings import Settings

PAUSE_ENV = "TECHKOMPAS_TEST_PAUSE_AT"
_reached: Counter[str] = Counter()


def pause_point(phase: str) -> None:
    """Test-only hook. With TECHKOMPAS_TEST_PAUSE_AT=<phase>[:<n>][,<phase>[:<n>]...] the n-th
    time (default: the first) this process reaches `phase` it stops itself (SIGSTOP), so
    tests/hardening can SIGKILL it exactly there, or let it go on (SIGCONT). Phases: "embed"
    (a batch embedded, not upserted), "upsert" (before a source's upsert), "stale" (a source
    upserted, its stale chunks not yet deleted), "remove" (before deleting a vanished source),
    "bm25" (Chroma done, BM25 not written), "bm25-commit" (BM25 written, not committed),
    "sentences" (answer sentences embedded, not written)."""
    wanted = os.environ.get(PAUSE_ENV)
    if not wanted:
        return
    _reached[phase] += 1
    for spec in wanted.split(","):
        name, _, nth = spec.partition(":")
        if name == phase and _reached[phase] == int(nth or 1):
            os.kill(os.getpid(), signal.SIGSTOP)
            return


def write_error(settings: Settings, exc: Exception) -> IndexWriteError:
    where = f"{settings.index_dir}" + (f" or {settings.chroma_url}" if settings.chroma_url else "")
    try:
        free = shutil.disk_usage(settings.index_dir).free // 2**20
    except OSError:
        free = -1
    disk = f"; {free} MB free on its disk" if 0 <= free < 512 else ""
    return IndexWriteError(
        f"Cannot write the index at {where} ({exc}{disk}): free disk space or make the folder "
        "writable, then run 'techkompas ingest' again; until then the index keeps answering "
        "from what it holds"
    )
