"""A model's token stream read on its own thread, so a pupil can stop waiting for it: a local
model evaluates the whole prompt before its first token and cannot be interrupted meanwhile,
so the waiting side gives up at its deadline (and shows the checked fact sheet) while the
thread lets the model finish that step, closes the stream at its next token and only then
frees the model (`release`: its admission slot). The thread runs at a lower CPU priority
(`nice`, settings.llm_nice): an in-process model computes on the thread that reads it (and on
the OpenMP workers that thread starts), so the checked answers of the other pupils, which need
a fraction of a second of CPU each, are not kept waiting behind the model's seconds of it."""

from __future__ import annotations

import logging
import os
import queue
import threading
from collections.abc import Callable, Iterator
from typing import Any

log = logging.getLogger(__name__)
AHEAD = 4  # chunks read ahead of the waiting side: a stopped model stops within a few tokens


class ModelStream:
    """`chunks(until)` gives the stream's chunks as they come, and stops (returning False from
    `finished`) when `until()` says the waiting side's deadline has passed."""

    def __init__(self, stream: Iterator[Any], release: Callable[[], None], nice: int = 0) -> None:
        self._stream = stream
        self._nice = nice
        self._release = release
        self._queue: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=AHEAD)
        self._stop = threading.Event()
        self._released = threading.Lock()  # held once released: `release` is called once
        self.finished = False
        threading.Thread(target=self._pump, name="model-stream", daemon=True).start()

    def _pump(self) -> None:
        if self._nice:
            _lower_priority(self._nice)
        try:
            for chunk in self._stream:
                if not self._hand(("chunk", chunk)):
                    break
            self._hand(("end", None))
        except Exception as exc:  # handed to the waiting side, which shows the sheet
            self._hand(("error", exc))
        finally:
            try:  # stop the model writing the rest (a local model frees its lock)
                getattr(self._stream, "close", lambda: None)()
            finally:
                self._release_once()

    def _hand(self, item: tuple[str, Any]) -> bool:
        """Put one item for the waiting side; False once it has stopped waiting."""
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.05)
                return True
            except queue.Full:
                continue
        return False

    def _release_once(self) -> None:
        if self._released.acquire(blocking=False):
            self._release()

    def chunks(self, seconds_left: Callable[[], float]) -> Iterator[Any]:
        """The chunks until the stream ends (then `finished` is True) or `seconds_left()` runs
        out while waiting for the next one. A model error is raised here."""
        while True:
            try:
                kind, item = self._queue.get(timeout=max(0.0, seconds_left()))
            except queue.Empty:
                return
            if kind == "error":
                raise item
            if kind == "end":
                self.finished = True
                return
            yield item

    def stop(self, *, release: bool = False) -> None:
        """The waiting side is done: the thread closes the stream at its next chunk. With
        `release` the model counts as free now (it failed or hangs: others need not wait for
        it); otherwise once that thread is done."""
        self._stop.set()
        if release:
            self._release_once()


def _lower_priority(nice: int) -> None:
    """This thread (and the threads it starts) at a lower CPU priority; nothing where the
    system does not allow it."""
    try:
        tid = threading.get_native_id()
        os.setpriority(os.PRIO_PROCESS, tid, min(19, os.getpriority(os.PRIO_PROCESS, tid) + nice))
    except (AttributeError, OSError) as exc:  # not Linux, or not allowed: same priority
        log.debug("model thread keeps its priority: %s", exc)
