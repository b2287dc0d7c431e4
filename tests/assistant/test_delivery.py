"""Whether a sheet is phrased live: admission learns the model's time to its first checked
sentence (fake clock) and delivery compares it with `first_sentence_s` (a fake model that takes
a set number of fake seconds; the real backlog thread)."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

import pytest

from assistant import texts
from assistant.admission import RETRY_S, Admission
from assistant.answer import Answer, Notice, Outcome
from assistant.answer_cache import AnswerCache
from assistant.backlog import Backlog
from assistant.delivery import delivered
from assistant.generation import Context, Sheet, shown_sheet

DEADLINE = 4.0  # first_sentence_s
SHEET = Sheet("Een procesoperator bewaakt de installaties in een fabriek. [1]", [1], "records")


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@dataclass
class Model:
    """Phrases a sheet and shows its first checked sentence `took` fake seconds after it got
    the model, or misses a deadline shorter than that (as `phrased_answers` does: it tells the
    stopwatch either way). Records who asked: a pupil live, or the backlog."""

    clock: Clock
    took: float = 1.0
    live: list[str] = field(default_factory=list)
    later: list[str] = field(default_factory=list)

    def __call__(self, ctx, sheet, first_by=None, release=lambda: None, stopwatch=None):
        on_backlog = threading.current_thread().name == "backlog"
        (self.later if on_backlog else self.live).append(ctx.question)
        yield ctx.answer(Outcome.PENDING)
        deadline = stopwatch.deadline_s if first_by is not None else 0.0
        if deadline and self.took > deadline:
            self.clock.now += deadline
            stopwatch.missed()
            release()
            ctx.notices.append(Notice.BUSY)
            yield from shown_sheet(ctx, sheet, Outcome.FALLBACK)
            return
        self.clock.now += self.took
        stopwatch.shown()
        release()
        yield ctx.answer(Outcome.ANSWERED, text=f"{sheet.text} (phrased)", backend="fake")


@dataclass
class Server:
    clock: Clock
    admission: Admission
    model: Model
    cache: AnswerCache
    backlog: Backlog
    first_sentence_s: float = DEADLINE

    def ask(self, question: str) -> Answer:
        """One pupil's first question; the backlog has phrased it (if it took it) on return."""
        key = self.cache.key(question, None, None, 1)
        ctx = Context(question, [])
        args = (self.model, self.first_sentence_s, self.admission, self.backlog)
        sheet = Sheet(f"{question} {SHEET.text}", [1], "records")  # each question its own sheet
        *_, final = delivered(ctx, sheet, key, *args)
        assert self.backlog.wait(5)
        return final


@pytest.fixture
def server():
    def make(
        to_first_s: float, took: float, first_sentence_s: float = DEADLINE, average_s: float = 8
    ) -> Server:
        clock = Clock()
        admission = Admission(
            12, first_estimate_s=average_s, to_first_estimate_s=to_first_s, clock=clock
        )
        model = Model(clock, took)
        cache = AnswerCache(16)
        backlog = Backlog(model, cache, admission, idle_poll_s=0.01)
        return Server(clock, admission, model, cache, backlog, first_sentence_s)

    return make


# -- admission learns -----------------------------------------------------------------------
def test_a_first_checked_sentence_teaches_the_time_to_it():
    clock = Clock()
    gate = Admission(12, to_first_estimate_s=2, clock=clock)
    ticket = gate.enter()
    assert ticket is not None
    clock.now += 1  # the first checked sentence, 1 s after the phrasing got the model
    gate.stopwatch(ticket).shown()
    assert gate.to_first_s == pytest.approx(0.7 * 2 + 0.3 * 1)


def test_a_missed_deadline_counts_as_at_least_the_deadline():
    """Averaged in, a lower bound would only creep towards the deadline and never pass it."""
    clock = Clock()
    gate = Admission(12, to_first_estimate_s=1, clock=clock)
    ticket = gate.enter()
    assert ticket is not None
    clock.now += 3.5  # the deadline counts from the sheet; the slot came half a second later
    gate.stopwatch(ticket, DEADLINE).missed()
    assert gate.to_first_s == DEADLINE


def test_the_first_sentence_is_expected_after_the_wait_for_a_slot():
    gate = Admission(12, first_estimate_s=8, to_first_estimate_s=2, clock=Clock())
    assert gate.expected_first_s() == 2
    assert gate.enter() is not None  # another phrasing has the model
    assert gate.expected_first_s() == 8 + 2


# -- delivery decides -----------------------------------------------------------------------
def test_a_model_fast_enough_phrases_live_and_teaches_its_time(server):
    s = server(to_first_s=2, took=1)
    final = s.ask("Wat doet een procesoperator?")
    assert final.outcome is Outcome.ANSWERED and final.backend == "fake"
    assert s.model.live == ["Wat doet een procesoperator?"] and s.model.later == []
    assert s.admission.to_first_s == pytest.approx(0.7 * 2 + 0.3 * 1)
    assert s.admission.idle()


def test_a_model_known_to_be_slow_gives_the_sheet_at_once_and_the_backlog_phrases_it(server):
    s = server(to_first_s=5, took=5)
    started = time.monotonic()
    key = s.cache.key("Wat is Jet-Net?", None, None, 1)
    ctx = Context("Wat is Jet-Net?", [])
    *_, final = delivered(ctx, SHEET, key, s.model, DEADLINE, s.admission, s.backlog)
    assert time.monotonic() - started < 1  # not the deadline's 4 s: no live try at all
    assert final.outcome is Outcome.FALLBACK and final.text == SHEET.text
    assert final.notices == [Notice.FROM_SOURCES] and s.model.live == []
    assert s.backlog.wait(5) and s.model.later == ["Wat is Jet-Net?"]
    phrased = s.cache.peek(key)
    assert phrased is not None and phrased.backend == "fake"  # for the next pupil who asks it


def test_a_missed_deadline_sends_the_next_pupil_the_sheet_at_once(server):
    s = server(to_first_s=2, took=5)
    first = s.ask("Wat doet een procesoperator?")  # tried live, no sentence within 4 s
    assert first.outcome is Outcome.FALLBACK and s.model.live == ["Wat doet een procesoperator?"]
    assert s.admission.to_first_s >= DEADLINE
    second = s.ask("Wat is Jet-Net?")
    assert second.notices == [Notice.FROM_SOURCES] and len(s.model.live) == 1
    assert s.model.later == ["Wat is Jet-Net?"]  # phrased on the backlog: 5 s, still slow
    assert s.admission.to_first_s == pytest.approx(0.7 * DEADLINE + 0.3 * 5)


def test_without_a_deadline_a_slow_model_still_phrases_live(server):
    s = server(to_first_s=30, took=30, first_sentence_s=0)
    final = s.ask("Wat doet een procesoperator?")
    assert final.outcome is Outcome.ANSWERED and final.backend == "fake"
    assert s.model.live == ["Wat doet een procesoperator?"] and s.model.later == []


def test_live_phrasing_comes_back_when_the_backlog_phrasings_get_fast(server):
    """A lighter model, a GPU server, a quiet moment after a class: the backlog notices."""
    s = server(to_first_s=6, took=1)
    asked = [s.ask(q) for q in ("Wat is Jet-Net?", "Wat is O&O?", "Wat is bbl?")]
    assert [a.notices for a in asked[:2]] == [[Notice.FROM_SOURCES]] * 2  # 6 -> 4.5 -> 3.45 s
    assert s.model.later == ["Wat is Jet-Net?", "Wat is O&O?"]
    assert asked[2].outcome is Outcome.ANSWERED and s.model.live == ["Wat is bbl?"]


def test_a_slow_model_is_tried_live_again_once_its_estimate_is_stale_and_it_is_idle(server):
    """Without a cache key (answer cache size 0) nothing goes on the backlog, so nothing would
    ever measure the model again: after RETRY_S idle, one pupil gets a live try."""
    s = server(to_first_s=6, took=1)
    ctx = Context("Wat is Jet-Net?", [])
    *_, final = delivered(ctx, SHEET, None, s.model, DEADLINE, s.admission, s.backlog)
    assert final.notices == [Notice.FROM_SOURCES] and s.model.live == s.model.later == []
    s.clock.now += RETRY_S - 1
    *_, final = delivered(Context("Wat is O&O?", []), SHEET, None, *_args(s))
    assert final.notices == [Notice.FROM_SOURCES] and s.model.live == []
    s.clock.now += 1
    *_, final = delivered(Context("Wat is bbl?", []), SHEET, None, *_args(s))
    assert final.outcome is Outcome.ANSWERED and s.model.live == ["Wat is bbl?"]
    assert s.admission.to_first_s == pytest.approx(0.7 * 6 + 0.3 * 1)  # measured again


def test_a_stale_estimate_is_not_retried_while_another_phrasing_has_the_model(server):
    s = server(to_first_s=6, took=1)
    s.clock.now += RETRY_S
    held = s.admission.enter()
    assert held is not None
    *_, final = delivered(Context("Wat is bbl?", []), SHEET, None, *_args(s))
    assert final.notices == [Notice.FROM_SOURCES] and s.model.live == []
    s.admission.leave(held, learn=False)


def _args(s: Server) -> tuple:
    return (s.model, s.first_sentence_s, s.admission, s.backlog)


def test_a_pupil_whose_first_sentence_would_come_too_late_after_the_queue_is_told_it_is_busy(
    server,
):
    """The model is quick enough alone, but another phrasing is ahead: 1.5 s for the slot (within
    half the deadline, so admission would wait for it) and 3 s to the sentence pass the 4 s."""
    s = server(to_first_s=3, took=1, average_s=1.5)
    held = s.admission.enter()  # another pupil's phrasing has the model
    assert held is not None
    key = s.cache.key("Wat is Jet-Net?", None, None, 1)
    started = time.monotonic()
    ctx = Context("Wat is Jet-Net?", [])
    *_, final = delivered(ctx, SHEET, key, s.model, DEADLINE, s.admission, s.backlog)
    assert time.monotonic() - started < 1  # not 2 s waiting for a slot that comes too late
    assert final.notices == [Notice.BUSY] and s.model.live == []  # busy, not slow
    s.admission.leave(held, learn=False)
    assert s.backlog.wait(5) and s.model.later == ["Wat is Jet-Net?"]


def test_every_notice_has_its_dutch_text_and_from_sources_does_not_say_busy():
    assert set(texts.NOTICES) == {str(n) for n in Notice}
    assert "druk" not in texts.NOTICES["from_sources"]
    assert texts.NOTICES["busy"].endswith(texts.NOTICES["from_sources"])
