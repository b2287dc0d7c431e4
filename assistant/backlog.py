"""Phrasing later, for the next pupil. When the model was busy a pupil got the checked sheet at
once; their question goes on a short backlog, and when the model is idle it phrases it and puts
the result in the answer cache. A class asks the same few questions, so the pupils after them
get the model's phrasing instantly instead of waiting for it.

While the backlog is not empty the class is busy: every pupil gets the sheet at once (the model
is phrasing for the many, not for one), so nobody waits for the model under load; a lone pupil
at a quiet moment still gets the phrasing live, if the model can show its first sentence in
time. A model too slow for that phrases here only, and each phrasing tells admission how long
the model took to its first checked sentence (a `Stopwatch`): the estimate stays fresh, so live
phrasing comes back when the model gets faster. The most asked question is phrased first. One
daemon thread, started on the first question that needs it; bounded (a full backlog drops the
question, it is only an improvement). Nothing is written anywhere but the cache."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from typing import Protocol

from assistant.admission import Admission, Stopwatch, Ticket
from assistant.answer import Answer, Outcome
from assistant.answer_cache import AnswerCache, Key, cacheable, sheet_key
from assistant.generation import Context, Sheet

log = logging.getLogger(__name__)


class Phrase(Protocol):
    def __call__(self, ctx: Context, sheet: Sheet, *, stopwatch: Stopwatch) -> Iterator[Answer]: ...


class Backlog:
    def __init__(
        self,
        phrase: Phrase,
        cache: AnswerCache,
        admission: Admission,
        *,
        size: int = 64,
        idle_poll_s: float = 0.25,
    ) -> None:
        self._phrase = phrase
        self._cache = cache
        self._admission = admission
        self._size = size
        self._items: dict[Key, tuple[int, Context, Sheet]] = {}  # key -> (demand, ctx, sheet)
        self._working = False
        self._changed = threading.Condition()
        self._thread: threading.Thread | None = None
        self._idle_poll_s = idle_poll_s
        self.phrased = self.dropped = 0

    def busy(self) -> bool:
        """Questions are waiting to be phrased (or one is being phrased): the class is active."""
        with self._changed:
            return bool(self._items) or self._working

    def submit(self, key: Key, ctx: Context, sheet: Sheet) -> None:
        """Phrase this question when the model is idle; the most asked question goes first."""
        if self._cache.size <= 0:
            return
        with self._changed:
            if key in self._items:
                demand, ctx, sheet = self._items[key]
                self._items[key] = (demand + 1, ctx, sheet)
                return
            if len(self._items) >= self._size:
                self.dropped += 1
                return
            self._items[key] = (1, replace(ctx, notices=[]), sheet)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="backlog", daemon=True)
                self._thread.start()
            self._changed.notify_all()

    def wait(self, timeout: float = 30.0) -> bool:
        """True when the backlog is empty within `timeout` seconds (tests, shutdown)."""
        with self._changed:
            return self._changed.wait_for(lambda: not self._items and not self._working, timeout)

    def _run(self) -> None:
        while True:
            with self._changed:
                self._changed.wait_for(lambda: bool(self._items))
            ticket = self._idle_model()
            with self._changed:  # chosen now: the most asked while the model was busy
                key = max(self._items, key=lambda k: self._items[k][0])
                _, ctx, sheet = self._items.pop(key)
                self._working = True
            try:
                self._phrase_into_cache(key, ctx, sheet, self._admission.stopwatch(ticket))
            except Exception as exc:  # the backlog must never take the server down
                log.warning("phrasing a busy answer later failed: %s", exc)
            finally:
                self._admission.leave(ticket)
                with self._changed:
                    self._working = False
                    self._changed.notify_all()

    def _idle_model(self) -> Ticket:
        """A slot on the model when no pupil is waiting for it (polled: pupils go first)."""
        while True:
            ticket = self._admission.enter(wait_s=0) if self._admission.idle() else None
            if ticket is not None:
                return ticket
            time.sleep(self._idle_poll_s)

    def phrasing_of(self, key: Key, ctx: Context, sheet: Sheet) -> Answer | None:
        """The model's phrasing of this very sheet, made for another question that got it
        (counted as a cache hit), or None."""
        return self._cache.get(_of_sheet(key, ctx, sheet))

    def _phrase_into_cache(
        self, key: Key, ctx: Context, sheet: Sheet, stopwatch: Stopwatch
    ) -> None:
        if self._cache.peek(key) is not None:
            return
        by_sheet = _of_sheet(key, ctx, sheet)
        if (earlier := self._cache.peek(by_sheet)) is not None:
            self._cache.put(key, earlier)  # another question got this sheet: phrased once
            return
        final = None
        for final in self._phrase(ctx, sheet, stopwatch=stopwatch):  # noqa: B007
            pass
        if final is not None and final.outcome is Outcome.ANSWERED and cacheable(final):
            self._cache.put(key, final)
            self._cache.put(by_sheet, final)
            self.phrased += 1


def _of_sheet(key: Key, ctx: Context, sheet: Sheet) -> Key:
    hit_ids = [h.chunk_id for h in ctx.hits]
    companies = [f"{c.company.id}:{c.reason}" for c in ctx.companies]
    return sheet_key(sheet.text, hit_ids, companies, ctx.route, key[3])
