"""A model's stream read on its own thread (assistant.model_stream): chunks in order, errors
handed over, a stopped stream closed within a few chunks, and the model released once."""

import threading
import time

import pytest

from assistant.model_stream import AHEAD, ModelStream


class Source:
    def __init__(self, n: int = 100, fail_at: int | None = None, gate=None) -> None:
        self.n, self.fail_at, self.gate = n, fail_at, gate
        self.read, self.closed = 0, threading.Event()

    def __iter__(self):
        try:
            for i in range(self.n):
                if self.gate is not None:
                    self.gate.wait(5)
                if i == self.fail_at:
                    raise ConnectionError("connection reset")
                self.read += 1
                yield i
        finally:
            self.closed.set()


def forever() -> float:
    return 5.0


def wait_for(event_or_check, seconds: float = 5.0) -> bool:
    until = time.monotonic() + seconds
    check = getattr(event_or_check, "is_set", event_or_check)
    while not check() and time.monotonic() < until:
        time.sleep(0.01)
    return check()


def test_chunks_come_in_order_and_the_model_is_released_once_at_the_end():
    released = []
    source = Source(10)
    stream = ModelStream(iter(source), lambda: released.append(1))
    assert list(stream.chunks(forever)) == list(range(10)) and stream.finished
    assert wait_for(lambda: released == [1])
    stream.stop(release=True)
    assert released == [1]  # never twice


def test_a_model_error_reaches_the_waiting_side():
    stream = ModelStream(iter(Source(10, fail_at=3)), lambda: None)
    got = []
    with pytest.raises(ConnectionError):
        for chunk in stream.chunks(forever):
            got.append(chunk)
    assert got == [0, 1, 2]


def test_a_stopped_stream_is_closed_within_a_few_chunks():
    source, released = Source(1000), []
    stream = ModelStream(iter(source), lambda: released.append(1))
    for chunk in stream.chunks(forever):
        if chunk == 2:
            break
    stream.stop()
    assert wait_for(source.closed) and wait_for(lambda: released == [1])
    assert source.read <= 3 + AHEAD + 2 and not stream.finished


def test_waiting_gives_up_at_the_deadline_and_release_now_frees_the_model_at_once():
    gate, released = threading.Event(), []
    source = Source(5, gate=gate)
    stream = ModelStream(iter(source), lambda: released.append(1))
    assert list(stream.chunks(lambda: 0.05)) == [] and not stream.finished
    stream.stop(release=True)  # a hanging model: others need not wait for it
    assert released == [1]
    gate.set()
    assert wait_for(source.closed)
    assert released == [1]


def test_the_model_runs_at_a_lower_cpu_priority_than_the_server():
    """Its seconds of CPU must not hold up other pupils' checked answers (Linux, per thread)."""
    import os

    seen = []

    def model():
        seen.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))
        yield "chunk"

    mine = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    if mine >= 19:
        pytest.skip("this process already runs at the lowest priority")
    stream = ModelStream(model(), lambda: None, nice=5)
    assert list(stream.chunks(forever)) == ["chunk"]
    assert seen and seen[0] > mine
