"""The shared answer cache and the time-budgeted admission to the model: unit tests with a
fake clock, and the pipeline using both (fake embeddings, the fake model)."""

from __future__ import annotations

import threading
import time

import pytest
from langchain_core.messages import BaseMessage
from pydantic import PrivateAttr

from assistant.admission import Admission
from assistant.answer import Answer, Notice, Outcome
from assistant.answer_cache import AnswerCache, cacheable, normalise
from assistant.backlog import Backlog
from assistant.chat_models import ChatFake
from assistant.generation import Context, Sheet

QUESTION = "Wat doet een procesoperator?"


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def answered(text: str = "Een antwoord [1].") -> Answer:
    return Answer(Outcome.ANSWERED, text=text)


# -- the cache -------------------------------------------------------------------------------
def test_the_same_question_in_other_capitals_and_punctuation_is_one_key():
    assert normalise("Wat doet een  Procesoperator??") == normalise("wat doet een procesoperator")
    assert normalise("Wat is C&M?") != normalise("Wat is N&T?")
    key = AnswerCache.key
    assert key("Wat is mbo?", "vmbo", None, 3) != key("Wat is mbo?", "havo", None, 3)
    assert key("Wat is mbo?", None, "Utrecht", 3) != key("Wat is mbo?", None, None, 3)


def test_a_cached_answer_is_marked_and_the_stored_one_is_not_changed():
    cache = AnswerCache(4)
    key = cache.key(QUESTION, None, None, 1)
    assert cache.get(key) is None
    cache.put(key, answered())
    again = cache.get(key)
    assert again is not None and again.cached and again.text == "Een antwoord [1]."
    assert cache.get(key) is not again and (cache.hits, cache.misses) == (2, 1)


def test_the_least_recently_used_answer_goes_first():
    cache = AnswerCache(2)
    a, b, c = (cache.key(q, None, None, 1) for q in ("a", "b", "c"))
    cache.put(a, answered("A"))
    cache.put(b, answered("B"))
    assert cache.get(a) is not None  # a is now the most recent
    cache.put(c, answered("C"))
    assert cache.get(b) is None and cache.get(a) is not None and cache.get(c) is not None


@pytest.mark.parametrize(
    "answer",
    [
        Answer(Outcome.REFUSED, reason="unsafe"),
        Answer(Outcome.PENDING),
        Answer(Outcome.FALLBACK, text="x", notices=[Notice.MODEL_FAILED]),
        Answer(Outcome.FALLBACK, text="x", notices=[Notice.BUSY]),
        Answer(Outcome.FALLBACK, text="x", notices=[Notice.FROM_SOURCES]),  # the backlog's turn
        Answer(Outcome.ANSWERED, text="x", notices=[Notice.QUESTION_CUT]),
    ],
)
def test_refusals_partial_answers_and_answers_with_a_notice_are_not_kept(answer):
    cache = AnswerCache(4)
    key = cache.key("x", None, None, 1)
    cache.put(key, answer)
    assert not cacheable(answer) and cache.get(key) is None


def test_a_cache_of_size_zero_keeps_nothing():
    cache = AnswerCache(0)
    key = cache.key("x", None, None, 1)
    cache.put(key, answered())
    assert cache.get(key) is None


# -- admission -------------------------------------------------------------------------------
def test_an_idle_model_admits_at_once_and_learns_how_long_an_answer_takes():
    clock = Clock()
    gate = Admission(12, first_estimate_s=8, clock=clock)
    assert gate.expected_wait() == 0
    ticket = gate.enter()
    assert ticket is not None and gate.expected_wait() == 8
    clock.now += 2  # this answer took 2 s
    gate.leave(ticket)
    assert gate.expected_wait() == 0 and gate.average_s == pytest.approx(0.7 * 8 + 0.3 * 2)


def test_a_pupil_whose_wait_would_pass_the_budget_is_turned_away_at_once():
    gate = Admission(10, first_estimate_s=8, clock=Clock())
    first = gate.enter()
    assert first is not None
    waiting: list[object] = []
    thread = threading.Thread(target=lambda: waiting.append(gate.enter()))
    thread.start()  # 8 s expected wait: within the budget, so it waits for the slot
    deadline = time.monotonic() + 5
    while gate.expected_wait() < 16 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert gate.expected_wait() == 16
    started = time.monotonic()
    assert gate.enter() is None and gate.turned_away == 1  # 16 s > 10 s: not queued
    assert time.monotonic() - started < 1
    gate.leave(first)
    thread.join(5)
    assert waiting and waiting[0] is not None and gate.admitted == 2


def test_a_wait_longer_than_the_budget_gives_up_even_when_the_estimate_was_hopeful():
    gate = Admission(0.05, first_estimate_s=0.01)
    first = gate.enter()
    assert first is not None
    assert gate.enter() is None and gate.turned_away == 1
    assert gate.expected_wait() == pytest.approx(0.01)  # only the running answer is counted


def test_a_call_that_may_not_wait_gets_only_a_free_slot():
    gate = Admission(30, first_estimate_s=1, clock=Clock())
    held = gate.enter(wait_s=0)
    assert held is not None and not gate.idle()
    started = time.monotonic()
    assert gate.enter(wait_s=0) is None and time.monotonic() - started < 0.5
    gate.leave(held, learn=False)
    assert gate.idle() and gate.average_s == 1  # a short call does not change the estimate


def test_two_slots_admit_two_answers_at_once():
    gate = Admission(1, slots=2, first_estimate_s=8, clock=Clock())
    assert gate.enter() is not None and gate.enter() is not None
    assert gate.enter() is None  # 8 s / 2 slots = 4 s > 1 s


# -- the pipeline ----------------------------------------------------------------------------
def test_the_second_pupil_gets_the_same_answer_from_the_cache(make_assistant):
    assistant = make_assistant(llm="extractive")
    first = assistant.ask(QUESTION)
    second = assistant.ask("wat doet een procesoperator")
    assert not first.cached and second.cached
    assert second.text == first.text and second.hits == first.hits
    assert assistant.ask(QUESTION, level="vmbo").cached is False  # another level: its own key


def test_a_follow_up_is_never_answered_from_the_cache(make_assistant):
    assistant = make_assistant(llm="extractive")
    assistant.ask(QUESTION)
    history = [
        {"role": "user", "content": "Wat is Jet-Net?"},
        {"role": "assistant", "content": "x"},
    ]
    assert not assistant.ask(QUESTION, history=history).cached


def test_a_new_ingest_makes_older_answers_miss(make_assistant, fixture_index, corpus):
    from ingest.indexer import index_paths

    assistant = make_assistant(llm="extractive")
    assistant.ask(QUESTION)
    (corpus / "extra.md").write_text("# Extra\n\nEen nieuw document over lassen.\n")
    index_paths(fixture_index, [corpus / "extra.md"])
    assert not assistant.ask(QUESTION).cached


class Recording(ChatFake):
    """The fake model, keeping the last message of every call it gets."""

    _calls: list[str] = PrivateAttr(default_factory=list)

    def _reply(self, messages: list[BaseMessage]) -> str:
        self._calls.append(str(messages[-1].content))
        return super()._reply(messages)


def test_with_the_model_busy_the_pupil_gets_the_checked_sheet_and_the_next_one_the_phrasing(
    make_assistant,
):
    assistant = make_assistant(ChatFake(), llm="fake")
    assistant.admission = gate = Admission(1, first_estimate_s=30)
    assistant.backlog = Backlog(assistant._phrase, assistant.cache, gate, idle_poll_s=0.01)
    held = gate.enter()  # another pupil's answer is being phrased
    assert held is not None
    busy = assistant.ask(QUESTION)
    assert busy.outcome is Outcome.FALLBACK and busy.notices == [Notice.BUSY]
    assert busy.backend == "records" and busy.cited == [1] and not busy.cached
    time.sleep(0.1)
    assert assistant.backlog.phrased == 0  # the backlog never takes the model from a pupil
    gate.leave(held)
    assert assistant.backlog.wait(5) and assistant.backlog.phrased == 1
    later = assistant.ask("wat doet een procesoperator")
    assert later.cached and later.outcome is Outcome.ANSWERED and later.backend == "fake"
    assert later.notices == [] and later.text != busy.text


def test_another_question_with_the_same_sheet_gets_the_phrasing_made_for_the_first(
    make_assistant,
):
    """ "wat doet een procesoperator nou precies?" gets the same checked sheet as the question
    the backlog phrased: that phrasing, at once, without the model (ADR 0019)."""
    model = Recording()
    assistant = make_assistant(model, llm="fake")
    assistant.admission = gate = Admission(1, first_estimate_s=30)
    assistant.backlog = Backlog(assistant._phrase, assistant.cache, gate, idle_poll_s=0.01)
    held = gate.enter()
    busy = assistant.ask(QUESTION)
    gate.leave(held)
    assert assistant.backlog.wait(5) and assistant.backlog.phrased == 1
    calls = len(model._calls)
    held = gate.enter()  # the model is busy again: only an earlier phrasing can answer now
    other = assistant.ask("wat doet een procesoperator nou precies")
    gate.leave(held)
    assert other.outcome is Outcome.ANSWERED and other.backend == "fake" and other.cached
    assert other.text != busy.text and other.hits == busy.hits
    assert len(model._calls) == calls  # not phrased again
    different = assistant.ask("wat is Jet-Net?")  # another sheet: not that phrasing
    assert different.text != other.text


def test_a_follow_up_while_the_model_is_busy_is_made_whole_by_the_rule_at_once(make_assistant):
    model = Recording()
    assistant = make_assistant(model, llm="fake")
    assistant.admission = gate = Admission(1, first_estimate_s=30)
    history = [
        {"role": "user", "content": QUESTION},
        {"role": "assistant", "content": "Een procesoperator bewaakt installaties."},
    ]
    held = gate.enter()
    started = time.monotonic()
    answer = assistant.ask("en welke opleiding heb je daarvoor nodig?", history=history)
    assert time.monotonic() - started < 1 and answer.notices == [Notice.BUSY]
    assert model._calls == []  # neither condensed nor phrased by the busy model
    gate.leave(held)
    assistant.ask("en welke opleiding heb je daarvoor nodig?", history=history)
    assert any("Laatste vraag:" in call for call in model._calls)  # free: the model condenses


def test_a_backlog_without_a_cache_keeps_nothing_to_phrase(make_assistant):
    assistant = make_assistant(ChatFake(), llm="fake", answer_cache_size=0)
    held = assistant.admission.enter()
    assistant.admission.budget_s = 0.01
    assistant.ask(QUESTION)
    assistant.admission.leave(held)
    assert assistant.backlog.wait(1) and assistant.backlog.phrased == 0


def test_the_most_asked_question_is_phrased_first():
    gate = Admission(1, first_estimate_s=1)
    cache = AnswerCache(8)
    order: list[str] = []

    def phrase(ctx, sheet, *, stopwatch):
        order.append(ctx.question)
        yield Answer(Outcome.ANSWERED, text=f"{sheet.text} (phrased)", backend="fake")

    backlog = Backlog(phrase, cache, gate, idle_poll_s=0.01)
    held = gate.enter()
    for question, times in (("once", 1), ("three times", 3), ("twice", 2)):
        for _ in range(times):
            key = cache.key(question, None, None, 1)
            backlog.submit(key, Context(question, []), Sheet(question, [], "records"))
    time.sleep(0.05)
    assert backlog.busy() and order == []
    gate.leave(held)
    assert backlog.wait(5)
    assert order == ["three times", "twice", "once"] and backlog.phrased == 3
    assert cache.peek(cache.key("twice", None, None, 1)).text == "twice (phrased)"


def test_while_questions_wait_on_the_backlog_every_pupil_gets_the_sheet_at_once(make_assistant):
    assistant = make_assistant(ChatFake(), llm="fake")
    gate = assistant.admission
    assistant.backlog = Backlog(assistant._phrase, assistant.cache, gate, idle_poll_s=30)
    held = gate.enter()
    assistant.admission.budget_s = 0.01
    assistant.ask(QUESTION)  # busy: on the backlog, which looks again only in 30 s
    time.sleep(0.2)  # the backlog found the model busy and went to sleep
    gate.leave(held)
    assistant.admission.budget_s = 12
    assert gate.idle() and assistant.backlog.busy()
    other = assistant.ask("Wat is Jet-Net?")
    assert other.outcome is Outcome.FALLBACK and other.notices == [Notice.BUSY]


def test_a_sheet_key_changes_with_the_sheet_its_passages_companies_route_and_index():
    from assistant.answer_cache import sheet_key

    base = sheet_key("Een procesoperator bewaakt. [1]", ["a"], ["x:Zwolle"], None, 1)
    assert base == sheet_key("Een procesoperator bewaakt. [1]", ["a"], ["x:Zwolle"], None, 1)
    assert base[0].startswith("sheet:") and base[3] == 1
    others = [
        sheet_key("Een procesoperator regelt. [1]", ["a"], ["x:Zwolle"], None, 1),
        sheet_key("Een procesoperator bewaakt. [1]", ["b"], ["x:Zwolle"], None, 1),
        sheet_key("Een procesoperator bewaakt. [1]", ["a"], ["y:Zwolle"], None, 1),
        sheet_key("Een procesoperator bewaakt. [1]", ["a"], ["x:Zwolle"], "route", 1),
        sheet_key("Een procesoperator bewaakt. [1]", ["a"], ["x:Zwolle"], None, 2),
    ]
    assert base not in others and len(set(others)) == len(others)
