"""Admission for model answers with a time budget: the server knows how many phrasings are
running or waiting and how long one takes; a pupil whose model answer could not start within
`answer_budget_s` gets the checked fact sheet at once (with a short Dutch notice) instead of
waiting. The queue is bounded by that budget, so nobody's request hangs. Only matters with a
model on; without one every answer is instant.

It also learns how long the model takes from the start of a phrasing to its first checked
sentence (`to_first_s`, ADR 0013), told by a `Stopwatch` that the phrasing carries: a live
phrasing that shows one, a backlog phrasing that shows one, and a live phrasing that missed its
deadline (which counts as at least the deadline: the model needed longer). Delivery compares it
with `first_sentence_s`, so a model too slow for a live first sentence is not made to try one
for every pupil; the backlog's phrasings keep the estimate fresh, so a faster model is noticed."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

KEEP = 0.7  # the share of a moving average that the next measurement leaves as it was
# a model known to be too slow for a live first sentence is tried live again after this long
# without a measurement, when it is idle: nothing else (an answer cache of size 0, a question
# asked again after its backlog slot) would ever tell the estimate that the model got faster
RETRY_S = 120.0


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
        to_first_estimate_s: float = 2.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.budget_s = budget_s
        self.slots = max(1, slots)
        self.average_s = first_estimate_s  # moving average of one phrasing on the model
        self.to_first_s = to_first_estimate_s  # moving average: start -> first checked sentence
        self._measured = clock()  # when to_first_s was last measured (the prior: now)
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

    def expected_first_s(self) -> float:
        """Seconds until a phrasing started now would show its first checked sentence: the wait
        for a slot, then the model's own time to it."""
        with self._lock:
            return self._wait_locked() + self.to_first_s

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
                self.average_s = KEEP * self.average_s + (1 - KEEP) * took
        self._free.release()

    def stopwatch(self, ticket: Ticket, deadline_s: float = 0.0) -> Stopwatch:
        """What a phrasing with this ticket tells about its first checked sentence
        (`deadline_s`: how long it was given, 0 for none)."""
        return Stopwatch(self, ticket, deadline_s)

    def worth_a_retry(self) -> bool:
        """Idle, and `to_first_s` unmeasured for RETRY_S: a live try would tell it again."""
        with self._lock:
            return self._clock() - self._measured >= RETRY_S and self._queued == 0

    def first_shown(self, ticket: Ticket) -> None:
        """The phrasing with this ticket showed its first checked sentence now."""
        took = max(0.0, self._clock() - ticket.started)
        with self._lock:
            self.to_first_s = KEEP * self.to_first_s + (1 - KEEP) * took
            self._measured = self._clock()

    def first_missed(self, ticket: Ticket, deadline_s: float) -> None:
        """The phrasing with this ticket had no checked sentence within `deadline_s`. The time
        is unknown but longer, so it counts as at least the deadline, and the estimate is at
        least that afterwards: averaged in, a lower bound would only creep towards the deadline
        and never reach it, and every pupil would wait for it again."""
        took = max(self._clock() - ticket.started, deadline_s)
        with self._lock:
            self.to_first_s = max(KEEP * self.to_first_s + (1 - KEEP) * took, took)
            self._measured = self._clock()


@dataclass(frozen=True)
class Stopwatch:
    """Carried by one phrasing (`assistant.generation.phrased_answers`), which calls `shown`
    at its first checked sentence or `missed` when its deadline passed without one; admission
    learns from either. Once per phrasing."""

    admission: Admission
    ticket: Ticket
    deadline_s: float = 0.0

    def shown(self) -> None:
        self.admission.first_shown(self.ticket)

    def missed(self) -> None:
        self.admission.first_missed(self.ticket, self.deadline_s)
