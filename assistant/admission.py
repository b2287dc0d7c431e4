"""Admission for model answers with a time budget: the server knows how many phrasings are
running or waiting and how long one takes; a pupil whose model answer could not start within
`answer_budget_s` gets the checked fact sheet at once (with a short Dutch notice) instead of
waiting. The queue is bounded by that budget, so nobody's request hangs. Only matters with a
model on; without one every answer is instant."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Ticket:
    started: float  # when this phrasing got the model


class Admission:
    def __init__(
        self,
        budget_s: float,
        *,
        slots: int = 1,
        first_estimate_s: float = 8.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.budget_s = budget_s
        self.slots = max(1, slots)
        self.average_s = first_estimate_s  # moving average of one phrasing on the model
        self._clock = clock
        self._lock = threading.Lock()
        self._free = threading.Semaphore(self.slots)
        self._queued = 0  # running or waiting for a slot
        self.admitted = self.turned_away = 0

    def expected_wait(self) -> float:
        """Seconds a new phrasing would wait for a slot: those ahead of it, `slots` at a time."""
        with self._lock:
            return self._wait_locked()

    def _wait_locked(self) -> float:
        ahead = max(0, self._queued - self.slots + 1)
        return ahead * self.average_s / self.slots

    def enter(self, wait_s: float | None = None) -> Ticket | None:
        """Wait for a slot and return a ticket; None when the wait would pass the budget (or
        `wait_s`: 0 = only a free slot now) and the caller goes on without the model. The wait
        itself is bounded too, in case the estimate was too hopeful."""
        budget = self.budget_s if wait_s is None else min(wait_s, self.budget_s)
        with self._lock:
            if self._wait_locked() > budget:
                self.turned_away += 1
                return None
            self._queued += 1
        if not self._free.acquire(timeout=budget):
            with self._lock:
                self._queued -= 1
                self.turned_away += 1
            return None
        with self._lock:
            self.admitted += 1
        return Ticket(self._clock())

    def idle(self) -> bool:
        with self._lock:
            return self._queued == 0

    def leave(self, ticket: Ticket, *, learn: bool = True) -> None:
        """A model call is done: free its slot; the time a phrasing took updates the estimate
        (`learn=False` for shorter calls, such as condensing a follow-up)."""
        took = max(0.0, self._clock() - ticket.started)
        with self._lock:
            self._queued = max(0, self._queued - 1)
            if learn:
                self.average_s = 0.7 * self.average_s + 0.3 * took
        self._free.release()
